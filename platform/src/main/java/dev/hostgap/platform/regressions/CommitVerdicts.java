package dev.hostgap.platform.regressions;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.hostgap.platform.projects.CommitGraph;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The summary verdict of a commit from detection's judgements: per series the judgement of the
 * newest run there (which already pools every run of the commit), so several runs of one commit
 * never count twice. One place for the HTTP answer and for what CI is told.
 */
@Component
public class CommitVerdicts {

    private static final String NEWEST_PER_SERIES = """
            select distinct on (j.series_id) j.series_id, j.kind, j.change_percent from judgement j join run_commit r on r.run_id = j.run_id
            where r.commit_id = ? order by j.series_id, r.uploaded_at desc, r.run_id desc
            """;

    private final JdbcClient jdbc;
    private final CommitGraph graph;

    CommitVerdicts(JdbcClient jdbc, CommitGraph graph) {
        this.jdbc = jdbc;
        this.graph = graph;
    }

    /** The largest change of one kind at a commit, with the series it was seen in. */
    public record Change(String benchmark, String metric, double changePercent) {
    }

    /** The commit's verdict; an unknown commit is the {@code unknown-commit} problem (404). */
    public CommitVerdict verdict(long projectId, String sha) {
        long commitId = graph.requireCommitId(projectId, sha);
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("select kind, count(*) from (" + NEWEST_PER_SERIES + ") newest group by kind")
                .param(commitId).query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        long regressions = counts.getOrDefault("regression", 0L);
        long improvements = counts.getOrDefault("improvement", 0L);
        long unchanged = counts.getOrDefault("unchanged", 0L);
        long insufficientHistory = counts.getOrDefault("insufficient_history", 0L);
        long insufficient = counts.getOrDefault("insufficient_data", 0L);
        // green only when every series was judged: a series still learning its noise was not
        String verdict = regressions > 0 ? "regression" : improvements > 0 ? "improvement"
                : insufficientHistory > 0 ? "insufficient_history" : unchanged > 0 ? "unchanged" : "insufficient_data";
        return new CommitVerdict(sha, verdict, regressions, improvements, unchanged, insufficientHistory, insufficient);
    }

    /**
     * The series whose newest judgement at the commit is of this kind ({@code regression} or
     * {@code improvement}) with the largest absolute change; empty when there is none.
     */
    public Optional<Change> worst(long projectId, String sha, String kind) {
        long commitId = graph.requireCommitId(projectId, sha);
        return jdbc.sql("""
                        select b.name, s.metric, newest.change_percent from (%s) newest
                        join series s on s.id = newest.series_id join benchmark b on b.id = s.benchmark_id
                        where newest.kind = ? and newest.change_percent is not null
                        order by abs(newest.change_percent) desc, b.name limit 1
                        """.formatted(NEWEST_PER_SERIES))
                .params(commitId, kind)
                .query((rs, i) -> new Change(rs.getString(1), rs.getString(2), rs.getDouble(3)))
                .optional();
    }
}
