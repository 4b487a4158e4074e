package dev.hostgap.platform.notify;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;

import dev.hostgap.platform.jobs.JobStateChanged;
import dev.hostgap.platform.regressions.ChangesRecorded;
import dev.hostgap.platform.regressions.RunJudged;
import dev.hostgap.platform.support.Hashes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells GitHub or GitLab a job's commit's answer whenever it moves: pending when the job is queued,
 * the verdict once its run is judged, an error when the job or judging failed for good, and again
 * when a change dated to it or below it is opened, confirmed, re-dated, dismissed or triaged. For a
 * pull request, the comment too. Events arrive on other features' threads, so all of the work, the
 * job lookup included, runs on this feature's two threads; retries are scheduled there too, never
 * slept through. Each message is leased in the {@code notification} table before it is sent, so
 * one worker of one instance sends it at a time even when an event and the sweep both find its job
 * or several instances share the database. The lease is renewed before every attempt and covers the
 * wait before a retry; an instance that stops hands its leases back, and the lease of one that was
 * killed expires: either way another instance's sweep (or this one's after a restart) sends the
 * message.
 */
@Component
class Notifier {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    private static final int SWEEP_BATCH = 100;
    /** How many later commits of a branch are told again when a change below them moves. */
    private static final int LATER_COMMITS = 100;

    private final CiJobs jobs;
    private final NotificationLog notifications;
    private final CiMessages messages;
    private final Sender sender;
    private final NotifyProperties properties;
    private final Map<String, ProviderApi> providers;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicInteger pending = new AtomicInteger();
    /** This instance's name on the leases it holds: unique per start, readable in the table. */
    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private volatile boolean stopping;
    /** The messages this instance leased and has not finished: what a stop hands back. */
    private final Set<Long> held = ConcurrentHashMap.newKeySet();

    Notifier(CiJobs jobs, NotificationLog notifications, CiMessages messages, Sender sender, NotifyProperties properties,
             JsonMapper json) {
        this.jobs = jobs;
        this.notifications = notifications;
        this.messages = messages;
        this.sender = sender;
        this.properties = properties;
        this.providers = Map.of(
                "github", new GitHubApi(properties.github().apiUrl(), properties.github().token(), json),
                "gitlab", new GitLabApi(properties.gitlab().apiUrl(), properties.gitlab().token(), json));
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "hostgap-notify-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.executor.setRemoveOnCancelPolicy(true);
    }

    @EventListener
    public void onRunJudged(RunJudged event) {
        tell(() -> jobs.answeredBy(event.runId()), "run " + event.runId());
    }

    /** Queued (pending) or failed for good (error): told once the transaction that did it committed. */
    @TransactionalEventListener(fallbackExecution = true)
    public void onJobStateChanged(JobStateChanged event) {
        tell(() -> jobs.byId(event.jobId()), "job " + event.jobId());
    }

    /** A change moved: its commits' answers, and those of the commits built on them, are told again. */
    @TransactionalEventListener(fallbackExecution = true)
    public void onChangesRecorded(ChangesRecorded event) {
        tell(() -> jobs.ofCommitsAndLater(event.commitIds(), LATER_COMMITS), "changes at commits " + event.commitIds());
    }

    /**
     * Marks the jobs' messages to be sent, on the caller's thread (a few rows: what makes an event that
     * is lost after this — a restart, a full queue — one the sweep still finds), then sends them on
     * this feature's threads.
     */
    private void tell(Supplier<List<CiJob>> find, String what) {
        List<CiJob> found;
        try {
            found = jobs.withSiblings(find.get()).stream().filter(job -> configured(job.provider())).toList();
            found.forEach(job -> notifications.request(job.id(), kinds(job)));
        } catch (RuntimeException e) {
            log.error("Could not queue the notifications of {}", what, e);
            return;
        }
        if (!found.isEmpty()) {
            submit(() -> found.forEach(this::notifyJob), what);
        }
    }

