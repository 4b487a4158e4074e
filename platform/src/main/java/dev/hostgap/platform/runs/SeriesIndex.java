package dev.hostgap.platform.runs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.hostgap.platform.runs.Measurements.SeriesInfo;
import dev.hostgap.platform.stats.Direction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every series of a project with its newest run levels on the default branch, in one query: the
 * series are picked and paged first (a search narrows them by benchmark, parameters and metric
 * text), then each one's newest runs are read through the {@code (series_id, commit_id)} index, newest
 * commit first, stopping after {@code points} rows, so the cost grows with the page, not with the
 * years of history behind it: the newest {@code 4 × points} results of a series are read on
 * that index before the pull-request, probe and branch filters, so a series whose
 * newest results are mostly such runs shows fewer levels. Left to itself the planner read every run
 * and probed each one's result (5.7 s for 200 series at 10^7 samples; 15 ms this way, by EXPLAIN ANALYZE).
 */
@Repository
class SeriesIndex {

    /** The page of series and their levels; named parameters project, terms (lower case), limit and points. */
    static final String SQL = """
            with picked as (
                select s.id, b.name, b.version, b.params::text as params, b.params_key, s.metric, s.unit,
                       s.direction, s.environment_class, count(*) over () as total
                from series s join benchmark b on b.id = s.benchmark_id
                where b.project_id = :project
                  and not exists (select 1 from unnest(cast(:terms as text[])) t
                                  where position(t in lower(b.name || ' ' || b.params_key || ' ' || s.metric)) = 0)
                order by b.name, b.version, b.params_key, s.metric, s.environment_class
                limit :limit
            )
            select p.id, p.name, p.version, p.params, p.metric, p.unit, p.direction, p.environment_class,
                   p.params_key, p.total, x.sha, x.median
            from picked p
            join project pr on pr.id = :project
            left join lateral (
                select c.sha, r.median, coalesce(c.committed_at, c.first_seen_at) as at, run.uploaded_at, r.id
                from (
                    -- the newest results first, on the index alone; the run filters come after: left to
                    -- itself, PostgreSQL reads every run and probes each one's result (4 s for 200 series)
                    select r.id, r.run_id, r.commit_id, r.median from result r
                    where r.series_id = p.id and r.error is null
                    order by r.commit_id desc
                    limit :points * 4
                ) r
                -- one run looked up per result, by its key, as the results stream in (offset 0 keeps the
                -- planner from hashing every run of the project once per series instead)
                cross join lateral (
                    select run.uploaded_at from run
                    where run.id = r.run_id and run.pull_request is null and not run.paired
                      and coalesce(run.branch, pr.default_branch) = pr.default_branch
                    offset 0
                ) run
                join git_commit c on c.id = r.commit_id
                order by r.commit_id desc
                limit :points
            ) x on true
            order by p.name, p.version, p.params_key, p.metric, p.environment_class, x.at, x.uploaded_at, x.id
            """;

    private final JdbcClient jdbc;

    SeriesIndex(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One branch run's level of a series: the run's fork median, at a commit. */
    record Level(String sha, double median) {
    }

    /** A page of series, each with its newest levels oldest first; {@code total} counts every match. */
    record Page(int total, Map<SeriesInfo, Entry> series) {
    }

    record Entry(String paramsKey, List<Level> levels) {
    }

    /**
     * @param terms words that must each occur (any case) in the series' benchmark name, parameters
     *              ({@code args=4,n=4096}) or metric; empty matches every series
     */
    Page find(long projectId, List<String> terms, int limit, int points) {
        Map<SeriesInfo, Entry> series = new LinkedHashMap<>();
        int[] total = {0};
        jdbc.sql(SQL)
                .param("project", projectId)
                .param("terms", terms.stream().map(t -> t.toLowerCase(Locale.ROOT)).toArray(String[]::new))
                .param("limit", limit)
                .param("points", points)
                .query(rs -> {
                    SeriesInfo info = new SeriesInfo(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), Direction.fromWireName(rs.getString(7)).orElseThrow(),
                            rs.getString(8));
                    total[0] = rs.getInt(10);
                    String paramsKey = rs.getString(9);
                    Entry entry = series.computeIfAbsent(info, k -> new Entry(paramsKey, new ArrayList<>()));
                    String sha = rs.getString(11);
                    if (sha != null) {
                        entry.levels().add(new Level(sha, rs.getDouble(12)));
                    }
                });
        return new Page(total[0], series);
    }
}
