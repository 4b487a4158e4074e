package dev.hostgap.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;

/**
 * Turns one benchmark's per-fork measurements into run-file series, as hostgap's runner does for its
 * own workloads: host time per operation (JMH's score, one sample per fork), GPU-busy time per
 * operation ({@link ForkGpuTime}), the host-overhead fraction {@code 1 - GPU / host} of each fork
 * (clamped to [0, 1]: where the GPU is the bottleneck it reads 0) and the ratio {@code host / GPU}
 * of each fork, which still moves there. A benchmark without GPU time gives the host series only.
 */
public final class ForkResults {

    /** Host microseconds per operation, as JMH measured it in each fork. */
    public static final String HOST = "host_us_per_op";
    /** GPU-busy microseconds per operation, as {@link GpuTimer} measured it in each fork. */
    public static final String GPU = "gpu_us_per_op";
    /** {@code 1 - GPU / host}: the share of the host's time per operation the GPU sat idle. */
    public static final String OVERHEAD = "host_overhead_fraction";
    /** {@code host / GPU}. */
    public static final String RATIO = "host_gpu_ratio";

    private ForkResults() {
    }

    /**
     * The series of one JMH benchmark and parameter set, named {@code benchmark} at {@code version}.
     * The benchmark must report microseconds per operation ({@code @BenchmarkMode(AverageTime)},
     * {@code @OutputTimeUnit(MICROSECONDS)}); {@code gpuTimes} is everything the forks recorded.
     */
    public static List<RunFile.Result> fromJmh(RunResult run, List<ForkGpuTime> gpuTimes, String benchmark, int version,
                                               String kernelHash) {
        var jmh = run.getParams();
        Map<String, String> params = new TreeMap<>();
        for (String key : jmh.getParamsKeys()) {
            params.put(key, jmh.getParam(key));
        }
        List<Double> host = new ArrayList<>();
        for (BenchmarkResult fork : run.getBenchmarkResults()) {
            host.add(fork.getPrimaryResult().getScore());
        }
        List<Double> gpu = gpuTimes.stream()
                .filter(t -> t.benchmark().equals(jmh.getBenchmark()) && t.params().equals(params))
                .map(ForkGpuTime::gpuUsPerOp).toList();
        return assemble(benchmark, version, params, host, gpu, kernelHash);
    }

    /** The same from plain numbers: one host and one GPU value per fork (no GPU values: host series only). */
    public static List<RunFile.Result> assemble(String benchmark, int version, Map<String, String> params,
                                                List<Double> hostMicros, List<Double> gpuMicros, String kernelHash) {
        List<RunFile.Result> results = new ArrayList<>();
        if (hostMicros.isEmpty()) {
            results.add(RunFile.Result.failed(benchmark, version, params, HOST, "us",
                    "the benchmark failed in every fork; JMH's output shows why", kernelHash));
            return results;
        }
        results.add(RunFile.Result.lowerIsBetter(benchmark, version, params, HOST, "us", hostMicros, kernelHash));
        boolean usesGpu = gpuMicros.stream().anyMatch(v -> v > 0);
        if (!usesGpu) {
            return results;
        }
        if (gpuMicros.size() != hostMicros.size()) {
            results.add(RunFile.Result.failed(benchmark, version, params, GPU, "us", gpuMicros.size()
                    + " GPU times for " + hostMicros.size() + " forks; a fork did not record its GPU time", kernelHash));
            return results;
        }
        results.add(RunFile.Result.lowerIsBetter(benchmark, version, params, GPU, "us", gpuMicros, kernelHash));
        List<Double> overhead = new ArrayList<>();
        List<Double> ratio = new ArrayList<>();
        for (int f = 0; f < hostMicros.size(); f++) {
            double fraction = 1 - gpuMicros.get(f) / hostMicros.get(f);
            overhead.add(Math.max(0, Math.min(1, fraction)));
            if (gpuMicros.get(f) > 0) {
                ratio.add(hostMicros.get(f) / gpuMicros.get(f));
            }
        }
        results.add(RunFile.Result.lowerIsBetter(benchmark, version, params, OVERHEAD, "fraction", overhead, kernelHash));
        if (ratio.size() == hostMicros.size()) {
            results.add(RunFile.Result.lowerIsBetter(benchmark, version, params, RATIO, "ratio", ratio, kernelHash));
        } else {
            results.add(RunFile.Result.failed(benchmark, version, params, RATIO, "ratio", (hostMicros.size() - ratio.size())
                    + " forks measured no GPU time while others did; host / GPU is undefined there", kernelHash));
        }
        return results;
    }
}
