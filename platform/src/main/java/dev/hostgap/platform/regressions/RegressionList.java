package dev.hostgap.platform.regressions;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import dev.hostgap.platform.support.ParamsJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Regressions as the API lists them: newest first, a page at a time. A page continues after the
 * last regression of the previous one (keyset on creation time and id), so regressions detected
 * between two requests neither repeat nor skip a row, and a deep page costs what the first does.
 */
@Repository
class RegressionList {

    private static final String SELECT = """
            select g.id, b.name, b.version, b.params::text as params, s.metric, fb.sha as first_bad, lg.sha as last_good,
                   g.change_percent, g.status, g.kind, s.unit, s.direction, s.environment_class, g.p_value,
                   g.threshold_percent, g.note, g.status_changed_by, g.status_changed_at, g.created_at
            """ + ChangeLedger.CHANGES_WITH_SERIES;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RegressionList(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Which regressions a page holds: every filter may be null (any), {@code kind} may be {@code all}. */
    record Filter(long projectId, String status, String kind, String benchmark) {
    }

    /** Up to {@code limit} regressions older than regression {@code before} (from the newest when null). */
    List<RegressionView> page(Filter filter, Long before, int limit) {
        return jdbc.sql(SELECT + """
                        where b.project_id = :project and (cast(:status as text) is null or g.status = :status)
                          and (:kind = 'all' or g.kind = :kind) and (cast(:benchmark as text) is null or b.name = :benchmark)
                          and (cast(:before as bigint) is null
                               or (g.created_at, g.id) < (select created_at, id from regression where id = :before))
                        order by g.created_at desc, g.id desc
                        limit :limit
                        """)
                .param("project", filter.projectId()).param("status", filter.status()).param("kind", filter.kind())
                .param("benchmark", filter.benchmark()).param("before", before).param("limit", limit)
                .query(this::view).list();
    }

    /** How many regressions the filter matches, over all pages. */
    long count(Filter filter) {
        return jdbc.sql("""
                        select count(*) from regression g join series s on s.id = g.series_id join benchmark b on b.id = s.benchmark_id
                        where b.project_id = :project and (cast(:status as text) is null or g.status = :status)
                          and (:kind = 'all' or g.kind = :kind) and (cast(:benchmark as text) is null or b.name = :benchmark)
                        """)
                .param("project", filter.projectId()).param("status", filter.status()).param("kind", filter.kind())
                .param("benchmark", filter.benchmark())
                .query(Long.class).single();
    }

    /** Whether the regression exists and belongs to the project: a cursor from another project is no cursor. */
    boolean belongsTo(long regressionId, long projectId) {
        return jdbc.sql("""
                        select exists (select 1 from regression g join series s on s.id = g.series_id
                                       join benchmark b on b.id = s.benchmark_id where g.id = ? and b.project_id = ?)
                        """)
                .params(regressionId, projectId).query(Boolean.class).single();
    }

    Optional<RegressionView> find(long id) {
        return jdbc.sql(SELECT + " where g.id = ?").param(id).query(this::view).optional();
    }

    private RegressionView view(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new RegressionView(rs.getLong("id"), rs.getString("name"), rs.getInt("version"),
                ParamsJson.read(json, rs.getString("params")), rs.getString("metric"), rs.getString("first_bad"),
                rs.getString("last_good"), rs.getObject("change_percent", Double.class), rs.getString("status"), rs.getString("kind"),
                rs.getString("unit"), rs.getString("direction"), rs.getString("environment_class"),
                rs.getObject("p_value", Double.class), rs.getObject("threshold_percent", Double.class), rs.getString("note"),
                rs.getString("status_changed_by"), rs.getObject("status_changed_at", OffsetDateTime.class),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
