package dev.hostgap.platform.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hostgap.platform.traces.TraceSummary.DeviceSummary;
import dev.hostgap.platform.traces.TraceSummary.GapCause;
import dev.hostgap.platform.traces.TraceSummary.Interval;
import dev.hostgap.platform.traces.TraceSummary.Lane;
import dev.hostgap.platform.traces.TraceSummary.StepMetrics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-step trace small enough to check by eye (times in µs, one CPU thread, GPU 0):
 * <pre>
 * step 1 [0, 100)   aten::linear [5, 30) launches kernel A (stream 7, [20, 40)) at 10 and kernel B
 *                   (stream 8, [30, 50)) at 20; aten::copy_ [40, 60) launches a 1024-byte memcpy
 *                   (stream 7, [55, 65)) at 42; cudaStreamSynchronize [60, 90).
 *                   busy [20, 50) + [55, 65) = 40 of a 45 span; one 5 µs gap [50, 55) ended by the memcpy.
 * step 2 [100, 200) aten::mm [105, 190) replays a CUDA graph at 110: three kernels sharing correlation 10,
 *                   [120, 130), [130, 140), [200, 210) (the last runs after the step's range but belongs to it).
 *                   busy 30 of a 90 span; one 60 µs gap [140, 200).
 * Python frame "model.py(5): forward" spans each step.
 * </pre>
 */
class KinetoTraceTest {

    @TempDir
    Path tmp;

    static KinetoTraceText twoSteps() {
        return new KinetoTraceText()
                .step(1, 0, 100).python("model.py(5): forward", 0, 100)
                .operator("aten::linear", 5, 25)
                .runtime("cudaLaunchKernel", 10, 5, 1).runtime("cudaLaunchKernel", 20, 2, 2)
                .operator("aten::copy_", 40, 20).runtime("cudaMemcpyAsync", 42, 3, 3)
                .runtime("cudaStreamSynchronize", 60, 30, 4)
                .kernel("gemm_A", 0, 7, 20, 20, 1).kernel("gemm_B", 0, 8, 30, 20, 2).memcpy(0, 7, 55, 10, 3, 1024)
                .step(2, 100, 100).python("model.py(5): forward", 100, 100)
                .operator("aten::mm", 105, 85).runtime("cudaGraphLaunch", 110, 2, 10)
                .kernel("graph_1", 0, 7, 120, 10, 10).kernel("graph_2", 0, 7, 130, 10, 10).kernel("graph_3", 0, 7, 200, 10, 10);
    }

    @Test
    void measuresTheWholeTraceOfEachDevice() throws TraceRejected {
        DeviceSummary device = device(read(twoSteps().write(tmp, "trace.json")));

        assertThat(device.device()).isEqualTo("cuda:0");
        assertThat(device.spanUs()).isEqualTo(190.0);
        assertThat(device.busyUs()).isEqualTo(70.0);
        assertThat(device.idlePercent()).isCloseTo(100.0 * 120 / 190, within(1e-9));
        assertThat(device.computeUs()).isEqualTo(60.0);
        assertThat(device.memoryUs()).isEqualTo(10.0);
        assertThat(device.communicationUs()).isZero();
        assertThat(device.kernels()).isEqualTo(5);
        assertThat(device.memcpys()).isEqualTo(1);
        assertThat(device.memcpyBytes()).isEqualTo(1024);
        assertThat(device.memsets()).isZero();
    }

    @Test
    void measuresOverlappingKernelsMemcpyLaunchesAndSyncsOfAStep() throws TraceRejected {
        StepMetrics step = device(read(twoSteps().write(tmp, "trace.json"))).steps().get(0);

        assertThat(step.step()).isEqualTo(1);
        assertThat(step.spanUs()).isEqualTo(45.0);
        assertThat(step.busyUs()).isEqualTo(40.0);
        assertThat(step.idleUs()).isEqualTo(5.0);
        assertThat(step.idlePercent()).isCloseTo(100.0 * 5 / 45, within(1e-9));
        assertThat(step.computeUs()).isEqualTo(30.0);
        assertThat(step.memoryUs()).isEqualTo(10.0);
        assertThat(step.kernelLaunches()).isEqualTo(2);
        assertThat(step.launchCpuUsP50()).as("nearest rank of [2, 5]").isEqualTo(2.0);
        assertThat(step.launchDelayUsP50()).as("delays [10, 10, 13]").isEqualTo(10.0);
        assertThat(step.launchDelayUsP99()).isEqualTo(13.0);
        assertThat(step.memcpyCount()).isEqualTo(1);
        assertThat(step.memcpyBytes()).isEqualTo(1024);
        assertThat(step.synchronizations()).isEqualTo(1);
        assertThat(step.gapHistogram()).containsExactly(1, 0, 0, 0);
    }

    @Test
    void countsAGraphReplaysKernelsInTheStepOfItsLaunch() throws TraceRejected {
        TraceSummary trace = read(twoSteps().write(tmp, "trace.json"));
        StepMetrics step = device(trace).steps().get(1);

        assertThat(trace.steps()).isEqualTo(2);
        assertThat(step.step()).isEqualTo(2);
        assertThat(step.spanUs()).isEqualTo(90.0);
        assertThat(step.busyUs()).isEqualTo(30.0);
        assertThat(step.kernelLaunches()).isEqualTo(1);
        assertThat(step.launchCpuUsP50()).isEqualTo(2.0);
        assertThat(step.launchDelayUsP50()).as("delays [10, 20, 90]").isEqualTo(20.0);
        assertThat(step.launchDelayUsP99()).isEqualTo(90.0);
        assertThat(step.synchronizations()).isZero();
        assertThat(step.memcpyCount()).isZero();
        assertThat(step.gapHistogram()).containsExactly(0, 1, 0, 0);
    }

    @Test
    void blamesEachGapOnTheOperatorAndPythonFrameRunningWhenTheGpuWentIdle() throws TraceRejected {
        DeviceSummary device = device(read(twoSteps().write(tmp, "trace.json")));

        assertThat(device.gapCauses()).containsExactly(
                new GapCause("aten::mm", "model.py(5): forward", 30.0, 1, 60.0),
                new GapCause("aten::copy_", "model.py(5): forward", 2.5, 1, 5.0));
    }

    @Test
    void drawsTheMedianIdleStepWithCpuLanesAboveGpuStreams() throws TraceRejected {
        TraceSummary.Timeline timeline = read(twoSteps().write(tmp, "trace.json")).timeline();

        assertThat(timeline.step()).as("lower median of 11% and 67% idle").isEqualTo(1);
        assertThat(timeline.device()).isEqualTo("cuda:0");
        assertThat(timeline.startUs()).isZero();
        assertThat(timeline.durationUs()).isEqualTo(100.0);
        assertThat(timeline.lanes()).extracting(Lane::kind, Lane::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cpu", "thread 1"),
                        org.assertj.core.groups.Tuple.tuple("gpu", "stream 7"),
                        org.assertj.core.groups.Tuple.tuple("gpu", "stream 8"));
        assertThat(timeline.lanes().get(0).events()).extracting(Interval::name, Interval::category, Interval::depth)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("model.py(5): forward", "python", 0),
                        org.assertj.core.groups.Tuple.tuple("aten::linear", "cpu_op", 0),
                        org.assertj.core.groups.Tuple.tuple("cudaLaunchKernel", "runtime", 1),
                        org.assertj.core.groups.Tuple.tuple("cudaLaunchKernel", "runtime", 1),
                        org.assertj.core.groups.Tuple.tuple("aten::copy_", "cpu_op", 0),
                        org.assertj.core.groups.Tuple.tuple("cudaMemcpyAsync", "runtime", 1),
                        org.assertj.core.groups.Tuple.tuple("cudaStreamSynchronize", "runtime", 0));
        assertThat(timeline.lanes().get(1).events()).extracting(Interval::name, Interval::startUs)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gemm_A", 20.0),
                        org.assertj.core.groups.Tuple.tuple("Memcpy HtoD (Pageable -> Device)", 55.0));
        assertThat(timeline.gaps()).containsExactly(new Interval("idle", "gap", 50.0, 5.0, 0));
    }

    @Test
    void treatsATraceWithoutStepsAsOneStepCoveringEverything() throws TraceRejected {
        KinetoTraceText trace = new KinetoTraceText()
                .runtime("cudaLaunchKernel", 0, 4, 1).kernel("a", 0, 7, 10, 10, 1)
                .runtime("cudaLaunchKernel", 5, 2, 2).kernel("b", 0, 7, 50, 10, 2);

        TraceSummary summary = read(trace.write(tmp, "trace.json"));

        assertThat(summary.steps()).isZero();
        assertThat(device(summary).steps()).singleElement().satisfies(step -> {
            assertThat(step.step()).isEqualTo(-1);
            assertThat(step.spanUs()).isEqualTo(50.0);
            assertThat(step.busyUs()).isEqualTo(20.0);
            assertThat(step.kernelLaunches()).isEqualTo(2);
            assertThat(step.launchCpuUsP50()).isEqualTo(2.0);
            assertThat(step.gapHistogram()).containsExactly(0, 1, 0, 0);
        });
        assertThat(device(summary).gapCauses()).containsExactly(new GapCause(GapCauses.NO_OPERATOR, null, 30.0, 1, 30.0));
        assertThat(summary.timeline().step()).isEqualTo(-1);
    }

    @Test
    void leavesAnActivityInNoStepOutOfEveryStepButNotOutOfTheDevice() throws TraceRejected {
        KinetoTraceText trace = new KinetoTraceText()
                .step(1, 0, 100).runtime("cudaLaunchKernel", 10, 2, 1).kernel("inside", 0, 7, 20, 10, 1)
                .kernel("outside", 0, 7, 300, 10, 99);

        DeviceSummary device = device(read(trace.write(tmp, "trace.json")));

        assertThat(device.spanUs()).isEqualTo(290.0);
        assertThat(device.kernels()).isEqualTo(2);
        assertThat(device.steps()).singleElement().satisfies(step -> assertThat(step.busyUs()).isEqualTo(10.0));
    }

    @Test
    void readsGzipJsonLikePlainJson() throws TraceRejected {
        TraceSummary plain = read(twoSteps().write(tmp, "trace.json"));
        TraceSummary gzip = read(twoSteps().writeGzip(tmp, "trace.bin"));

        assertThat(gzip.devices().get(0).idlePercent()).isEqualTo(plain.devices().get(0).idlePercent());
        assertThat(gzip.events()).isEqualTo(plain.events()).isEqualTo(18);
    }

    @Test
    void countsNcclKernelsAsCommunicationNotCompute() throws TraceRejected {
        KinetoTraceText trace = new KinetoTraceText()
                .kernel("ncclKernel_AllReduce_RING_LL_Sum_float", 0, 9, 0, 50, 1).kernel("gemm", 0, 7, 25, 50, 2);

        DeviceSummary device = device(read(trace.write(tmp, "trace.json")));

        assertThat(device.communicationUs()).isEqualTo(50.0);
        assertThat(device.computeUs()).isEqualTo(50.0);
        assertThat(device.busyUs()).isEqualTo(75.0);
    }

    @Test
    void keepsNanosecondsOfEpochMicrosecondTimestampsThatADoubleWouldRound() throws TraceRejected {
        KinetoTraceText trace = new KinetoTraceText()
                .raw("{\"ph\": \"X\", \"cat\": \"kernel\", \"name\": \"a\", \"pid\": 0, \"tid\": 7,"
                        + " \"ts\": 1712195495505582.988, \"dur\": 4.928, \"args\": {\"device\": 0, \"stream\": 7}}")
                .raw("{\"ph\": \"X\", \"cat\": \"kernel\", \"name\": \"b\", \"pid\": 0, \"tid\": 7,"
                        + " \"ts\": 1712195495505590.001, \"dur\": 1, \"args\": {\"device\": 0, \"stream\": 7}}");

        DeviceSummary device = device(read(trace.write(tmp, "trace.json")));

        assertThat(device.spanUs()).isEqualTo(8.013);
        assertThat(device.busyUs()).isEqualTo(5.928);
        assertThat(device.steps().get(0).gapHistogram()).containsExactly(1, 0, 0, 0);
    }

    private TraceSummary read(Path file) throws TraceRejected {
        return TraceReader.read(file, TraceLimits.defaults(tmp));
    }

    private static DeviceSummary device(TraceSummary trace) {
        assertThat(trace.devices()).hasSize(1);
        return trace.devices().get(0);
    }
}