    private boolean configured(String provider) {
        ProviderApi api = providers.get(provider);
        return api != null && api.configured();
    }

    private static List<String> kinds(CiJob job) {
        return job.isPullRequest() ? List.of("status", "comment") : List.of("status");
    }

    @Scheduled(fixedDelayString = "${hostgap.notify.sweep-interval:30s}", initialDelayString = "${hostgap.notify.sweep-interval:30s}")
    public void sweep() {
        List<String> configured = providers.entrySet().stream().filter(e -> e.getValue().configured()).map(Map.Entry::getKey).toList();
        if (!configured.isEmpty()) {
            // with their siblings: a lost event's answer is told by every job that shares its status
            submit(() -> jobs.withSiblings(jobs.needingNotification(configured, SWEEP_BATCH)).forEach(job -> {
                notifications.request(job.id(), kinds(job));
                notifyJob(job);
            }), "the sweep");
        }
    }

    /** New work, bounded: past {@code max-pending} it is left to the sweep, which finds it in the database. */
    private void submit(Runnable work, String what) {
        if (pending.incrementAndGet() > properties.maxPending()) {
            pending.decrementAndGet();
            log.warn("{} notifications are waiting; {} is left to the next sweep", properties.maxPending(), what);
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.error("Notifying CI for {} failed", what, e);
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException stopping) {
            // this instance is stopping: the messages are queued in the database, where any instance's sweep finds them
            pending.decrementAndGet();
        }
    }

    /**
     * Tells the job's provider its commit's answer as it is now. The message is composed first, then
     * claimed: whoever claims sends the newest answer, and an answer that moves while a message is
     * being sent is sent again after it. A status identical to the one last delivered is not sent twice.
     */
    void notifyJob(CiJob job) {
        ProviderApi api = providers.get(job.provider());
        if (api == null || !api.configured()) {
            log.info("Job {} is not reported to {}: hostgap.notify.{}.token is not set", job.id(), job.provider(), job.provider());
            return;
        }
        if (stopping) {
            return; // what is asked for stays queued for another instance
        }
        List<NotificationLog.Claim> claims = notifications.claim(job.id(), owner, properties.lease(Duration.ZERO));
        if (claims.isEmpty()) {
            return; // nothing asked for, or another worker is sending: it sends again once it is done
        }
        claims.forEach(c -> held.add(c.id()));
        claims.stream().filter(c -> c.expiredOwner() != null).forEach(c -> log.info(
                "Took over the {} of job {} from {}, whose lease expired (stopped or killed)", c.kind(), job.id(), c.expiredOwner()));
        CiMessage message;
        try {
            message = messages.compose(job); // after the claim: whoever sends, sends the answer as it is now
        } catch (RuntimeException e) {
            log.error("Could not compose the notification of job {}", job.id(), e);
            claims.forEach(c -> {
                notifications.finish(c.id(), c.lease(), c.attempts(), "failed", null, "composing the message failed: " + e, null);
                held.remove(c.id());
            });
            return;
        }
        for (NotificationLog.Claim claim : claims) {
            boolean status = claim.kind().equals("status");
            String key = status ? message.statusKey() : message.markdown() == null ? null : Hashes.sha256Hex(message.markdown());
            if (key == null || key.equals(claim.lastSent())) {
                finished(job, claim, claim.attempts(), "delivered", null,
                        key == null ? "nothing to send yet" : "unchanged: not sent again", key);
                continue;
            }
            Supplier<Attempt> send = status ? () -> sender.status(api, job, message) : () -> sender.comment(api, job, message);
            attempt(job, claim, claim.attempts() + 1, send, key);
        }
    }

