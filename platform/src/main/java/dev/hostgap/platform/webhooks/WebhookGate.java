package dev.hostgap.platform.webhooks;

import java.util.function.Supplier;

import dev.hostgap.platform.support.Permits;
import org.springframework.stereotype.Component;

/**
 * Bounds what webhook deliveries hold at once. Webhooks carry no bearer token, so anyone can send
 * them: 64 bodies of 16 MB at once, read whole into the heap before any check, ran a 1 GB heap out
 * of memory (attack pass, 2026-12-07). Two bounds:
 * <ul>
 * <li>{@code max-concurrent-reads} bodies are read and their signature checked at once (each at most
 * {@code max-body-size}); more wait up to {@code delivery-wait}, then get 503 with Retry-After;</li>
 * <li>{@code max-concurrent-deliveries} authenticated deliveries are parsed and stored at once, so
 * that a burst from a real repository cannot take the database connections reads need.</li>
 * </ul>
 * Nothing is stored for a delivery refused here; GitHub and GitLab show it as failed, and it can be
 * re-delivered from the webhook's settings.
 */
@Component
class WebhookGate {

    private static final String REFUSAL = "Too many webhook deliveries at once; this one was not processed. "
            + "Re-deliver it from the repository's webhook settings.";

    private final Permits reads;
    private final Permits deliveries;

    WebhookGate(WebhookProperties properties) {
        this.reads = new Permits(properties.maxConcurrentReads(), properties.deliveryWait());
        this.deliveries = new Permits(properties.maxConcurrentDeliveries(), properties.deliveryWait());
    }

    /** Reading a body and checking its signature: unauthenticated work. */
    <T> T reading(Supplier<T> read) {
        return reads.run(REFUSAL, read);
    }

    /** Parsing and storing an authenticated delivery. */
    <T> T delivering(Supplier<T> delivery) {
        return deliveries.run(REFUSAL, delivery);
    }
}
