package dev.hostgap.platform.webhooks;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a delivery asks for, whichever provider sent it: measure a pushed branch head, measure a
 * pull request's head against its base, or nothing (ping, tag, deletion, an action we ignore).
 *
 * @param branch the pushed branch, or the branch a pull request targets (what decides whether it is measured)
 * @param pullRequestUpdatedAt the provider's updated_at of the pull request (null for a push, or when absent):
 *                   an event older than one already processed for the pull request is stale
 * @param fromFork   a pull request whose head is in another repository (a fork): code anyone may have written
 * @param approvedBy who approved, for an approval comment; null otherwise
 * @param headBranch the branch its run is stored on: the pushed one, or {@code pull-request:N} ({@code merge-request:N}) for
 *                   a pull request, which no push can name (a colon is not allowed in a git branch), so that a fork's "main" never moves the project's
 */
record WebhookEvent(String provider, String kind, List<String> repositoryUrls, String branch,
                    String headBranch, String headSha, List<PushedCommit> commits, Integer pullRequest, String baseSha,
                    OffsetDateTime pullRequestUpdatedAt, boolean fromFork, String approvedBy, String ignoredBecause) {

    static WebhookEvent ignored(String provider, List<String> urls, String reason) {
        return new WebhookEvent(provider, "ignored", urls, null, null, null, List.of(), null, null, null, false, null, reason);
    }

    /**
     * A "/hostgap run SHA" comment on a pull request: asks to approve the waiting head whose sha
     * starts with {@code headShaPrefix} ({@code headSha} here); {@code approvedBy} is the commenter's
     * login, whose permission is checked before it counts.
     */
    static WebhookEvent approval(String provider, List<String> urls, int pullRequest, String login, String headShaPrefix) {
        return new WebhookEvent(provider, "approval", urls, null, null, headShaPrefix, List.of(), pullRequest, null, null, false,
                login, null);
    }

    boolean measures() {
        return ignoredBecause == null;
    }
}
