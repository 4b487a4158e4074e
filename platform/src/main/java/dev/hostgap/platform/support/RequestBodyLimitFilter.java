package dev.hostgap.platform.support;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies over {@code hostgap.api.max-body-size} with 413, on every route (the web UI
 * sends no bodies, and a route check on the raw URI could be dodged): at once when
 * Content-Length says so, and while reading when the body is chunked (the reader then fails with
 * an {@link ApiProblem} that the exception handler unwraps). The one exception is a profiler trace
 * upload, read as a stream and never parsed into memory: its limit is {@code max-trace-size}. The
 * trace route is recognised on the path Spring routes ({@link RoutedPath}), so a variant of another
 * route cannot borrow the larger limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private static final java.util.regex.Pattern TRACE_UPLOAD =
            java.util.regex.Pattern.compile("/api/v1/(projects/[^/]+|jobs/[0-9]+)/traces");

    private final long bodyLimit;
    private final long traceLimit;
    private final JsonMapper json;

    RequestBodyLimitFilter(BodyLimitProperties properties, JsonMapper json) {
        this.bodyLimit = properties.maxBodySize().toBytes();
        this.traceLimit = properties.maxTraceSize().toBytes();
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean trace = "POST".equals(request.getMethod()) && TRACE_UPLOAD.matcher(RoutedPath.of(request)).matches();
        long limit = trace ? traceLimit : bodyLimit;
        if (request.getContentLengthLong() > limit) {
            response.setStatus(ProblemType.PAYLOAD_TOO_LARGE.status().value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), tooLarge(trace, limit).toProblemDetail());
            return;
        }
        chain.doFilter(new LimitedRequest(request, trace, limit), response);
    }

    private static ApiProblem tooLarge(boolean trace, long limit) {
        return new ApiProblem(ProblemType.PAYLOAD_TOO_LARGE, trace
                ? "The trace is larger than the limit of " + limit + " bytes (hostgap.api.max-trace-size). "
                  + "Profile fewer steps (torch.profiler.schedule's active=), gzip the file, or raise the limit."
                : "The request body is larger than the limit of " + limit
                  + " bytes (hostgap.api.max-body-size). Split the run into several uploads or raise the limit.");
    }

    private final class LimitedRequest extends HttpServletRequestWrapper {

        private final boolean trace;
        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, boolean trace, long limit) {
            super(request);
            this.trace = trace;
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), trace, limit);
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final boolean trace;
        private final long limit;
        private long count;

        CountingStream(ServletInputStream delegate, boolean trace, long limit) {
            this.delegate = delegate;
            this.trace = trace;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) {
            count += n;
            if (count > limit) {
                throw tooLarge(trace, limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
