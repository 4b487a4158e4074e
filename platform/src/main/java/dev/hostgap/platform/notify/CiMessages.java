package dev.hostgap.platform.notify;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.hostgap.platform.compare.CommitComparer;
import dev.hostgap.platform.compare.CompareReport;
import dev.hostgap.platform.compare.CompareRow;
import dev.hostgap.platform.compare.MarkdownReport;
import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.regressions.CommitVerdict;
import dev.hostgap.platform.regressions.CommitVerdicts;
import org.springframework.stereotype.Component;

/**
 * Composes what CI is told about a judged job from the one commit verdict ({@link CommitVerdicts})
 * and, for the link and the pull request table, a compare against the job's base: the pull
 * request's base commit when it was measured, else the nearest measured ancestor, the way the
 * upload answer picks it.
 */
@Component
class CiMessages {

    /** Marks hostgap's comment, so that a person reading the thread can tell where it comes from. */
    static final String COMMENT_MARKER = "<!-- hostgap -->";

    private final CommitVerdicts verdicts;
    private final CommitComparer comparer;
    private final CommitGraph graph;
    private final NotifyProperties properties;

    CiMessages(CommitVerdicts verdicts, CommitComparer comparer, CommitGraph graph, NotifyProperties properties) {
        this.verdicts = verdicts;
        this.comparer = comparer;
        this.graph = graph;
        this.properties = properties;
    }

    private record Base(String sha, List<CompareRow> rows) {
    }

    CiMessage compose(CiJob job) {
        CommitVerdict verdict = verdicts.verdict(job.projectId(), job.sha());
        Optional<Base> base = base(job);
        String url = properties.publicBase() + "/#/p/" + ProviderApi.encode(job.projectName())
                + base.map(b -> "/compare/" + b.sha() + "/" + job.sha()).orElse("");
        String description = description(verdict, job);
        String markdown = null;
        if (job.isPullRequest()) {
            markdown = COMMENT_MARKER + "\n" + base
                    .map(b -> MarkdownReport.render(job.projectName(), new CompareReport(b.sha(), job.sha(), b.rows())))
                    .orElse("### hostgap: " + job.projectName() + " " + job.sha().substring(0, 10) + "\n\n"
                            + "No base measured yet: nothing to compare this pull request with.\n")
                    + "\n**" + (verdict.verdict().equals("regression") ? "❌ " : "✅ ") + description + "** · [compare](" + url + ")\n";
        }
        return new CiMessage(!verdict.verdict().equals("regression"), description, url, markdown);
    }

    private Optional<Base> base(CiJob job) {
        long head = graph.requireCommitId(job.projectId(), job.sha());
        if (job.baseSha() != null && !job.baseSha().equals(job.sha())) {
            Optional<Long> baseId = commitId(job.projectId(), job.baseSha());
            if (baseId.isPresent()) {
                List<CompareRow> rows = comparer.compare(job.projectId(), baseId.get(), head);
                if (rows.stream().anyMatch(r -> r.baseRuns() > 0)) {
                    return Optional.of(new Base(job.baseSha(), rows));
                }
            }
        }
        Optional<CommitGraph.Baseline> ancestor = graph.nearestMeasuredAncestor(job.projectId(), head, job.branch());
        if (ancestor.isEmpty() && !job.branch().equals(job.defaultBranch())) {
            ancestor = graph.nearestMeasuredAncestor(job.projectId(), head, job.defaultBranch());
        }
        return ancestor.map(a -> new Base(a.sha(), job.isPullRequest() ? comparer.compare(job.projectId(), a.commitId(), head) : List.of()));
    }

    private Optional<Long> commitId(long projectId, String sha) {
        try {
            return Optional.of(graph.requireCommitId(projectId, sha));
        } catch (ApiProblem unknown) {
            return Optional.empty();
        }
    }

    private String description(CommitVerdict v, CiJob job) {
        String counts = String.format(Locale.ROOT, "%d regressions, %d improvements, %d unchanged", v.regressions(),
                v.improvements(), v.unchanged());
        String text = switch (v.verdict()) {
            case "regression" -> "Regression" + worst(job, "regression") + " (" + counts + ")";
            case "improvement" -> "Improvement" + worst(job, "improvement") + " (" + counts + ")";
            case "unchanged" -> "Unchanged: " + v.unchanged() + " series within their thresholds";
            case "insufficient_history" -> "Insufficient history: " + v.insufficientHistory()
                    + " series still learning their noise, no regression (" + counts + ")";
            default -> "Insufficient data: no series with results to judge";
        };
        return text.length() <= CiMessage.MAX_DESCRIPTION ? text : text.substring(0, CiMessage.MAX_DESCRIPTION - 1) + "…";
    }

    private String worst(CiJob job, String kind) {
        return verdicts.worst(job.projectId(), job.sha(), kind)
                .map(c -> String.format(Locale.ROOT, ": %s %s %+.1f%%", c.benchmark(), c.metric(), c.changePercent()))
                .orElse("");
    }
}
