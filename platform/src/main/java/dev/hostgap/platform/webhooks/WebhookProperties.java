package dev.hostgap.platform.webhooks;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What a delivery queues, and how many are worked on at once.
 *
 * @param pullRequestRuns how many times a pull request's head is measured (each a job of its own). A
 *                        branch commit is measured once: later commits confirm or dismiss what its run
 *                        suggests. A pull request is judged once, against its base: with one run, a
 *                        series of 2% run-to-run noise needs about +9% to +13% to count; with three,
 *                        about +6% to +8%
 * @param maxConcurrentDeliveries authenticated deliveries parsed and stored at once; the rest wait
 * @param maxConcurrentReads bodies read and signature-checked at once, each at most {@code maxBodySize}:
 *                        anyone can send a webhook, so this bounds the heap unauthenticated bodies hold
 * @param deliveryWait    how long a delivery waits for its turn before 503 with Retry-After (GitHub and
 *                        GitLab show it as failed; it can be re-delivered from their settings page)
 * @param maxBodySize     largest webhook body read (413 beyond): a push or pull request payload is tens of
 *                        kilobytes (GitHub lists at most 20 commits of a push); anyone can send one
 */
@Validated
@ConfigurationProperties("hostgap.webhooks")
record WebhookProperties(@Min(1) @Max(10) @DefaultValue("3") int pullRequestRuns,
                         @Min(1) @Max(64) @DefaultValue("2") int maxConcurrentDeliveries,
                         @Min(1) @Max(256) @DefaultValue("16") int maxConcurrentReads,
                         @NotNull @DefaultValue("10s") Duration deliveryWait,
                         @NotNull @DefaultValue("5MB") org.springframework.util.unit.DataSize maxBodySize) {
}
