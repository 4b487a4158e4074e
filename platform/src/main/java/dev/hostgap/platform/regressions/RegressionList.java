package dev.hostgap.platform.regressions;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.hostgap.platform.support.ParamsJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Regressions as the API lists them, a page at a time: newest first, or as an inbox orders them
 * (those still awaiting a decision first, then by size over threshold). A page continues after the
 * last regression of the previous one (keyset on the order's key and id), so regressions detected
 * between two requests neither repeat nor skip a row, and a deep page costs what the first does.
 */
@Repository
class RegressionList {

    /** The statuses of a change still awaiting a decision, which an inbox lists first. */
    static final List<String> UNDECIDED = List.of("suspected", "confirming", "open");

    private static final String SIZE_OVER = "abs(g.change_percent) / nullif(g.threshold_percent, 0)";
    private static final String UNDECIDED_RANK = "(case when g.status in ('suspected', 'confirming', 'open') then 1 else 0 end)";

    private static final String SELECT = """
            select g.id, b.name, b.version, b.params::text as params, s.metric, fb.sha as first_bad, lg.sha as last_good,
                   g.change_percent, g.status, g.kind, s.unit, s.direction, s.environment_class, g.p_value,
                   g.threshold_percent, g.note, g.status_changed_by, g.status_changed_at, g.created_at,
                   split_part(fb.message, E'\\n', 1) as first_bad_message,
                   split_part(lg.message, E'\\n', 1) as last_good_message, g.baseline_median, %s as size_over,
                   cp.id as probe_id, cp.state as probe_state, cp.outcome as probe_outcome,
                   cb.id as bisection_id, cb.state as bisection_state
            """.formatted(SIZE_OVER) + ChangeLedger.CHANGES_WITH_SERIES + """
            left join lateral (select p.id, p.state, p.outcome from probe_change pc join probe p on p.id = pc.probe_id
                               where pc.regression_id = g.id and p.kind = 'confirm'
                               order by p.created_at desc, p.id desc limit 1) cp on true
            left join lateral (select id, state from bisection where confirm_probe_id = cp.id) cb on true
            """;

    private static final String MATCHES = """
            where b.project_id = :project and (cast(:statuses as text[]) is null or g.status = any(cast(:statuses as text[])))
              and (:kind = 'all' or g.kind = :kind) and (cast(:benchmark as text) is null or b.name = :benchmark)
              and (cast(:search as text) is null or strpos(lower(b.name), lower(:search)) > 0)
              and (cast(:environment as text) is null or s.environment_class = :environment)
            """;

    /** How a page is ordered: by {@code key} (then id), all descending. */
    enum Order {
        /** Newest first (by detection time, then id). */
        NEWEST("g.created_at"),
        /** Changes awaiting a decision first, then the largest |change %| / threshold %, then the newest id. */
        SIZE(UNDECIDED_RANK + ", coalesce(" + SIZE_OVER + ", 0)");

        private final String key;

        Order(String key) {
            this.key = key;
        }

        String orderBy() {
            return this == NEWEST ? "g.created_at desc, g.id desc" : UNDECIDED_RANK + " desc, coalesce(" + SIZE_OVER + ", 0) desc, g.id desc";
        }

        /** Rows after regression {@code :before} in this order: its key is read with the same expressions. */
        String after() {
            return "(" + key + ", g.id) < (select " + key + ", g.id from regression g where g.id = :before)";
        }
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RegressionList(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Which regressions a page holds: every filter may be null (any), {@code kind} may be {@code all};
     * {@code benchmark} is a name, {@code search} a case-insensitive part of one.
     */
    record Filter(long projectId, List<String> statuses, String kind, String benchmark, String search, String environment) {
    }

    /**
     * Up to {@code limit} regressions after regression {@code before} in the order (from the first when
     * null), each with the series' levels at up to {@code levels} measured commits around it.
     */
    List<RegressionView> page(Filter filter, Order order, Long before, int limit, int levels) {
        // the page's ids first, from the three tables the filters and the order read; then the details of
        // those few: one statement did the commit, probe and bisection lookups for every matching change
        // before sorting them (28 of 67 ms for the inbox's 50 of 2,000 changes at 10^7 samples)
        List<Long> ids = bind(jdbc.sql("select g.id from regression g join series s on s.id = g.series_id "
                        + "join benchmark b on b.id = s.benchmark_id " + MATCHES
                        + " and (cast(:before as bigint) is null or " + order.after() + ")"
                        + " order by " + order.orderBy() + " limit :limit"), filter)
                .param("before", before).param("limit", limit)
                .query(Long.class).list();
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, RegressionView> byId = new HashMap<>();
        jdbc.sql(SELECT + " where g.id = any(:ids)").param("ids", ids.toArray(Long[]::new))
                .query(this::view).list().forEach(v -> byId.put(v.id(), v));
        // a change deleted between the two statements (its project removed) drops out
        List<RegressionView> page = ids.stream().map(byId::get).filter(Objects::nonNull).toList();
        return levels == 0 || page.isEmpty() ? page : withLevels(page, levels);
    }

    /** How many regressions the filter matches, over all pages. */
    long count(Filter filter) {
        return bind(jdbc.sql("select count(*) from regression g join series s on s.id = g.series_id "
                + "join benchmark b on b.id = s.benchmark_id " + MATCHES), filter)
                .query(Long.class).single();
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec sql, Filter filter) {
        return sql.param("project", filter.projectId())
                .param("statuses", filter.statuses() == null ? null : filter.statuses().toArray(String[]::new))
                .param("kind", filter.kind()).param("benchmark", filter.benchmark())
                .param("search", filter.search()).param("environment", filter.environment());
    }

    /**
     * The series' levels around each change: the level at up to {@code levels / 2} measured commits
     * before its first bad commit and as many from it on, in the order the platform first saw the commits
     * (commit ids), which keeps every read on {@code result_summary_idx}: each side is a backward or forward
     * index scan that stops after that many distinct commits, so the cost grows with the page, not with
     * the series' history (a full read of every result of 50 series took 525 ms at 10^7 samples). A
     * commit's level is the median of its runs' medians; failed results are left out.
     */
    private List<RegressionView> withLevels(List<RegressionView> page, int levels) {
        Map<Long, List<RegressionView.Level>> around = new HashMap<>();
        jdbc.sql("""
                        with change as (
                            select g.id, g.series_id, g.first_bad_commit_id as first_bad from regression g where g.id = any(:ids)
                        ), around as (
                            select change.id as change_id, change.series_id, near.commit_id
                            from change cross join lateral (
                                (select distinct r.commit_id from result r
                                 where r.series_id = change.series_id and r.error is null and r.commit_id < change.first_bad
                                 order by r.commit_id desc limit :half)
                                union all
                                (select distinct r.commit_id from result r
                                 where r.series_id = change.series_id and r.error is null and r.commit_id >= change.first_bad
                                 order by r.commit_id asc limit :half)
                            ) near
                        )
                        select a.change_id, c.sha, level.median
                        from around a join git_commit c on c.id = a.commit_id
                        cross join lateral (select percentile_cont(0.5) within group (order by r.median) as median from result r
                                            where r.series_id = a.series_id and r.commit_id = a.commit_id and r.error is null) level
                        order by a.change_id, a.commit_id
                        """)
                .param("ids", page.stream().map(RegressionView::id).toArray(Long[]::new)).param("half", (levels + 1) / 2)
                .query(rs -> {
                    around.computeIfAbsent(rs.getLong(1), k -> new java.util.ArrayList<>())
                            .add(new RegressionView.Level(rs.getString(2).trim(), rs.getDouble(3)));
                });
        return page.stream().map(v -> v.withLevels(around.getOrDefault(v.id(), List.of()))).toList();
    }

    /** Whether the regression exists and belongs to the project: a cursor from another project is no cursor. */
    boolean belongsTo(long regressionId, long projectId) {
        return jdbc.sql("""
                        select exists (select 1 from regression g join series s on s.id = g.series_id
                                       join benchmark b on b.id = s.benchmark_id where g.id = ? and b.project_id = ?)
                        """)
                .params(regressionId, projectId).query(Boolean.class).single();
    }

    /** One regression with the series' levels at up to {@code levels} measured commits around it. */
    Optional<RegressionView> find(long id, int levels) {
        return jdbc.sql(SELECT + " where g.id = ?").param(id).query(this::view).optional()
                .map(v -> levels == 0 ? v : withLevels(List.of(v), levels).get(0));
    }

    private RegressionView view(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Double change = rs.getObject("change_percent", Double.class);
        Double base = rs.getObject("baseline_median", Double.class);
        Double head = base == null || change == null ? null : base + Math.abs(base) * change / 100;
        long probe = rs.getLong("probe_id");
        RegressionView.Confirmation confirmation = rs.wasNull() ? null : new RegressionView.Confirmation(probe,
                rs.getString("probe_state"), rs.getString("probe_outcome"), rs.getObject("bisection_id", Long.class),
                rs.getString("bisection_state"));
        return new RegressionView(rs.getLong("id"), rs.getString("name"), rs.getInt("version"),
                ParamsJson.read(json, rs.getString("params")), rs.getString("metric"), rs.getString("first_bad"),
                rs.getString("last_good"), change, rs.getString("status"), rs.getString("kind"),
                rs.getString("unit"), rs.getString("direction"), rs.getString("environment_class"),
                rs.getObject("p_value", Double.class), rs.getObject("threshold_percent", Double.class), rs.getString("note"),
                rs.getString("status_changed_by"), rs.getObject("status_changed_at", OffsetDateTime.class),
                rs.getObject("created_at", OffsetDateTime.class), rs.getString("first_bad_message"), rs.getString("last_good_message"), base, head,
                rs.getObject("size_over", Double.class), confirmation, null);
    }
}
