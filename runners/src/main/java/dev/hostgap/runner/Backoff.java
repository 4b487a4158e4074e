package dev.hostgap.runner;

import java.time.Duration;

/**
 * A bounded exponential pause (first, twice that, … up to a cap; back to first after a success),
 * the one retry rule of the agent's leases, its failed jobs and its result uploads, so a node that
 * keeps failing slows down instead of hammering the platform or burning a job's attempts at once.
 * Not thread-safe: each loop holds its own.
 */
final class Backoff {

    private final Duration first;
    private final Duration max;
    private Duration next;

    Backoff(Duration first, Duration max) {
        if (first.isNegative() || first.isZero()) {
            throw new IllegalArgumentException("a backoff must start above zero, not at " + first);
        }
        this.first = first;
        this.max = max.compareTo(first) < 0 ? first : max;
        this.next = first;
    }

    /** The pause to take now; the one after it is twice as long, up to the cap. */
    Duration next() {
        Duration now = next;
        next = now.multipliedBy(2).compareTo(max) > 0 ? max : now.multipliedBy(2);
        return now;
    }

    void reset() {
        next = first;
    }
}
