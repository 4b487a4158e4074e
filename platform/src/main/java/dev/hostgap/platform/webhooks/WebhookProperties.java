package dev.hostgap.platform.webhooks;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What a delivery queues.
 *
 * @param pullRequestRuns how many times a pull request's head is measured (each a job of its own). A
 *                        branch commit is measured once: later commits confirm or dismiss what its run
 *                        suggests. A pull request is judged once, against its base: with one run, a
 *                        series of 2% run-to-run noise needs about +9% to +13% to count; with three,
 *                        about +6% to +8%
 */
@Validated
@ConfigurationProperties("hostgap.webhooks")
record WebhookProperties(@Min(1) @Max(10) @DefaultValue("3") int pullRequestRuns) {
}
