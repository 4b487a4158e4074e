package dev.hostgap.platform.runs;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.hostgap.platform.stats.Verdict;

/**
 * One stored run as {@code GET /api/v1/runs/{id}} shows it: where and when it was measured, and
 * every result with its fork samples, failed workloads with their errors. {@code judgedAt} is null
 * while detection has not judged the run yet.
 */
public record RunDetail(UUID runId, String project, Commit commit, String source, String schemaVersion,
                        OffsetDateTime uploadedAt, OffsetDateTime judgedAt, Environment environment,
                        List<Result> results) {

    public record Commit(String sha, String branch, OffsetDateTime committedAt, String message) {
    }

    public record Environment(String environmentClass, String gpu, String driver, String cuda, String runtime,
                              String jvm, String host, Map<String, Object> attributes) {
    }

    /**
     * A measured result ({@code error} null, summary from its samples) or a failed workload ({@code n} 0).
     * {@code verdict} and {@code changePercent} are how detection judged its series in this run, as
     * stored when it judged the run: null while the run is not judged, or for a failed workload.
     */
    public record Result(String benchmark, int version, Map<String, Object> params, String metric, String unit,
                         String direction, int n, Double median, Double p10, Double p90, Double min, Double max,
                         List<Double> samples, String error, String kernelHash, Verdict verdict, Double changePercent) {
    }
}
