package dev.hostgap.platform.runs;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.support.BodyLimitProperties;
import org.springframework.stereotype.Component;

/**
 * Bounds how many uploads are stored at once. Under a burst (128 CI jobs finishing together) the
 * rest wait briefly and are then told to come back (503 with Retry-After), instead of all taking
 * pool connections until requests fail with 500 and detection and reads starve.
 */
@Component
class UploadGate {

    private final Semaphore permits;
    private final long waitMillis;

    UploadGate(BodyLimitProperties properties) {
        this.permits = new Semaphore(Math.max(1, properties.maxConcurrentUploads()), true);
        this.waitMillis = properties.uploadWait().toMillis();
    }

    <T> T through(Supplier<T> upload) {
        boolean admitted;
        try {
            admitted = permits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            throw new ApiProblem(ProblemType.OVERLOADED, "Too many uploads at once; this one was not stored. "
                    + "Retry in a second (the runner's uploader does).");
        }
        try {
            return upload.get();
        } finally {
            permits.release();
        }
    }

    /** For tests: take every permit, as a burst would. */
    void occupy() throws InterruptedException {
        permits.acquire(permits.availablePermits());
    }

    void release(int count) {
        permits.release(count);
    }
}
