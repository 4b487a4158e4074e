package dev.hostgap.platform.runs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.hostgap.platform.stats.Direction;
import dev.hostgap.platform.stats.RunValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The one way other features read what runs measured. Runs, results and series are this feature's
 * tables: compare, detection and the upload answer ask here for run levels (a run's fork median
 * with its fork spread), never for fork arrays, and the detection queue claims unjudged runs here.
 */
@Repository
public class Measurements {

    /** How many of a series' newest runs its run-to-run noise is estimated from. */
    public static final int NOISE_HISTORY_RUNS = dev.hostgap.platform.stats.Thresholds.MAX_HISTORY_RUNS;

    /** The physical machine of a run: its GPU's UUID where the runner reported one, else its host. */
    private static final String MACHINE = "coalesce(e.attributes ->> 'gpu_uuid', e.host)";

    private final JdbcClient jdbc;

    Measurements(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The identity and unit of a series, as compare and detection show it. */
    public record SeriesInfo(long id, String benchmark, int version, String params, String metric, String unit,
                             Direction direction, String environment) {
    }

    /**
     * A run to judge: where it was measured. {@code pullRequest} is set for a pull-request run, which
     * is judged against its base and never enters a branch's history.
     */
    public record RunContext(UUID runId, long projectId, long commitId, String branch, Integer pullRequest, boolean paired) {
    }

    /** Series measured (successfully) at any of the commits, each with its run levels per commit in upload order. */
    public Map<SeriesInfo, Map<Long, List<RunValue>>> runLevelsAt(Collection<Long> commitIds, Collection<Long> onlySeries) {
        Map<Long, SeriesInfo> infos = new HashMap<>();
        Map<SeriesInfo, Map<Long, List<RunValue>>> levels = new LinkedHashMap<>();
        jdbc.sql("""
                        select s.id, b.name, b.version, b.params::text as params, s.metric, s.unit, s.direction,
                               s.environment_class, r.commit_id, r.median, r.p10, r.p90, r.n, %s
                        from result r
                        -- a result's commit is its run's: said of the run too, the runs are found by their
                        -- commits (a few) instead of hashing every run of the history (6 of 11 ms at 10^7)
                        join run on run.id = r.run_id and run.commit_id = any(:commits)
                        join environment e on e.id = run.environment_id
                        join series s on s.id = r.series_id
                        join benchmark b on b.id = s.benchmark_id
                        where r.commit_id = any(:commits) and r.error is null
                          and (cast(:all as boolean) or r.series_id = any(:series))
                        order by b.name, b.params_key, s.metric, s.environment_class, run.uploaded_at, r.id
                        """.formatted(MACHINE))
                .param("commits", commitIds.toArray(Long[]::new))
                .param("all", onlySeries == null)
                .param("series", onlySeries == null ? new Long[0] : onlySeries.toArray(Long[]::new))
                .query(rs -> {
                    long id = rs.getLong(1);
                    SeriesInfo info = infos.get(id);
                    if (info == null) {
                        info = new SeriesInfo(id, rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), Direction.fromWireName(rs.getString(7)).orElseThrow(), rs.getString(8));
                        infos.put(id, info);
                    }
                    levels.computeIfAbsent(info, k -> new HashMap<>())
                            .computeIfAbsent(rs.getLong(9), k -> new ArrayList<>())
                            .add(RunValue.of(rs.getDouble(10), rs.getDouble(11), rs.getDouble(12), rs.getInt(13), rs.getString(14)));
                });
        return levels;
    }

    /**
     * The run levels of these series at these commits (branch runs only), by series and commit:
     * {@code all} of them, the evidence of each commit's level, and the {@code ordinary} ones, the
     * only ones a series' noise is read from (a probe's paired runs, measured back to back on one
     * machine, would make it look smaller than it is).
     */
    public record RunLevels(Map<Long, Map<Long, List<RunValue>>> all, Map<Long, Map<Long, List<RunValue>>> ordinary) {
    }

