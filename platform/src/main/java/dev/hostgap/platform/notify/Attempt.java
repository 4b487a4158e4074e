package dev.hostgap.platform.notify;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * How one call to a provider ended. Server errors, connection failures and rate limits (429, or 403
 * with {@code Retry-After} or {@code X-RateLimit-Remaining: 0}) are worth another attempt, after the
 * wait the provider asked for when it named one; any other 4xx will not change by asking again.
 */
sealed interface Attempt {

    /** The provider took it. */
    record Delivered(Integer status, String note) implements Attempt {
    }

    /** Try again after {@code after} (when null: the configured backoff). */
    record Retry(Integer status, String error, Duration after) implements Attempt {
    }

    /** Final: logged and recorded. */
    record Failed(Integer status, String error) implements Attempt {
    }

    static Attempt of(HttpResponse<String> response, Instant now) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Delivered(status, null);
        }
        String error = "HTTP " + status + ": " + abbreviate(response.body());
        Optional<Duration> retryAfter = retryAfter(response, now);
        boolean rateLimited = status == 429 || status == 403 && (retryAfter.isPresent()
                || response.headers().firstValue("X-RateLimit-Remaining").filter("0"::equals).isPresent());
        if (rateLimited) {
            return new Retry(status, error, retryAfter.or(() -> rateLimitReset(response, now)).orElse(null));
        }
        if (status >= 500) {
            return new Retry(status, error, retryAfter.orElse(null));
        }
        return new Failed(status, error);
    }

    /** {@code Retry-After}: seconds or an HTTP date. */
    private static Optional<Duration> retryAfter(HttpResponse<String> response, Instant now) {
        return response.headers().firstValue("Retry-After").map(String::trim).flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    return Optional.of(nonNegative(Duration.between(now, at)));
                } catch (RuntimeException unreadable) {
                    return Optional.empty();
                }
            }
        });
    }

    /** GitHub's {@code X-RateLimit-Reset}: the epoch second the rate limit window starts again. */
    private static Optional<Duration> rateLimitReset(HttpResponse<String> response, Instant now) {
        return response.headers().firstValue("X-RateLimit-Reset").flatMap(reset -> {
            try {
                return Optional.of(nonNegative(Duration.between(now, Instant.ofEpochSecond(Long.parseLong(reset.trim())))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }
}
