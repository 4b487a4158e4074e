package dev.hostgap.platform.compare;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.hostgap.platform.runs.Measurements;
import dev.hostgap.platform.stats.RunNoise;
import dev.hostgap.platform.stats.RunValue;
import dev.hostgap.platform.stats.SampleSummary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Each series' noise estimate, kept in {@code series_noise} so that it survives a restart and is
 * shared by every instance (issue 23: reading 200 series' newest 200 runs to estimate them cost
 * 260-400 ms of a cold compare at 700 commits on the 2-vCPU VM). A stored estimate answers for its
 * series only while the series' newest ordinary result is the one it was read with; otherwise the
 * estimate is read again from the runs, and stored. The estimate itself is {@link RunNoise#estimate}
 * of {@link Measurements#noiseHistory}, as before: the store changes where it is kept, not what it is.
 */
@Repository
class SeriesNoiseStore {

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
            found.putAll(estimateAndStore(stale, newest));
        }
        return found;
    }

    /**
     * The series' estimates read from their runs now, whatever is stored. After a run commits: a run
     * whose result id is lower than one already committed (two uploads of a series at once) does not
     * change the series' newest result, so only a read after its commit is sure to hold it.
     */
    Map<Long, NoiseCache.Estimate> reestimate(Collection<Long> seriesIds) {
        List<Long> ids = seriesIds.stream().distinct().toList();
        return estimateAndStore(ids, measurements.newestHistoryResults(ids));
    }

    private Map<Long, NoiseCache.Estimate> estimateAndStore(List<Long> ids, Map<Long, Long> newest) {
        Map<Long, List<RunValue>> history = measurements.noiseHistory(ids);
        long now = System.currentTimeMillis();
        Map<Long, NoiseCache.Estimate> estimates = new HashMap<>();
        List<Long> toStore = new ArrayList<>();
        for (Long id : ids) {
            List<RunValue> recent = history.getOrDefault(id, List.of());
            estimates.put(id, new NoiseCache.Estimate(RunNoise.estimate(recent),
                    SampleSummary.median(recent.stream().mapToDouble(RunValue::median).toArray()), now));
            if (!recent.isEmpty() && newest.containsKey(id)) {
                toStore.add(id); // a series without ordinary runs has nothing to keep: it is read again, at no cost
            }
        }
        store(toStore.stream().sorted().toList(), estimates, newest);
        return estimates;
    }

    private Map<Long, Stored> read(List<Long> ids) {
        Map<Long, Stored> stored = new HashMap<>();
        long now = System.currentTimeMillis();
        jdbc.sql("""
                        select series_id, within_machine, between_machines, runs, machines, level, newest_result_id
                        from series_noise where series_id = any(?)
                        """)
                .param(ids.toArray(Long[]::new))
                .query(rs -> {
                    stored.put(rs.getLong(1), new Stored(new NoiseCache.Estimate(new RunNoise(rs.getDouble(2), rs.getDouble(3),
                            rs.getInt(4), rs.getInt(5)), rs.getDouble(6), now), rs.getLong(7)));
                });
        return stored;
    }

    /**
     * One statement, in series order (the order a project's deletion locks them in). An estimate read
     * with an older newest result never replaces a newer one: two instances, or a compare and the
     * refresh after an upload, may store the same series at once.
     */
    private void store(List<Long> ids, Map<Long, NoiseCache.Estimate> estimates, Map<Long, Long> newest) {
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
        jdbc.sql("""
                        insert into series_noise as n (series_id, within_machine, between_machines, runs, machines, level,
                                                       newest_result_id)
                        select * from unnest(cast(? as bigint[]), cast(? as float8[]), cast(? as float8[]), cast(? as int[]),
                                             cast(? as int[]), cast(? as float8[]), cast(? as bigint[]))
                        on conflict (series_id) do update
                        set within_machine = excluded.within_machine, between_machines = excluded.between_machines,
                            runs = excluded.runs, machines = excluded.machines, level = excluded.level,
                            newest_result_id = excluded.newest_result_id, estimated_at = now()
                        where excluded.newest_result_id >= n.newest_result_id
                        """)
                .params(ids.toArray(Long[]::new), boxed(within), boxed(between), boxed(runs), boxed(machines), boxed(level),
                        java.util.Arrays.stream(mark).boxed().toArray(Long[]::new))
                .update();
    }

    private static Double[] boxed(double[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Double[]::new);
    }

    private static Integer[] boxed(int[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Integer[]::new);
    }
}
