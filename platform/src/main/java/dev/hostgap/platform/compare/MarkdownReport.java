package dev.hostgap.platform.compare;

import java.util.Locale;
import java.util.stream.Collectors;

/** A compare report as a GitHub/GitLab-flavoured Markdown table, for a CI job to post on a PR. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String render(String project, CompareReport report) {
        StringBuilder md = new StringBuilder();
        md.append("### hostgap: ").append(project).append(' ')
                .append(shortSha(report.base())).append(" → ").append(shortSha(report.head())).append("\n\n");
        if ("level".equals(report.baseline())) {
            md.append("The head against the level its base is at: the runs of ").append(shortSha(report.base()))
                    .append(" and of its measured ancestors since each series' last change.\n\n");
        }
        md.append(String.format(Locale.ROOT, "**%d regressions**, %d improvements, %d unchanged, %d insufficient history, "
                        + "%d insufficient data%n%n", report.count("regression"), report.count("improvement"),
                report.count("unchanged"), report.count("insufficient_history"), report.count("insufficient_data")));
        md.append("| verdict | benchmark | params | metric | base | head | change | 95% CI | threshold | runs |\n");
        md.append("|---|---|---|---|---:|---:|---:|---|---:|---:|\n");
        for (CompareRow row : report.rows()) {
            md.append("| ").append(row.verdict().replace('_', ' '))
                    .append(" | ").append(escape(row.benchmark())).append(" v").append(row.version())
                    .append(" | ").append(escape(params(row.params())))
                    .append(" | ").append(escape(row.metric()))
                    .append(" | ").append(number(row.baseMedian())).append(' ').append(escape(row.unit()))
                    .append(" | ").append(number(row.headMedian())).append(' ').append(escape(row.unit()))
                    .append(" | ").append(percent(row.changePercent()))
                    .append(" | ").append(row.ciLowPercent() == null ? "–"
                            : "[" + percent(row.ciLowPercent()) + ", " + percent(row.ciHighPercent()) + "]")
                    .append(" | ").append(row.thresholdPercent() == null ? "–" : String.format(Locale.ROOT, "±%.2f%%", row.thresholdPercent()))
                    .append(" | ").append(row.baseRuns()).append(" → ").append(row.headRuns())
                    .append(" |\n");
        }
        for (var change : report.detected()) {
            md.append(String.format(Locale.ROOT, "%nDetection dated %s #%d (%s) to %s: %s v%d %s %s %s, from every run around it.%n",
                    change.kind().wireName(), change.id(), change.status().wireName(), shortSha(change.firstBadCommit()),
                    escape(change.benchmark()), change.version(), escape(params(change.params())), escape(change.metric()),
                    percent(change.changePercent())));
        }
        md.append("\nThe replicate is the run (a run's level is the median of its forks); a change counts when it exceeds ")
                .append("the threshold, the larger of the practical minimum and the series' run-to-run noise bound.\n");
        return md.toString();
    }

    private static String shortSha(String sha) {
        return sha.substring(0, Math.min(10, sha.length()));
    }

    private static String number(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%.4g", value);
    }

    private static String percent(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%+.2f%%", value);
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }

    private static String params(java.util.Map<String, String> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
