package dev.hostgap.platform.compare;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.projects.ProjectRef;
import dev.hostgap.platform.support.CommitSha;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CompareController {

    private static final MediaType MARKDOWN = MediaType.parseMediaType("text/markdown;charset=UTF-8");

    private final ProjectDirectory projects;
    private final CommitGraph graph;
    private final CommitComparer comparer;

    CompareController(ProjectDirectory projects, CommitGraph graph, CommitComparer comparer) {
        this.projects = projects;
        this.graph = graph;
        this.comparer = comparer;
    }

    /** Head against base for every series measured at either; {@code format=markdown} for a PR comment. */
    @GetMapping("/api/v1/projects/{project}/compare")
    ResponseEntity<?> compare(@PathVariable String project, @RequestParam String base, @RequestParam String head,
                              @RequestParam(defaultValue = "json") String format) {
        CommitSha.require("base", base);
        CommitSha.require("head", head);
        if (!format.equals("json") && !format.equals("markdown")) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "format must be json or markdown, not '" + format + "'.");
        }
        ProjectRef ref = projects.require(project);
        CompareReport report = new CompareReport(base, head,
                comparer.compare(ref.id(), graph.requireCommitId(ref.id(), base), graph.requireCommitId(ref.id(), head)));
        if (format.equals("markdown")) {
            return ResponseEntity.ok().contentType(MARKDOWN).body(MarkdownReport.render(ref.name(), report));
        }
        return ResponseEntity.ok(report);
    }
}
