package dev.hostgap.platform.runs;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private static final Pattern SCHEMA_VERSION = Pattern.compile("(\\d{1,9})(\\.\\d{1,9}){0,3}");
    /** Names and identifiers: benchmark, metric, unit, project, branch, environment fields, param values. */
    static final int MAX_NAME = 200;
    static final int MAX_MESSAGE = 65_536;
    static final int MAX_ERROR = 4_000;
    static final int MAX_PARENTS = 16;
    /**
     * A series is found by unique indexes on (benchmark name, params) and (metric, GPU and software):
     * PostgreSQL refuses an index entry over 2,704 bytes, and characters of up to 4 bytes each could
     * pass every per-field bound together. 2,400 bytes of UTF-8 per key leaves room for the entry's
     * other columns and headers.
     */
    static final int MAX_SERIES_KEY_BYTES = 2_400;
    static final int MAX_ATTRIBUTES = 100;
    static final int MAX_ATTRIBUTE_VALUE = 1_000;
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
        if (upload.runId() != null && dev.hostgap.platform.support.Uuids.canonical(upload.runId()).isEmpty()) {
            invalid("runId", ProblemType.INVALID_FIELD, "must be a UUID such as 3f2c7a4e-0b1d-4c8e-9a51-6d2f0e7b8c90");
        }
        required("project", upload.project());
        text("project", upload.project(), MAX_NAME);
        checkCommit(upload.commit());
        checkPullRequest(upload.pullRequest());
        checkEnvironment(upload.environment());
        checkResults(upload.results(), upload.environment());
    }

    private boolean checkSchemaVersion(String version) {
        if (version == null) {
            missing("schemaVersion");
            return false;
        }
        var m = SCHEMA_VERSION.matcher(version);
        if (!m.matches()) {
            invalid("schemaVersion", ProblemType.UNKNOWN_SCHEMA_VERSION, "'" + text(version) + "' is not a version like 1.0");
            return false;
        }
        if (Integer.parseInt(m.group(1)) != SUPPORTED_MAJOR) {
            invalid("schemaVersion", ProblemType.UNKNOWN_SCHEMA_VERSION, "major version " + m.group(1)
                    + " is not supported by this server; it accepts " + SUPPORTED_MAJOR + ".x");
            return false;
        }
        return true;
    }

    private void checkPullRequest(RunUpload.PullRequestInfo pullRequest) {
        if (pullRequest == null) {
            return;
        }
        if (pullRequest.number() == null || pullRequest.number() < 1) {
            invalid("pullRequest.number", ProblemType.INVALID_FIELD, "must be the pull (merge) request's number, 1 or more");
        }
        sha("pullRequest.baseSha", pullRequest.baseSha());
    }

    private void checkCommit(RunUpload.CommitInfo commit) {
        if (commit == null) {
            missing("commit");
            return;
        }
        sha("commit.sha", commit.sha());
        List<String> parents = commit.parents() == null ? List.of() : commit.parents();
        if (parents.size() > MAX_PARENTS) {
            invalid("commit.parents", ProblemType.INVALID_FIELD, "at most " + MAX_PARENTS + " parents, got " + parents.size());
        } else {
            for (int i = 0; i < parents.size(); i++) {
                sha("commit.parents[" + i + "]", parents.get(i));
                if (parents.get(i) != null && parents.get(i).equalsIgnoreCase(commit.sha())) {
                    invalid("commit.parents[" + i + "]", ProblemType.INVALID_FIELD, "is the commit itself; a commit is not its own parent");
                }
            }
        }
        if (commit.branch() != null && commit.branch().isBlank()) {
            invalid("commit.branch", ProblemType.INVALID_FIELD, "must not be blank; leave it out if unknown");
        }
        text("commit.branch", commit.branch(), MAX_NAME);
        text("commit.message", commit.message(), MAX_MESSAGE);
        if (commit.timestamp() != null) {
            try {
                int year = OffsetDateTime.parse(commit.timestamp()).getYear();
                if (year < 1970 || year > 9999) {
                    invalid("commit.timestamp", ProblemType.INVALID_FIELD, "year " + year + " is outside 1970-9999");
                }
            } catch (DateTimeParseException e) {
                invalid("commit.timestamp", ProblemType.INVALID_FIELD,
                        "'" + text(commit.timestamp()) + "' is not ISO-8601 with an offset, such as 2026-11-26T10:15:30Z");
            }
        }
    }

    private void checkEnvironment(RunUpload.EnvironmentInfo env) {
        if (env == null) {
            missing("environment");
            return;
        }
        required("environment.gpu", env.gpu());
        text("environment.gpu", env.gpu(), MAX_NAME);
        text("environment.driver", env.driver(), MAX_NAME);
        text("environment.cuda", env.cuda(), MAX_NAME);
        text("environment.runtime", env.runtime(), MAX_NAME);
        text("environment.jvm", env.jvm(), MAX_NAME);
        text("environment.host", env.host(), MAX_NAME);
        if (env.attributes() != null) {
            if (env.attributes().size() > MAX_ATTRIBUTES) {
                invalid("environment.attributes", ProblemType.INVALID_FIELD, "at most " + MAX_ATTRIBUTES + " attributes, got "
                        + env.attributes().size());
                return;
            }
            env.attributes().forEach((k, v) -> {
                if (!PARAM_NAME.matcher(k).matches()) {
                    invalid("environment.attributes", ProblemType.INVALID_FIELD, "attribute name '" + text(k)
                            + "' must be 1-100 letters, digits, '_', '.' or '-'");
                } else if (v == null) {
                    invalid("environment.attributes." + k, ProblemType.INVALID_FIELD, "must be a string, not null");
                } else {
                    text("environment.attributes." + k, v, MAX_ATTRIBUTE_VALUE);
                }
            });
        }
    }

    private void checkResults(List<ResultUpload> results, RunUpload.EnvironmentInfo environment) {
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
            text(at + ".benchmark", r.benchmark(), MAX_NAME);
            text(at + ".metric", r.metric(), MAX_NAME);
            text(at + ".unit", r.unit(), MAX_NAME);
            text(at + ".error", r.error(), MAX_ERROR);
            text(at + ".kernelHash", r.kernelHash(), MAX_NAME);
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
            checkSeriesKeys(at, r, environment);
            checkSamples(at, r);
            if (!seen.add(r.benchmark() + "|" + r.version() + "|" + ParamsKey.of(r.params()) + "|" + r.metric())) {
                invalid(at, ProblemType.INVALID_FIELD, "repeats the benchmark, version, params and metric of an earlier result; "
                        + "put all forks of one series into one samples array");
            }
        }
    }

    private void checkSeriesKeys(String at, ResultUpload r, RunUpload.EnvironmentInfo environment) {
        if (r.benchmark() != null && r.params() != null && r.params().values().stream().allMatch(java.util.Objects::nonNull)) {
            int bytes = utf8(r.benchmark()) + utf8(ParamsKey.of(r.params()));
            if (bytes > MAX_SERIES_KEY_BYTES) {
                invalid(at + ".params", ProblemType.INVALID_FIELD, "the benchmark name and its parameters (as name=value pairs) "
                        + "take " + bytes + " bytes of UTF-8 together; at most " + MAX_SERIES_KEY_BYTES + " can name a series. "
                        + "Shorten the parameter values or move descriptive ones to environment attributes");
            }
        }
        if (r.metric() != null && environment != null && environment.gpu() != null) {
            int bytes = utf8(r.metric()) + utf8(SeriesCatalog.environmentClass(environment));
            if (bytes > MAX_SERIES_KEY_BYTES) {
                invalid(at + ".metric", ProblemType.INVALID_FIELD, "the metric with environment.gpu, driver, cuda and runtime "
                        + "take " + bytes + " bytes of UTF-8 together; at most " + MAX_SERIES_KEY_BYTES + " can name a series");
            }
        }
    }

    private static int utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private void checkParams(String at, Map<String, String> params) {
        if (params == null) {
            return;
        }
        params.forEach((name, value) -> {
            if (!PARAM_NAME.matcher(name).matches()) {
                invalid(at + ".params", ProblemType.INVALID_FIELD, "parameter name '" + text(name)
                        + "' must be 1-100 letters, digits, '_', '.' or '-'");
            } else if (value == null) {
                invalid(at + ".params." + name, ProblemType.INVALID_FIELD, "must be a string, not null");
            } else {
                text(at + ".params." + name, value, MAX_NAME);
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
            invalid(field, ProblemType.INVALID_SHA, "'" + text(sha) + "' is not a full 40-character lowercase hex commit sha");
        }
    }

    /**
     * Text the database stores and indexes: bounded (an index entry over ~2,700 bytes fails inside
     * PostgreSQL), free of NUL (PostgreSQL text cannot hold it) and of unpaired surrogates (not UTF-8).
     */
    private void text(String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            invalid(field, ProblemType.INVALID_FIELD, "must be at most " + max + " characters, got " + value.length());
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                invalid(field, ProblemType.INVALID_FIELD, "must not contain the NUL character");
                return;
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                invalid(field, ProblemType.INVALID_FIELD, "must be valid Unicode (an unpaired surrogate at " + i + ")");
                return;
            }
        }
    }

    /** A value quoted back in a message: short, and without control characters. */
    private static String text(String value) {
        String shown = value.length() > 60 ? value.substring(0, 60) + "…" : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
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
