package dev.hostgap.platform.webhooks;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import org.springframework.stereotype.Component;

/**
 * Lets {@code max-concurrent-deliveries} webhook deliveries be checked, parsed and stored at once.
 * Webhooks carry no bearer token, so anyone can send them: 24 bodies of 16 MB at once must not take
 * the processors (or, before the signature was checked first, the heap) that plain reads need. A
 * delivery that waits longer than {@code delivery-wait} gets 503 with Retry-After and nothing is
 * stored.
 */
@Component
class WebhookGate {

    private final Semaphore permits;
    private final long waitNanos;

    WebhookGate(WebhookProperties properties) {
        this.permits = new Semaphore(properties.maxConcurrentDeliveries(), true);
        this.waitNanos = properties.deliveryWait().toNanos();
    }

    <T> T through(Supplier<T> delivery) {
        boolean admitted;
        try {
            admitted = permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            throw new ApiProblem(ProblemType.OVERLOADED, "Too many webhook deliveries at once; this one was not processed. "
                    + "Re-deliver it from the repository's webhook settings.");
        }
        try {
            return delivery.get();
        } finally {
            permits.release();
        }
    }
}
