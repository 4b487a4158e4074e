package dev.hostgap.platform.verdicts;

import java.util.List;

import dev.hostgap.platform.regressions.ChangeRef;
import dev.hostgap.platform.stats.Verdict;

/**
 * A commit's answer, the one every surface shows: the CI status and its description, the PR
 * comment's verdict line, {@code hostgap-runner check}, the dashboard badge and the commit's page.
 * Field names are part of the v1 contract ({@code GET /commits/{sha}/verdict}).
 *
 * @param verdict for a branch commit: regression or improvement when a change is dated to it
 *                ({@code changes}), never for one that began before it ({@code openChanges}); for a
 *                pull request's head: its series against its base's
 * @param summary one line, what the CI status says
 * @param reason why the answer is pending or an error; null when judged
 * @param link the web UI page that holds this answer (a path under the UI's address)
 * @param changes the changes dated to this commit, every status but dismissed
 * @param openChanges regressions still present that began at an earlier commit of its history: it sits on them
 * @param pullRequest set when the answer is a pull request's head against its base
 */
public record CommitVerdict(String sha, VerdictState state, Verdict verdict, long regressions, long improvements,
                            long unchanged, long insufficientHistory, long insufficientData, String summary, String reason,
                            String link, List<ChangeRef> changes, List<ChangeRef> openChanges, PullRequest pullRequest) {

    public record PullRequest(int number, String baseSha) {
    }

    /** Whether CI should fail: only a judged regression does. */
    public boolean failing() {
        return state == VerdictState.JUDGED && verdict == Verdict.REGRESSION;
    }
}
