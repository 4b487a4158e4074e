package dev.hostgap.platform.problem;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last word on a request it refused before any servlet saw it (an encoded NUL or an
 * encoded slash in the path, a request line over the header limit): a ProblemDetail like every
 * other error of the API, instead of Tomcat's HTML page naming its version. Spring's own errors
 * never reach it: they are answered by {@link ApiExceptionHandler} first.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.isCommitted() || response.getContentWritten() > 0) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String reason = known == null ? "Error" : known.getReasonPhrase();
        String type = status == 400 ? ProblemType.INVALID_PARAMETER.uri().toString() : "about:blank";
        String title = status == 400 ? ProblemType.INVALID_PARAMETER.title() : reason;
        String detail = status == 400
                ? "The request could not be parsed: the path may hold an encoded NUL (%00), an encoded slash or "
                        + "another character it may not, or the request line or headers are too long. Fix the URL and retry."
                : "The request was refused before it reached hostgap: " + reason + ".";
        String json = "{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was already closed: nothing more to say
        }
    }
}
