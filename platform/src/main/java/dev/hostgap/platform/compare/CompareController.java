package dev.hostgap.platform.compare;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.projects.ProjectRef;
import dev.hostgap.platform.projects.CommitNode;
import dev.hostgap.platform.regressions.ChangeLedger;
import dev.hostgap.platform.regressions.ChangeRef;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CompareController {

    /** How many first-parent commits from the head are searched for the base. */
    private static final int DETECTED_DEPTH = 500;
    /**
     * How many are searched first: a compare is mostly of a head and a near ancestor, and walking 500
     * commits to find a parent cost 12 ms of a 40 ms compare (700 commits, by pg_stat_statements).
     */
    private static final int NEAR_DEPTH = 32;
    private static final MediaType MARKDOWN = MediaType.parseMediaType("text/markdown;charset=UTF-8");

    private final ProjectDirectory projects;
    private final CommitGraph graph;
    private final CommitComparer comparer;
    private final ChangeLedger changes;
    private final CompareDetails details;

    CompareController(ProjectDirectory projects, CommitGraph graph, CommitComparer comparer, ChangeLedger changes,
                      CompareDetails details) {
        this.changes = changes;
        this.details = details;
        this.projects = projects;
        this.graph = graph;
        this.comparer = comparer;
    }

    /**
     * Head against base for every series measured at either; {@code format=markdown} for a PR comment.
     * {@code base} and {@code head} may be abbreviated (7 hex digits or more); the report names both in full.
     * {@code baseline=level} judges the head against the level the base is at (the base and its
     * measured ancestors since each series' last change), as a pull request's answer does.
     */
    @GetMapping("/api/v1/projects/{project}/compare")
    ResponseEntity<?> compare(@PathVariable String project, @RequestParam String base, @RequestParam String head,
                              @RequestParam(defaultValue = "json") String format,
                              @RequestParam(defaultValue = "commit") String baseline) {
        if (!format.equals("json") && !format.equals("markdown")) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "format must be json or markdown, not '" + format + "'.");
        }
        if (!baseline.equals("commit") && !baseline.equals("level")) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "baseline must be commit or level, not '" + baseline + "'.");
        }
        ProjectRef ref = projects.require(project);
        String baseSha = graph.resolve(ref.id(), "base", base);
        String headSha = graph.resolve(ref.id(), "head", head);
        long baseId = graph.requireCommitId(ref.id(), baseSha);
        long headId = graph.requireCommitId(ref.id(), headSha);
        CompareReport report = new CompareReport(baseSha, headSha, baseline.equals("level")
                ? comparer.compareToBaseLevel(ref.id(), baseId, headId, ref.defaultBranch())
                : comparer.compare(ref.id(), baseId, headId), baseline, detectedBetween(ref, baseId, headId),
                details.environments(ref.id(), baseId, headId));
        if (format.equals("markdown")) {
            return ResponseEntity.ok().contentType(MARKDOWN).body(MarkdownReport.render(ref.name(), report));
        }
        return ResponseEntity.ok(report);
    }

    /**
     * One series' fork samples at base and head, run by run: what a compare row's medians summarize.
     * {@code series} is the row's {@code series} id; base and head may be abbreviated as for compare.
     */
    @GetMapping("/api/v1/projects/{project}/compare/samples")
    CompareDetails.SeriesSamples samples(@PathVariable String project, @RequestParam String base, @RequestParam String head,
                                         @RequestParam long series) {
        ProjectRef ref = projects.require(project);
        String baseSha = graph.resolve(ref.id(), "base", base);
        String headSha = graph.resolve(ref.id(), "head", head);
        long baseId = graph.requireCommitId(ref.id(), baseSha);
        long headId = graph.requireCommitId(ref.id(), headSha);
        CompareDetails.SeriesSamples found = details.series(ref.id(), series).orElseThrow(() -> new ApiProblem(
                ProblemType.UNKNOWN_SERIES, "Project '" + project + "' has no series " + series
                        + " (the series id of a compare row)."));
        return found.at(baseSha, headSha, details.samples(series, baseId), details.samples(series, headId));
    }

    /** The changes on record dated after the base up to the head, when the base is a first-parent ancestor of the head. */
    private List<ChangeRef> detectedBetween(ProjectRef ref, long baseId, long headId) {
        List<CommitNode> near = graph.timelineFrom(ref.id(), headId, ref.defaultBranch(), NEAR_DEPTH);
        // the shorter walk is the longer one's beginning, so a base found in it is found at the same place;
        // one not found in it is looked for in the longer walk even when the shorter came back short: where
        // the chain breaks, the commits that fill the walk drop those already in it, so short is not the end
        List<CommitNode> history = near.stream().anyMatch(c -> c.id() == baseId) ? near
                : graph.timelineFrom(ref.id(), headId, ref.defaultBranch(), DETECTED_DEPTH);
        List<Long> between = new ArrayList<>();
        for (CommitNode c : history) {
            if (c.id() == baseId) {
                return between.isEmpty() ? List.of() : changes.datedTo(between);
            }
            between.add(c.id());
        }
        return List.of(); // the base is not below the head: no range detection could have looked at
    }
}
