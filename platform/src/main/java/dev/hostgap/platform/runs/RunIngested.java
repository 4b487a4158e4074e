package dev.hostgap.platform.runs;

import java.util.UUID;

/** Published after a run's transaction commits: detection and notifications start from here. */
public record RunIngested(UUID runId, long projectId, String commitSha, String branch) {
}
