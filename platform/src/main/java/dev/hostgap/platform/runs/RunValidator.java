package dev.hostgap.platform.runs;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ApiProblem.FieldProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.runs.RunUpload.ResultUpload;
import dev.hostgap.platform.stats.Direction;
import dev.hostgap.platform.support.CommitSha;
import dev.hostgap.platform.support.ParamsKey;

/**
 * Checks a whole upload before anything is written and reports every problem at once. The
 * problem's type is the specific kind when all errors share one (say, {@code invalid-sha}), else
 * {@code invalid-run}; each entry of {@code errors} names its field.
 */
final class RunValidator {

    static final int SUPPORTED_MAJOR = 1;
    static final int MAX_RESULTS = 10_000;
    static final int MAX_SAMPLES = 10_000;
    /**
     * Largest sample accepted: 10^15 of any unit (31 years in microseconds). Beyond it sums and squares
     * in the statistics could overflow, and no host-overhead measurement is that large.
     */
    static final double MAX_SAMPLE = 1e15;
    private static final Pattern SCHEMA_VERSION = Pattern.compile("(\\d+)(\\.\\d+)*");
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    private final List<FieldProblem> errors = new ArrayList<>();

    private RunValidator() {
    }

    static void validate(RunUpload upload) {
        RunValidator v = new RunValidator();
        v.check(upload);
        if (!v.errors.isEmpty()) {
            ProblemType type = v.errors.stream().map(FieldProblem::type).distinct().count() == 1
                    ? v.errors.get(0).type() : ProblemType.INVALID_RUN;
            String detail = v.errors.size() == 1
                    ? v.errors.get(0).field() + ": " + v.errors.get(0).message() + ". Nothing was stored."
                    : v.errors.size() + " problems in the run, first " + v.errors.get(0).field() + ": "
                      + v.errors.get(0).message() + ". See errors; nothing was stored.";
            throw new ApiProblem(type, detail, v.errors);
        }
    }

    /** Schema major first: a body of an unknown major is not checked further. */
    private void check(RunUpload upload) {
        if (!checkSchemaVersion(upload.schemaVersion())) {
            return;
        }
        if (upload.runId() != null) {
            try {
                UUID.fromString(upload.runId());
            } catch (IllegalArgumentException e) {
                invalid("runId", ProblemType.INVALID_FIELD, "must be a UUID such as 3f2c7a4e-0b1d-4c8e-9a51-6d2f0e7b8c90");
            }
        }
        required("project", upload.project());
        checkCommit(upload.commit());
        checkEnvironment(upload.environment());
        checkResults(upload.results());
    }

    private boolean checkSchemaVersion(String version) {
        if (version == null) {
            missing("schemaVersion");
            return false;
        }
        var m = SCHEMA_VERSION.matcher(version);
        if (!m.matches()) {
            invalid("schemaVersion", ProblemType.UNKNOWN_SCHEMA_VERSION, "'" + version + "' is not a version like 1.0");
            return false;
        }
        if (Integer.parseInt(m.group(1)) != SUPPORTED_MAJOR) {
            invalid("schemaVersion", ProblemType.UNKNOWN_SCHEMA_VERSION, "major version " + m.group(1)
                    + " is not supported by this server; it accepts " + SUPPORTED_MAJOR + ".x");
            return false;
        }
        return true;
    }

    private void checkCommit(RunUpload.CommitInfo commit) {
        if (commit == null) {
            missing("commit");
            return;
        }
        sha("commit.sha", commit.sha());
        List<String> parents = commit.parents() == null ? List.of() : commit.parents();
        for (int i = 0; i < parents.size(); i++) {
            sha("commit.parents[" + i + "]", parents.get(i));
        }
        if (commit.branch() != null && commit.branch().isBlank()) {
            invalid("commit.branch", ProblemType.INVALID_FIELD, "must not be blank; leave it out if unknown");
        }
        if (commit.timestamp() != null) {
            try {
                OffsetDateTime.parse(commit.timestamp());
            } catch (DateTimeParseException e) {
                invalid("commit.timestamp", ProblemType.INVALID_FIELD,
                        "'" + commit.timestamp() + "' is not ISO-8601 with an offset, such as 2026-11-26T10:15:30Z");
            }
        }
    }

