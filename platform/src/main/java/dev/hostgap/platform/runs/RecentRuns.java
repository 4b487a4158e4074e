package dev.hostgap.platform.runs;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A project's newest runs, newest upload first. The page of runs comes from the run_project_recent
 * indexes (V10), their result counts from the counts stored on each run at ingest (V23); only the failed workloads
 * of runs that have some are read from the result table. A run stored by a version before V23 (during
 * a rolling upgrade) has no counts and is counted from its results.
 */
@Repository
class RecentRuns {

    /**
     * Two statements rather than one with an optional filter, so each keeps a plan on its own index
     * (run_project_recent_idx, run_project_branch_recent_idx) even once the driver prepares it generically.
     * Also read by the test that checks those plans.
     */
    private static final String NEWEST = """
            select run.id, c.sha, run.branch, c.committed_at, left(split_part(c.message, E'\\n', 1), 200) as subject,
                   run.uploaded_at, run.judged_at, e.gpu, e.driver, e.host, e.environment_class
            from run
            join git_commit c on c.id = run.commit_id
            join environment e on e.id = run.environment_id
            where run.project_id = :project %s
            order by run.uploaded_at desc, run.id desc
            limit :limit
            """;
    static final String NEWEST_OF_PROJECT = NEWEST.formatted("");
    static final String NEWEST_OF_BRANCH = NEWEST.formatted("and run.branch = :branch");

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private record Counts(int results, int failed) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RecentRuns(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The newest {@code limit} runs of the project, of one branch when {@code branch} is not null. */
    List<RunSummary> newest(long projectId, String branch, int limit) {
        List<RunSummary> runs = (branch == null
                ? jdbc.sql(NEWEST_OF_PROJECT) : jdbc.sql(NEWEST_OF_BRANCH).param("branch", branch))
                .param("project", projectId).param("limit", limit)
                .query((rs, i) -> new RunSummary(rs.getObject("id", UUID.class), rs.getString("sha"), rs.getString("branch"),
                        rs.getObject("committed_at", OffsetDateTime.class), rs.getString("subject"),
                        rs.getObject("uploaded_at", OffsetDateTime.class), rs.getObject("judged_at", OffsetDateTime.class),
                        rs.getString("gpu"), rs.getString("driver"), rs.getString("host"), rs.getString("environment_class"),
                        0, 0, List.of()))
                .list();
        if (runs.isEmpty()) {
            return runs;
        }
        // stored counts by key; a run without them (stored by a version before V23) is counted from its results
        UUID[] page = runs.stream().map(RunSummary::runId).toArray(UUID[]::new);
        Map<UUID, Counts> counts = new HashMap<>();
        jdbc.sql("""
                        select id, result_count, failed_count from run where id = any(?)
                          and result_count is not null and failed_count is not null
                        """)
                .param(page)
                .query(rs -> {
                    counts.put(rs.getObject(1, UUID.class), new Counts(rs.getInt(2), rs.getInt(3)));
                });
        UUID[] uncounted = runs.stream().map(RunSummary::runId).filter(id -> !counts.containsKey(id)).toArray(UUID[]::new);
        if (uncounted.length > 0) {
            jdbc.sql("select run_id, count(*), count(error) from result where run_id = any(?) group by run_id")
                    .param(uncounted)
                    .query(rs -> {
                        counts.put(rs.getObject(1, UUID.class), new Counts(rs.getInt(2), rs.getInt(3)));
                    });
        }
        UUID[] failing = runs.stream().map(RunSummary::runId)
                .filter(id -> !counts.containsKey(id) || counts.get(id).failed() > 0).toArray(UUID[]::new);
        Map<UUID, List<RunSummary.FailedWorkload>> failures = new HashMap<>();
        if (failing.length == 0) {
            return withCounts(runs, counts, failures);
        }
        jdbc.sql("""
                        select r.run_id, b.name, b.version, b.params::text as params, s.metric, r.error
                        from result r
                        join series s on s.id = r.series_id
                        join benchmark b on b.id = s.benchmark_id
                        where r.run_id = any(?) and r.error is not null
                        order by r.id
                        """)
                .param(failing)
                .query(rs -> {
                    failures.computeIfAbsent(rs.getObject("run_id", UUID.class), k -> new ArrayList<>())
                            .add(new RunSummary.FailedWorkload(rs.getString("name"), rs.getInt("version"),
                                    json.readValue(rs.getString("params"), OBJECT), rs.getString("metric"), rs.getString("error")));
                });
        return withCounts(runs, counts, failures);
    }

    private static List<RunSummary> withCounts(List<RunSummary> runs, Map<UUID, Counts> counts,
                                               Map<UUID, List<RunSummary.FailedWorkload>> failures) {
        return runs.stream().map(r -> {
            Counts c = counts.getOrDefault(r.runId(), new Counts(0, 0));
            return new RunSummary(r.runId(), r.sha(), r.branch(), r.committedAt(), r.subject(), r.uploadedAt(), r.judgedAt(),
                    r.gpu(), r.driver(), r.host(), r.environment(), c.results(), c.failed(),
                    failures.getOrDefault(r.runId(), List.of()));
        }).toList();
    }
}
