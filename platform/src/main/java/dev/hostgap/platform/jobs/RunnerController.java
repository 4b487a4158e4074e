package dev.hostgap.platform.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.projects.ProjectRef;
import dev.hostgap.platform.support.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runners are registered by an admin, each with a token of its own (shown once) scoped to labels and
 * projects. A token is rotated without downtime: the old one works on for a grace period while the
 * new one is rolled out.
 */
@RestController
class RunnerController {

    static final Duration DEFAULT_GRACE = Duration.ofHours(1);
    static final Duration MAX_GRACE = Duration.ofDays(7);

    /** {@code projects}: names of the projects whose jobs the runner may take; absent or empty: every project. */
    record RunnerRequest(String name, List<String> labels, List<String> projects) {
    }

    /** {@code graceSeconds}: how long the replaced token keeps working; absent: an hour, 0: it stops at once. */
    record RotateRequest(Long graceSeconds) {
    }

    private final RunnerRegistry runners;
    private final ProjectDirectory projects;

    RunnerController(RunnerRegistry runners, ProjectDirectory projects) {
        this.runners = runners;
        this.projects = projects;
    }

    @PostMapping("/api/v1/runners")
    @ResponseStatus(HttpStatus.CREATED)
    RunnerRegistry.Registered register(@RequestBody RunnerRequest request, HttpServletRequest http) {
        Caller.of(http).requireAdmin();
        if (request == null || request.name() == null || !request.name().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "name must be 1-100 letters, digits, '.', '_' or '-'.");
        }
        List<String> labels = request.labels() == null ? List.of() : request.labels();
        if (labels.size() > 50 || labels.stream().anyMatch(l -> l == null || !l.matches("[A-Za-z0-9][A-Za-z0-9._:=-]{0,99}"))) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "labels takes at most 50 labels of 1-100 letters, digits, "
                    + "'.', '_', ':', '=' or '-'.");
        }
        List<ProjectRef> scope = projectsOf(request.projects());
        return runners.register(request.name(), List.copyOf(labels), scope).orElseThrow(() -> new ApiProblem(
                ProblemType.RUNNER_EXISTS, "A runner named '" + request.name() + "' exists; "
                + "rotate its token (POST /api/v1/runners/{id}/token), or pick another name."));
    }

    @GetMapping("/api/v1/runners")
    List<RunnerRegistry.RunnerView> list(HttpServletRequest http) {
        Caller.of(http).requireAdmin();
        return runners.list();
    }

    /** A new token, shown once; the replaced one keeps working for {@code graceSeconds}. */
    @PostMapping("/api/v1/runners/{id}/token")
    @ResponseStatus(HttpStatus.CREATED)
    RunnerRegistry.Rotated rotate(@PathVariable long id, @RequestBody(required = false) RotateRequest request,
                                  HttpServletRequest http) {
        Caller.of(http).requireAdmin();
        Duration grace = request == null || request.graceSeconds() == null ? DEFAULT_GRACE
                : Duration.ofSeconds(request.graceSeconds());
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "graceSeconds must be 0 (the old token stops at once) to "
                    + MAX_GRACE.toSeconds() + " (7 days), not " + request.graceSeconds() + "; leave it out for "
                    + DEFAULT_GRACE.toSeconds() + ".");
        }
        return runners.rotate(id, grace).orElseThrow(() -> runners.isRevoked(id).isPresent()
                ? new ApiProblem(ProblemType.RUNNER_REVOKED, "Runner " + id + " is revoked and its tokens cannot come back; "
                        + "register a new runner (POST /api/v1/runners) with another name.")
                : unknown(id));
    }

    @DeleteMapping("/api/v1/runners/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable long id, HttpServletRequest http) {
        Caller.of(http).requireAdmin();
        if (!runners.revoke(id)) {
            throw unknown(id);
        }
    }

    /** The named projects, each once; every unknown name is reported in one answer. */
    private List<ProjectRef> projectsOf(List<String> names) {
        if (names == null || names.isEmpty()) {
            return List.of();
        }
        if (names.size() > 100 || names.stream().anyMatch(n -> n == null || n.isBlank() || n.length() > 200)) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "projects takes at most 100 project names of 1-200 characters"
                    + " (leave it out for a runner of every project).");
        }
        List<ProjectRef> found = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            projects.find(name).ifPresentOrElse(found::add, () -> unknown.add(name));
        }
        if (!unknown.isEmpty()) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "projects names " + (unknown.size() == 1 ? "a project" : "projects")
                    + " that do" + (unknown.size() == 1 ? "es" : "") + " not exist: " + String.join(", ", unknown.stream()
                    .map(n -> "'" + n + "'").toList()) + ". Create " + (unknown.size() == 1 ? "it" : "them")
                    + " first (POST /api/v1/projects) or correct the name; GET /api/v1/projects lists them.");
        }
        return found;
    }

    private static ApiProblem unknown(long id) {
        return new ApiProblem(ProblemType.UNKNOWN_RUNNER, "No runner " + id + "; GET /api/v1/runners lists them.");
    }
}
