package dev.hostgap.platform.verdicts;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.hostgap.platform.compare.CompareRow;
import dev.hostgap.platform.regressions.ChangeRef;
import dev.hostgap.platform.regressions.ChangeStatus;
import dev.hostgap.platform.stats.Verdict;

/**
 * The one line that says a commit's answer: what the CI status, {@code check} and the commit's page
 * show. Built from the answer's own numbers, never from a second reading.
 */
final class VerdictSummary {

    private VerdictSummary() {
    }

    static String unjudged(VerdictState state, String reason) {
        return (state == VerdictState.ERROR ? "Error: " : "Pending: ") + reason;
    }

    /** @param idle for a profiler trace's series: how its device's idle time moved and after which operator, else null */
    static String branch(CommitVerdict v, ChangeRef shown, String idle) {
        String counts = counts(v);
        if (shown != null && idle != null) {
            return label(shown) + " #" + shown.id() + " here: " + shown.benchmark() + " " + shown.params().get("device") + " "
                    + idle + " (" + counts + ")";
        }
        if (shown != null) {
            return label(shown) + " #" + shown.id() + " here: " + series(shown.benchmark(), shown.params(), shown.metric())
                    + " " + percent(shown.changePercent()) + " (" + counts + ")";
        }
        String head = switch (v.verdict()) {
            case INSUFFICIENT_HISTORY -> "No regression; " + v.insufficientHistory() + " series still learning their noise ("
                    + counts + ")";
            case INSUFFICIENT_DATA -> "No series with results to judge";
            default -> "No change here (" + counts + ")";
        };
        // a suspicion its probe did not bear out is named last: what the commit sits on matters more
        String unconfirmed = v.changes().stream().filter(c -> c.status() == ChangeStatus.UNCONFIRMED).findFirst()
                .map(u -> "; suspected " + percent(u.changePercent()) + " on " + series(u.benchmark(), u.params(), u.metric())
                        + " not confirmed (#" + u.id() + ")").orElse("");
        if (v.openChanges().isEmpty()) {
            return head + unconfirmed;
        }
        ChangeRef open = v.openChanges().get(0);
        return head + "; on top of " + open.status().wireName() + " regression #" + open.id() + " from "
                + open.firstBadCommit().substring(0, 10) + " on " + series(open.benchmark(), open.params(), open.metric())
                + ", " + percent(open.changePercent())
                + (v.openChanges().size() > 1 ? " and " + (v.openChanges().size() - 1) + " more" : "") + unconfirmed;
    }

    /** The row a pull request's summary names: the largest change of the answer's kind. */
    static java.util.Optional<CompareRow> worst(CommitVerdict v, List<CompareRow> rows) {
        if (v.verdict() != Verdict.REGRESSION && v.verdict() != Verdict.IMPROVEMENT) {
            return java.util.Optional.empty();
        }
        return rows.stream().filter(r -> r.verdict().equals(v.verdict().wireName()))
                .max(Comparator.comparingDouble(r -> r.changePercent() == null ? 0 : Math.abs(r.changePercent())));
    }

    /** @param idle as for {@link #branch}, for the row {@link #worst} names */
    static String pullRequest(CommitVerdict v, List<CompareRow> rows, String idle) {
        String against = "against base " + v.pullRequest().baseSha().substring(0, 10);
        if (v.verdict() == Verdict.REGRESSION || v.verdict() == Verdict.IMPROVEMENT) {
            CompareRow worst = worst(v, rows).orElseThrow();
            String what = idle != null ? worst.benchmark() + " " + worst.params().get("device") + " " + idle
                    : series(worst.benchmark(), worst.params(), worst.metric()) + " " + percent(worst.changePercent());
            return (v.verdict() == Verdict.REGRESSION ? "Regression " : "Improvement ") + against + ": " + what
                    + " (" + counts(v) + ")";
        }
        return switch (v.verdict()) {
            case INSUFFICIENT_HISTORY -> "No regression " + against + "; " + v.insufficientHistory()
                    + " series still learning their noise (" + counts(v) + ")";
            case INSUFFICIENT_DATA -> "No series measured at both the base and the head";
            default -> "No change " + against + " (" + counts(v) + ")";
        };
    }

    private static String label(ChangeRef change) {
        String noun = change.kind() == Verdict.REGRESSION ? "regression" : "improvement";
        return change.status() == ChangeStatus.SUSPECTED ? "Suspected " + noun
                : Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
    }

    static String series(String benchmark, Map<String, String> params, String metric) {
        String p = params.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        return benchmark + (p.isEmpty() ? "" : " " + p) + " " + metric;
    }

    private static String counts(CommitVerdict v) {
        StringBuilder s = new StringBuilder();
        append(s, v.regressions(), "regression", "regressions");
        append(s, v.improvements(), "improvement", "improvements");
        append(s, v.unchanged(), "unchanged", "unchanged");
        append(s, v.insufficientHistory(), "learning", "learning");
        return s.isEmpty() ? "no series judged" : s.toString();
    }

    private static void append(StringBuilder s, long n, String one, String many) {
        if (n > 0) {
            s.append(s.isEmpty() ? "" : ", ").append(n).append(' ').append(n == 1 ? one : many);
        }
    }

    static String percent(Double change) {
        return change == null ? "(no percentage)" : String.format(Locale.ROOT, "%+.1f%%", change);
    }
}
