package dev.hostgap.platform.projects;

import java.time.OffsetDateTime;
import java.util.List;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CommitController {

    static final int MAX_LIMIT = 10_000;

    private final ProjectDirectory projects;
    private final CommitGraph graph;

    CommitController(ProjectDirectory projects, CommitGraph graph) {
        this.projects = projects;
        this.graph = graph;
    }

    /** Commits of a branch, newest first along first parents (the project's default branch if none given). */
    @GetMapping("/api/v1/projects/{project}/commits")
    List<CommitView> commits(@PathVariable String project,
                             @RequestParam(required = false) String branch,
                             @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        ProjectRef ref = projects.require(project);
        return graph.firstParentHistory(ref, branch == null ? ref.defaultBranch() : branch, limit).stream()
                .map(c -> new CommitView(c.sha(), c.parents(), c.timestamp(), c.message()))
                .toList();
    }

    record CommitView(String sha, List<String> parents, OffsetDateTime timestamp, String message) {
    }
}
