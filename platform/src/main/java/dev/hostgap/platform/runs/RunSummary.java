package dev.hostgap.platform.runs;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One run in a project's list of recent runs ({@code GET /api/v1/projects/{p}/runs}): where and when
 * it was measured (the commit message's first line as {@code subject}), how many results it has, and its failed workloads with their errors, so a
 * dashboard shows what broke without fetching every run.
 */
record RunSummary(UUID runId, String sha, String branch, OffsetDateTime committedAt, String subject,
                         OffsetDateTime uploadedAt, OffsetDateTime judgedAt, String gpu, String driver, String host,
                         String environment, int results, int failed, List<FailedWorkload> failures) {

    /** A result that carries an error instead of samples. */
    record FailedWorkload(String benchmark, int version, Map<String, Object> params, String metric, String error) {
    }
}
