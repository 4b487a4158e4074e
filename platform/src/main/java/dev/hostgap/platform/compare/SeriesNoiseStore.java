package dev.hostgap.platform.compare;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.hostgap.platform.runs.Measurements;
import dev.hostgap.platform.stats.RunNoise;
import dev.hostgap.platform.stats.RunValue;
import dev.hostgap.platform.stats.SampleSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Each series' noise estimate, kept in {@code series_noise} so that it survives a restart and is
 * shared by every instance (issue 23: reading 200 series' newest 200 runs to estimate them cost
 * 260-400 ms of a cold compare at 700 commits on the 2-vCPU VM). A stored estimate answers for its
 * series only while the series' newest ordinary result is the one it was read with; otherwise the
 * estimate is read again from the runs, and stored. The estimate itself is {@link RunNoise#estimate}
 * of {@link Measurements#noiseHistory}, as before: the store changes where it is kept, not what it is.
 *
 * <p>One case the newest result does not show: two uploads of a series at once, where the one that
 * took the lower result ids commits second. An estimate read between the two commits lacks it and
 * keeps the same newest result. The refresh after every upload ({@link NoiseCache}) reads the series
 * again after the commit, and a later read always wins over an earlier one; should that refresh not happen
 * (the instance stopped within the second after the upload, or an instance of the version before this
 * store took the upload), the estimate stops answering {@link #ANSWERS_FOR} after it was read.
 */
@Repository
class SeriesNoiseStore {

    private static final Logger log = LoggerFactory.getLogger(SeriesNoiseStore.class);
    /** The most a stored estimate that lacks a run may answer for: one slow compare a series per hour. */
    static final Duration ANSWERS_FOR = Duration.ofHours(1);

    private final Measurements measurements;
    private final JdbcClient jdbc;

    SeriesNoiseStore(Measurements measurements, JdbcClient jdbc) {
        this.measurements = measurements;
        this.jdbc = jdbc;
    }

    private record Stored(NoiseCache.Estimate estimate, long newestResultId) {
    }

    /** The series' estimates: the stored ones that still hold, the others read from their runs now (and stored). */
    Map<Long, NoiseCache.Estimate> estimates(Collection<Long> seriesIds) {
        List<Long> ids = seriesIds.stream().distinct().toList();
        Instant readAt = databaseNow();
        // newest first: a run stored between the two reads is then in the estimate but not in its
        // mark, and the estimate is read again next time, never the other way round
        Map<Long, Long> newest = measurements.newestHistoryResults(ids);
        Map<Long, Stored> stored = read(ids);
        Map<Long, NoiseCache.Estimate> found = new HashMap<>();
        List<Long> stale = new ArrayList<>();
        for (Long id : ids) {
            Stored s = stored.get(id);
            if (s != null && newest.containsKey(id) && s.newestResultId() == newest.get(id)) {
                found.put(id, s.estimate());
            } else {
                stale.add(id);
            }
        }
        if (!stale.isEmpty()) {
            found.putAll(estimateAndStore(stale, newest, readAt));
        }
        return found;
    }

    /**
     * The series' estimates read from their runs now, whatever is stored: after a run committed (the
     * refresh, the upload answer). A run whose result ids are lower than one already committed (two
     * uploads of a series at once) does not change the series' newest result, so only a read after its
     * commit is sure to hold it.
     */
    Map<Long, NoiseCache.Estimate> reestimate(Collection<Long> seriesIds) {
        List<Long> ids = seriesIds.stream().distinct().toList();
        Instant readAt = databaseNow();
        return estimateAndStore(ids, measurements.newestHistoryResults(ids), readAt);
    }

    /**
     * Taken before the runs are read, on the database's clock: a read that began before a commit is
     * stamped earlier than anything taken after that commit, whichever instance took it.
     */
    Instant databaseNow() {
        return jdbc.sql("select clock_timestamp()").query(OffsetDateTime.class).single().toInstant();
    }

    private Map<Long, NoiseCache.Estimate> estimateAndStore(List<Long> ids, Map<Long, Long> newest, Instant readAt) {
        Map<Long, List<RunValue>> history = measurements.noiseHistory(ids);
        long now = System.currentTimeMillis();
        Map<Long, NoiseCache.Estimate> estimates = new HashMap<>();
        List<Long> toStore = new ArrayList<>();
        for (Long id : ids) {
            List<RunValue> recent = history.getOrDefault(id, List.of());
            estimates.put(id, new NoiseCache.Estimate(RunNoise.estimate(recent),
                    SampleSummary.median(recent.stream().mapToDouble(RunValue::median).toArray()), now, readAt));
            if (!recent.isEmpty() && newest.containsKey(id)) {
                toStore.add(id); // a series without ordinary runs has nothing to keep: it is read again, at no cost
            }
        }
        store(toStore.stream().sorted().toList(), estimates, newest, readAt);
        return estimates;
    }

    private Map<Long, Stored> read(List<Long> ids) {
        Map<Long, Stored> stored = new HashMap<>();
        long now = System.currentTimeMillis();
        jdbc.sql("""
                        select series_id, within_machine, between_machines, runs, machines, level, newest_result_id, read_at
                        from series_noise where series_id = any(?) and read_at > clock_timestamp() - cast(? as interval)
                        """)
                .params(ids.toArray(Long[]::new), ANSWERS_FOR.toSeconds() + " seconds")
                .query(rs -> {
                    stored.put(rs.getLong(1), new Stored(new NoiseCache.Estimate(new RunNoise(rs.getDouble(2), rs.getDouble(3),
                            rs.getInt(4), rs.getInt(5)), rs.getDouble(6), now,
                            rs.getObject(8, OffsetDateTime.class).toInstant()), rs.getLong(7)));
                });
        return stored;
    }

    /**
     * One statement, in series order. Two instances, or a compare and the refresh after an upload, may
     * store the same series at once: an estimate never replaces one read later (a later read holds
     * every run an earlier one holds, and maybe one that committed in between). Storing is an optimisation: where it fails (a series
     * deleted meanwhile, a deadlock with a project's deletion) the estimate is still the answer.
     */
    private void store(List<Long> ids, Map<Long, NoiseCache.Estimate> estimates, Map<Long, Long> newest,
                       Instant readAt) {
        if (ids.isEmpty()) {
            return;
        }
        double[] within = new double[ids.size()];
        double[] between = new double[ids.size()];
        int[] runs = new int[ids.size()];
        int[] machines = new int[ids.size()];
        double[] level = new double[ids.size()];
        long[] mark = new long[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            NoiseCache.Estimate e = estimates.get(ids.get(i));
            within[i] = e.noise().within();
            between[i] = e.noise().between();
            runs[i] = e.noise().runs();
            machines[i] = e.noise().machines();
            level[i] = e.level();
            mark[i] = newest.get(ids.get(i));
        }
        try {
            jdbc.sql("""
                            insert into series_noise as n (series_id, within_machine, between_machines, runs, machines, level,
                                                           newest_result_id, read_at)
                            select x.*, cast(? as timestamptz)
                            from unnest(cast(? as bigint[]), cast(? as float8[]), cast(? as float8[]), cast(? as int[]),
                                        cast(? as int[]), cast(? as float8[]), cast(? as bigint[])) as x
                            on conflict (series_id) do update
                            set within_machine = excluded.within_machine, between_machines = excluded.between_machines,
                                runs = excluded.runs, machines = excluded.machines, level = excluded.level,
                                newest_result_id = excluded.newest_result_id, read_at = excluded.read_at
                            where excluded.read_at > n.read_at
                            """)
                    .params(OffsetDateTime.ofInstant(readAt, ZoneOffset.UTC), ids.toArray(Long[]::new),
                            boxed(within), boxed(between), boxed(runs), boxed(machines), boxed(level),
                            Arrays.stream(mark).boxed().toArray(Long[]::new))
                    .update();
        } catch (DataAccessException e) {
            log.info("Noise estimates of {} series not stored; they are read from their runs again next time: {}",
                    ids.size(), e.getMessage());
        }
    }

    private static Double[] boxed(double[] values) {
        return Arrays.stream(values).boxed().toArray(Double[]::new);
    }

    private static Integer[] boxed(int[] values) {
        return Arrays.stream(values).boxed().toArray(Integer[]::new);
    }
}
