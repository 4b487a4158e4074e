package dev.hostgap.platform.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors the servlet container answers before any controller runs (more than Tomcat's 1,000
 * request parameters, a malformed URL encoding, a request it cannot parse) reach {@code /error}.
 * Spring Boot's default answers them with its own JSON; this answers them as every other error is
 * answered, with a problem body that says what to change. The container's own message is not
 * echoed: it may quote the request.
 */
@RestController
class ContainerErrors implements ErrorController {

    @RequestMapping(value = "/error", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE, "*/*"})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        ApiProblem problem;
        if (thrown instanceof Throwable failure && ApiExceptionHandler.connectionLost(failure)) {
            // the database went away under a filter (the token check), before any controller
            problem = new ApiProblem(ProblemType.DATABASE_UNAVAILABLE, "The database is not reachable right now; retry in a few seconds.");
        } else {
            problem = switch (status) {
                case BAD_REQUEST -> new ApiProblem(ProblemType.INVALID_PARAMETER, "The request could not be read: check its "
                        + "URL encoding and send at most 1,000 query or form parameters (the platform's API takes JSON bodies).");
                case UNAUTHORIZED -> new ApiProblem(ProblemType.UNAUTHENTICATED, "This needs a bearer token.");
                case FORBIDDEN -> new ApiProblem(ProblemType.FORBIDDEN, "This token may not do this.");
                case NOT_FOUND -> new ApiProblem(ProblemType.NOT_FOUND, "Nothing is served at this path; see /swagger-ui.html for the API.");
                case METHOD_NOT_ALLOWED -> new ApiProblem(ProblemType.METHOD_NOT_ALLOWED, "This path does not take this method.");
                case UNSUPPORTED_MEDIA_TYPE -> new ApiProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send JSON (Content-Type: application/json).");
                case CONTENT_TOO_LARGE -> new ApiProblem(ProblemType.PAYLOAD_TOO_LARGE, "The request is larger than the server accepts.");
                case SERVICE_UNAVAILABLE -> new ApiProblem(ProblemType.OVERLOADED, "The server is busy; retry in a second.");
                default -> status.is4xxClientError()
                        ? new ApiProblem(ProblemType.INVALID_PARAMETER, "The request was refused (" + status.value() + ").")
                        : new ApiProblem(ProblemType.INTERNAL, "The server could not answer this request; it was logged.");
            };
        }
        ProblemDetail detail = problem.toProblemDetail();
        HttpStatus answered = problem.type() == ProblemType.DATABASE_UNAVAILABLE ? problem.type().status() : status;
        detail.setStatus(answered.value());
        var response = ResponseEntity.status(answered).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.type() == ProblemType.OVERLOADED) {
            response.header("Retry-After", "1");
        } else if (problem.type() == ProblemType.DATABASE_UNAVAILABLE) {
            response.header("Retry-After", "5");
        }
        return response.body(detail);
    }
}
