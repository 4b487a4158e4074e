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
    void givesHostGpuAndOverheadSeriesWithOneSamplePerFork() {
        var measured = List.of(new ResultAssembler.Measured(enqueue.jmhBenchmark(), Map.of("args", "4"),
                List.of(3.2, 3.3, 3.1), List.of(0.8, 0.8, 0.8)));
        var results = ResultAssembler.assemble(List.of(enqueue), Map.of("args", List.of("4")), measured, "abc");

        assertThat(results).extracting(UploadDocument.Result::metric)
                .containsExactly("host_us_per_op", "gpu_us_per_op", "host_overhead_fraction");
        assertThat(results.get(0).samples()).containsExactly(3.2, 3.3, 3.1);
        assertThat(results.get(2).samples().get(0)).isCloseTo(0.75, within(1e-12));
        assertThat(results).allSatisfy(r -> {
            assertThat(r.benchmark()).isEqualTo("launch.enqueue");
            assertThat(r.version()).isEqualTo(enqueue.version()).isEqualTo(2);
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
}
