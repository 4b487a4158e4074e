package dev.hostgap.platform.runs;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.hostgap.platform.stats.Verdict;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads one stored run back, complete, for the run detail endpoint (and for anyone checking an upload landed). */
@Repository
class RunDetails {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RunDetails(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<RunDetail> find(UUID runId) {
        return jdbc.sql("""
                        select run.id, p.name as project, c.sha, run.branch, c.committed_at, c.message,
                               run.source, run.schema_version, run.uploaded_at, run.judged_at,
                               e.environment_class, e.gpu, e.driver, e.cuda, e.runtime, e.jvm, e.host,
                               e.attributes::text as attributes
                        from run
                        join project p on p.id = run.project_id
                        join git_commit c on c.id = run.commit_id
                        join environment e on e.id = run.environment_id
                        where run.id = ?
                        """)
                .param(runId)
                .query((rs, i) -> new RunDetail(rs.getObject("id", UUID.class), rs.getString("project"),
                        new RunDetail.Commit(rs.getString("sha"), rs.getString("branch"),
                                rs.getObject("committed_at", OffsetDateTime.class), rs.getString("message")),
                        rs.getString("source"), rs.getString("schema_version"),
                        rs.getObject("uploaded_at", OffsetDateTime.class), rs.getObject("judged_at", OffsetDateTime.class),
                        new RunDetail.Environment(rs.getString("environment_class"), rs.getString("gpu"),
                                rs.getString("driver"), rs.getString("cuda"), rs.getString("runtime"), rs.getString("jvm"),
                                rs.getString("host"), json.readValue(rs.getString("attributes"), OBJECT)),
                        results(runId)))
                .optional();
    }

    /**
     * Results in upload order (the result id grows with it), each with its series' judgement in this
     * run as detection stored it (read, never judged again here: the page says what detection said).
     */
    private List<RunDetail.Result> results(UUID runId) {
        return jdbc.sql("""
                        select b.name, b.version, b.params::text as params, s.metric, s.unit, s.direction,
                               r.n, r.median, r.p10, r.p90, r.min, r.max, r.samples, r.error, r.kernel_hash,
                               j.kind as verdict, j.change_percent
                        from result r
                        join series s on s.id = r.series_id
                        join benchmark b on b.id = s.benchmark_id
                        left join judgement j on j.run_id = r.run_id and j.series_id = r.series_id and r.error is null
                        where r.run_id = ?
                        order by r.id
                        """)
                .param(runId)
                .query((rs, i) -> new RunDetail.Result(rs.getString("name"), rs.getInt("version"),
                        json.readValue(rs.getString("params"), OBJECT), rs.getString("metric"), rs.getString("unit"),
                        rs.getString("direction"), rs.getInt("n"), nullable(rs, "median"), nullable(rs, "p10"),
                        nullable(rs, "p90"), nullable(rs, "min"), nullable(rs, "max"), samples(rs.getArray("samples")),
                        rs.getString("error"), rs.getString("kernel_hash"),
                        rs.getString("verdict") == null ? null : Verdict.fromWireName(rs.getString("verdict")),
                        nullable(rs, "change_percent")))
                .list();
    }

    private static Double nullable(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static List<Double> samples(Array array) throws SQLException {
        return Arrays.asList((Double[]) array.getArray());
    }
}
