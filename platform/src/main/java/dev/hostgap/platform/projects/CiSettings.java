package dev.hostgap.platform.projects;

import java.util.List;

/**
 * What an admin sets for a project's CI loop, as {@code GET /api/v1/projects/{p}/ci} shows it:
 * never the webhook secret itself, only whether one is set.
 */
public record CiSettings(String project, String repoUrl, boolean webhookSecretSet, String benchmarkCommand,
                         int timeoutSeconds, List<String> measuredBranches, List<String> runnerLabels,
                         String statusRepository, ForkPullRequests forkPullRequests) {
}
