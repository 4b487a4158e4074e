package dev.hostgap.platform.compare;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.hostgap.platform.runs.Measurements;
import dev.hostgap.platform.runs.RunIngested;
import dev.hostgap.platform.stats.RunNoise;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The run-to-run noise of each series as compare estimates it (from its newest runs), kept for
 * {@link #TTL_MILLIS}: every compare of a project reads the same 200 runs of every series again,
 * while only a new run of a series changes them. A run stored on this instance drops its series at
 * once; one stored on another instance is seen within the time to live. The upload answer does
 * not use it (it judges the run just stored).
 */
@Component
class NoiseCache {

    static final long TTL_MILLIS = 30_000;
    private static final int MAX_ENTRIES = 100_000;

    /** A series' noise and the level it was read at (for a calibration floor). */
    record Estimate(RunNoise noise, double level, long at) {
    }

    private final Map<Long, Estimate> entries = new ConcurrentHashMap<>();
    private final Measurements measurements;

    NoiseCache(Measurements measurements) {
        this.measurements = measurements;
    }

    /** The fresh estimates of the series, loading those missing or expired with {@code loader}. */
    Map<Long, Estimate> estimates(Collection<Long> seriesIds, Function<List<Long>, Map<Long, Estimate>> loader) {
        long now = System.currentTimeMillis();
        Map<Long, Estimate> found = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (Long id : seriesIds) {
            Estimate e = entries.get(id);
            if (e != null && now - e.at() < TTL_MILLIS) {
                found.put(id, e);
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            Map<Long, Estimate> loaded = loader.apply(missing);
            if (entries.size() + loaded.size() > MAX_ENTRIES) {
                entries.clear();
            }
            entries.putAll(loaded);
            found.putAll(loaded);
        }
        return found;
    }

    @EventListener
    void onRunIngested(RunIngested event) {
        measurements.seriesIdsOf(List.of(event.runId())).forEach(entries::remove);
    }
}
