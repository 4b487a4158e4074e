package dev.hostgap.platform.support;

import java.io.IOException;
import java.util.Arrays;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
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
 * Refuses a NUL character anywhere in the decoded path or query parameters with 400: PostgreSQL
 * text cannot hold one, so it would otherwise surface as a 500 from whichever query got it first.
 * Bodies are checked field by field where they are validated.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class NulCharacterFilter extends OncePerRequestFilter {

    private final JsonMapper json;

    NulCharacterFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean nul = RoutedPath.of(request).indexOf('\0') >= 0
                || request.getParameterMap().entrySet().stream().anyMatch(e -> e.getKey().indexOf('\0') >= 0
                        || Arrays.stream(e.getValue()).anyMatch(v -> v != null && v.indexOf('\0') >= 0));
        if (nul) {
            response.setStatus(ProblemType.INVALID_PARAMETER.status().value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), new ApiProblem(ProblemType.INVALID_PARAMETER,
                    "The path or a query parameter contains a NUL character (%00); remove it.").toProblemDetail());
            return;
        }
        chain.doFilter(request, response);
    }
}
