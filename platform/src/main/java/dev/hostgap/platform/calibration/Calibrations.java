package dev.hostgap.platform.calibration;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.hostgap.platform.runs.Measurements;
import dev.hostgap.platform.runs.Measurements.SeriesInfo;
import dev.hostgap.platform.stats.RunNoise;
import dev.hostgap.platform.stats.RunValue;
import dev.hostgap.platform.stats.SampleSummary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * A/A calibrations: a commit measured in several separate runs, declared as runs of the same code.
 * This feature owns the calibration tables; compare and detection ask {@link #noiseOf} for the
 * noise a series' verdicts must never go below ({@link RunNoise#atLeast}).
 */
@Repository
public class Calibrations {

    private final JdbcClient jdbc;
    private final Measurements measurements;

    Calibrations(JdbcClient jdbc, Measurements measurements) {
        this.jdbc = jdbc;
        this.measurements = measurements;
    }

    /** One series' noise as a calibration measured it. */
    record SeriesNoise(SeriesInfo series, int runs, int machines, double level, double within, double between) {
    }

    record Calibration(long id, String commit, String note, String updatedBy, OffsetDateTime updatedAt,
                       List<SeriesNoise> noise) {
    }

    /**
     * Fewest runs of a series a calibration stores: a noise read off fewer is as likely several
     * times too large as right (one difference of two runs gives 5.2 times its size), and as a
     * floor it would hide real changes for good. The default {@code minHistoryRuns}.
     */
    static final int MIN_RUNS = dev.hostgap.platform.stats.Thresholds.DEFAULTS.minHistoryRuns();

    /**
     * What a calibration of the commit would store: the run-to-run noise of each series measured at
     * least {@link #MIN_RUNS} times there, and how many series were measured 2 to MIN_RUNS - 1 times.
     */
    record Measured(List<SeriesNoise> noise, int seriesWithTooFewRuns) {
    }

    Measured measure(long commitId) {
        List<SeriesNoise> noise = new java.util.ArrayList<>();
        int tooFew = 0;
        for (Map.Entry<SeriesInfo, Map<Long, List<RunValue>>> e : measurements.runLevelsAt(List.of(commitId), null).entrySet()) {
            List<RunValue> runs = e.getValue().getOrDefault(commitId, List.of());
            if (runs.size() >= MIN_RUNS) {
                RunNoise n = RunNoise.estimate(runs);
                double level = SampleSummary.median(runs.stream().mapToDouble(RunValue::median).toArray());
                noise.add(new SeriesNoise(e.getKey(), n.runs(), n.machines(), level, n.within(), n.between()));
            } else if (runs.size() >= 2) {
                tooFew++;
            }
        }
        return new Measured(noise, tooFew);
    }

    /**
     * Stores (or replaces) the calibration of a commit. The upsert locks the calibration's row, so
     * concurrent declarations of one commit apply one after the other, each whole.
     */
    @Transactional
    long save(long projectId, long commitId, String note, String by, List<SeriesNoise> noise) {
        long id = jdbc.sql("""
                        insert into calibration (project_id, commit_id, note, updated_by) values (?, ?, ?, ?)
                        on conflict (project_id, commit_id)
                        do update set note = excluded.note, updated_by = excluded.updated_by, updated_at = now()
                        returning id
                        """)
                .params(projectId, commitId, note, by).query(Long.class).single();
        jdbc.sql("delete from calibration_noise where calibration_id = ?").param(id).update();
        for (SeriesNoise n : noise) {
            jdbc.sql("""
                            insert into calibration_noise (calibration_id, series_id, runs, machines, level, within_machine,
                                                           between_machines)
                            values (?, ?, ?, ?, ?, ?, ?)
                            """)
                    .params(id, n.series().id(), n.runs(), n.machines(), n.level(), n.within(), n.between()).update();
        }
        return id;
    }

    /**
     * Declares the commit's runs a calibration without a person asking (a new project's repeats, queued
     * at set-up); returns how many series it calibrated (0: none had enough runs, nothing stored).
     */
    public int declare(long projectId, long commitId, String note, String by) {
        Measured measured = measure(commitId);
        if (!measured.noise().isEmpty()) {
            save(projectId, commitId, note, by, measured.noise());
        }
        return measured.noise().size();
    }

    /** Whether the project has any calibration. */
    public boolean any(long projectId) {
        return jdbc.sql("select exists (select 1 from calibration where project_id = ?)").param(projectId).query(Boolean.class).single();
    }

    private static final String CALIBRATION = """
            select c.id, g.sha, c.note, c.updated_by, c.updated_at from calibration c
            join git_commit g on g.id = c.commit_id
            """;

    List<Calibration> list(long projectId) {
        return jdbc.sql(CALIBRATION + "where c.project_id = ? order by c.updated_at desc, c.id desc")
                .param(projectId).query(Calibrations::calibration).list();
    }

    Optional<Calibration> find(long projectId, long commitId) {
        return jdbc.sql(CALIBRATION + "where c.project_id = ? and c.commit_id = ?")
                .params(projectId, commitId).query(Calibrations::calibration).optional()
                .map(c -> new Calibration(c.id(), c.commit(), c.note(), c.updatedBy(), c.updatedAt(), noiseRows(c.id())));
    }

    /** A calibration's row, without its noise rows. */
    private static Calibration calibration(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Calibration(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class), List.of());
    }

    private List<SeriesNoise> noiseRows(long calibrationId) {
        record Row(long seriesId, int runs, int machines, double level, double within, double between) {
        }
        List<Row> rows = jdbc.sql("""
                        select series_id, runs, machines, level, within_machine, between_machines
                        from calibration_noise where calibration_id = ? order by series_id
                        """)
                .param(calibrationId)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getDouble(4), rs.getDouble(5),
                        rs.getDouble(6)))
                .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, SeriesInfo> infos = new HashMap<>();
        measurements.describe(rows.stream().map(Row::seriesId).toList()).forEach(s -> infos.put(s.id(), s));
        return rows.stream().map(r -> new SeriesNoise(infos.get(r.seriesId()), r.runs(), r.machines(), r.level(), r.within(),
                r.between())).toList();
    }

    boolean delete(long projectId, long commitId) {
        return jdbc.sql("delete from calibration where project_id = ? and commit_id = ?").params(projectId, commitId).update() > 0;
    }

    /**
     * The noise of each of the series that has a calibration, from the calibration of the newest
     * commit (by commit time): relative to the level it was measured at, so that it can be applied
     * at the series' present level.
     */
    public Map<Long, CalibratedNoise> noiseOf(Collection<Long> seriesIds) {
        Map<Long, CalibratedNoise> noise = new HashMap<>();
        if (seriesIds.isEmpty()) {
            return noise;
        }
        jdbc.sql("""
                        select distinct on (n.series_id) n.series_id, n.within_machine, n.between_machines, n.runs, n.machines,
                               n.level
                        from calibration_noise n join calibration c on c.id = n.calibration_id
                        join git_commit g on g.id = c.commit_id
                        where n.series_id = any(?)
                        order by n.series_id, coalesce(g.committed_at, g.first_seen_at) desc, c.id desc
                        """)
                .param(seriesIds.toArray(Long[]::new))
                .query(rs -> {
                    double level = Math.abs(rs.getDouble(6));
                    noise.put(rs.getLong(1), new CalibratedNoise(level > 0 ? rs.getDouble(2) / level : 0,
                            level > 0 ? rs.getDouble(3) / level : 0, rs.getInt(4), rs.getInt(5)));
                });
        return noise;
    }
}
