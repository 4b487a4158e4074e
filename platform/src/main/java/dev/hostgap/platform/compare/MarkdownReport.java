package dev.hostgap.platform.compare;

import java.util.Locale;
import java.util.stream.Collectors;

/** A compare report as a GitHub/GitLab-flavoured Markdown table, for a CI job to post on a PR. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String render(String project, CompareReport report) {
        StringBuilder md = new StringBuilder();
        md.append("### hostgap: ").append(escape(project)).append(' ')
                .append(shortSha(report.base())).append(" → ").append(shortSha(report.head())).append("\n\n");
        if ("level".equals(report.baseline())) {
            md.append("The head against the level its base is at: the runs of ").append(shortSha(report.base()))
                    .append(" and of its measured ancestors since each series' last change.\n\n");
        }
        md.append("**").append(counted(report.count("regression"), "regression")).append("**, ")
                .append(counted(report.count("improvement"), "improvement"))
                .append(String.format(Locale.ROOT, ", %d unchanged, %d insufficient history, %d insufficient data%n%n",
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

    /** "1 regression", "2 regressions". */
    private static String counted(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
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

    /**
     * Text from uploads (benchmark, params, metric, unit: in a fork's pull request, whoever writes
     * the benchmark code writes them), made inert in GitHub- and GitLab-flavoured Markdown: one line
     * (control, separator and invisible format characters become a space), no HTML, no table cell
     * break, no emphasis, code, link or image syntax, no @-mention, #-reference or autolink. What a
     * person reads is the same characters.
     */
    public static String escape(String text) {
        int[] chars = text.codePoints().toArray();
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < chars.length; i++) {
            int c = chars[i];
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.FORMAT) {
                out.append(' ');
                continue;
            }
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '@' -> out.append("&#64;");
                case '#' -> out.append("&#35;");
                case ':' -> out.append("&#58;"); // no autolinked scheme (https://…) and no :emoji: shortcode
                // an underscore between letters or digits never emphasizes: host_us_per_op stays readable
                case '_' -> out.append(i > 0 && i < chars.length - 1 && Character.isLetterOrDigit(chars[i - 1])
                        && Character.isLetterOrDigit(chars[i + 1]) ? "_" : "\\_");
                case '\\', '`', '*', '[', ']', '(', ')', '|', '~', '!', '{', '}' -> out.append('\\').appendCodePoint(c);
                default -> out.appendCodePoint(c);
            }
        }
        // "www." autolinks on its own
        return out.toString().replace("www.", "www&#46;");
    }

    private static String params(java.util.Map<String, String> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
