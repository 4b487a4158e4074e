package dev.hostgap.platform.compare;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.hostgap.platform.runs.Measurements;
import dev.hostgap.platform.runs.RunIngested;
import dev.hostgap.platform.stats.RunNoise;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The run-to-run noise of each series as compare estimates it (from its newest runs), kept in memory
 * for {@link #TTL_MILLIS} over the estimates {@link SeriesNoiseStore} keeps in the database: every
 * compare of a project reads the same series again, while only a new run of a series changes them.
 * <p>After a run commits, its series are dropped here and estimated again at once, in the
 * background, so that the first compare after an upload (a CI status, a pull-request comment) finds
 * them ready; while uploads keep coming, one such refresh runs at most every {@link #REFRESH_GAP_MILLIS}
 * and takes every series that changed meanwhile. A run stored on another instance is seen here within
 * the time to live, or at once where the estimate is not in memory (the stored one is checked against
 * the series' newest run).
 */
@Component
class NoiseCache {

    private static final Logger log = LoggerFactory.getLogger(NoiseCache.class);
    static final long TTL_MILLIS = 30_000;
    /** Refreshes do not take more than about a tenth of a core while uploads keep coming (one read is ~100 ms). */
    static final long REFRESH_GAP_MILLIS = 1_000;
    private static final int MAX_ENTRIES = 100_000;

    /**
     * A series' noise and the level it was read at (for a calibration floor); {@code at} on this JVM's
     * clock, for the time to live; {@code readAt} on the database's, to order reads of the series. A
     * null noise marks the series as changed at {@code readAt}: nothing read before then is kept.
     */
    record Estimate(RunNoise noise, double level, long at, Instant readAt) {

        static Estimate changedAt(Instant at) {
            return new Estimate(null, Double.NaN, 0, at);
        }

        /** The later read of the series; a mark of change beats every read that began before it. */
        static Estimate later(Estimate kept, Estimate other) {
            return other.readAt().isBefore(kept.readAt()) ? kept : other;
        }
    }

    private final Map<Long, Estimate> entries = new ConcurrentHashMap<>();
    private final Measurements measurements;
    private final SeriesNoiseStore store;
    private final Set<Long> changed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean refreshScheduled = new AtomicBoolean();
    private volatile long lastRefreshEnd;
    private volatile boolean refreshing;
    private final ScheduledThreadPoolExecutor refresher = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "hostgap-noise-refresh");
        t.setDaemon(true);
        return t;
    });

    NoiseCache(Measurements measurements, SeriesNoiseStore store) {
        this.measurements = measurements;
        this.store = store;
    }

    /** The estimates of the series: from memory while fresh, else stored or read now. */
    Map<Long, Estimate> estimates(Collection<Long> seriesIds) {
        long now = System.currentTimeMillis();
        Map<Long, Estimate> found = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (Long id : seriesIds) {
            Estimate e = entries.get(id);
            if (e != null && e.noise() != null && now - e.at() < TTL_MILLIS) {
                found.put(id, e);
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            Map<Long, Estimate> loaded = store.estimates(missing);
            remember(loaded);
            found.putAll(loaded);
        }
        return found;
    }

    /** The estimates read from the runs now, never from memory or the store: the upload answer, right after its run. */
    Map<Long, Estimate> current(Collection<Long> seriesIds) {
        Map<Long, Estimate> loaded = store.reestimate(seriesIds);
        remember(loaded);
        return loaded;
    }

    /**
     * Keeps the later read of each series: a refresh or a compare that read a series before a run of it
     * committed, and finishes after the run's own refresh, must not put back the estimate without it.
     */
    private void remember(Map<Long, Estimate> loaded) {
        if (entries.size() + loaded.size() > MAX_ENTRIES) {
            entries.clear();
        }
        loaded.forEach((id, e) -> entries.merge(id, e, Estimate::later));
    }

    /**
     * After the run's transaction committed: a compare started before then must not keep its series'
     * old noise. A pull request's run and a paired one are not in any series' noise history.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void onRunIngested(RunIngested event) {
        List<Long> series = measurements.seriesIdsOfOrdinaryRun(event.runId());
        if (series.isEmpty()) {
            return;
        }
        Instant committed = store.databaseNow();
        series.forEach(id -> entries.merge(id, Estimate.changedAt(committed), Estimate::later));
        changed.addAll(series);
        scheduleRefresh();
    }

    private void scheduleRefresh() {
        if (refreshScheduled.compareAndSet(false, true)) {
            long wait = Math.max(0, lastRefreshEnd + REFRESH_GAP_MILLIS - System.currentTimeMillis());
            refresher.schedule(this::refresh, wait, TimeUnit.MILLISECONDS);
        }
    }

    private void refresh() {
        refreshing = true;
        refreshScheduled.set(false);
        List<Long> series = new ArrayList<>(changed);
        changed.removeAll(series);
        try {
            if (!series.isEmpty()) {
                remember(store.reestimate(series));
            }
        } catch (RuntimeException e) {
            // tried again after the gap: only a read after the upload's commit is sure to hold its run
            log.warn("Could not estimate the noise of {} series again after an upload; trying again", series.size(), e);
            changed.addAll(series);
        } finally {
            lastRefreshEnd = System.currentTimeMillis();
            refreshing = false;
        }
        if (!changed.isEmpty() && !refresher.isShutdown()) {
            scheduleRefresh(); // series that changed while this refresh ran, or this refresh's own after a failure
        }
    }

    /** No refresh waiting or running: what a test waits for before it looks at the stored estimates. */
    boolean idle() {
        return !refreshing && !refreshScheduled.get() && changed.isEmpty();
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }
}
