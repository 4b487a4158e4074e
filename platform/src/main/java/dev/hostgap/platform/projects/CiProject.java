package dev.hostgap.platform.projects;

import java.util.List;

/**
 * A project as the CI loop needs it: where its repository is, which branches are measured, what a
 * job runs, and the webhook secret (decrypted; never leaves the platform).
 */
public record CiProject(long id, String name, String repoUrl, String defaultBranch, String webhookSecret,
                        String benchmarkCommand, int timeoutSeconds, List<String> measuredBranches,
                        List<String> runnerLabels) {

    /** Pushes to these branches are measured: the configured ones, else the default branch. */
    public boolean measures(String branch) {
        return measuredBranches.isEmpty() ? defaultBranch.equals(branch) : measuredBranches.contains(branch);
    }

    public ProjectRef ref() {
        return new ProjectRef(id, name, defaultBranch);
    }
}
