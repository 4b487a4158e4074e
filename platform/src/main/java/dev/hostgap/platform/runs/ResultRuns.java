package dev.hostgap.platform.runs;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What a series chart marks beside the values: the run and machine behind each result, whether the
 * GPU throttled during it, the results that failed, and the noise and threshold detection judged the
 * series' runs with. Read-only; the series view is its one reader.
 */
@Repository
public class ResultRuns {

    /** A machine as a chart names it: the host and, where the runner reported one, its GPU's UUID (short). */
    private static final String MACHINE = "e.host || coalesce(' · ' || left(nullif(e.attributes ->> 'gpu_uuid', ''), 12), '')";
    private static final String THROTTLED = "(coalesce(e.attributes ->> 'throttled', '') = 'true'"
            + " or coalesce(e.attributes ->> 'throttle_reasons_after', '') <> '')";

    private final JdbcClient jdbc;

    ResultRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One result of a series with its run; {@code error} is set (and the value absent) where the workload failed. */
    public record ResultRun(long seriesId, long commitId, UUID runId, String machine, boolean throttled, String error) {
    }

    /**
     * The series' results at commits whose ids lie in [from, to], failed ones included, oldest upload
     * first. Two reads, each on its own index ({@code result_summary_idx} holds the run of every result
     * that did not fail, {@code result_failed_idx} the few that did), so neither visits result rows.
     */
    public List<ResultRun> of(Collection<Long> seriesIds, long fromCommitId, long toCommitId) {
        Long[] series = seriesIds.toArray(Long[]::new);
        List<ResultRun> found = new java.util.ArrayList<>(jdbc.sql("""
                        select r.series_id, r.commit_id, r.run_id, %s, %s, null
                        from result r join run on run.id = r.run_id join environment e on e.id = run.environment_id
                        where r.series_id = any(?) and r.commit_id between ? and ? and r.error is null
                        order by run.uploaded_at, r.run_id
                        """.formatted(MACHINE, THROTTLED))
                .params(series, fromCommitId, toCommitId)
                .query(ResultRuns::resultRun)
                .list());
        found.addAll(jdbc.sql("""
                        select r.series_id, r.commit_id, r.run_id, %s, %s, r.error
                        from result r join run on run.id = r.run_id join environment e on e.id = run.environment_id
                        where r.series_id = any(?) and r.commit_id between ? and ? and r.error is not null
                        order by run.uploaded_at, r.run_id
                        """.formatted(MACHINE, THROTTLED))
                .params(series, fromCommitId, toCommitId)
                .query(ResultRuns::resultRun)
                .list());
        return found;
    }

    private static ResultRun resultRun(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new ResultRun(rs.getLong(1), rs.getLong(2), rs.getObject(3, UUID.class), rs.getString(4), rs.getBoolean(5),
                rs.getString(6));
    }

    /** How detection judged one run of a series: the run-to-run noise and the threshold, in % of the level. */
    public record Judged(long commitId, double thresholdPercent, Double noisePercent, int historyRuns) {
    }

    /** The judgements of the series' runs at the commits that came with a threshold, oldest upload first. */
    public List<Judged> judgements(Collection<Long> seriesIds, Collection<Long> commitIds) {
        return jdbc.sql("""
                        select run.commit_id, j.threshold_percent, j.noise_percent, j.history_runs
                        from judgement j join run on run.id = j.run_id
                        where j.series_id = any(?) and run.commit_id = any(?) and j.threshold_percent is not null
                        order by run.uploaded_at
                        """)
                .params(seriesIds.toArray(Long[]::new), commitIds.toArray(Long[]::new))
                .query((rs, i) -> new Judged(rs.getLong(1), rs.getDouble(2), rs.getObject(3, Double.class), rs.getInt(4)))
                .list();
    }
}
