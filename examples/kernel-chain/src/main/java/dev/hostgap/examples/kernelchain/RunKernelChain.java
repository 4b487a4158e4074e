package dev.hostgap.examples.kernelchain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.hostgap.harness.Environment;
import dev.hostgap.harness.ForkGpuTime;
import dev.hostgap.harness.ForkResults;
import dev.hostgap.harness.Gpu;
import dev.hostgap.harness.RunFile;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link KernelChainBenchmark} in JMH forks and writes one run file, which
 * {@code hostgap-runner upload --server URL FILE} sends to the platform. As an agent job it needs
 * no argument: the agent's {@code HOSTGAP_PROJECT}, {@code HOSTGAP_SHA}, {@code HOSTGAP_BRANCH} and
 * {@code HOSTGAP_RESULT_FILE} name the run and the file.
 * <pre>
 * java [-Dkernelchain.forks=5 -Dkernelchain.warmup=3 -Dkernelchain.iterations=5 -Dkernelchain.time-ms=1000]
 *      -jar kernel-chain.jar [RUN_FILE]      (HOSTGAP_SHA must be set; HOSTGAP_PROJECT defaults to kernel-chain)
 * </pre>
 */
public final class RunKernelChain {

    /** Series names on the platform, and their version: bump it when a kernel or the timed region changes. */
    static final Map<String, String> SERIES = Map.of("threeKernels", "kernelchain.three_kernels", "fusedKernel", "kernelchain.fused");
    static final int VERSION = 1;
    private static final List<String> N = nValues();

    private RunKernelChain() {
    }

    public static void main(String[] args) throws IOException, RunnerException {
        Map<String, String> env = System.getenv();
        Path out = Path.of(args.length > 0 ? args[0] : env.getOrDefault("HOSTGAP_RESULT_FILE", "kernel-chain-run.json"));
        RunFile.Commit commit = commit(env); // before measuring: a missing sha should not cost a run
        int device = Integer.getInteger("hostgap.device", 0);
        Environment environment;
        try (Gpu gpu = Gpu.open(device)) {
            environment = Environment.capture(gpu);
        }
        Path gpuTimes = Files.createTempFile("kernel-chain-gpu-times", ".jsonl");
        try {
            Collection<RunResult> runs = new Runner(options(gpuTimes, device).build()).run();
            List<RunFile.Result> results = results(runs, ForkGpuTime.read(gpuTimes));
            RunFile run = RunFile.of(env.getOrDefault("HOSTGAP_PROJECT", "kernel-chain"), commit, environment, results);
            System.out.println("wrote run " + run.runId() + " (" + results.size() + " series) to " + run.write(out));
        } finally {
            Files.deleteIfExists(gpuTimes);
        }
    }

    /**
     * The platform's series for each benchmark method and value of {@code n}; one JMH reported
     * nothing for (it failed in every fork) is a failed series, never a silent gap.
     */
    static List<RunFile.Result> results(Collection<RunResult> runs, List<ForkGpuTime> gpuTimes) {
        String kernelHash = KernelChainBenchmark.KERNELS.sha256();
        List<RunFile.Result> results = new ArrayList<>();
        for (Map.Entry<String, String> series : new TreeMap<>(SERIES).entrySet()) {
            for (String n : N) {
                RunResult run = runs.stream().filter(r -> r.getParams().getBenchmark().endsWith("." + series.getKey())
                        && n.equals(r.getParams().getParam("n"))).findFirst().orElse(null);
                results.addAll(run != null ? ForkResults.fromJmh(run, gpuTimes, series.getValue(), VERSION, kernelHash)
                        : ForkResults.assemble(series.getValue(), VERSION, Map.of("n", n), List.of(), List.of(), kernelHash));
            }
        }
        return results;
    }

    /** The measured commit from the agent's variables (or the same set by hand). */
    static RunFile.Commit commit(Map<String, String> env) {
        String sha = env.get("HOSTGAP_SHA");
        if (sha == null || !sha.matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("set HOSTGAP_SHA to the measured commit's full 40-character lowercase sha"
                    + (sha == null ? "" : " (was '" + sha + "')"));
        }
        String branch = env.get("HOSTGAP_BRANCH");
        return new RunFile.Commit(sha, branch == null || branch.isBlank() ? null : branch, null);
    }

    private static List<String> nValues() {
        try {
            return List.of(KernelChainBenchmark.class.getField("n").getAnnotation(Param.class).value());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ChainedOptionsBuilder options(Path gpuTimes, int device) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(KernelChainBenchmark.class.getName()) + "\\.")
                .shouldFailOnError(false) // a failed benchmark becomes a failed series, not a missing one
                .jvmArgsAppend("-D" + ForkGpuTime.PROPERTY + "=" + gpuTimes, "-Dhostgap.device=" + device);
        Integer forks = Integer.getInteger("kernelchain.forks");
        Integer warmup = Integer.getInteger("kernelchain.warmup");
        Integer iterations = Integer.getInteger("kernelchain.iterations");
        Integer timeMs = Integer.getInteger("kernelchain.time-ms");
        if (forks != null) {
            options.forks(forks);
        }
        if (warmup != null) {
            options.warmupIterations(warmup);
        }
        if (iterations != null) {
            options.measurementIterations(iterations);
        }
        if (timeMs != null) {
            options.warmupTime(TimeValue.milliseconds(timeMs)).measurementTime(TimeValue.milliseconds(timeMs));
        }
        return options;
    }
}
