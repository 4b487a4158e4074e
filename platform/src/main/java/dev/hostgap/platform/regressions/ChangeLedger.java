package dev.hostgap.platform.regressions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.hostgap.platform.stats.Verdict;
import dev.hostgap.platform.support.ParamsJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one public query of what detection holds about commits: the changes dated to a commit, the
 * changes a commit sits on, and how each series measured at a commit was judged. Every surface that
 * answers "did this commit change anything?" reads it, never the tables behind it.
 */
@Repository
public class ChangeLedger {

    /** A change with its series ({@code s}), benchmark ({@code b}) and first bad / last good commits ({@code fb}, {@code lg}). */
    static final String CHANGES_WITH_SERIES = """
            from regression g
            join series s on s.id = g.series_id
            join benchmark b on b.id = s.benchmark_id
            join git_commit fb on fb.id = g.first_bad_commit_id
            left join git_commit lg on lg.id = g.last_good_commit_id
            """;

    private static final String SELECT = """
            select g.id, g.kind, g.status, b.name, b.version, b.params::text as params, s.metric, s.unit, g.change_percent,
                   g.threshold_percent, fb.sha as first_bad, lg.sha as last_good,
                   exists (select 1 from baseline_reset r where r.series_id = g.series_id
                           and r.commit_id = g.first_bad_commit_id and r.reason = 'intended_change') as intended
            """ + CHANGES_WITH_SERIES;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ChangeLedger(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Changes dated to the commit (its first bad commit), dismissed suspicions left out; largest first. */
    public List<ChangeRef> introducedAt(long commitId) {
        return datedTo(List.of(commitId));
    }

    /** Changes dated to any of these commits, dismissed suspicions left out; largest first. */
    public List<ChangeRef> datedTo(Collection<Long> commitIds) {
        return jdbc.sql(SELECT + " where g.first_bad_commit_id = any(?) and g.status <> 'dismissed'"
                        + " order by abs(coalesce(g.change_percent, 0)) desc, g.id")
                .param(commitIds.toArray(Long[]::new)).query(this::change).list();
    }

    /** Changes still present (suspected, open, acknowledged) whose first bad commit is one of these commits; largest first. */
    public List<ChangeRef> presentAt(Collection<Long> commitIds) {
        return jdbc.sql(SELECT + " where g.first_bad_commit_id = any(?) and g.status in ('suspected', 'open', 'acknowledged')"
                        + " order by abs(coalesce(g.change_percent, 0)) desc, g.id desc")
                .param(commitIds.toArray(Long[]::new)).query(this::change).list();
    }

    /**
     * For each series, the newest of these commits (given newest first) where a level change of it
     * on record began: the series' level at the first commit is measured since there. Dismissed
     * suspicions and false positives are no change.
     */
    public Map<Long, Long> levelStarts(Collection<Long> seriesIds, List<Long> commitsNewestFirst) {
        Map<Long, Long> starts = new java.util.HashMap<>();
        jdbc.sql("""
                        select g.series_id, g.first_bad_commit_id from regression g
                        join unnest(cast(? as bigint[])) with ordinality as h(commit_id, position) on h.commit_id = g.first_bad_commit_id
                        where g.series_id = any(?) and g.status not in ('dismissed', 'false_positive', 'confirming', 'unconfirmed')
                        order by g.series_id, h.position desc
                        """)
                .params(commitsNewestFirst.toArray(Long[]::new), seriesIds.toArray(Long[]::new))
                .query(rs -> {
                    starts.put(rs.getLong(1), rs.getLong(2)); // the last row per series is the newest commit
                });
        return starts;
    }

    /** How the series measured at a commit were judged: per series, the newest branch run's judgement, counted by verdict. */
    public Map<Verdict, Long> judgementsAt(long commitId) {
        Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);
        jdbc.sql("""
                        select kind, count(*) from (
                            select distinct on (j.series_id) j.series_id, j.kind from judgement j
                            join run_commit r on r.run_id = j.run_id
                            where r.commit_id = ? and r.pull_request is null
                            order by j.series_id, r.uploaded_at desc, r.run_id desc
                        ) newest group by kind
                        """)
                .param(commitId)
                .query(rs -> {
                    counts.put(Verdict.fromWireName(rs.getString(1)), rs.getLong(2));
                });
        return counts;
    }

    private ChangeRef change(ResultSet rs, int row) throws SQLException {
        return new ChangeRef(rs.getLong("id"), Verdict.fromWireName(rs.getString("kind")),
                ChangeStatus.fromWireName(rs.getString("status")).orElseThrow(), rs.getString("name"), rs.getInt("version"),
                ParamsJson.read(json, rs.getString("params")), rs.getString("metric"), rs.getString("unit"),
                rs.getObject("change_percent", Double.class), rs.getObject("threshold_percent", Double.class),
                rs.getString("first_bad"), rs.getString("last_good"), rs.getBoolean("intended"));
    }
}
