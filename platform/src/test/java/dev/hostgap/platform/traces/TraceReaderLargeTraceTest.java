package dev.hostgap.platform.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated trace of about 50 MB, written as a stream: every 10 µs an operator launches one 6 µs kernel,
 * so the GPU idles 4 µs between kernels; a step holds 1000 kernels.
 */
class TraceReaderLargeTraceTest {

    private static final int KERNELS = 100_000;
    private static final int KERNELS_PER_STEP = 1000;

    @TempDir
    Path tmp;

    @Test
    void readsAFiftyMegabyteTraceEventByEvent() throws IOException, TraceRejected {
        Path file = generate(tmp.resolve("large.json"), KERNELS, true);
        assertThat(Files.size(file)).isGreaterThan(45_000_000L);

        TraceSummary summary = TraceReader.read(file, TraceLimits.defaults(tmp));

        long span = (KERNELS - 1) * 10_000L + 6_000;
        long busy = KERNELS * 6_000L;
        assertThat(summary.events()).isEqualTo(3L * KERNELS + KERNELS / KERNELS_PER_STEP);
        assertThat(summary.steps()).isEqualTo(KERNELS / KERNELS_PER_STEP);
        TraceSummary.DeviceSummary device = summary.devices().get(0);
        assertThat(device.kernels()).isEqualTo(KERNELS);
        assertThat(device.idlePercent()).isCloseTo(100.0 * (span - busy) / span, within(1e-9));
        assertThat(device.steps()).allSatisfy(step -> {
            assertThat(step.gapHistogram()).containsExactly(KERNELS_PER_STEP - 1, 0, 0, 0);
            assertThat(step.kernelLaunches()).isEqualTo(KERNELS_PER_STEP);
        });
        assertThat(device.gapCauses()).singleElement().satisfies(cause -> {
            assertThat(cause.operator()).isEqualTo("aten::add");
            assertThat(cause.gaps()).isEqualTo((long) (KERNELS_PER_STEP - 1) * (KERNELS / KERNELS_PER_STEP));
        });
        assertThat(summary.timeline().lanes().stream().mapToInt(lane -> lane.events().size()).sum())
                .isEqualTo(3 * KERNELS_PER_STEP);
    }

    @Test
    void drawsAtMostFourThousandOfTheLongestIntervalsWhenAStepHasMore() throws TraceRejected {
        Path file = generate(tmp.resolve("unstepped.json"), 5000, false);

        TraceSummary.Timeline timeline = TraceReader.read(file, TraceLimits.defaults(tmp)).timeline();

        assertThat(timeline.step()).isEqualTo(-1);
        assertThat(timeline.lanes().stream().mapToInt(lane -> lane.events().size()).sum())
                .isEqualTo(TimelineBuilder.MAX_INTERVALS);
        assertThat(timeline.lanes()).filteredOn(lane -> lane.kind().equals("gpu")).singleElement()
                .satisfies(lane -> assertThat(lane.events()).as("6 µs kernels outlast 3 µs operators and 1 µs calls")
                        .hasSize(TimelineBuilder.MAX_INTERVALS));
        assertThat(timeline.gaps()).hasSize(TimelineBuilder.MAX_INTERVALS);
    }

    /** Writes the trace without holding it in memory; also used by hand to try gigabyte traces. */
    static Path generate(Path file, int kernels, boolean steps) {
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            out.write("{\"schemaVersion\": 1, \"traceEvents\": [\n");
            for (int i = 0; i < kernels; i++) {
                long t = i * 10L;
                if (steps && i % KERNELS_PER_STEP == 0) {
                    out.write("{\"ph\": \"X\", \"cat\": \"user_annotation\", \"name\": \"ProfilerStep#" + i / KERNELS_PER_STEP
                            + "\", \"pid\": 1, \"tid\": 1, \"ts\": " + t + ".000, \"dur\": " + KERNELS_PER_STEP * 10 + ".000},\n");
                }
                out.write("{\"ph\": \"X\", \"cat\": \"cpu_op\", \"name\": \"aten::add\", \"pid\": 1, \"tid\": 1, \"ts\": " + t
                        + ".000, \"dur\": 3.000, \"args\": {\"External id\": " + i + ", \"Sequence number\": " + i
                        + ", \"Fwd thread id\": 0}},\n");
                out.write("{\"ph\": \"X\", \"cat\": \"cuda_runtime\", \"name\": \"cudaLaunchKernel\", \"pid\": 1, \"tid\": 1, \"ts\": "
                        + (t + 1) + ".000, \"dur\": 1.000, \"args\": {\"External id\": " + i + ", \"cbid\": 211, \"correlation\": "
                        + (i + 1) + "}},\n");
                out.write("{\"ph\": \"X\", \"cat\": \"kernel\", \"name\": \"void at::native::vectorized_elementwise_kernel<4,"
                        + " at::native::CUDAFunctor_add<float>>(int, at::native::CUDAFunctor_add<float>)\", \"pid\": 0,"
                        + " \"tid\": 7, \"ts\": " + (t + 4) + ".000, \"dur\": 6.000, \"args\": {\"External id\": " + i
                        + ", \"queued\": 0, \"device\": 0, \"context\": 1, \"stream\": 7, \"correlation\": " + (i + 1)
                        + ", \"registers per thread\": 16, \"grid\": [1024, 1, 1], \"block\": [128, 1, 1]}}"
                        + (i + 1 < kernels ? ",\n" : "\n"));
            }
            out.write("], \"traceName\": \"generated\"}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
