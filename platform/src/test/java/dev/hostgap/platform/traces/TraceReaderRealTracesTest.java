package dev.hostgap.platform.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hostgap.platform.traces.TraceSummary.DeviceSummary;
import dev.hostgap.platform.traces.TraceSummary.StepMetrics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real PyTorch profiler traces from the Holistic Trace Analysis repository (see
 * {@code src/test/resources/traces/hta/README.md}); every expected figure is printed by the independent
 * {@code src/test/resources/traces/reference_idle.py}, not by this code.
 */
class TraceReaderRealTracesTest {

    private static final double PERCENT = 0.01;
    private static final double MICROS = 0.01;

    @TempDir
    Path tmp;

    @Test
    void measuresIdleOfEachRankOfADistributedTrainingJobAsThePythonReferenceDoes() throws TraceRejected {
        TraceSummary rank0 = read("sampled_rank-0.json.gz");
        TraceSummary rank1 = read("sampled_rank-1.json.gz");

        assertThat(rank0.format()).isEqualTo("kineto");
        assertThat(rank0.events()).isEqualTo(4855);
        assertThat(rank0.steps()).isEqualTo(2);
        assertDevice(only(rank0), "cuda:0", 1222847.000, 547656.000, 55.214675, 210320.000, 1325.000, 396199.000, 1154, 40, 10);
        assertStep(only(rank0).steps().get(0), 551, 600058.000, 278680.000, 53.557823);
        assertStep(only(rank0).steps().get(1), 552, 615601.000, 268976.000, 56.306764);

        assertThat(rank1.events()).isEqualTo(4720);
        assertDevice(only(rank1), "cuda:1", 1231186.000, 580050.000, 52.886891, 271973.000, 16504.000, 379053.000, 1104, 40, 10);
        assertStep(only(rank1).steps().get(0), 551, 600674.000, 272003.000, 54.717035);
        assertStep(only(rank1).steps().get(1), 552, 623286.000, 308047.000, 50.576942);
    }

    @Test
    void measuresIdleOfATraceWithFractionalMicrosecondsAndNcclKernels() throws TraceRejected {
        TraceSummary trace = read("nccl_data.json.gz");

        assertThat(trace.events()).isEqualTo(40573);
        assertThat(trace.steps()).isEqualTo(3);
        assertDevice(only(trace), "cuda:0", 660551.005, 157500.014, 76.156268, 115655.847, 2653.498, 46876.493, 2700, 960, 114);
        assertStep(only(trace).steps().get(0), 4, 215769.424, 49438.921, 77.087152);
        assertStep(only(trace).steps().get(1), 5, 213532.750, 49728.926, 76.711335);
        assertStep(only(trace).steps().get(2), 6, 218764.039, 58332.167, 73.335578);
        assertThat(only(trace).gapCauses()).isNotEmpty().hasSizeLessThanOrEqualTo(20);
        assertThat(trace.timeline().step()).isEqualTo(5);
    }

    @Test
    void measuresATraceWithoutStepsAsOneWholeTraceStep() throws TraceRejected {
        TraceSummary trace = read("alexnet.json.gz");

        assertThat(trace.steps()).isZero();
        assertDevice(only(trace), "cuda:0", 12920244.000, 66141.000, 99.488082, 10630.000, 55511.000, 0, 79, 16, 3);
        assertThat(only(trace).steps()).singleElement().satisfies(step -> {
            assertThat(step.step()).isEqualTo(-1);
            assertThat(step.busyUs()).isCloseTo(66141.000, within(MICROS));
        });
        assertThat(trace.timeline().step()).isEqualTo(-1);
    }

    private TraceSummary read(String name) throws TraceRejected {
        return TraceReader.read(Path.of("src/test/resources/traces/hta", name), TraceLimits.defaults(tmp));
    }

    private static DeviceSummary only(TraceSummary trace) {
        assertThat(trace.devices()).hasSize(1);
        return trace.devices().get(0);
    }

    private static void assertDevice(DeviceSummary device, String name, double spanUs, double busyUs, double idlePercent,
                                     double computeUs, double memoryUs, double communicationUs, long kernels, long memcpys,
                                     long memsets) {
        assertThat(device.device()).isEqualTo(name);
        assertThat(device.spanUs()).isCloseTo(spanUs, within(MICROS));
        assertThat(device.busyUs()).isCloseTo(busyUs, within(MICROS));
        assertThat(device.idlePercent()).isCloseTo(idlePercent, within(PERCENT));
        assertThat(device.computeUs()).isCloseTo(computeUs, within(MICROS));
        assertThat(device.memoryUs()).isCloseTo(memoryUs, within(MICROS));
        assertThat(device.communicationUs()).isCloseTo(communicationUs, within(MICROS));
        assertThat(device.kernels()).isEqualTo(kernels);
        assertThat(device.memcpys()).isEqualTo(memcpys);
        assertThat(device.memsets()).isEqualTo(memsets);
    }

    private static void assertStep(StepMetrics step, int number, double spanUs, double busyUs, double idlePercent) {
        assertThat(step.step()).isEqualTo(number);
        assertThat(step.spanUs()).isCloseTo(spanUs, within(MICROS));
        assertThat(step.busyUs()).isCloseTo(busyUs, within(MICROS));
        assertThat(step.idlePercent()).isCloseTo(idlePercent, within(PERCENT));
    }
}
