package dev.hostgap.platform.regressions;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.projects.ProjectRef;
import dev.hostgap.platform.support.Caller;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Regressions and improvements: listing, their lifecycle, and the summary verdict of a commit. */
@RestController
class RegressionController {

    private static final int MAX_NOTE = 2000;
    private static final Set<String> STATUSES = Set.of("open", "acknowledged", "false_positive", "fixed");
    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() { };
    private static final String SELECT = """
            select g.id, b.name, b.version, b.params::text as params, s.metric, fb.sha as first_bad, lg.sha as last_good,
                   g.change_percent, g.status, g.kind, s.unit, s.direction, s.environment_class, g.p_value,
                   g.threshold_percent, g.note, g.status_changed_by, g.status_changed_at, g.created_at
            from regression g
            join series s on s.id = g.series_id
            join benchmark b on b.id = s.benchmark_id
            join git_commit fb on fb.id = g.first_bad_commit_id
            left join git_commit lg on lg.id = g.last_good_commit_id
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ProjectDirectory projects;
    private final RegressionLog log;
    private final CommitVerdicts verdicts;

    RegressionController(JdbcClient jdbc, JsonMapper json, ProjectDirectory projects, RegressionLog log,
                         CommitVerdicts verdicts) {
        this.jdbc = jdbc;
        this.json = json;
        this.projects = projects;
        this.log = log;
        this.verdicts = verdicts;
    }

    @GetMapping("/api/v1/projects/{project}/regressions")
    List<RegressionView> list(@PathVariable String project, @RequestParam(required = false) String status,
                              @RequestParam(defaultValue = "regression") String kind) {
        if (status != null && !STATUSES.contains(status)) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "status must be one of " + STATUSES + ", not '" + status + "'.");
        }
        if (!Set.of("regression", "improvement", "all").contains(kind)) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "kind must be regression, improvement or all, not '" + kind + "'.");
        }
        ProjectRef ref = projects.require(project);
        return jdbc.sql(SELECT + """
                        where b.project_id = :project and (cast(:status as text) is null or g.status = :status)
                          and (:kind = 'all' or g.kind = :kind)
                        order by g.created_at desc, g.id desc
                        """)
                .param("project", ref.id()).param("status", status).param("kind", kind)
                .query(this::view).list();
    }

    record StatusChange(String status, String note, Boolean intended) {
    }

    private record Owner(long projectId, String projectName, String status) {
    }

    /** One regression with every status change it went through, oldest first. */
    record RegressionDetail(RegressionView regression, List<RegressionLog.Event> history) {
    }

    @GetMapping("/api/v1/regressions/{id}")
    RegressionDetail get(@PathVariable long id) {
        return new RegressionDetail(find(id), log.history(id));
    }

    /**
     * Moves a regression through its lifecycle. A false positive, or an acknowledged change marked
     * {@code "intended": true}, resets the series' baseline at its first bad commit, so later runs
     * are judged against the new level.
     */
    @PatchMapping("/api/v1/regressions/{id}")
    @Transactional
    public RegressionView update(@PathVariable long id, @RequestBody StatusChange change, HttpServletRequest request) {
        if (change.status() == null || !STATUSES.contains(change.status())) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "status must be one of " + STATUSES + ".");
        }
        if (change.note() != null && (change.note().length() > MAX_NOTE || change.note().indexOf('\0') >= 0)) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "note must be at most " + MAX_NOTE + " characters without NUL.");
        }
        var owner = jdbc.sql("select p.id, p.name, g.status from regression g join series s on s.id = g.series_id "
                + "join benchmark b on b.id = s.benchmark_id join project p on p.id = b.project_id where g.id = ? for update of g")
                .param(id).query((rs, i) -> new Owner(rs.getLong(1), rs.getString(2), rs.getString(3))).optional()
                .orElseThrow(() -> unknown(id));
        Caller caller = Caller.of(request);
        caller.requireWriteAccess(owner.projectId(), owner.projectName());
        jdbc.sql("""
                        update regression set status = ?, note = coalesce(?, note), status_changed_by = ?, status_changed_at = now()
                        where id = ?
                        """).params(change.status(), change.note(), caller.name(), id).update();
        log.record(id, owner.status(), change.status(), caller.name(), change.note());
        boolean resetsBaseline = change.status().equals("false_positive") || Boolean.TRUE.equals(change.intended());
        if (resetsBaseline) {
            jdbc.sql("""
                            insert into baseline_reset (series_id, commit_id, reason)
                            select series_id, first_bad_commit_id, ? from regression where id = ?
                            on conflict do nothing
                            """).params(change.status().equals("false_positive") ? "false_positive" : "intended_change", id).update();
        }
        return find(id);
    }

    /** What a CI status shows for a commit ({@link CommitVerdicts}). */
    @GetMapping("/api/v1/projects/{project}/commits/{sha}/verdict")
    CommitVerdict verdict(@PathVariable String project, @PathVariable String sha) {
        return verdicts.verdict(projects.require(project).id(), sha);
    }

    private RegressionView find(long id) {
        return jdbc.sql(SELECT + " where g.id = ?").param(id).query(this::view).optional().orElseThrow(() -> unknown(id));
    }

    private static ApiProblem unknown(long id) {
        return new ApiProblem(ProblemType.UNKNOWN_REGRESSION, "No regression with id " + id + ".");
    }

    private RegressionView view(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new RegressionView(rs.getLong("id"), rs.getString("name"), rs.getInt("version"),
                json.readValue(rs.getString("params"), PARAMS), rs.getString("metric"), rs.getString("first_bad"),
                rs.getString("last_good"), rs.getObject("change_percent", Double.class), rs.getString("status"), rs.getString("kind"),
                rs.getString("unit"), rs.getString("direction"), rs.getString("environment_class"),
                rs.getObject("p_value", Double.class), rs.getObject("threshold_percent", Double.class), rs.getString("note"),
                rs.getString("status_changed_by"), rs.getObject("status_changed_at", java.time.OffsetDateTime.class),
                rs.getObject("created_at", java.time.OffsetDateTime.class));
    }
}
