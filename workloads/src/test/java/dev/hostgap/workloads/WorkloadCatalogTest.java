package dev.hostgap.workloads;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog and the benchmarks JMH generated describe the same workloads and axes. */
class WorkloadCatalogTest {

    @Test
    void everyJmhBenchmarkIsACatalogWorkloadWithTheSameAxes() {
        Set<BenchmarkListEntry> entries = BenchmarkList.defaultList()
                .getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of());
        Map<String, Map<String, List<String>>> jmh = new TreeMap<>();
        for (BenchmarkListEntry e : entries) {
            Map<String, List<String>> axes = new TreeMap<>();
            e.getParams().orElse(Map.of()).forEach((k, v) -> axes.put(k, Arrays.asList(v)));
            jmh.put(e.getUsername(), axes);
        }
        Map<String, Map<String, List<String>>> catalog = WorkloadCatalog.all().stream()
                .collect(Collectors.toMap(Workload::jmhBenchmark, w -> new TreeMap<>(w.axes()), (a, b) -> a, TreeMap::new));
        assertThat(catalog).isEqualTo(jmh);
    }

    @Test
    void idsAreUniqueAndNamedByFamily() {
        assertThat(WorkloadCatalog.all()).extracting(Workload::id).doesNotHaveDuplicates();
        assertThat(WorkloadCatalog.all()).extracting(Workload::family).containsOnly("launch", "fusion", "graph", "transfer");
    }

    @Test
    void filtersByFamilyOrId() {
        assertThat(WorkloadCatalog.matching(List.of("launch"))).extracting(Workload::id)
                .containsExactly("launch.enqueue", "launch.sync");
        assertThat(WorkloadCatalog.matching(List.of("graph.replay"))).extracting(Workload::id).containsExactly("graph.replay");
    }
}
