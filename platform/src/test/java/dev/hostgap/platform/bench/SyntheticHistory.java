package dev.hostgap.platform.bench;

import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * History written straight into the tables by SQL, for benchmarks that need far more data than
 * the API could load in a trial: one suite of {@code launch.empty} series (params args=0..n-1),
 * one first-parent chain of commits with a run each, and results where a SQL condition says so.
 */
public final class SyntheticHistory {

    public static final String ENVIRONMENT_CLASS = "NVIDIA H100 | driver 580.159.04 | cuda 13.0 | jcuda-12.6.0";
    /** The commit number encoded in a generated sha, usable in a results condition as {@code commit_no}. */
    private static final String COMMIT_NO = "('x' || right(c.sha, 16))::bit(64)::bigint";

    private SyntheticHistory() {
    }

    public static String sha(int n) {
        return String.format(Locale.ROOT, "%040x", n);
    }

    /**
     * Series args=0..count-1, commits 1..commits on branch main, one run per commit. The runs
     * count as judged already, so the detection worker does not judge them behind a benchmark.
     */
    public static void generate(JdbcClient jdbc, long project, int seriesCount, int commits) {
        long env = jdbc.sql("""
                insert into environment (fingerprint, environment_class, gpu, driver, cuda, runtime, jvm, host)
                values (repeat('a', 64), ?, 'NVIDIA H100', '580.159.04', '13.0', 'jcuda-12.6.0', '17', 'n1')
                on conflict (fingerprint) do update set host = excluded.host returning id
                """).param(ENVIRONMENT_CLASS).query(Long.class).single();
        jdbc.sql("""
                insert into benchmark (project_id, name, version, params, params_key)
                select ?, 'launch.empty', 1, jsonb_build_object('args', i::text), 'args=' || i from generate_series(0, ? - 1) i
                """).params(project, seriesCount).update();
        jdbc.sql("""
                insert into series (benchmark_id, metric, unit, direction, environment_class)
                select id, 'host_us', 'us', 'lower_is_better', ? from benchmark where project_id = ?
                """).params(ENVIRONMENT_CLASS, project).update();
        jdbc.sql("""
                insert into git_commit (project_id, sha, committed_at)
                select ?, lpad(to_hex(i), 40, '0'), timestamptz '2020-01-01' + i * interval '1 hour' from generate_series(1, ?) i
                """).params(project, commits).update();
        jdbc.sql("""
                insert into commit_parent (commit_id, position, parent_sha)
                select c.id, 0, lpad(to_hex(%s - 1), 40, '0')
                from git_commit c where c.project_id = ? and c.sha <> lpad('1', 40, '0')
                """.formatted(COMMIT_NO)).param(project).update();
        jdbc.sql("insert into branch (project_id, name, head_sha) values (?, 'main', ?)").params(project, sha(commits)).update();
        jdbc.sql("""
                insert into run (id, project_id, commit_id, branch, environment_id, schema_version, source, content_hash, judged_at)
                select gen_random_uuid(), ?, c.id, 'main', ?, '1.0', 'hostgap', repeat('0', 64), now()
                from git_commit c where c.project_id = ?
                """).params(project, env, project).update();
    }

