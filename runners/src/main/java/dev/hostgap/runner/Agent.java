package dev.hostgap.runner;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/**
 * The lease loop of {@code hostgap-runner agent}: lease a job, check its commit out, run its command
 * while heartbeating, send the profiler traces and the result file back or say why there are none. One job at a time; after a
 * job fails here the next lease waits a growing pause, since the platform queues the job again and
 * a node that fails at once (a broken checkout, a missing driver) would otherwise spend every attempt
 * of it, and of every job after it, within a second.
 */
final class Agent {

    static final int LEASE_WAIT_SECONDS = 20;
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    /** How a leased job ended on this node; only FAILED slows the next lease down. */
    private enum JobEnd { COMPLETED, FAILED, DROPPED }

    private final JobClient client;
    private final TraceUpload traces;
    private final Checkout checkout;
    private final Path logs;
    private final List<String> labels;
    private final Supplier<EnvironmentReport> environment;
    private final Isolation isolation;
    private final List<String> passEnv;
    private final PrintWriter log;
    private final Backoff leaseBackoff = new Backoff(Duration.ofSeconds(2), MAX_BACKOFF);
    private final Backoff failureBackoff;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile JobProcess running;
    private volatile Thread loopThread;
    private volatile boolean inJob;

    Agent(JobClient client, Path workDir, List<String> labels, Supplier<EnvironmentReport> environment, PrintWriter log,
          Duration firstFailureBackoff, Isolation isolation, List<String> passEnv) {
        this.client = client;
        this.traces = new TraceUpload(client, this::log);
        this.checkout = new Checkout(workDir);
        this.logs = workDir.resolve("logs");
        this.labels = labels;
        this.environment = environment;
        this.isolation = isolation;
        this.passEnv = List.copyOf(passEnv);
        this.log = log;
        this.failureBackoff = new Backoff(firstFailureBackoff, MAX_BACKOFF);
    }

    /** Leases and works until {@link #shutdown}, or after one job when {@code once}. */
    void run(boolean once) throws InterruptedException {
        loopThread = Thread.currentThread();
        try {
            while (!stopping) {
                Optional<Job> job;
                try {
                    job = client.lease(labels, LEASE_WAIT_SECONDS);
                    leaseBackoff.reset();
                } catch (IOException e) {
                    Duration pause = leaseBackoff.next();
                    log("lease failed (" + oneLine(e) + "); trying again in " + Units.duration(pause));
                    sleepUnlessStopping(pause);
                    continue;
                } catch (InterruptedException e) {
                    if (stopping) {
                        break;
                    }
                    throw e;
                }
                if (job.isPresent()) {
                    JobEnd end = work(job.get());
                    if (once) {
                        break;
                    }
                    pauseAfter(end);
                }
            }
        } finally {
            finished.countDown();
        }
    }

