package dev.hostgap.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A run file: the platform's upload body, schema 1.0 ({@code POST /api/v1/runs}), which
 * {@code hostgap-runner upload FILE} sends and the agent passes on when a job leaves it as
 * {@code hostgap-result.json}. One run is one set of JMH forks of one build on one machine.
 * {@code pullRequest} is null for a branch's run; {@link #forPullRequest} marks a pull request's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunFile(String schemaVersion, String runId, String project, Commit commit, Environment environment,
                      List<Result> results, PullRequest pullRequest) {

    /** The schema this harness writes. */
    public static final String SCHEMA_VERSION = "1.0";

    /** A new run with a random id. */
    public static RunFile of(String project, Commit commit, Environment environment, List<Result> results) {
        return new RunFile(SCHEMA_VERSION, UUID.randomUUID().toString(), project, commit, environment, List.copyOf(results), null);
    }

    /**
     * This run as a pull request's: the platform stores it on {@code pull-request:N}, outside every
     * branch's history, and judges the head against the level {@code baseSha} is at. A pull request's
     * run names no branch, so the commit's is dropped.
     */
    public RunFile forPullRequest(int number, String baseSha) {
        return new RunFile(schemaVersion, runId, project, new Commit(commit.sha(), null, commit.parents()), environment,
                results, new PullRequest(number, baseSha));
    }

    /** Writes the run as JSON, creating parent folders; returns {@code file}. */
    public Path write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n",
                    StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run file " + file, e);
        }
    }

    /** The measured commit: a full 40-character lowercase sha; branch and parents may be null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Commit(String sha, String branch, List<String> parents) {
    }

    /** The pull request a run measures: its number (1 or more) and its base's full sha. */
    public record PullRequest(int number, String baseSha) {
    }

    /**
     * One series of a run: per-fork {@code samples}, or an {@code error} saying why there are none.
     * The platform keys a series by benchmark, version, params and metric; bump {@code version}
     * whenever the kernel or the timed region changes, so old and new numbers never share a series.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String benchmark, int version, Map<String, String> params, String metric, String unit,
                         String direction, List<Double> samples, String error, String kernelHash) {

        /** A series where lower is better (times, fractions, ratios), one sample per fork. */
        public static Result lowerIsBetter(String benchmark, int version, Map<String, String> params, String metric,
                                           String unit, List<Double> samples, String kernelHash) {
            return new Result(benchmark, version, new TreeMap<>(params), metric, unit, "lower_is_better",
                    List.copyOf(samples), null, kernelHash);
        }

        /** A series that produced nothing, and why: stored as a failure, never as a silent gap. */
        public static Result failed(String benchmark, int version, Map<String, String> params, String metric,
                                    String unit, String error, String kernelHash) {
            return new Result(benchmark, version, new TreeMap<>(params), metric, unit, "lower_is_better", null, error,
                    kernelHash);
        }
    }
}
