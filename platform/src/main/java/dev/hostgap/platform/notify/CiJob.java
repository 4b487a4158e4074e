package dev.hostgap.platform.notify;

/**
 * A job whose run was judged, with what the provider needs to be told about it.
 *
 * @param provider {@code github} or {@code gitlab}
 * @param providerProject {@code owner/repo} on GitHub, the project path or numeric id on GitLab: the project's, never a payload's
 * @param pullRequest the pull (merge) request number, null for a push
 * @param baseSha what the pull request is compared against, when the webhook gave it
 */
record CiJob(long id, long projectId, String projectName, String defaultBranch, String sha, String branch,
             Integer pullRequest, String baseSha, String provider, String providerProject) {

    boolean isPullRequest() {
        return pullRequest != null;
    }
}
