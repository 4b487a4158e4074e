package dev.hostgap.runner;

import java.util.List;
import java.util.Map;

import dev.hostgap.workloads.Workload;
import dev.hostgap.workloads.WorkloadCatalog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ResultAssemblerTest {

    final Workload enqueue = WorkloadCatalog.matching(List.of("launch.enqueue")).get(0);

    @Test
    void givesHostGpuOverheadAndRatioSeriesWithOneSamplePerFork() {
        var measured = List.of(new ResultAssembler.Measured(enqueue.jmhBenchmark(), Map.of("args", "4"),
                List.of(3.2, 3.3, 3.1), List.of(0.8, 0.8, 0.8)));
        var results = ResultAssembler.assemble(List.of(enqueue), Map.of("args", List.of("4")), measured, "abc");

        assertThat(results).extracting(UploadDocument.Result::metric)
                .containsExactly("host_us_per_op", "gpu_us_per_op", "host_overhead_fraction", "host_gpu_ratio");
        assertThat(results.get(0).samples()).containsExactly(3.2, 3.3, 3.1);
        assertThat(results.get(2).samples().get(0)).isCloseTo(0.75, within(1e-12));
        assertThat(results.get(3).samples()).hasSize(3);
        assertThat(results.get(3).samples().get(1)).isCloseTo(4.125, within(1e-12));
        assertThat(results.get(3).unit()).isEqualTo("ratio");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.benchmark()).isEqualTo("launch.enqueue");
            assertThat(r.version()).isEqualTo(enqueue.version()).isEqualTo(3);
            assertThat(r.kernelHash()).isEqualTo("abc");
        });
    }

    @Test
    void reportsAParameterSetWithoutMeasurementsAsAFailedResult() {
        var measured = List.of(new ResultAssembler.Measured(enqueue.jmhBenchmark(), Map.of("args", "0"),
                List.of(3.0), List.of(0.0)));
        var results = ResultAssembler.assemble(List.of(enqueue), Map.of(), measured, "abc");

        assertThat(results).filteredOn(r -> r.error() != null).extracting(r -> r.params().get("args"))
                .containsExactly("4", "16");
        // a workload that used no GPU time has only its host series
        assertThat(results).filteredOn(r -> r.params().get("args").equals("0")).extracting(UploadDocument.Result::metric)
                .containsExactly("host_us_per_op");
    }

    @Test
    void expandsEveryCombinationOfAxesRestrictedByParamFilter() {
        Workload positions = WorkloadCatalog.matching(List.of("transfer.positions")).get(0);
        assertThat(ResultAssembler.combinations(positions, Map.of())).hasSize(9);
        assertThat(ResultAssembler.combinations(positions, Map.of("mode", List.of("device", "bogus"))))
                .containsExactly(Map.of("batch", "1", "mode", "device"), Map.of("batch", "256", "mode", "device"),
                        Map.of("batch", "4096", "mode", "device"));
    }

    @Test
    void theRatioStillMovesWhereTheGpuIsTheBottleneckAndTheFractionIsClampedToZero() {
        Workload replay = WorkloadCatalog.matching(List.of("graph.replay")).get(0);
        // a 100-kernel graph replay on an H200: 53 us of host time, 83 us of GPU time; then the host slows by 10%
        var before = ResultAssembler.assemble(List.of(replay), Map.of("kernels", List.of("100")), List.of(
                new ResultAssembler.Measured(replay.jmhBenchmark(), Map.of("kernels", "100"), List.of(53.0), List.of(83.0))), "k");
        var after = ResultAssembler.assemble(List.of(replay), Map.of("kernels", List.of("100")), List.of(
                new ResultAssembler.Measured(replay.jmhBenchmark(), Map.of("kernels", "100"), List.of(58.3), List.of(83.0))), "k");
        assertThat(before.get(2).samples()).containsExactly(0.0);
        assertThat(after.get(2).samples()).containsExactly(0.0);
        assertThat(after.get(3).samples().get(0) / before.get(3).samples().get(0)).isCloseTo(1.10, within(1e-9));
    }

    @Test
    void aForkWithoutGpuTimeAmongOthersWithItFailsTheRatioInsteadOfDroppingIt() {
        var measured = List.of(new ResultAssembler.Measured(enqueue.jmhBenchmark(), Map.of("args", "4"),
                List.of(3.2, 3.3), List.of(0.8, 0.0)));
        var results = ResultAssembler.assemble(List.of(enqueue), Map.of("args", List.of("4")), measured, "abc");
        assertThat(results).filteredOn(r -> r.metric().equals("host_gpu_ratio")).singleElement()
                .satisfies(r -> assertThat(r.error()).contains("1 forks measured no GPU time"));
    }
}