    /**
     * From the shutdown hook: no more leases; a running command is killed and its job released
     * without counting an attempt. Returns once the loop has stopped, or after {@code grace}.
     */
    void shutdown(Duration grace) throws InterruptedException {
        stopping = true;
        JobProcess process = running;
        if (process != null) {
            process.kill();
        }
        Thread loop = loopThread;
        if (loop != null && !inJob) {
            loop.interrupt(); // ends a lease long-poll at once
        }
        finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pauseAfter(JobEnd end) throws InterruptedException {
        if (end != JobEnd.FAILED) {
            failureBackoff.reset();
            return;
        }
        Duration pause = failureBackoff.next();
        log("next lease in " + Units.duration(pause) + " (a job failed on this node)");
        sleepUnlessStopping(pause);
    }

    private JobEnd work(Job job) throws InterruptedException {
        inJob = true;
        log("leased job " + job.id() + " " + job.project() + " sha " + job.shortSha() + " attempt " + job.attempt());
        try (Heartbeat heartbeat = new Heartbeat(client, job, this::leaseLost)) {
            if (stopping) {
                return release(job);
            }
            Checkout.CheckedOut tree;
            try {
                tree = checkout.at(job.repoUrl(), job.sha());
            } catch (IOException e) {
                return fail(job, "checkout failed: " + oneLine(e), "");
            }
            if (heartbeat.lost()) {
                log("job " + job.id() + ": lease lost during checkout; dropped");
                return JobEnd.DROPPED;
            }
            return measure(job, tree, heartbeat);
        } finally {
            inJob = false;
        }
    }

    private JobEnd measure(Job job, Checkout.CheckedOut tree, Heartbeat heartbeat) throws InterruptedException {
        Path dir = tree.dir();
        JobProcess.Outcome outcome;
        EnvironmentReport node;
        try {
            Files.deleteIfExists(dir.resolve(ResultFile.NAME)); // never send a stale file as this commit's result
            TraceFiles.deleteStale(dir);
            node = environment.get();
            Files.createDirectories(logs);
        } catch (IOException e) {
            return fail(job, "could not start the command: " + oneLine(e), "");
        }
        try (Isolation.Launch launch = isolation.launch(job.command(), dir)) {
            try {
                running = JobProcess.start(launch.argv(), dir, JobEnvironment.of(job, launch.home(), System.getenv(), passEnv),
                        logs.resolve("job-" + job.id() + ".log"));
            } catch (IOException e) {
                return fail(job, "could not start the command: " + oneLine(e), "");
            }
            if (stopping || heartbeat.lost()) {
                running.kill(); // the hook or a 409 heartbeat may have looked before the process was set
            }
            outcome = running.await(job.timeout());
            running = null;
        } catch (IOException e) {
            return fail(job, "could not prepare the command's home: " + oneLine(e), "");
        }
        if (heartbeat.lost()) {
            log("job " + job.id() + ": lease lost (cancelled or expired); command killed, job dropped");
            return JobEnd.DROPPED;
        } else if (stopping) {
            return release(job);
        } else if (outcome.end() == JobProcess.End.TIMED_OUT) {
            return fail(job, "timed out after " + Units.duration(job.timeout()) + "; the command was killed", outcome.tail());
        } else if (outcome.exitCode() != 0) {
            return fail(job, "the command exited with " + outcome.exitCode(), outcome.tail());
        }
        return send(job, dir, node, tree.parents(), outcome.tail(), heartbeat);
    }

    /**
     * A result file that is there but unusable fails the job before any trace is sent; otherwise the
     * traces go first, then {@code complete} with the result, or with none under the first trace's runId.
     */
    private JobEnd send(Job job, Path dir, EnvironmentReport node, List<String> parents, String tail, Heartbeat heartbeat)
            throws InterruptedException {
        ResultFile result = ResultFile.in(dir);
        if (!result.present() && Files.exists(dir.resolve(ResultFile.NAME), LinkOption.NOFOLLOW_LINKS)) {
            return fail(job, result.problem(), tail);
        }
        TraceFiles.Found found;
        try {
            found = TraceFiles.in(dir);
        } catch (IOException e) {
            return fail(job, "could not list the trace files: " + oneLine(e), tail);
        }
        found.skipped().forEach(line -> log("job " + job.id() + ": not sending " + line));
        TraceUpload.Result sent = traces.send(job, found.traces(), heartbeat::lost);
        if (sent instanceof TraceUpload.Refused refused) {
            return fail(job, refused.reason(), "");
        } else if (sent instanceof TraceUpload.Dropped dropped) {
            log("job " + job.id() + ": " + dropped.why() + "; the job is dropped (its lease expires and it is queued again)");
            return JobEnd.DROPPED;
        }
        Optional<UUID> firstTrace = ((TraceUpload.Stored) sent).firstRunId();
        if (result.present()) {
            return complete(job, UUID.randomUUID(), result.json(), node, parents);
        } else if (firstTrace.isPresent()) {
            return complete(job, firstTrace.get(), null, node, parents);
        }
        String skipped = found.skipped().isEmpty() ? "" : " (not sent: " + String.join("; ", found.skipped()) + ")";
        return fail(job, "the command left neither " + ResultFile.NAME + " nor a " + TraceFiles.PATTERNS
                + " file in the repository root" + skipped, tail);
    }

    private JobEnd complete(Job job, UUID runId, JsonNode result, EnvironmentReport node, List<String> parents) {
        try {
            PlatformHttp.Response response = client.complete(job.id(), runId, result, node, parents);
            if (response.ok()) {
                log("completed job " + job.id() + " run " + runId);
                return JobEnd.COMPLETED;
            } else if (response.status() != 409) {
                return fail(job, "the platform refused the result: " + response.summary(), "");
            }
            log("job " + job.id() + ": lease lost before the result was taken (" + response.summary() + ")");
        } catch (IOException e) {
            log("job " + job.id() + ": could not send the result (" + oneLine(e) + "); the lease will expire and the job be queued again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return JobEnd.DROPPED;
    }

    private JobEnd fail(Job job, String why, String tail) {
        String reason = (tail.isBlank() ? why : why + "\n--- last output ---\n" + tail).replace('\0', ' ');
        try {
            PlatformHttp.Response response = client.fail(job.id(), reason, true);
            log("failed job " + job.id() + ": " + why + (response.ok() ? "" : " (the platform answered " + response.summary() + ")"));
        } catch (IOException e) {
            log("failed job " + job.id() + ": " + why + " (not reported: " + oneLine(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return JobEnd.FAILED;
    }

    private JobEnd release(Job job) {
        try {
            client.release(job.id(), "runner shutting down");
            log("released job " + job.id() + ": runner shutting down");
        } catch (IOException | InterruptedException e) {
            log("could not release job " + job.id() + " (" + oneLine(e) + "); its lease will expire");
        }
        return JobEnd.DROPPED;
    }

    private void leaseLost(Job job) {
        log("job " + job.id() + ": heartbeat answered 409 lease-lost; stopping its command");
        JobProcess process = running;
        if (process != null) {
            process.kill();
        }
    }

    private void sleepUnlessStopping(Duration duration) throws InterruptedException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            if (!stopping) {
                throw e;
            }
        }
    }

    private void log(String line) {
        log.println(line);
        log.flush();
    }

    static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}
