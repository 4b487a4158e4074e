package dev.hostgap.platform.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.support.Caller;
import dev.hostgap.platform.support.RoutedPath;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates {@code Authorization: Bearer} on /api. Writes always need a valid token; reads only
 * when {@code hostgap.security.public-reads} is false. A token that is sent must be valid, even on a
 * public read, so a typo in a CI secret shows up at once.
 */
@Component
class BearerTokenFilter extends OncePerRequestFilter {

    private final TokenStore tokens;
    private final SecurityProperties properties;
    private final FailedAuthentications failures;
    private final JsonMapper json;

    BearerTokenFilter(TokenStore tokens, SecurityProperties properties, FailedAuthentications failures, JsonMapper json) {
        this.tokens = tokens;
        this.properties = properties;
        this.failures = failures;
        this.json = json;
    }

    /** Webhooks authenticate by their signature (webhooks feature), not by a bearer token. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RoutedPath.isApi(request) || RoutedPath.of(request).startsWith("/api/v1/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        boolean read = switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS" -> true;
            default -> false;
        };
        if (header == null) {
            if (read && properties.publicReads()) {
                chain.doFilter(request, response);
            } else {
                reject(response, "This request needs 'Authorization: Bearer <token>' (an admin or project upload token).");
            }
            return;
        }
        String client = request.getRemoteAddr();
        // a valid token always passes: behind a shared proxy or NAT, strangers' wrong tokens must not
        // lock out the admin and every runner. Only failures are limited (tokens are 256-bit random,
        // so letting a right one through while wrong ones are refused gives a guesser nothing)
        var caller = header.regionMatches(true, 0, "Bearer ", 0, 7) ? tokens.authenticate(header.substring(7).trim())
                : java.util.Optional.<Caller>empty();
        if (caller.isEmpty()) {
            long wait = failures.blockedFor(client);
            if (wait > 0) {
                response.setStatus(ProblemType.TOO_MANY_FAILED_AUTHENTICATIONS.status().value());
                response.setHeader("Retry-After", Long.toString(wait));
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                json.writeValue(response.getOutputStream(), new ApiProblem(ProblemType.TOO_MANY_FAILED_AUTHENTICATIONS,
                        "Too many requests with a wrong token from this address; retry in " + wait + " s.").toProblemDetail());
                return;
            }
            boolean bearer = header.regionMatches(true, 0, "Bearer ", 0, 7);
            failures.failed(client, bearer ? "unknown or revoked token" : "not a bearer header");
            reject(response, bearer ? "The bearer token is unknown or revoked." : "The Authorization header must be 'Bearer <token>'.");
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }

    private void reject(HttpServletResponse response, String detail) throws IOException {
        response.setStatus(ProblemType.UNAUTHENTICATED.status().value());
        response.setHeader("WWW-Authenticate", "Bearer");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), new ApiProblem(ProblemType.UNAUTHENTICATED, detail).toProblemDetail());
    }
}
