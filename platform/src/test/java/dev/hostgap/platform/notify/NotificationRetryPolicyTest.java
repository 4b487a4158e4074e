package dev.hostgap.platform.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.net.ssl.SSLSession;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which provider answers are worth another attempt, and after how long. */
class NotificationRetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void retriesServerErrorsAfterTheConfiguredBackoff() {
        assertThat(Attempt.of(response(502, Map.of()), NOW)).isEqualTo(new Attempt.Retry(502, "HTTP 502: body", null));
        assertThat(Attempt.of(response(503, Map.of("Retry-After", "7")), NOW))
                .isEqualTo(new Attempt.Retry(503, "HTTP 503: body", Duration.ofSeconds(7)));
    }

    @Test
    void waitsForTheRateLimitWindowOnA403WithNoneRemaining() {
        var limited = response(403, Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", String.valueOf(NOW.getEpochSecond() + 42)));
        assertThat(Attempt.of(limited, NOW)).isEqualTo(new Attempt.Retry(403, "HTTP 403: body", Duration.ofSeconds(42)));
        assertThat(Attempt.of(response(429, Map.of("Retry-After", "Sat, 28 Nov 2026 12:00:30 GMT")), NOW))
                .isEqualTo(new Attempt.Retry(429, "HTTP 429: body", Duration.ofSeconds(30)));
    }

    @Test
    void givesUpAtOnceOnOtherClientErrors() {
        var forbidden = response(403, Map.of("X-RateLimit-Remaining", "4999", "X-RateLimit-Reset", "1900000000"));
        assertThat(Attempt.of(forbidden, NOW)).isEqualTo(new Attempt.Failed(403, "HTTP 403: body"));
        assertThat(Attempt.of(response(422, Map.of()), NOW)).isInstanceOf(Attempt.Failed.class);
        assertThat(Attempt.of(response(201, Map.of()), NOW)).isEqualTo(new Attempt.Delivered(201, null));
    }

    @Test
    void doublesTheBackoffUpToItsBound() {
        var properties = new NotifyProperties(null, null, URI.create("http://h/"), 5, Duration.ofSeconds(2),
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30), 10, Duration.ofSeconds(30));
        assertThat(List.of(properties.backoff(2), properties.backoff(3), properties.backoff(4), properties.backoff(5)))
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(10));
        assertThat(properties.publicBase()).isEqualTo("http://h");
        // a send is leased for its wait, two request timeouts (a comment lists before it posts) and the margin
        assertThat(properties.lease(Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(4 + 20 + 30));
    }

    private static HttpResponse<String> response(int status, Map<String, String> headers) {
        HttpHeaders httpHeaders = HttpHeaders.of(headers.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))), (k, v) -> true);
        return new HttpResponse<>() {
            public int statusCode() { return status; }
            public HttpRequest request() { return null; }
            public Optional<HttpResponse<String>> previousResponse() { return Optional.empty(); }
            public HttpHeaders headers() { return httpHeaders; }
            public String body() { return "body"; }
            public Optional<SSLSession> sslSession() { return Optional.empty(); }
            public URI uri() { return URI.create("http://h/"); }
            public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
        };
    }
}
