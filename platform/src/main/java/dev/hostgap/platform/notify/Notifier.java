package dev.hostgap.platform.notify;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;

import dev.hostgap.platform.regressions.RunJudged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells GitHub or GitLab about a job once its run is judged: a commit status and, for a pull
 * request, the comment. {@link RunJudged} arrives on detection's own thread, so all of the work,
 * the job lookup included, runs on this feature's two threads; retries are scheduled there too,
 * never slept through. Each message is claimed in the {@code notification} table before its first
 * attempt, so a message is sent once even when the event and the sweep both find its job.
 */
@Component
class Notifier {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    private static final int SWEEP_BATCH = 100;

    private final CiJobs jobs;
    private final NotificationLog notifications;
    private final CiMessages messages;
    private final Sender sender;
    private final NotifyProperties properties;
    private final Map<String, ProviderApi> providers;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicInteger pending = new AtomicInteger();

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
        UUID runId = event.runId();
        submit(() -> jobs.completedBy(runId).forEach(this::notifyJob), "run " + runId);
    }

    @Scheduled(fixedDelayString = "${hostgap.notify.sweep-interval:30s}", initialDelayString = "${hostgap.notify.sweep-interval:30s}")
    public void sweep() {
        List<String> configured = providers.entrySet().stream().filter(e -> e.getValue().configured()).map(Map.Entry::getKey).toList();
        if (!configured.isEmpty()) {
            submit(() -> jobs.judgedWithoutNotification(configured, SWEEP_BATCH).forEach(this::notifyJob), "the sweep");
        }
    }

    /** New work, bounded: past {@code max-pending} it is left to the sweep, which finds it in the database. */
    private void submit(Runnable work, String what) {
        if (pending.incrementAndGet() > properties.maxPending()) {
            pending.decrementAndGet();
            log.warn("{} notifications are waiting; {} is left to the next sweep", properties.maxPending(), what);
            return;
        }
        executor.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.error("Notifying CI for {} failed", what, e);
            } finally {
                pending.decrementAndGet();
            }
        });
    }

    void notifyJob(CiJob job) {
        ProviderApi api = providers.get(job.provider());
        if (api == null || !api.configured()) {
            log.info("Job {} is not reported to {}: hostgap.notify.{}.token is not set", job.id(), job.provider(), job.provider());
            return;
        }
        List<NotificationLog.Claim> claims = notifications.claim(job.id(), job.isPullRequest() ? List.of("status", "comment") : List.of("status"));
        if (claims.isEmpty()) {
            return;
        }
        CiMessage message;
        try {
            message = messages.compose(job);
        } catch (RuntimeException e) {
            log.error("Could not compose the notification of job {}", job.id(), e);
            claims.forEach(c -> notifications.record(c.id(), 0, "failed", null, "composing the message failed: " + e));
            return;
        }
        for (NotificationLog.Claim claim : claims) {
            Supplier<Attempt> send = claim.kind().equals("status")
                    ? () -> sender.status(api, job, message)
                    : () -> sender.comment(api, job, message);
            attempt(job, claim, 1, send);
        }
    }

    private void attempt(CiJob job, NotificationLog.Claim claim, int number, Supplier<Attempt> send) {
        Attempt outcome;
        try {
            outcome = send.get();
        } catch (RuntimeException e) {
            outcome = new Attempt.Failed(null, e.toString());
        }
        if (outcome instanceof Attempt.Delivered delivered) {
            notifications.record(claim.id(), number, "delivered", delivered.status(), delivered.note());
        } else if (outcome instanceof Attempt.Retry retry && number < properties.maxAttempts()) {
            Duration wait = retry.after() == null ? properties.backoff(number + 1)
                    : retry.after().compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : retry.after();
            notifications.record(claim.id(), number, "pending", retry.status(), retry.error());
            log.info("The {} of job {} was not taken ({}); attempt {} in {}", claim.kind(), job.id(), retry.error(), number + 1, wait);
            executor.schedule(() -> attempt(job, claim, number + 1, send), wait.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            Integer status = outcome instanceof Attempt.Retry r ? r.status() : ((Attempt.Failed) outcome).status();
            String error = outcome instanceof Attempt.Retry r ? r.error() : ((Attempt.Failed) outcome).error();
            notifications.record(claim.id(), number, "failed", status, error);
            log.warn("The {} of job {} failed after {} attempt(s): {}", claim.kind(), job.id(), number, error);
        }
    }

    /** Attempts still scheduled are dropped; their rows stay {@code pending}. */
    @PreDestroy
    void stop() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
