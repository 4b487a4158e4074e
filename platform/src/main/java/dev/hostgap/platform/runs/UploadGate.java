package dev.hostgap.platform.runs;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.support.BodyLimitProperties;
import dev.hostgap.platform.support.Permits;
import org.springframework.stereotype.Component;

/**
 * Admits uploads at the pace the platform can store <em>and judge</em> them. Two bounds:
 * <ul>
 * <li>at most {@code max-concurrent-uploads} are stored and answered at once, so that a burst (128
 * CI jobs finishing together) cannot take every pooled connection and starve reads and detection;</li>
 * <li>while more than {@code max-detection-backlog} runs wait to be judged, uploads wait too: one
 * detection worker judges what several request threads store, and without this bound the backlog,
 * and with it the delay before a regression is reported, grows for as long as the load lasts.</li>
 * </ul>
 * An upload that cannot get in within {@code upload-wait} gets 503 with Retry-After and nothing is
 * stored; the runner retries it.
 */
@Component
class UploadGate {

    /** How long a backlog count is reused: counting on every admission would add a query per upload. */
    private static final long BACKLOG_FRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Permits permits;
    private final long waitNanos;
    private final int maxBacklog;
    private final Measurements measurements;
    private volatile long backlog;
    private volatile long backlogCountedAt = System.nanoTime() - BACKLOG_FRESH_NANOS;

    UploadGate(BodyLimitProperties properties, Measurements measurements) {
        this.permits = new Permits(properties.maxConcurrentUploads(), properties.uploadWait());
        this.waitNanos = properties.uploadWait().toNanos();
        this.maxBacklog = properties.maxDetectionBacklog();
        this.measurements = measurements;
    }

    <T> T through(Supplier<T> upload) {
        long deadline = System.nanoTime() + waitNanos;
        return permits.run("Too many uploads at once; this one was not stored. Retry in a second (the runner's uploader does).",
                () -> {
                    awaitDetection(deadline);
                    return upload.get();
                });
    }

    /** Waits, holding the permit (the uploads behind would wait for the same thing), until detection is close enough. */
    private void awaitDetection(long deadline) {
        if (maxBacklog <= 0) {
            return;
        }
        while (backlog() >= maxBacklog) {
            if (System.nanoTime() >= deadline) {
                throw new ApiProblem(ProblemType.OVERLOADED, "Regression detection is " + backlog
                        + " runs behind; this upload was not stored so that verdicts stay current. "
                        + "Retry in a second (the runner's uploader does).");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiProblem(ProblemType.OVERLOADED, "Interrupted while waiting; this upload was not stored.");
            }
        }
    }

    private long backlog() {
        long now = System.nanoTime();
        if (now - backlogCountedAt >= BACKLOG_FRESH_NANOS) {
            backlog = measurements.countUnjudged();
            backlogCountedAt = now;
        }
        return backlog;
    }

    /** For tests: take every permit, as a burst would. */
    void occupy() throws InterruptedException {
        permits.occupy();
    }

    void release(int count) {
        permits.release(count);
    }
}
