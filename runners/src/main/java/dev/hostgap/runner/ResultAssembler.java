package dev.hostgap.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.hostgap.workloads.Workload;

/**
 * Turns per-fork measurements into upload results. Each workload and parameter set gives four
 * series: host time per operation (JMH, one sample per fork), GPU busy time per operation (CUDA
 * events, one per fork), the host-overhead fraction 1 - GPU / host of each fork, and the ratio
 * host / GPU of each fork. The fraction is clamped to 0 where the GPU is the bottleneck (GPU time
 * above host time, as in a 100-kernel graph replay), so it cannot show the host getting slower
 * there; the ratio still moves. A parameter set JMH reported nothing for is a failed result, never
 * a silent gap.
 */
final class ResultAssembler {

    static final String HOST = "host_us_per_op";
    static final String GPU = "gpu_us_per_op";
    static final String OVERHEAD = "host_overhead_fraction";
    static final String RATIO = "host_gpu_ratio";

    /** What one JMH benchmark and parameter set produced: one host and one GPU value per fork. */
    record Measured(String jmhBenchmark, Map<String, String> params, List<Double> hostMicros, List<Double> gpuMicros) {
    }

    private ResultAssembler() {
    }

    static List<UploadDocument.Result> assemble(List<Workload> workloads, Map<String, List<String>> paramFilter,
                                                List<Measured> measured, String kernelHash) {
        List<UploadDocument.Result> results = new ArrayList<>();
        for (Workload workload : workloads) {
            for (Map<String, String> params : combinations(workload, paramFilter)) {
                Measured m = measured.stream()
                        .filter(x -> x.jmhBenchmark().equals(workload.jmhBenchmark()) && x.params().equals(params))
                        .findFirst().orElse(null);
                if (m == null || m.hostMicros().isEmpty()) {
                    results.add(new UploadDocument.Result(workload.id(), workload.version(), params, HOST, "us",
                            "lower_is_better", null, "the benchmark failed in every fork; the runner's output shows why",
                            kernelHash));
                    continue;
                }
                results.add(series(workload, params, HOST, "us", m.hostMicros(), kernelHash));
                boolean usesGpu = m.gpuMicros().stream().anyMatch(v -> v > 0);
                if (usesGpu && m.gpuMicros().size() == m.hostMicros().size()) {
                    results.add(series(workload, params, GPU, "us", m.gpuMicros(), kernelHash));
                    List<Double> overhead = new ArrayList<>();
                    for (int f = 0; f < m.hostMicros().size(); f++) {
                        double fraction = 1 - m.gpuMicros().get(f) / m.hostMicros().get(f);
                        overhead.add(Math.max(0, Math.min(1, fraction)));
                    }
                    results.add(series(workload, params, OVERHEAD, "fraction", overhead, kernelHash));
                    List<Double> ratio = new ArrayList<>();
                    for (int f = 0; f < m.hostMicros().size(); f++) {
                        double gpu = m.gpuMicros().get(f);
                        if (gpu > 0) {
                            ratio.add(m.hostMicros().get(f) / gpu);
                        }
                    }
                    if (ratio.size() == m.hostMicros().size()) {
                        results.add(series(workload, params, RATIO, "ratio", ratio, kernelHash));
                    } else {
                        results.add(new UploadDocument.Result(workload.id(), workload.version(), params, RATIO, "ratio",
                                "lower_is_better", null, (m.hostMicros().size() - ratio.size())
                                + " forks measured no GPU time while others did; host / GPU is undefined there", kernelHash));
                    }
                }
            }
        }
        return results;
    }

    private static UploadDocument.Result series(Workload w, Map<String, String> params, String metric, String unit,
                                                List<Double> samples, String kernelHash) {
        return new UploadDocument.Result(w.id(), w.version(), params, metric, unit, "lower_is_better", samples, null, kernelHash);
    }

    /** Every combination of the workload's axes, restricted to the values given with --param. */
    static List<Map<String, String>> combinations(Workload workload, Map<String, List<String>> filter) {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new TreeMap<>());
        for (Map.Entry<String, List<String>> axis : workload.axes().entrySet()) {
            List<String> values = filter.getOrDefault(axis.getKey(), axis.getValue()).stream()
                    .filter(axis.getValue()::contains).toList();
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> combo : combos) {
                for (String value : values) {
                    Map<String, String> extended = new TreeMap<>(combo);
                    extended.put(axis.getKey(), value);
                    next.add(extended);
                }
            }
            combos = next;
        }
        return combos;
    }
}
