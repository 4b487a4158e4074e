package dev.hostgap.harness;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ForkResultsTest {

    private static final Map<String, String> PARAMS = Map.of("n", "4096");

    @Test
    void eachForkGivesHostGpuOverheadAndRatioSamples() {
        List<RunFile.Result> results = ForkResults.assemble("chain.unfused", 1, PARAMS, List.of(10.0, 8.0),
                List.of(2.5, 10.0), "abc");

        assertThat(results).extracting(RunFile.Result::metric)
                .containsExactly(ForkResults.HOST, ForkResults.GPU, ForkResults.OVERHEAD, ForkResults.RATIO);
        assertThat(results.get(2).samples()).containsExactly(0.75, 0.0); // the GPU-bound fork clamps to 0
        assertThat(results.get(3).samples()).containsExactly(4.0, 0.8);  // the ratio still moves there
        assertThat(results).allSatisfy(r -> {
            assertThat(r.direction()).isEqualTo("lower_is_better");
            assertThat(r.kernelHash()).isEqualTo("abc");
            assertThat(r.error()).isNull();
        });
    }

    @Test
    void aBenchmarkWithoutGpuTimeGivesTheHostSeriesOnly() {
        assertThat(ForkResults.assemble("chain.host", 1, PARAMS, List.of(1.0), List.of(0.0), null))
                .extracting(RunFile.Result::metric).containsExactly(ForkResults.HOST);
    }

    @Test
    void noForkMeansAFailedSeriesNotAGap() {
        RunFile.Result failed = ForkResults.assemble("chain.fused", 1, PARAMS, List.of(), List.of(), null).get(0);
        assertThat(failed.samples()).isNull();
        assertThat(failed.error()).contains("failed in every fork");
    }

    @Test
    void aForkThatRecordedNoGpuTimeFailsTheGpuSeriesInsteadOfMisaligningIt() {
        List<RunFile.Result> results = ForkResults.assemble("chain.fused", 1, PARAMS, List.of(1.0, 1.1), List.of(0.5), null);
        assertThat(results).extracting(RunFile.Result::metric).containsExactly(ForkResults.HOST, ForkResults.GPU);
        assertThat(results.get(1).error()).contains("1 GPU times for 2 forks");
    }
}
