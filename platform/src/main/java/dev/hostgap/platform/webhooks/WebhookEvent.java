package dev.hostgap.platform.webhooks;

import java.util.List;

/**
 * What a delivery asks for, whichever provider sent it: measure a pushed branch head, measure a
 * pull request's head against its base, or nothing (ping, tag, deletion, an action we ignore).
 *
 * @param providerProject GitHub "owner/repo", or GitLab's numeric project id: where statuses go
 * @param branch the pushed branch, or the branch a pull request targets (what decides whether it is measured)
 * @param headBranch the branch the measured commit is on: the pushed one, or the pull request's source branch
 */
record WebhookEvent(String provider, String kind, List<String> repositoryUrls, String providerProject, String branch,
                    String headBranch, String headSha, List<PushedCommit> commits, Integer pullRequest, String baseSha,
                    String ignoredBecause) {

    static WebhookEvent ignored(String provider, List<String> urls, String reason) {
        return new WebhookEvent(provider, "ignored", urls, null, null, null, null, List.of(), null, null, reason);
    }

    boolean measures() {
        return ignoredBecause == null;
    }
}