    private void checkEnvironment(RunUpload.EnvironmentInfo env) {
        if (env == null) {
            missing("environment");
            return;
        }
        required("environment.gpu", env.gpu());
        if (env.attributes() != null) {
            env.attributes().forEach((k, v) -> {
                if (v == null) {
                    invalid("environment.attributes." + k, ProblemType.INVALID_FIELD, "must be a string, not null");
                }
            });
        }
    }

    private void checkResults(List<ResultUpload> results) {
        if (results == null || results.isEmpty()) {
            missing("results");
            return;
        }
        if (results.size() > MAX_RESULTS) {
            invalid("results", ProblemType.INVALID_FIELD, "at most " + MAX_RESULTS + " results per run, got " + results.size());
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < results.size(); i++) {
            ResultUpload r = results.get(i);
            String at = "results[" + i + "]";
            if (r == null) {
                missing(at);
                continue;
            }
            required(at + ".benchmark", r.benchmark());
            required(at + ".metric", r.metric());
            required(at + ".unit", r.unit());
            if (r.version() == null) {
                missing(at + ".version");
            } else if (r.version() < 0) {
                invalid(at + ".version", ProblemType.INVALID_FIELD, "must be 0 or more");
            }
            if (r.direction() == null) {
                missing(at + ".direction");
            } else if (Direction.fromWireName(r.direction()).isEmpty()) {
                invalid(at + ".direction", ProblemType.INVALID_FIELD, "must be lower_is_better or higher_is_better");
            }
            checkParams(at, r.params());
            checkSamples(at, r);
            if (!seen.add(r.benchmark() + "|" + r.version() + "|" + ParamsKey.of(r.params()) + "|" + r.metric())) {
                invalid(at, ProblemType.INVALID_FIELD, "repeats the benchmark, version, params and metric of an earlier result; "
                        + "put all forks of one series into one samples array");
            }
        }
    }

    private void checkParams(String at, Map<String, String> params) {
        if (params == null) {
            return;
        }
        params.forEach((name, value) -> {
            if (!PARAM_NAME.matcher(name).matches()) {
                invalid(at + ".params", ProblemType.INVALID_FIELD, "parameter name '" + name
                        + "' must be 1-100 letters, digits, '_', '.' or '-'");
            }
            if (value == null) {
                invalid(at + ".params." + name, ProblemType.INVALID_FIELD, "must be a string, not null");
            }
        });
    }

    private void checkSamples(String at, ResultUpload r) {
        boolean hasSamples = r.samples() != null && !r.samples().isEmpty();
        boolean hasError = r.error() != null && !r.error().isBlank();
        if (hasSamples == hasError) {
            invalid(at, hasSamples ? ProblemType.INVALID_FIELD : ProblemType.MISSING_FIELD,
                    "needs either samples (one value per fork) or an error, not " + (hasSamples ? "both" : "neither"));
            return;
        }
        if (!hasSamples) {
            return;
        }
        if (r.samples().size() > MAX_SAMPLES) {
            invalid(at + ".samples", ProblemType.INVALID_SAMPLE, "at most " + MAX_SAMPLES + " samples, got " + r.samples().size());
            return;
        }
        for (int j = 0; j < r.samples().size(); j++) {
            Double s = r.samples().get(j);
            if (s == null || !Double.isFinite(s) || s < 0 || s > MAX_SAMPLE) {
                invalid(at + ".samples[" + j + "]", ProblemType.INVALID_SAMPLE,
                        "is " + s + "; samples must be numbers from 0 to 1e15, one per fork");
            }
        }
    }

    private void sha(String field, String sha) {
        if (sha == null) {
            missing(field);
        } else if (!CommitSha.isValid(sha)) {
            invalid(field, ProblemType.INVALID_SHA, "'" + sha + "' is not a full 40-character lowercase hex commit sha");
        }
    }

    private void required(String field, String value) {
        if (value == null || value.isBlank()) {
            missing(field);
        }
    }

    private void missing(String field) {
        errors.add(new FieldProblem(field, ProblemType.MISSING_FIELD, "is required"));
    }

    private void invalid(String field, ProblemType type, String message) {
        errors.add(new FieldProblem(field, type, message));
    }
}
