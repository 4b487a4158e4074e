package dev.hostgap.platform.notify;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where commit statuses and pull request comments go once a job's run is judged, and how hard to try.
 * A provider without a token is not told anything.
 *
 * @param publicUrl this platform's address as a person's browser reaches it, for the links
 * @param maxAttempts attempts per message, the first included, before it is recorded as failed
 * @param firstBackoff wait before the second attempt; doubled for each further one
 * @param maxBackoff longest wait between two attempts, whatever the provider asked for
 * @param requestTimeout how long one call to the provider may take
 * @param sweepInterval how often jobs judged without a notification (an event lost to a restart or a
 *                      full queue) are looked for
 * @param maxPending messages waiting to be sent beyond which new ones are left to the sweep
 * @param leaseMargin how long past its expected end (the wait before the attempt, then two request
 *                    timeouts: a comment may list before it posts) a send stays leased to its
 *                    instance; an instance killed meanwhile loses the message to another this much later
 */
@Validated
@ConfigurationProperties("hostgap.notify")
record NotifyProperties(
        @Valid @DefaultValue Github github,
        @Valid @DefaultValue Gitlab gitlab,
        @NotNull @DefaultValue("http://localhost:8080") URI publicUrl,
        @Min(1) @Max(20) @DefaultValue("5") int maxAttempts,
        @NotNull @DefaultValue("2s") Duration firstBackoff,
        @NotNull @DefaultValue("10m") Duration maxBackoff,
        @NotNull @DefaultValue("10s") Duration requestTimeout,
        @NotNull @DefaultValue("30s") Duration sweepInterval,
        @Min(1) @DefaultValue("1000") int maxPending,
        @NotNull @DefaultValue("30s") Duration leaseMargin) {

    record Github(@NotNull @DefaultValue("https://api.github.com") URI apiUrl, String token) {
    }

    record Gitlab(@NotNull @DefaultValue("https://gitlab.com/api/v4") URI apiUrl, String token) {
    }

    /** The wait before attempt {@code next} (2, 3, …) when the provider named none. */
    Duration backoff(int next) {
        Duration wait = firstBackoff.multipliedBy(1L << Math.min(next - 2, 30));
        return wait.compareTo(maxBackoff) > 0 || wait.isNegative() ? maxBackoff : wait;
    }

    /** How long a send whose attempt starts after {@code wait} is leased for. */
    Duration lease(Duration wait) {
        return wait.plus(requestTimeout.multipliedBy(2)).plus(leaseMargin);
    }

    /** {@code publicUrl} without a trailing slash, to append paths to. */
    String publicBase() {
        String url = publicUrl.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
