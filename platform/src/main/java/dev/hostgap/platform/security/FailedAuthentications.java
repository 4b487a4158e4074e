package dev.hostgap.platform.security;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counts requests with a wrong token per client address in one-minute windows. Past the limit the
 * client is refused (429) until its window ends, so a token cannot be guessed at thousands of tries
 * a second, and every failure is logged with the address. Kept in memory: per instance, and lost at
 * a restart, which is enough to turn guessing from seconds into centuries.
 */
@Component
class FailedAuthentications {

    private static final Logger log = LoggerFactory.getLogger(FailedAuthentications.class);
    private static final long WINDOW_MILLIS = 60_000;
    private static final int MAX_CLIENTS = 10_000;

    private record Window(long start, int failures) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final int limit;
    private final Clock clock;

    @Autowired
    FailedAuthentications(SecurityProperties properties) {
        this(properties.failedAuthLimit(), Clock.systemUTC());
    }

    FailedAuthentications(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** Seconds the client must wait, or 0 when it may try. */
    long blockedFor(String client) {
        Window w = windows.get(client);
        long now = clock.millis();
        if (w == null || now - w.start() >= WINDOW_MILLIS || w.failures() < limit) {
            return 0;
        }
        return Math.max(1, (w.start() + WINDOW_MILLIS - now + 999) / 1000);
    }

    void failed(String client, String reason) {
        if (windows.size() > MAX_CLIENTS) {
            windows.clear(); // a flood of addresses: start over rather than grow without bound
        }
        long now = clock.millis();
        Window w = windows.merge(client, new Window(now, 1), (old, fresh) ->
                now - old.start() >= WINDOW_MILLIS ? fresh : new Window(old.start(), old.failures() + 1));
        log.warn("Failed authentication from {} ({}), {} in this minute", client, reason, w.failures());
    }
}
