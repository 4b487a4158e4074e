package dev.hostgap.workloads;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.hostgap.workloads.fusion.FusionBenchmark;
import dev.hostgap.workloads.graph.GraphBenchmark;
import dev.hostgap.workloads.launch.LaunchBenchmark;
import dev.hostgap.workloads.transfer.ReadbackBenchmark;
import dev.hostgap.workloads.transfer.TransferBenchmark;

/**
 * Every workload hostgap ships, in the four families of docs/runner.md (launch, fusion, graph, transfer). A test checks this list
 * against the benchmarks JMH generated, so the two cannot drift apart.
 */
public final class WorkloadCatalog {

    private static final List<Workload> ALL = List.of(
            workload("launch.enqueue", 3, LaunchBenchmark.class, "enqueue", axes(axis("args", "0", "4", "16")),
                    "one empty-kernel launch, back to back: host enqueue time per launch"),
            workload("launch.sync", 3, LaunchBenchmark.class, "launchAndSync", axes(axis("args", "0", "4", "16")),
                    "one empty-kernel launch and a stream synchronize: the round trip"),
            workload("fusion.unfused", 3, FusionBenchmark.class, "unfused", axes(axis("k", "1", "4", "20"), axis("n", "4096", "1048576")),
                    "k elementwise steps over n floats as k launches"),
            workload("fusion.fused", 3, FusionBenchmark.class, "fused", axes(axis("k", "1", "4", "20"), axis("n", "4096", "1048576")),
                    "the same k steps fused into one launch"),
            workload("graph.stream", 4, GraphBenchmark.class, "streamLaunches", axes(axis("kernels", "10", "100", "1000")),
                    "a chain of K tiny kernels launched one by one"),
            workload("graph.replay", 2, GraphBenchmark.class, "graphReplay", axes(axis("kernels", "10", "100", "1000")),
                    "the same chain replayed as one captured CUDA graph"),
            workload("graph.instantiate", 4, GraphBenchmark.class, "captureAndInstantiate", axes(axis("kernels", "10", "100", "1000")),
                    "one-off cost of capturing and instantiating that graph"),
            workload("transfer.positions", 3, TransferBenchmark.class, "positions",
                    axes(axis("batch", "1", "256", "4096"), axis("mode", "pageable", "pinned", "device")),
                    "positions for a batch: built on the host and copied (pageable, pinned) or built on the device; consumed; synced"),
            workload("transfer.readback", 3, ReadbackBenchmark.class, "deviceReadback", axes(axis("n", "256", "4096")),
                    "a sum reduced on the device and read back to the host (forces a sync)"),
            workload("transfer.hostcompute", 1, ReadbackBenchmark.class, "hostCompute", axes(axis("n", "256", "4096")),
                    "the same sum computed on the host instead"));

    private WorkloadCatalog() {
    }

    public static List<Workload> all() {
        return ALL;
    }

    public static Optional<Workload> byJmhBenchmark(String fullName) {
        return ALL.stream().filter(w -> w.jmhBenchmark().equals(fullName)).findFirst();
    }

    /** Workloads whose id equals, or starts with, one of the filters ({@code launch} or {@code graph.replay}). */
    public static List<Workload> matching(List<String> filters) {
        if (filters == null || filters.isEmpty()) {
            return ALL;
        }
        return ALL.stream().filter(w -> filters.stream()
                .anyMatch(f -> w.id().equals(f) || w.id().startsWith(f + ".") || w.family().equals(f))).toList();
    }

    private static Workload workload(String id, int version, Class<?> benchmark, String method,
                                     Map<String, List<String>> axes, String description) {
        return new Workload(id, version, id.substring(0, id.indexOf('.')), benchmark.getName() + "." + method, axes, description);
    }

    @SafeVarargs
    private static Map<String, List<String>> axes(Map.Entry<String, List<String>>... axes) {
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> axis : axes) {
            ordered.put(axis.getKey(), axis.getValue());
        }
        return ordered;
    }

    private static Map.Entry<String, List<String>> axis(String name, String... values) {
        return Map.entry(name, List.of(values));
    }
}
