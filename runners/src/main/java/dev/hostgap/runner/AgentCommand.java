package dev.hostgap.runner;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "agent", description = "Lease benchmark jobs from the platform, run them in a checkout, send the results back.")
final class AgentCommand implements Callable<Integer> {

    /** The hook must finish before a service manager's stop timeout (systemd and Docker: 10 s). */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(8);

    @Spec
    CommandSpec spec;

    @Option(names = "--server", required = true, description = "platform URL, e.g. http://hostgap:8080")
    URI server;

    @Option(names = "--token", defaultValue = "${env:HOSTGAP_RUNNER_TOKEN}",
            description = "the runner's hgr_ token from POST /api/v1/runners (default: $HOSTGAP_RUNNER_TOKEN)")
    String token;

    @Option(names = "--labels", split = ",", description = "what this node offers, e.g. h200,cuda13; a job is leased only if these cover its labels")
    List<String> labels = new ArrayList<>();

    @Option(names = "--work-dir", description = "clones (repos/) and command logs (logs/) (default: ~/.hostgap/agent)")
    Path workDir = Path.of(System.getProperty("user.home"), ".hostgap", "agent");

    @Option(names = "--device", defaultValue = "0", description = "GPU ordinal reported in each job's environment (default: ${DEFAULT-VALUE})")
    int device;

    @Option(names = "--once", description = "handle at most one job, then exit")
    boolean once;

    @Option(names = "--failure-backoff", defaultValue = "1s", converter = DurationConverter.class,
            description = "pause before the next lease after a job failed here, doubled for each failure in a row up to 60 s"
                    + " (default: ${DEFAULT-VALUE})")
    Duration failureBackoff;

    @Override
    public Integer call() throws InterruptedException {
        if (token == null || token.isBlank()) {
            throw new RunnerException(ExitCode.USAGE, "give the runner token with --token or $HOSTGAP_RUNNER_TOKEN");
        }
        if (failureBackoff.isNegative() || failureBackoff.isZero()) {
            throw new RunnerException(ExitCode.USAGE, "--failure-backoff must be above zero");
        }
        PrintWriter log = spec.commandLine().getErr();
        JobClient client = new JobClient(new PlatformHttp(server, token), 6, Duration.ofSeconds(2));
        Agent agent = new Agent(client, workDir, labels, () -> EnvironmentReport.ofNode(device), log, failureBackoff);
        Thread hook = new Thread(() -> {
            try {
                agent.shutdown(SHUTDOWN_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        log.println("agent leasing from " + server + " with labels " + labels + (once ? " (one job)" : ""));
        log.flush();
        try {
            agent.run(once);
        } finally {
            removeHook(hook);
        }
        return ExitCode.OK;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running
        }
    }
}
