package dev.hostgap.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.hostgap.workloads.GpuWorkload;
import dev.hostgap.workloads.Workload;
import dev.hostgap.workloads.WorkloadCatalog;
import dev.hostgap.workloads.cuda.Gpu;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs the selected workloads through JMH (every fork a fresh JVM), joins each fork's host time
 * with its GPU time, writes the run file first and uploads it second, so nothing measured is lost
 * when the server is away.
 */
@Command(name = "run", description = "Run workloads and upload the results (or write them with --out).")
final class RunCommand implements Callable<Integer> {

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
    /** A fork's JVM start, CUDA context and GPU timing, beyond its iterations (measured on an H100: ~1.5 s). */
    private static final Duration FORK_OVERHEAD = Duration.ofMillis(2500);

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "WORKLOAD", description = "families or ids to run (launch, graph.replay); default: all")
    List<String> filters = new ArrayList<>();

    @Option(names = "--project", required = true)
    String project;
    @Option(names = "--sha", required = true, description = "the 40-hex commit being measured")
    String sha;
    @Option(names = "--branch")
    String branch;
    @Option(names = "--parent", description = "parent commit sha (repeat for a merge)")
    List<String> parents = new ArrayList<>();
    @Option(names = "--pull-request", paramLabel = "N",
            description = "a pull request's run (with --base-sha, without --branch): stored outside every branch's history, judged against its base")
    Integer pullRequest;
    @Option(names = "--base-sha", paramLabel = "SHA", description = "the pull request's base commit (40 hex)")
    String baseSha;

    @Option(names = {"-p", "--param"}, description = "restrict an axis, e.g. -p args=0,4")
    Map<String, String> params = new LinkedHashMap<>();
    @Option(names = {"-f", "--forks"}, defaultValue = "5", description = "JVM forks per workload and parameter set (default: ${DEFAULT-VALUE})")
    int forks;
    @Option(names = {"-wi", "--warmup-iterations"}, defaultValue = "3")
    int warmupIterations;
    @Option(names = {"-i", "--iterations"}, defaultValue = "5")
    int iterations;
    @Option(names = "--iteration-time", defaultValue = "1s", converter = DurationConverter.class)
    Duration iterationTime;
    @Option(names = "--time-budget", converter = DurationConverter.class,
            description = "refuse to start when the estimated run time exceeds this, e.g. 10m")
    Duration timeBudget;
    @Option(names = "--device", defaultValue = "0")
    int device;
    @Option(names = "--repeat", defaultValue = "1",
            description = "measure the commit in N separate runs, one after another, each with its own runId "
                    + "(default: ${DEFAULT-VALUE}); the platform pools them at the run level")
    int repeat;

    @Option(names = "--out", description = "write the run here (and do not upload unless --server is given)")
    Path out;
    @Option(names = "--server", description = "platform URL to upload to")
    URI server;
    @Option(names = "--token", defaultValue = "${env:HOSTGAP_TOKEN}")
    String token;
    @Option(names = "--outbox-dir", description = "where unsent runs wait (default: ~/.hostgap/outbox)")
    Path outboxDir = defaultOutbox();

    static Path defaultOutbox() {
        return Path.of(System.getProperty("user.home"), ".hostgap", "outbox");
    }

    @Override
    public Integer call() throws Exception {
        if (!SHA.matcher(sha).matches() || parents.stream().anyMatch(p -> !SHA.matcher(p).matches())) {
            throw new dev.hostgap.runner.RunnerException(ExitCode.USAGE, "--sha and --parent must be full 40-character lowercase hex shas");
        }
        if ((pullRequest == null) != (baseSha == null)) {
            throw new dev.hostgap.runner.RunnerException(ExitCode.USAGE, "--pull-request and --base-sha go together: a pull request's run is judged against its base");
        }
        if (pullRequest != null && (pullRequest < 1 || !SHA.matcher(baseSha).matches() || branch != null)) {
            throw new dev.hostgap.runner.RunnerException(ExitCode.USAGE, "a pull request's run needs --pull-request 1 or more, --base-sha as 40 lowercase hex, "
                    + "and no --branch (its runs never move a branch)");
        }
        if (repeat < 1 || repeat > 100) {
            throw new dev.hostgap.runner.RunnerException(ExitCode.USAGE, "--repeat must be between 1 and 100, was " + repeat);
        }
        if (out == null && server == null) {
            throw new dev.hostgap.runner.RunnerException(ExitCode.USAGE, "say where results go: --server URL, --out FILE, or both");
        }
        List<Workload> workloads = WorkloadCatalog.matching(filters);
        if (workloads.isEmpty()) {
            throw new dev.hostgap.runner.RunnerException(ExitCode.USAGE, "no workload matches " + filters + "; see 'hostgap-runner list'");
        }
        Map<String, List<String>> paramFilter = new LinkedHashMap<>();
        params.forEach((k, v) -> paramFilter.put(k, List.of(v.split(","))));
        checkBudget(workloads, paramFilter);

        GpuProbe.DeviceInfo device = GpuProbe.requireGpu(this.device);
        int exit = ExitCode.OK;
        for (int run = 1; run <= repeat; run++) {
            if (repeat > 1) {
                spec.commandLine().getErr().printf("run %d of %d%n", run, repeat);
            }
            exit = Math.max(exit, measureAndReport(workloads, paramFilter, device, run));
        }
        return exit;
    }

    /** The run file of one run, with a new runId: a branch's run, or a pull request's (then without a branch). */
    UploadDocument document(EnvironmentReport environment, List<UploadDocument.Result> results) {
        return new UploadDocument("1.0", UUID.randomUUID().toString(), project, new UploadDocument.Commit(sha, branch, parents),
                environment, results, pullRequest == null ? null : new UploadDocument.PullRequest(pullRequest, baseSha));
    }

    /** One run: a fresh set of JMH forks, its own environment snapshot and runId, written then uploaded. */
    private int measureAndReport(List<Workload> workloads, Map<String, List<String>> paramFilter,
                                 GpuProbe.DeviceInfo device, int run) throws Exception {
        EnvironmentReport environment = EnvironmentReport.capture(device, NvidiaSmi.query(), this.device);
        List<ResultAssembler.Measured> measured = runJmh(workloads, paramFilter);
        environment = environment.withAfterRun(NvidiaSmi.query(), this.device);

        List<UploadDocument.Result> results = ResultAssembler.assemble(workloads, paramFilter, measured, Gpu.kernelHash());
        UploadDocument document = document(environment, results);
        Path file = write(document, run);
        long failed = results.stream().filter(r -> r.error() != null).count();
        var err = spec.commandLine().getErr();
        if (environment.throttled()) {
            err.println("warning: the GPU reported clock throttling during the run (see throttle_reasons_* in the environment)");
        }
        if (server != null) {
            new Uploader(server, token, 4, Duration.ofSeconds(2)).upload(file);
            spec.commandLine().getOut().println("uploaded run " + document.runId() + " (" + results.size() + " results) to " + server);
            if (out == null) {
                Files.deleteIfExists(file);
            }
        }
        if (failed > 0) {
            err.println(failed + " workload parameter set(s) failed; they are stored as failed results");
            return ExitCode.WORKLOAD_FAILED;
        }
        return ExitCode.OK;
    }

    private List<ResultAssembler.Measured> runJmh(List<Workload> workloads, Map<String, List<String>> paramFilter)
            throws IOException, RunnerException {
        Path gpuTimes = Files.createTempFile("hostgap-gpu-times", ".jsonl");
        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(forks)
                .warmupIterations(warmupIterations)
                .measurementIterations(iterations)
                .warmupTime(TimeValue.milliseconds(iterationTime.toMillis()))
                .measurementTime(TimeValue.milliseconds(iterationTime.toMillis()))
                .shouldFailOnError(false)
                .jvmArgsAppend("-D" + GpuWorkload.GPU_TIMES_PROPERTY + "=" + gpuTimes, "-Dhostgap.device=" + device);
        for (Workload w : workloads) {
            options.include("^" + Pattern.quote(w.jmhBenchmark()) + "$");
        }
        paramFilter.forEach((k, v) -> options.param(k, v.toArray(String[]::new)));
        Collection<RunResult> runs = new Runner(options.build()).run();
        List<GpuTime> gpu = GpuTime.read(gpuTimes);
        Files.deleteIfExists(gpuTimes);

        List<ResultAssembler.Measured> measured = new ArrayList<>();
        for (RunResult run : runs) {
            var p = run.getParams();
            Map<String, String> params = new java.util.TreeMap<>();
            for (String key : p.getParamsKeys()) {
                params.put(key, p.getParam(key));
            }
            List<Double> host = new ArrayList<>();
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                host.add(fork.getPrimaryResult().getScore());
            }
            List<Double> gpuMicros = gpu.stream()
                    .filter(g -> g.benchmark().equals(p.getBenchmark()) && g.params().equals(params))
                    .map(GpuTime::gpuUsPerOp).collect(Collectors.toList());
            measured.add(new ResultAssembler.Measured(p.getBenchmark(), params, host, gpuMicros));
        }
        return measured;
    }

    private void checkBudget(List<Workload> workloads, Map<String, List<String>> paramFilter) {
        long sets = workloads.stream().mapToLong(w -> ResultAssembler.combinations(w, paramFilter).size()).sum();
        Duration perFork = iterationTime.multipliedBy(warmupIterations + iterations).plus(FORK_OVERHEAD);
        Duration estimate = perFork.multipliedBy(sets * forks * repeat);
        spec.commandLine().getErr().printf("running %d parameter sets x %d forks x %d run(s), estimated %s%n",
                sets, forks, repeat, Units.duration(estimate));
        if (timeBudget != null && estimate.compareTo(timeBudget) > 0) {
            throw new dev.hostgap.runner.RunnerException(ExitCode.USAGE, "the estimated " + Units.duration(estimate) + " exceeds --time-budget "
                    + Units.duration(timeBudget) + ": filter workloads, restrict --param, or lower --forks/--iterations");
        }
    }

    /** {@code --out runs.json} with {@code --repeat 3} writes runs-1.json, runs-2.json, runs-3.json. */
    static Path outFile(Path out, int run, int repeat) {
        if (repeat == 1) {
            return out;
        }
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String numbered = dot > 0 ? name.substring(0, dot) + "-" + run + name.substring(dot) : name + "-" + run;
        return out.resolveSibling(numbered);
    }

    private Path write(UploadDocument document, int run) throws IOException {
        Path file = out != null ? outFile(out, run, repeat) : outboxDir.resolve(document.runId() + ".json");
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try {
            Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        spec.commandLine().getErr().println("results written to " + file);
        return file;
    }
}
