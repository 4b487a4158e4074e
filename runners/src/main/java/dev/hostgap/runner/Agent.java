package dev.hostgap.runner;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/**
 * The lease loop of {@code hostgap-runner agent}: lease a job, check its commit out, run its command
 * while heartbeating, send the result file back or say why there is none. One job at a time.
 */
final class Agent {

    static final int LEASE_WAIT_SECONDS = 20;
    private static final Duration MAX_LEASE_BACKOFF = Duration.ofSeconds(60);

    private final JobClient client;
    private final Checkout checkout;
    private final Path logs;
    private final List<String> labels;
    private final Supplier<EnvironmentReport> environment;
    private final PrintWriter log;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile JobProcess running;
    private volatile Thread loopThread;
    private volatile boolean inJob;
    Duration firstLeaseBackoff = Duration.ofSeconds(2);

    Agent(JobClient client, Path workDir, List<String> labels, Supplier<EnvironmentReport> environment, PrintWriter log) {
        this.client = client;
        this.checkout = new Checkout(workDir);
        this.logs = workDir.resolve("logs");
        this.labels = labels;
        this.environment = environment;
        this.log = log;
    }

    /** Leases and works until {@link #shutdown}, or after one job when {@code once}. */
    void run(boolean once) throws InterruptedException {
        loopThread = Thread.currentThread();
        Duration backoff = firstLeaseBackoff;
        try {
            while (!stopping) {
                Optional<Job> job;
                try {
                    job = client.lease(labels, LEASE_WAIT_SECONDS);
                    backoff = firstLeaseBackoff;
                } catch (IOException e) {
                    log("lease failed (" + oneLine(e) + "); trying again in " + backoff.toSeconds() + " s");
                    sleepUnlessStopping(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_LEASE_BACKOFF) > 0 ? MAX_LEASE_BACKOFF : backoff.multipliedBy(2);
                    continue;
                } catch (InterruptedException e) {
                    if (stopping) {
                        break;
                    }
                    throw e;
                }
                if (job.isPresent()) {
                    work(job.get());
                    if (once) {
                        break;
                    }
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

    private void work(Job job) throws InterruptedException {
        inJob = true;
        log("leased job " + job.id() + " " + job.project() + " sha " + job.shortSha() + " attempt " + job.attempt());
        try (Heartbeat heartbeat = new Heartbeat(client, job, this::leaseLost)) {
            if (stopping) {
                release(job);
                return;
            }
            Path dir;
            try {
                dir = checkout.at(job.repoUrl(), job.sha());
            } catch (IOException e) {
                fail(job, "checkout failed: " + oneLine(e), "");
                return;
            }
            if (heartbeat.lost()) {
                log("job " + job.id() + ": lease lost during checkout; dropped");
                return;
            }
            measure(job, dir, heartbeat);
        } finally {
            inJob = false;
        }
    }

    private void measure(Job job, Path dir, Heartbeat heartbeat) throws InterruptedException {
        JobProcess.Outcome outcome;
        EnvironmentReport node;
        try {
            Files.deleteIfExists(dir.resolve(ResultFile.NAME)); // never send a stale file as this commit's result
            node = environment.get();
            Files.createDirectories(logs);
            running = JobProcess.start(job.command(), dir, jobEnvironment(job), logs.resolve("job-" + job.id() + ".log"));
        } catch (IOException e) {
            fail(job, "could not start the command: " + oneLine(e), "");
            return;
        }
        if (stopping) {
            running.kill(); // the hook may have looked before the process was set
        }
        outcome = running.await(Duration.ofSeconds(job.timeoutSeconds() > 0 ? job.timeoutSeconds() : 3600));
        running = null;
        if (heartbeat.lost()) {
            log("job " + job.id() + ": lease lost (cancelled or expired); command killed, job dropped");
        } else if (stopping) {
            release(job);
        } else if (outcome.end() == JobProcess.End.TIMED_OUT) {
            fail(job, "timed out after " + job.timeoutSeconds() + " s; the command was killed", outcome.tail());
        } else if (outcome.exitCode() != 0) {
            fail(job, "the command exited with " + outcome.exitCode(), outcome.tail());
        } else {
            ResultFile result = ResultFile.in(dir);
            if (result.present()) {
                complete(job, result.json(), node);
            } else {
                fail(job, result.problem(), outcome.tail());
            }
        }
    }

    private void complete(Job job, JsonNode result, EnvironmentReport node) {
        UUID runId = UUID.randomUUID();
        try {
            PlatformHttp.Response response = client.complete(job.id(), runId, result, node);
            if (response.ok()) {
                log("completed job " + job.id() + " run " + runId);
            } else if (response.status() == 409) {
                log("job " + job.id() + ": lease lost before the result was taken (" + response.summary() + ")");
            } else {
                fail(job, "the platform refused the result: " + response.summary(), "");
            }
        } catch (IOException e) {
            log("job " + job.id() + ": could not send the result (" + oneLine(e) + "); the lease will expire and the job be queued again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(Job job, String why, String tail) {
        String reason = (tail.isBlank() ? why : why + "\n--- last output ---\n" + tail).replace('\0', ' ');
        try {
            PlatformHttp.Response response = client.fail(job.id(), reason, true);
            log("failed job " + job.id() + ": " + why + (response.ok() ? "" : " (the platform answered " + response.summary() + ")"));
        } catch (IOException e) {
            log("failed job " + job.id() + ": " + why + " (not reported: " + oneLine(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void release(Job job) {
        try {
            client.release(job.id(), "runner shutting down");
            log("released job " + job.id() + ": runner shutting down");
        } catch (IOException | InterruptedException e) {
            log("could not release job " + job.id() + " (" + oneLine(e) + "); its lease will expire");
        }
    }

    private void leaseLost(Job job) {
        log("job " + job.id() + ": heartbeat answered 409 lease-lost; stopping its command");
        JobProcess process = running;
        if (process != null) {
            process.kill();
        }
    }

    /** What the command may use to describe its run, e.g. {@code hostgap-runner run --sha "$HOSTGAP_SHA"}. */
    private static Map<String, String> jobEnvironment(Job job) {
        return Map.of("HOSTGAP_JOB_ID", String.valueOf(job.id()), "HOSTGAP_PROJECT", String.valueOf(job.project()),
                "HOSTGAP_SHA", job.sha(), "HOSTGAP_BRANCH", job.branch() == null ? "" : job.branch(),
                "HOSTGAP_RESULT_FILE", ResultFile.NAME);
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
