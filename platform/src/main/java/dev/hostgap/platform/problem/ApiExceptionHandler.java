package dev.hostgap.platform.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into {@code application/problem+json} with a stable type. Unexpected
 * exceptions are logged here and answered without class names or stack traces.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        return respond(problem);
    }

    /**
     * Where and roughly why the body failed to bind, in the body's own terms: the JSON path of the
     * field (Jackson knows it) and the kind of value expected, never Java type names.
     */
    private static String describe(Throwable cause) {
        if (cause instanceof tools.jackson.databind.DatabindException bind && !bind.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (var reference : bind.getPath()) {
                if (reference.getPropertyName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
                } else if (reference.getIndex() >= 0) {
                    path.append('[').append(reference.getIndex()).append(']');
                }
            }
            Class<?> target = bind instanceof tools.jackson.databind.exc.MismatchedInputException mismatch
                    ? mismatch.getTargetType() : null;
            return ": " + path + " must be " + expected(target);
        }
        if (cause instanceof tools.jackson.core.JacksonException json && json.getLocation() != null) {
            return ": syntax error at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr();
        }
        return "";
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return "another kind of value";
        }
        if (target == String.class) {
            return "a string";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(target) || target == double.class || target == float.class) {
            return "a number";
        }
        if (java.util.Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "an array";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        return "an object";
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiProblem problem) {
                return respond(problem); // the body-size guard fires while the converter reads
            }
        }
        return respond(new ApiProblem(ProblemType.MALFORMED_JSON, "The request body is not valid JSON for this endpoint"
                + describe(e.getMostSpecificCause()) + "."));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
        return respond(new ApiProblem(ProblemType.INVALID_PARAMETER,
                "Query parameter '" + e.getParameterName() + "' is required."));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return respond(new ApiProblem(ProblemType.INVALID_PARAMETER,
                "Parameter '" + e.getName() + "' has an invalid value '" + e.getValue() + "'."));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return respond(new ApiProblem(ProblemType.METHOD_NOT_ALLOWED,
                "Method " + e.getMethod() + " is not supported here; use " + e.getSupportedHttpMethods() + "."));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return respond(new ApiProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "Content type " + e.getContentType() + " is not supported; send application/json."));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
        return respond(new ApiProblem(ProblemType.NOT_FOUND, "There is nothing at /" + e.getResourcePath() + "."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (connectionLost(e)) {
            // the database went away mid-request (restarted, killed): its transaction did not commit,
            // except in the rare case that the connection broke after the commit and before its answer;
            // a retry with the same runId is safe either way
            log.warn("Database connection lost while handling a request: {}", rootMessage(e));
            return respond(new ApiProblem(ProblemType.DATABASE_UNAVAILABLE, "The database connection was lost while "
                    + "handling this request. Retry in a few seconds; an upload with a runId may be retried as it is."));
        }
        log.error("Unexpected error while handling a request", e);
        return respond(new ApiProblem(ProblemType.INTERNAL,
                "The server failed to handle this request; nothing was stored. The error is in the server log."));
    }

    /** No database connection free within the pool's timeout: the server is busy, not broken. */
    @ExceptionHandler({org.springframework.jdbc.CannotGetJdbcConnectionException.class,
            org.springframework.transaction.CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> busy(RuntimeException e) {
        log.warn("No database connection available: {}", e.getMessage());
        return respond(new ApiProblem(ProblemType.OVERLOADED,
                "The server is busy (no database connection free); retry in a second."));
    }

    /**
     * Whether the failure is the database connection breaking: SQL states of class 08 (connection
     * exception) or 57P (the server shutting down or crashed), anywhere in the cause chain. When the
     * server dies mid-transaction the rollback fails too, and Spring throws that failure, with the
     * one that mattered kept as its application exception: that one is followed as well.
     */
    static boolean connectionLost(Throwable e) {
        if (programLimitExceeded(e)) {
            return false; // Spring names class 54 a resource failure too, but the same request would fail the same way again
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.springframework.dao.DataAccessResourceFailureException) {
                return true;
            }
            if (cause instanceof org.springframework.transaction.TransactionSystemException rollback
                    && (rollback.getApplicationException() != null && connectionLost(rollback.getApplicationException())
                        // a rollback fails only on a broken connection (Hikari's "Connection is closed"
                        // carries no SQL state); DataSourceTransactionManager names it so
                        || String.valueOf(rollback.getMessage()).startsWith("JDBC rollback failed"))) {
                return true;
            }
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** SQL state class 54 (program limit exceeded, such as a jsonb value past 256 MB) anywhere in the cause chain. */
    private static boolean programLimitExceeded(Throwable e) {
        for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("54")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private static ResponseEntity<ProblemDetail> respond(ApiProblem problem) {
        var response = ResponseEntity.status(problem.type().status());
        if (problem.type() == ProblemType.OVERLOADED) {
            response.header("Retry-After", "1");
        } else if (problem.type() == ProblemType.DATABASE_UNAVAILABLE) {
            response.header("Retry-After", "5"); // the watchdog restarts a dead embedded server within seconds
        }
        return response.body(problem.toProblemDetail());
    }
}
