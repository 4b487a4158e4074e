package dev.hostgap.platform.support;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;

/**
 * At most {@code count} pieces of work at once, first come first served; one that cannot start
 * within {@code wait} is refused with 503 {@code overloaded} and Retry-After, having done nothing.
 * The admission of uploads and of webhook deliveries.
 */
public final class Permits {

    private final Semaphore semaphore;
    private final long waitNanos;

    public Permits(int count, Duration wait) {
        this.semaphore = new Semaphore(Math.max(1, count), true);
        this.waitNanos = wait.toNanos();
    }

    /** Runs the work holding a permit; {@code refusal} is the 503's detail when none comes in time. */
    public <T> T run(String refusal, Supplier<T> work) {
        boolean admitted;
        try {
            admitted = semaphore.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            throw new ApiProblem(ProblemType.OVERLOADED, refusal);
        }
        try {
            return work.get();
        } finally {
            semaphore.release();
        }
    }

    /** Takes every free permit, as a burst would; returns how many (tests use it to fill the gate). */
    public int occupy() throws InterruptedException {
        int free = semaphore.availablePermits();
        semaphore.acquire(free);
        return free;
    }

    /** Gives back permits taken by {@link #occupy()}. */
    public void release(int count) {
        semaphore.release(count);
    }
}
