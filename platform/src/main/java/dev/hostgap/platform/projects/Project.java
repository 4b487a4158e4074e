package dev.hostgap.platform.projects;

import java.time.OffsetDateTime;
import java.util.List;

/** A project as the API shows it. The webhook secret is write-only and never returned. */
record Project(String name, String repoUrl, String defaultBranch, List<String> runnerLabels, OffsetDateTime createdAt) {
}
