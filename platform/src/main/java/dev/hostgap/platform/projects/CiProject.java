package dev.hostgap.platform.projects;

import java.util.List;

/**
 * A project as the CI loop needs it: where its repository is, which branches are measured, what a
 * job runs, and the webhook secret (decrypted; never leaves the platform).
 */
public record CiProject(long id, String name, String repoUrl, String defaultBranch, String webhookSecret,
                        String benchmarkCommand, int timeoutSeconds, List<String> measuredBranches,
                        List<String> runnerLabels, String configuredStatusRepository, ForkPullRequests forkPullRequests) {

    /**
     * Where commit statuses go: as configured, else the path of the repository URL ({@code owner/repo});
     * null when neither names a repository a provider can take (a {@code file://} URL): nothing is sent.
     */
    public String statusRepository() {
        return configuredStatusRepository != null ? configuredStatusRepository
                : RepositoryUrls.statusRepository(repoUrl).orElse(null);
    }

    /** Never prints the webhook secret. */
    @Override
    public String toString() {
        return "CiProject[id=" + id + ", name=" + name + ", repoUrl=" + repoUrl + ", webhookSecret="
                + (webhookSecret == null ? "unset" : "(set)") + "]";
    }

    /** Pushes to these branches are measured: the configured ones, else the default branch. */
    public boolean measures(String branch) {
        return measuredBranches.isEmpty() ? defaultBranch.equals(branch) : measuredBranches.contains(branch);
    }

    public ProjectRef ref() {
        return new ProjectRef(id, name, defaultBranch);
    }
}