    /**
     * Results of {@code forks} samples uniform in [3.2, 3.2 + spread) µs for every (run, series)
     * where {@code condition} holds; it may use {@code k.commit_no} and {@code k.args} (ints).
     */
    public static void results(JdbcClient jdbc, long project, int forks, double spread, String condition) {
        jdbc.sql("""
                insert into result (run_id, series_id, commit_id, samples, n, median, mean, p10, p90, min, max)
                select r.id, s.id, r.commit_id, x.samples, %d, x.samples[%d], x.samples[%d], x.samples[1], x.samples[%d],
                       x.samples[1], x.samples[%d]
                from run r
                join git_commit c on c.id = r.commit_id
                join series s on true
                join benchmark b on b.id = s.benchmark_id and b.project_id = r.project_id
                cross join lateral (select %s as commit_no, (b.params ->> 'args')::int as args) k
                cross join lateral (select array(select 3.2 + random() * %s + 0 * s.id from generate_series(1, %d)) as samples) x
                where r.project_id = ? and (%s)
                """.formatted(forks, forks / 2 + 1, forks / 2 + 1, forks, forks, COMMIT_NO, spread, forks, condition))
                .param(project).update();
        // the counts ingest stores on each run with its results
        jdbc.sql("""
                update run set result_count = (select count(*) from result r where r.run_id = run.id),
                               failed_count = (select count(r.error) from result r where r.run_id = run.id)
                where project_id = ?
                """).param(project).update();
        jdbc.sql("analyze").update();
    }

    /**
     * What detection would have left behind: a judgement of every successful result ({@code unchanged},
     * or the kind of the regression found there) and, in every series, a change every {@code every}
     * commits (staggered across series): alternately a regression and an improvement, their statuses
     * cycling open, acknowledged, false positive, fixed.
     */
    public static void detections(JdbcClient jdbc, long project, int every) {
        jdbc.sql("""
                insert into regression (series_id, kind, first_bad_commit_id, last_good_commit_id, detected_in_run,
                                        change_percent, p_value, threshold_percent, baseline_median, status, created_at)
                select s.id, case when (k.commit_no / %1$d) %% 2 = 0 then 'regression' else 'improvement' end,
                       c.id, p.id, r.id, case when (k.commit_no / %1$d) %% 2 = 0 then 6.5 else -6.5 end, 0.001, 4.0, 3.25,
                       (array['open', 'acknowledged', 'false_positive', 'fixed'])[1 + (k.commit_no / (2 * %1$d)) %% 4],
                       c.committed_at + interval '10 minutes'
                from run r
                join git_commit c on c.id = r.commit_id
                join git_commit p on p.project_id = c.project_id and p.sha = lpad(to_hex(%2$s - 1), 40, '0')
                join series s on true
                join benchmark b on b.id = s.benchmark_id and b.project_id = r.project_id
                cross join lateral (select %2$s as commit_no, (b.params ->> 'args')::int as args) k
                where r.project_id = ? and k.commit_no %% %1$d = k.args %% %1$d
                """.formatted(every, COMMIT_NO)).param(project).update();
        jdbc.sql("""
                insert into judgement (run_id, series_id, kind, p_value, change_percent, threshold_percent, noise_percent, history_runs)
                select r.run_id, r.series_id, coalesce(g.kind, 'unchanged'), 0.5, coalesce(g.change_percent, 0.1), 4.0, 1.0, 200
                from result r
                join run on run.id = r.run_id
                left join regression g on g.detected_in_run = r.run_id and g.series_id = r.series_id
                where run.project_id = ? and r.error is null
                """).param(project).update();
    }

    /** A completed CI job, with its one attempt, for every run's commit: the project's job list. */
    public static void jobs(JdbcClient jdbc, long project) {
        jdbc.sql("""
                insert into job (project_id, sha, branch, trigger, labels, command, timeout_seconds, state, attempts,
                                 run_id, created_at, updated_at)
                select r.project_id, c.sha, 'main', 'push', '{h200}', 'mvn -q -pl bench package', 3600, 'completed', 1,
                       r.id, c.committed_at, c.committed_at + interval '20 minutes'
                from run r join git_commit c on c.id = r.commit_id where r.project_id = ?
                """).param(project).update();
        jdbc.sql("""
                insert into job_attempt (job_id, attempt, started_at, ended_at, outcome)
                select id, 1, created_at, updated_at, 'completed' from job where project_id = ?
                """).param(project).update();
    }

    /** Visibility map and statistics as autovacuum would leave them after a bulk load. */
    public static void vacuum(JdbcClient jdbc) {
        jdbc.sql("vacuum analyze").update();
    }
}