    public RunLevels runLevels(Collection<Long> seriesIds, Collection<Long> commitIds) {
        Map<Long, Map<Long, List<RunValue>>> all = new HashMap<>();
        Map<Long, Map<Long, List<RunValue>>> ordinary = new HashMap<>();
        jdbc.sql("""
                        select r.series_id, r.commit_id, r.median, r.p10, r.p90, r.n, %s, run.paired
                        from result r
                        join run on run.id = r.run_id and run.commit_id = any(?) -- (as in runLevelsAt)
                        join environment e on e.id = run.environment_id
                        where r.series_id = any(?) and r.commit_id = any(?) and r.error is null and run.pull_request is null
                        order by run.uploaded_at, r.id
                        """.formatted(MACHINE))
                .params(commitIds.toArray(Long[]::new), seriesIds.toArray(Long[]::new), commitIds.toArray(Long[]::new))
                .query(rs -> {
                    RunValue value = RunValue.of(rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getInt(6), rs.getString(7));
                    all.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).computeIfAbsent(rs.getLong(2), k -> new ArrayList<>())
                            .add(value);
                    if (!rs.getBoolean(8)) {
                        ordinary.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
                                .computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()).add(value);
                    }
                });
        return new RunLevels(all, ordinary);
    }

    /** One series' level in one run, as a probe pairs it with the same series in the other side's run. */
    public record RunLevel(UUID runId, SeriesInfo series, RunValue value) {
    }

    /** The level of every series each of these runs measured successfully. */
    public List<RunLevel> levelsOfRuns(Collection<UUID> runIds) {
        Map<Long, SeriesInfo> infos = new HashMap<>();
        return jdbc.sql("""
                        select r.run_id, s.id, b.name, b.version, b.params::text as params, s.metric, s.unit, s.direction,
                               s.environment_class, r.median, r.p10, r.p90, r.n, %s
                        from result r
                        join run on run.id = r.run_id
                        join environment e on e.id = run.environment_id
                        join series s on s.id = r.series_id
                        join benchmark b on b.id = s.benchmark_id
                        where r.run_id = any(?) and r.error is null
                        order by b.name, b.params_key, s.metric, r.run_id
                        """.formatted(MACHINE))
                .param(runIds.toArray(UUID[]::new))
                .query((rs, i) -> new RunLevel(rs.getObject(1, UUID.class),
                        infos.computeIfAbsent(rs.getLong(2), id -> {
                            try {
                                return new SeriesInfo(id, rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6),
                                        rs.getString(7), Direction.fromWireName(rs.getString(8)).orElseThrow(), rs.getString(9));
                            } catch (java.sql.SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        }),
                        RunValue.of(rs.getDouble(10), rs.getDouble(11), rs.getDouble(12), rs.getInt(13), rs.getString(14))))
                .list();
    }

    /**
     * The newest {@link #NOISE_HISTORY_RUNS} runs of each series, oldest first (by commit time, then
     * upload time): what the run-to-run noise of the series is estimated from. "Newest" is by the
     * order hostgap first saw their commits, so that each series is read through its index, newest
     * first, and stops after that many rows: the cost of a judgement does not grow with years of
     * history (a window over all of a series' runs did, on every upload and every judged run).
     */
    public Map<Long, List<RunValue>> noiseHistory(Collection<Long> seriesIds) {
        // Two reads (issue 23). Each series' window is an index-only scan of result_summary_idx in
        // its own order, its runs filtered through a memoized run lookup; the machine and the times
        // that order the window are then read once per run (about 200), not once per row (40,000):
        // joining environment and git_commit to every row and sorting there cost 120-195 ms at 700
        // commits on the 2-vCPU VM, against 57 ms for the first read alone.
        record Row(long series, UUID run, long resultId, double median, double p10, double p90, int n) {
        }
        List<Row> rows = jdbc.sql("""
                        select s.id, x.run_id, x.id, x.median, x.p10, x.p90, x.n
                        from unnest(cast(? as bigint[])) as s(id)
                        cross join lateral (
                            select r.run_id, r.id, r.median, r.p10, r.p90, r.n
                            from result r
                            join run on run.id = r.run_id
                            where r.series_id = s.id and r.error is null and run.pull_request is null and not run.paired
                            order by r.commit_id desc, r.id desc
                            limit ?
                        ) x
                        """)
                // each series once: a repeated id would read its window twice
                .params(seriesIds.stream().distinct().toArray(Long[]::new), NOISE_HISTORY_RUNS)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getLong(3),
                        rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), rs.getInt(7)))
                .list();
        record Placed(String machine, Instant at, Instant uploadedAt) {
        }
        Map<UUID, Placed> runs = new HashMap<>();
        jdbc.sql("""
                        select run.id, %s, coalesce(c.committed_at, c.first_seen_at), run.uploaded_at
                        from run
                        join environment e on e.id = run.environment_id
                        join git_commit c on c.id = run.commit_id
                        where run.id = any(?)
                        """.formatted(MACHINE))
                .param(rows.stream().map(Row::run).distinct().toArray(UUID[]::new))
                .query(rs -> {
                    runs.put(rs.getObject(1, UUID.class), new Placed(rs.getString(2),
                            rs.getObject(3, OffsetDateTime.class).toInstant(),
                            rs.getObject(4, OffsetDateTime.class).toInstant()));
                });
        // history order, as detection reads a series: commit time, then upload time, then result id
        Comparator<Row> order = Comparator.comparing((Row r) -> runs.get(r.run()).at())
                .thenComparing(r -> runs.get(r.run()).uploadedAt()).thenComparingLong(Row::resultId);
        Map<Long, List<Row>> bySeries = new HashMap<>();
        for (Row row : rows) {
            if (runs.containsKey(row.run())) { // a run deleted (with its project) between the two reads is gone
                bySeries.computeIfAbsent(row.series(), k -> new ArrayList<>()).add(row);
            }
        }
        Map<Long, List<RunValue>> history = new HashMap<>();
        bySeries.forEach((series, window) -> history.put(series, window.stream().sorted(order)
                .map(r -> RunValue.of(r.median(), r.p10(), r.p90(), r.n(), runs.get(r.run()).machine())).toList()));
        return history;
    }

    /**
     * Each series' newest successful result of an ordinary run (not a pull request's, not a paired
     * one), by result id; a series without one is left out. Result ids only grow, so a stored noise
     * estimate whose newest result is still this one was read from the series' current runs.
     */
    public Map<Long, Long> newestHistoryResults(Collection<Long> seriesIds) {
        Map<Long, Long> newest = new HashMap<>();
        jdbc.sql("""
                        select s.id, (select r.id from result r
                                      join run on run.id = r.run_id
                                      where r.series_id = s.id and r.error is null and run.pull_request is null
                                        and not run.paired
                                      order by r.id desc
                                      limit 1)
                        from unnest(cast(? as bigint[])) as s(id)
                        """)
                .param(seriesIds.stream().distinct().toArray(Long[]::new))
                .query(rs -> {
                    long id = rs.getLong(2);
                    if (!rs.wasNull()) {
                        newest.put(rs.getLong(1), id);
                    }
                });
        return newest;
    }

    /** A series as the history view picks it: its identity with the canonical params key. */
    public record SeriesChoice(SeriesInfo series, String paramsKey) {
    }

    /** Every series of one benchmark name in a project, all versions, params, metrics and environments. */
    public List<SeriesChoice> seriesOfBenchmark(long projectId, String benchmark) {
        return jdbc.sql("""
                        select s.id, b.name, b.version, b.params::text, s.metric, s.unit, s.direction, s.environment_class,
                               b.params_key
                        from series s join benchmark b on b.id = s.benchmark_id
                        where b.project_id = ? and b.name = ?
                        """)
                .params(projectId, benchmark)
                .query((rs, i) -> new SeriesChoice(new SeriesInfo(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), Direction.fromWireName(rs.getString(7)).orElseThrow(),
                        rs.getString(8)), rs.getString(9)))
                .list();
    }

    /** What a chart draws from one successful result: its forks' count, median and spread, as stored at ingest. */
    public record ResultSummary(long seriesId, long commitId, int n, double median, double p10, double p90) {
    }

    /**
     * The summaries of the series' successful results at commits whose ids lie in [{@code fromCommitId},
     * {@code toCommitId}]: a superset of a window of history, which the caller narrows. The range is
     * read per series from the covering index {@code result_summary_idx} without touching a result
     * row; the shape keeps that plan when the driver's prepared statement switches to a generic plan,
     * where the former {@code commit_id = any(?)} walked {@code result_commit_idx} instead.
     */
    public List<ResultSummary> summaries(Collection<Long> seriesIds, long fromCommitId, long toCommitId) {
        return jdbc.sql("""
                        select s.id, x.commit_id, x.n, x.median, x.p10, x.p90
                        from unnest(cast(? as bigint[])) as s(id)
                        cross join lateral (
                            select r.commit_id, r.n, r.median, r.p10, r.p90 from result r
                            where r.series_id = s.id and r.error is null and r.commit_id between ? and ?
                        ) x
                        """)
                .params(seriesIds.toArray(Long[]::new), fromCommitId, toCommitId)
                .query((rs, i) -> new ResultSummary(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getDouble(4),
                        rs.getDouble(5), rs.getDouble(6)))
                .list();
    }

    /** The fork samples of one series at the commits, every run's forks of one commit together. */
    public Map<Long, List<Double>> forkSamples(long seriesId, Collection<Long> commitIds) {
        Map<Long, List<Double>> samples = new HashMap<>();
        jdbc.sql("""
                        select r.commit_id, r.samples from result r
                        where r.series_id = ? and r.commit_id = any(?) and r.error is null
                        """)
                .params(seriesId, commitIds.toArray(Long[]::new))
                .query(rs -> {
                    java.util.Collections.addAll(samples.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()),
                            (Double[]) rs.getArray(2).getArray());
                });
        return samples;
    }

    /** The series with a successful result in any of the runs, ascending, each once. */
    public List<Long> seriesIdsOf(Collection<UUID> runIds) {
        return jdbc.sql("select distinct series_id from result where run_id = any(?) and error is null order by series_id")
                .param(runIds.toArray(UUID[]::new)).query(Long.class).list();
    }

    /** The series of the run's successful results where it is an ordinary run (no pull request's, not paired); else none. */
    public List<Long> seriesIdsOfOrdinaryRun(UUID runId) {
        return jdbc.sql("""
                        select r.series_id from result r join run on run.id = r.run_id
                        where r.run_id = ? and r.error is null and run.pull_request is null and not run.paired
                        order by r.series_id""")
                .param(runId).query(Long.class).list();
    }

    /** Series with a successful result in the run, by id. */
    public List<SeriesInfo> seriesOf(UUID runId) {
        List<Long> ids = jdbc.sql("select series_id from result where run_id = ? and error is null order by series_id")
                .param(runId).query(Long.class).list();
        return ids.isEmpty() ? List.of() : describe(ids);
    }

    public List<SeriesInfo> describe(Collection<Long> seriesIds) {
        return jdbc.sql("""
                        select s.id, b.name, b.version, b.params::text, s.metric, s.unit, s.direction, s.environment_class
                        from series s join benchmark b on b.id = s.benchmark_id where s.id = any(?) order by s.id
                        """)
                .param(seriesIds.toArray(Long[]::new))
                .query((rs, i) -> new SeriesInfo(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), Direction.fromWireName(rs.getString(7)).orElseThrow(),
                        rs.getString(8)))
                .list();
    }

    public Optional<RunContext> run(UUID runId) {
        return jdbc.sql("""
                        select r.id, r.project_id, r.commit_id, coalesce(r.branch, p.default_branch), r.pull_request, r.paired
                        from run r join project p on p.id = r.project_id where r.id = ?
                        """).param(runId)
                .query((rs, i) -> new RunContext(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getObject(5, Integer.class), rs.getBoolean(6)))
                .optional();
    }

    /**
     * Whether a later commit (by commit time) of this branch already has a result of the series: a
     * run of an older commit is then a backfill, which may open but never closes a regression.
     */
    public boolean isBackfill(long seriesId, long commitId, String branch) {
        return jdbc.sql("""
                        select exists (
                            select 1 from result r join run on run.id = r.run_id join git_commit c on c.id = r.commit_id
                            join project p on p.id = run.project_id
                            where r.series_id = :series and r.error is null and run.pull_request is null
                              and coalesce(run.branch, p.default_branch) = :branch
                              and coalesce(c.committed_at, c.first_seen_at)
                                  > (select coalesce(committed_at, first_seen_at) from git_commit where id = :commit))
                        """)
                .param("series", seriesId).param("commit", commitId).param("branch", branch)
                .query(Boolean.class).single();
    }

    /**
     * Claims up to {@code limit} unjudged runs, oldest first, for the caller's transaction ({@code SKIP
     * LOCKED}); a run whose judging failed waits out its backoff first.
     */
    public List<UUID> claimUnjudged(int limit) {
        return jdbc.sql("""
                        select id from run where judged_at is null and (judge_after is null or judge_after <= now())
                        order by uploaded_at, id limit ? for update skip locked
                        """)
                .param(limit).query(UUID.class).list();
    }

    public void markJudged(UUID runId) {
        jdbc.sql("""
                        update run set judged_at = now(), first_judged_at = coalesce(first_judged_at, now()), judge_error = null,
                                       judge_after = null
                        where id = ?
                        """).param(runId).update();
    }

    /**
     * When the run is judged for the first time and runs of later commits of its branch were judged
     * already (a backfill, or a burst judged out of order), queues the first {@code limit} of those
     * again: what they were judged against has changed. A re-judged run never queues others, so a
     * backfill costs at most {@code limit} more judgings.
     */
    public int requeueLaterRuns(UUID runId, int limit) {
        return jdbc.sql("""
                        with me as (select r.project_id, coalesce(r.branch, p.default_branch) as branch, r.first_judged_at,
                                           coalesce(c.committed_at, c.first_seen_at) as at
                                    from run r join git_commit c on c.id = r.commit_id join project p on p.id = r.project_id
                                    where r.id = :run and r.pull_request is null and not r.paired)
                        update run set judged_at = null where id in (
                            select r.id from run r join git_commit c on c.id = r.commit_id join project p on p.id = r.project_id, me
                            where me.first_judged_at is null and r.project_id = me.project_id
                              and coalesce(r.branch, p.default_branch) = me.branch
                              and r.pull_request is null and r.judged_at is not null and r.id <> :run
                              and coalesce(c.committed_at, c.first_seen_at) > me.at
                            order by coalesce(c.committed_at, c.first_seen_at), r.id limit :limit)
                        """)
                .param("run", runId).param("limit", limit).update();
    }

    /**
     * Records a failed attempt at judging the run: it is claimed again after {@code backoff} times
     * 2^(attempts - 1); after {@code maxAttempts} it is marked judged with the error kept, which is
     * then its commit's answer until someone looks.
     */
    public void judgingFailed(UUID runId, String reason, int maxAttempts, java.time.Duration backoff) {
        jdbc.sql("""
                        update run set judge_attempts = judge_attempts + 1, judge_error = :reason,
                               judge_after = now() + make_interval(secs => :backoff * power(2, least(judge_attempts, 20))),
                               judged_at = case when judge_attempts + 1 >= :max then now() end
                        where id = :id
                        """)
                .param("reason", reason.length() > 1000 ? reason.substring(0, 1000) + "…" : reason)
                .param("backoff", backoff.toMillis() / 1000.0).param("max", maxAttempts).param("id", runId)
                .update();
    }

    /**
     * The runs of one commit as its answer needs them: branch runs and pull-request runs (with the
     * pull request and base of the newest), how many wait to be judged, and a judging error.
     *
     * @param retrying runs whose judging failed and will be tried again
     * @param judgeError the newest judging error of a run at the commit, retrying or final
     * @param judged runs judged without an error
     */
    public record CommitRuns(String branch, int branchRuns, int pullRequestRuns, Integer pullRequest, String baseSha,
                             int unjudged, int retrying, String judgeError, int judged) {

        public static final CommitRuns NONE = new CommitRuns(null, 0, 0, null, null, 0, 0, null, 0);
    }

    public CommitRuns runsAt(long commitId) {
        return jdbc.sql("""
                        select max(branch) filter (where pull_request is null),
                               count(*) filter (where pull_request is null), count(*) filter (where pull_request is not null),
                               (array_agg(pull_request order by uploaded_at desc) filter (where pull_request is not null))[1],
                               (array_agg(base_sha order by uploaded_at desc) filter (where pull_request is not null))[1],
                               -- a probe's paired runs of a commit measured on its own do not hold up its answer (the
                               -- changes dated to it do); of a commit only a probe measured (a bisection's middle) they do
                               count(*) filter (where judged_at is null and judge_error is null and not paired)
                                   + case when count(*) filter (where not paired) = 0
                                          then count(*) filter (where judged_at is null and judge_error is null) else 0 end,
                               count(*) filter (where judged_at is null and judge_error is not null),
                               (array_agg(judge_error order by uploaded_at desc) filter (where judge_error is not null))[1],
                               count(*) filter (where judged_at is not null and judge_error is null)
                        from run where commit_id = ?
                        """)
                .param(commitId)
                .query((rs, i) -> new CommitRuns(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getObject(4, Integer.class),
                        rs.getString(5) == null ? null : rs.getString(5).trim(), rs.getInt(6), rs.getInt(7), rs.getString(8),
                        rs.getInt(9)))
                .single();
    }

    /** Whether the commit has a run (of a branch or a pull request) with a successful result. */
    public boolean measured(long projectId, String sha) {
        return jdbc.sql("""
                        select exists (select 1 from result r join git_commit c on c.id = r.commit_id
                                       where c.project_id = ? and c.sha = ? and r.error is null)
                        """)
                .params(projectId, sha).query(Boolean.class).single();
    }

    /** Runs stored but not judged yet: the detection backlog an operator watches (a partial index covers it). */
    public long countUnjudged() {
        return jdbc.sql("select count(*) from run where judged_at is null").query(Long.class).single();
    }
}
