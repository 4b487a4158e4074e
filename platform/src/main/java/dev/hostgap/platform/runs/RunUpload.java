package dev.hostgap.platform.runs;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/runs}, schema 1.x (docs/api.md). Fields that need parsing (run id,
 * timestamp) stay strings here so that a bad value is reported as that field, not as broken JSON.
 */
record RunUpload(
        String schemaVersion,
        String runId,
        String project,
        CommitInfo commit,
        EnvironmentInfo environment,
        List<ResultUpload> results,
        PullRequestInfo pullRequest) {

    /** Same fields, no pull request: a branch run. */
    RunUpload(String schemaVersion, String runId, String project, CommitInfo commit, EnvironmentInfo environment,
              List<ResultUpload> results) {
        this(schemaVersion, runId, project, commit, environment, results, null);
    }

    /**
     * Marks a pull-request run: judged as its head against {@code baseSha}, never part of a branch's
     * history, noise or regressions.
     */
    record PullRequestInfo(Integer number, String baseSha) {
    }

    record CommitInfo(String sha, String branch, List<String> parents, String timestamp, String message) {
    }

    record EnvironmentInfo(String gpu, String driver, String cuda, String runtime, String jvm, String host,
                           Map<String, String> attributes) {
    }

    /** One series' measurement: per-fork {@code samples}, or an {@code error} for a failed workload. */
    record ResultUpload(String benchmark, Integer version, Map<String, String> params, String metric, String unit,
                        String direction, List<Double> samples, String error, String kernelHash) {
    }
}
