package dev.hostgap.platform.verdicts;

import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.projects.ProjectRef;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;

/** A commit's answer, the same one its CI status shows ({@link CommitVerdicts}). */
@RestController
class VerdictController {

    private final ProjectDirectory projects;
    private final CommitVerdicts verdicts;
    private final CommitGraph graph;

    VerdictController(ProjectDirectory projects, CommitVerdicts verdicts, CommitGraph graph) {
        this.projects = projects;
        this.graph = graph;
        this.verdicts = verdicts;
    }

    /**
     * {@code pullRequest}: the answer as that pull request's head (what its status shows), when the
     * commit was also measured on a branch; without it, a commit with a branch run is answered as a
     * branch commit, one measured only for a pull request as that pull request's head. {@code sha}
     * may be abbreviated (7 hex digits or more), as a person copies it from a page.
     */
    @GetMapping("/api/v1/projects/{project}/commits/{sha}/verdict")
    CommitVerdict verdict(@PathVariable String project, @PathVariable String sha,
                          @RequestParam(required = false) Integer pullRequest) {
        if (pullRequest != null && pullRequest < 1) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "pullRequest must be a pull request's number, 1 or more.");
        }
        ProjectRef ref = projects.require(project);
        return verdicts.answer(ref, graph.resolve(ref.id(), "sha", sha), pullRequest).verdict();
    }
}
