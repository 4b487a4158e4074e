package dev.hostgap.runner;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
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

    @Option(names = "--token-file", required = true, paramLabel = "PATH",
            description = "file holding the runner's hgr_ token from POST /api/v1/runners; readable by this user only (chmod 600)")
    Path tokenFile;

    /** Refused with a message: a token on the command line is readable by every local user. */
    @Option(names = "--token", hidden = true)
    String tokenOnCommandLine;

    @Option(names = "--isolation", defaultValue = "sandbox", paramLabel = "sandbox|none",
            description = "how job commands run: sandbox (bubblewrap; the agent refuses to start without it) or none"
                    + " (as this user, able to read the token; trusted code only) (default: ${DEFAULT-VALUE})")
    String isolation;

    @Option(names = "--sandbox-path", paramLabel = "DIR",
            description = "a further directory jobs may read (read-only at the same path), e.g. the runner bundle or a dependency cache; repeatable")
    List<Path> sandboxPaths = new ArrayList<>();

    @Option(names = "--pass-env", paramLabel = "NAME",
            description = "a further environment variable passed to jobs (never a secret: jobs are untrusted code); repeatable")
    List<String> passEnv = new ArrayList<>();

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
        if (tokenOnCommandLine != null || System.getenv("HOSTGAP_RUNNER_TOKEN") != null) {
            throw new RunnerException(ExitCode.USAGE, "the agent no longer takes its token from --token or $HOSTGAP_RUNNER_TOKEN"
                    + " (other users read command lines, the user's processes its environment); put it in a file only this user"
                    + " can read (chmod 600) and pass --token-file PATH");
        }
        if (failureBackoff.isNegative() || failureBackoff.isZero()) {
            throw new RunnerException(ExitCode.USAGE, "--failure-backoff must be above zero");
        }
        PrintWriter log = spec.commandLine().getErr();
        Isolation jobs = isolation();
        String token = TokenFile.read(tokenFile);
        JobClient client = new JobClient(new PlatformHttp(server, token), 6, Duration.ofSeconds(2));
        Agent agent = new Agent(client, workDir, labels, () -> EnvironmentReport.ofNode(device), log, failureBackoff, jobs, passEnv);
        Thread hook = new Thread(() -> {
            try {
                agent.shutdown(SHUTDOWN_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        log.println(jobs.describe());
        if (jobs instanceof Bubblewrap && "root".equals(System.getProperty("user.name"))) {
            log.println("warning: the agent runs as root, so jobs read the mounted system directories as root; run it as a dedicated user");
        }
        log.println("agent leasing from " + server + " with labels " + labels + (once ? " (one job)" : ""));
        log.flush();
        try {
            agent.run(once);
        } finally {
            removeHook(hook);
        }
        return ExitCode.OK;
    }

    /** The sandbox, checked before the first lease; without one the agent stops unless the operator opted out. */
    private Isolation isolation() {
        switch (isolation) {
            case "none":
                if (!sandboxPaths.isEmpty()) {
                    throw new RunnerException(ExitCode.USAGE, "--sandbox-path needs --isolation sandbox");
                }
                return new NoIsolation();
            case "sandbox":
                Bubblewrap sandbox;
                try {
                    sandbox = Bubblewrap.find(sandboxPaths);
                } catch (Bubblewrap.Unavailable e) {
                    throw new RunnerException(ExitCode.NO_ISOLATION, "no sandbox for job commands: " + e.getMessage()
                            + ". Jobs run untrusted code, so the agent does not start without one; --isolation none runs them"
                            + " as this user, able to read its files and the runner token (trusted code only)");
                }
                refuseExposedTokenFile(sandbox);
                return sandbox;
            default:
                throw new RunnerException(ExitCode.USAGE, "--isolation is sandbox or none, not '" + isolation + "'");
        }
    }

    private void refuseExposedTokenFile(Bubblewrap sandbox) {
        try {
            if (Files.exists(tokenFile) && sandbox.exposes(tokenFile)) {
                throw new RunnerException(ExitCode.USAGE, "the token file " + tokenFile + " is in a directory the sandbox mounts for jobs ("
                        + Bubblewrap.SYSTEM_PATHS + " or --sandbox-path); keep it elsewhere, e.g. ~/.hostgap/runner-token");
            }
        } catch (java.io.IOException e) {
            throw new RunnerException(ExitCode.USAGE, "cannot resolve the token file " + tokenFile + ": " + Agent.oneLine(e));
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running
        }
    }
}