    private void attempt(CiJob job, NotificationLog.Claim claim, int number, Supplier<Attempt> send, String key) {
        // every attempt, the first too: a claim can wait (the comment's lock, a busy executor) past its lease
        if (!notifications.renew(claim.id(), claim.lease(), properties.lease(Duration.ZERO))) {
            log.info("The {} of job {} was taken over by another instance; attempt {} is left to it", claim.kind(), job.id(), number);
            held.remove(claim.id());
            return;
        }
        Attempt outcome;
        try {
            outcome = send.get();
        } catch (RuntimeException e) {
            outcome = new Attempt.Failed(null, e.toString());
        }
        if (outcome instanceof Attempt.Delivered delivered) {
            finished(job, claim, number, "delivered", delivered.status(), delivered.note(), key);
        } else if (stopping) {
            // cut short by the stop, or failed while stopping: its outcome is unknown or not final, and
            // stop() hands the lease back so that another instance sends it again
            log.info("The {} of job {} is handed back at shutdown after attempt {}", claim.kind(), job.id(), number);
        } else if (outcome instanceof Attempt.Retry retry && number < properties.maxAttempts()) {
            Duration wait = retry.after() == null ? jittered(properties.backoff(number + 1))
                    : retry.after().compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : retry.after();
            if (!notifications.retrying(claim.id(), claim.lease(), number, retry.status(), retry.error(), properties.lease(wait))) {
                log.info("The {} of job {} was taken over by another instance after attempt {}", claim.kind(), job.id(), number);
                held.remove(claim.id());
                return;
            }
            log.info("The {} of job {} was not taken ({}); attempt {} in {}", claim.kind(), job.id(), retry.error(), number + 1, wait);
            try {
                executor.schedule(() -> attempt(job, claim, number + 1, send, key), wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stoppingNow) {
                // the stop began after the check above: the row is held, and stop() hands it back
            }
        } else {
            Integer status = outcome instanceof Attempt.Retry r ? r.status() : ((Attempt.Failed) outcome).status();
            String error = outcome instanceof Attempt.Retry r ? r.error() : ((Attempt.Failed) outcome).error();
            log.warn("The {} of job {} failed after {} attempt(s): {}", claim.kind(), job.id(), number, error);
            finished(job, claim, number, "failed", status, error, null);
        }
    }

    /**
     * The backoff moved by up to 20% either way: messages that failed together (a burst, a provider's
     * outage) would otherwise retry together, in step, forever.
     */
    private static Duration jittered(Duration backoff) {
        return Duration.ofMillis(Math.round(backoff.toMillis() * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble())));
    }

    /** Records the end of a send; when the answer moved meanwhile, the job is told again. */
    private void finished(CiJob job, NotificationLog.Claim claim, int attempts, String state, Integer status, String note, String sent) {
        Optional<Boolean> again = notifications.finish(claim.id(), claim.lease(), attempts, state, status, note,
                state.equals("delivered") ? sent : null);
        held.remove(claim.id());
        if (again.isEmpty()) {
            // the lease was lost before the send ended (a stall, a slow provider): what this send
            // delivered may be older than what the claim that took over sent, and may have landed last
            log.info("The {} of job {} ended after its lease was taken over; it is sent once more", claim.kind(), job.id());
            notifications.sentAfterLosingTheLease(claim.id());
        } else if (again.get()) {
            submit(() -> notifyJob(job), "job " + job.id() + " again");
        }
    }

    /**
     * Attempts still scheduled are dropped and a call in flight is interrupted; every message this
     * instance leased is handed back to the queue, where another instance's sweep (or this one's
     * after its restart) finds it at once rather than when the lease would have expired.
     */
    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
        if (held.isEmpty()) {
            return; // nothing to hand back: no database call (the database may be stopping too)
        }
        // bounded: a database that is gone must not hold up the stop (the leases then expire instead)
        CompletableFuture<Integer> release = CompletableFuture.supplyAsync(() -> notifications.release(owner));
        try {
            int released = release.get(5, TimeUnit.SECONDS);
            log.info("Handed {} notification(s) being sent back to the queue for another instance", released);
        } catch (ExecutionException | TimeoutException e) {
            release.cancel(true);
            log.warn("Could not hand this instance's {} notification(s) back; they are taken over when their leases expire",
                    held.size(), e);
        }
    }
}
