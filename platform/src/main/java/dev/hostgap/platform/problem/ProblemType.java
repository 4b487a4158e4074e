package dev.hostgap.platform.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * Every kind of problem the API reports, with its stable {@code type} URI, title and status.
 * Clients match on the type; the titles are for people. Add new kinds here, never rename one.
 */
public enum ProblemType {
    MALFORMED_JSON("malformed-json", "Malformed JSON", HttpStatus.BAD_REQUEST),
    INVALID_PARAMETER("invalid-parameter", "Invalid request parameter", HttpStatus.BAD_REQUEST),
    UNKNOWN_SCHEMA_VERSION("unknown-schema-version", "Unknown schema version", HttpStatus.UNPROCESSABLE_ENTITY),
    MISSING_FIELD("missing-field", "Missing field", HttpStatus.UNPROCESSABLE_ENTITY),
    INVALID_FIELD("invalid-field", "Invalid field", HttpStatus.UNPROCESSABLE_ENTITY),
    INVALID_SHA("invalid-sha", "Invalid commit sha", HttpStatus.UNPROCESSABLE_ENTITY),
    INVALID_SAMPLE("invalid-sample", "Invalid sample", HttpStatus.UNPROCESSABLE_ENTITY),
    INVALID_RUN("invalid-run", "Invalid run", HttpStatus.UNPROCESSABLE_ENTITY),
    INVALID_TRACE("invalid-trace", "Invalid trace", HttpStatus.BAD_REQUEST),
    UNKNOWN_TRACE("unknown-trace", "Unknown trace", HttpStatus.NOT_FOUND),
    NOT_JMH_OUTPUT("not-jmh-output", "Not JMH output", HttpStatus.UNPROCESSABLE_ENTITY),
    AMBIGUOUS_SERIES("ambiguous-series", "Ambiguous series", HttpStatus.UNPROCESSABLE_ENTITY),
    AMBIGUOUS_COMMIT("ambiguous-commit", "Ambiguous commit", HttpStatus.UNPROCESSABLE_ENTITY),
    UNKNOWN_PROJECT("unknown-project", "Unknown project", HttpStatus.NOT_FOUND),
    UNKNOWN_COMMIT("unknown-commit", "Unknown commit", HttpStatus.NOT_FOUND),
    UNKNOWN_BRANCH("unknown-branch", "Unknown branch", HttpStatus.NOT_FOUND),
    UNKNOWN_SERIES("unknown-series", "Unknown series", HttpStatus.NOT_FOUND),
    UNKNOWN_TOKEN("unknown-token", "Unknown token", HttpStatus.NOT_FOUND),
    UNKNOWN_REGRESSION("unknown-regression", "Unknown regression", HttpStatus.NOT_FOUND),
    UNKNOWN_THRESHOLD("unknown-threshold", "Unknown threshold", HttpStatus.NOT_FOUND),
    UNKNOWN_RUN("unknown-run", "Unknown run", HttpStatus.NOT_FOUND),
    UNKNOWN_JOB("unknown-job", "Unknown job", HttpStatus.NOT_FOUND),
    UNKNOWN_RUNNER("unknown-runner", "Unknown runner", HttpStatus.NOT_FOUND),
    UNKNOWN_CALIBRATION("unknown-calibration", "Unknown calibration", HttpStatus.NOT_FOUND),
    UNKNOWN_PROBE("unknown-probe", "Unknown probe", HttpStatus.NOT_FOUND),
    UNKNOWN_BISECTION("unknown-bisection", "Unknown bisection", HttpStatus.NOT_FOUND),
    NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", HttpStatus.METHOD_NOT_ALLOWED),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    PROJECT_EXISTS("project-exists", "Project already exists", HttpStatus.CONFLICT),
    TOKEN_EXISTS("token-exists", "Token name in use", HttpStatus.CONFLICT),
    RUN_ID_CONFLICT("run-id-conflict", "Run id already used", HttpStatus.CONFLICT),
    RUNNER_EXISTS("runner-exists", "Runner name in use", HttpStatus.CONFLICT),
    RUNNER_REVOKED("runner-revoked", "Runner revoked", HttpStatus.CONFLICT),
    LEASE_LOST("lease-lost", "Job no longer leased to this runner", HttpStatus.CONFLICT),
    JOB_NOT_RERUNNABLE("job-not-rerunnable", "Job cannot be run again", HttpStatus.CONFLICT),
    NO_RUNNERS("no-runners", "Project has no runners", HttpStatus.CONFLICT),
    ALREADY_ENDED("already-ended", "Already ended", HttpStatus.CONFLICT),
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", HttpStatus.CONTENT_TOO_LARGE),
    UNAUTHENTICATED("unauthenticated", "Authentication required", HttpStatus.UNAUTHORIZED),
    FORBIDDEN("forbidden", "Not allowed", HttpStatus.FORBIDDEN),
    TOO_MANY_FAILED_AUTHENTICATIONS("too-many-failed-authentications", "Too many failed authentications",
            HttpStatus.TOO_MANY_REQUESTS),
    OVERLOADED("overloaded", "Overloaded, retry shortly", HttpStatus.SERVICE_UNAVAILABLE),
    DATABASE_UNAVAILABLE("database-unavailable", "Database unavailable, retry shortly", HttpStatus.SERVICE_UNAVAILABLE),
    INTERNAL("internal-error", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR);

    private final String slug;
    private final String title;
    private final HttpStatus status;

    ProblemType(String slug, String title, HttpStatus status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public URI uri() {
        return URI.create("/problems/" + slug);
    }

    public String title() {
        return title;
    }

    public HttpStatus status() {
        return status;
    }
}
