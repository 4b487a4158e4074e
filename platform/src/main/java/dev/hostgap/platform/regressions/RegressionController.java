package dev.hostgap.platform.regressions;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.projects.ProjectRef;
import dev.hostgap.platform.support.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponents;

/** Changes on record (regressions and improvements): listing, and their lifecycle as people triage them. */
@RestController
class RegressionController {

    private static final int MAX_NOTE = 2000;
    /** What a person may set; detection alone suspects and dismisses. */
    private static final Set<String> STATUSES = Set.of("open", "acknowledged", "false_positive", "fixed");
    private static final Set<String> LISTED = java.util.Arrays.stream(ChangeStatus.values()).map(ChangeStatus::wireName)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    private final JdbcClient jdbc;
    private final ProjectDirectory projects;
    private final RegressionLog log;
    private final RegressionList regressions;
    private final org.springframework.context.ApplicationEventPublisher events;

    RegressionController(JdbcClient jdbc, ProjectDirectory projects, RegressionLog log, RegressionList regressions,
                         org.springframework.context.ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.regressions = regressions;
        this.projects = projects;
        this.log = log;
        this.events = events;
    }

    static final int MAX_LEVELS = 64;
    private static final int MAX_TEXT = 200;

    /**
     * A page of regressions, newest first, or ({@code sort=size}) those awaiting a decision first, then
     * by size over threshold. The next page is named by the {@code Link: <…>; rel="next"} header (absent
     * on the last page), the number of matches over all pages by {@code X-Total-Count}.
     */
    @GetMapping("/api/v1/projects/{project}/regressions")
    ResponseEntity<List<RegressionView>> list(@PathVariable String project, @RequestParam(required = false) String status,
                                              @RequestParam(defaultValue = "regression") String kind,
                                              @RequestParam(required = false) String benchmark,
                                              @RequestParam(required = false) String q,
                                              @RequestParam(required = false) String environment,
                                              @RequestParam(defaultValue = "newest") String sort,
                                              @RequestParam(defaultValue = "0") int levels,
                                              @RequestParam(defaultValue = "" + DEFAULT_PAGE) int limit,
                                              @RequestParam(required = false) Long before) {
        List<String> statuses = status == null || status.isEmpty() ? null : List.of(status.split(",", -1));
        if (statuses != null && !LISTED.containsAll(statuses)) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER,
                    "status must be one or more (comma-separated) of " + LISTED + ", not '" + status + "'.");
        }
        if (!Set.of("regression", "improvement", "all").contains(kind)) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "kind must be regression, improvement or all, not '" + kind + "'.");
        }
        if (!Set.of("newest", "size").contains(sort)) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "sort must be newest or size, not '" + sort + "'.");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "limit must be between 1 and " + MAX_PAGE + ".");
        }
        if (levels < 0 || levels > MAX_LEVELS) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "levels must be between 0 and " + MAX_LEVELS + ".");
        }
        for (String text : new String[] {q, environment}) {
            if (text != null && (text.length() > MAX_TEXT || text.indexOf('\0') >= 0)) {
                throw new ApiProblem(ProblemType.INVALID_PARAMETER, "q and environment must be at most " + MAX_TEXT
                        + " characters without NUL.");
            }
        }
        ProjectRef ref = projects.require(project);
        if (before != null && !regressions.belongsTo(before, ref.id())) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER,
                    "before must be the id of a regression of project '" + project + "' (the last id of the previous page).");
        }
        RegressionList.Filter filter = new RegressionList.Filter(ref.id(), statuses, kind, benchmark,
                q == null || q.isBlank() ? null : q.strip(), environment == null || environment.isEmpty() ? null : environment);
        RegressionList.Order order = sort.equals("size") ? RegressionList.Order.SIZE : RegressionList.Order.NEWEST;
        List<RegressionView> page = regressions.page(filter, order, before, limit + 1, levels);
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().header("X-Total-Count", String.valueOf(regressions.count(filter)));
        if (page.size() > limit) {
            page = page.subList(0, limit);
            UriComponents next = ServletUriComponentsBuilder.fromCurrentRequest()
                    .replaceQueryParam("before", page.get(limit - 1).id()).build();
            answer.header(HttpHeaders.LINK, "<" + next.getPath() + "?" + next.getQuery() + ">; rel=\"next\"");
        }
        return answer.body(page);
    }

    record StatusChange(String status, String note, Boolean intended) {
    }

    private record Owner(long projectId, String projectName, String status, long firstBadCommitId) {
    }

    /** How many measured commits around the change the detail answer's levels cover (half before, half from it). */
    static final int DETAIL_LEVELS = 24;

    /**
     * One regression with every status change it went through, oldest first; its {@code levels} are
     * the series around the change ({@link #DETAIL_LEVELS}), what the triage page draws.
     */
    record RegressionDetail(RegressionView regression, List<RegressionLog.Event> history) {
    }

    @GetMapping("/api/v1/regressions/{id}")
    RegressionDetail get(@PathVariable long id) {
        return new RegressionDetail(find(id, DETAIL_LEVELS), log.history(id));
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
        var owner = jdbc.sql("select p.id, p.name, g.status, g.first_bad_commit_id from regression g join series s on s.id = g.series_id "
                + "join benchmark b on b.id = s.benchmark_id join project p on p.id = b.project_id where g.id = ? for update of g")
                .param(id).query((rs, i) -> new Owner(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4))).optional()
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
            // the newest triage says why: a false positive later acknowledged as intended is an intended change
            jdbc.sql("""
                            insert into baseline_reset (series_id, commit_id, reason)
                            select series_id, first_bad_commit_id, ? from regression where id = ?
                            on conflict (series_id, commit_id) do update set reason = excluded.reason, created_at = now()
                            """).params(change.status().equals("false_positive") ? "false_positive" : "intended_change", id).update();
        } else if (!change.status().equals("fixed")) {
            // reopened, or acknowledged as not intended: the change is real again, and so its baseline
            jdbc.sql("""
                            delete from baseline_reset r using regression g
                            where g.id = ? and r.series_id = g.series_id and r.commit_id = g.first_bad_commit_id
                            """).param(id).update();
        }
        // its commit's answer (and that of the commits on top of it) is shown again once this commits
        events.publishEvent(new ChangesRecorded(Set.of(owner.firstBadCommitId())));
        return find(id, 0);
    }

    private RegressionView find(long id, int levels) {
        return regressions.find(id, levels).orElseThrow(() -> unknown(id));
    }

    private static ApiProblem unknown(long id) {
        return new ApiProblem(ProblemType.UNKNOWN_REGRESSION, "No regression with id " + id + ".");
    }
}
