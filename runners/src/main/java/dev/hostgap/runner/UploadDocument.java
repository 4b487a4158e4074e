package dev.hostgap.runner;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The platform's v1 upload body (docs/api.md), as the runner writes it to disk and sends it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadDocument(String schemaVersion, String runId, String project, Commit commit,
                             EnvironmentReport environment, List<Result> results, PullRequest pullRequest) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Commit(String sha, String branch, List<String> parents) {
    }

    /** Set on a pull request's run: stored on {@code pull-request:N}, judged against the base's level. */
    public record PullRequest(int number, String baseSha) {
    }

    /** One series: per-fork {@code samples}, or an {@code error} when the workload failed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String benchmark, int version, Map<String, String> params, String metric, String unit,
                         String direction, List<Double> samples, String error, String kernelHash) {
    }
}
