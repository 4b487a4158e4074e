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

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiProblem problem) {
                return respond(problem); // the body-size guard fires while the converter reads
            }
        }
        String reason = e.getMostSpecificCause().getMessage();
        String firstLine = reason == null ? "" : reason.lines().findFirst().orElse("");
        return respond(new ApiProblem(ProblemType.MALFORMED_JSON,
                "The request body is not valid JSON for this endpoint: " + firstLine));
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
        log.error("Unexpected error while handling a request", e);
        return respond(new ApiProblem(ProblemType.INTERNAL,
                "The server failed to handle this request; nothing was stored. The error is in the server log."));
    }

    private static ResponseEntity<ProblemDetail> respond(ApiProblem problem) {
        return ResponseEntity.status(problem.type().status()).body(problem.toProblemDetail());
    }
}
