package dev.hostgap.runner;

import java.time.Duration;

/** A leased job as {@code POST /api/v1/jobs/lease} hands it out (docs/ci.md). */
record Job(long id, String project, String repoUrl, String sha, String branch, String command,
           long timeoutSeconds, long leaseSeconds, int attempt, PullRequest pullRequest) {

    record PullRequest(int number, String baseSha) {
    }

    /** How long the command may run: the job's {@code timeoutSeconds}, or an hour when it names none. */
    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds > 0 ? timeoutSeconds : 3600);
    }

    String shortSha() {
        return sha == null ? "?" : sha.substring(0, Math.min(12, sha.length()));
    }
}
