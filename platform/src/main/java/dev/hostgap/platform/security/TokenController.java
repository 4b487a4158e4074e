package dev.hostgap.platform.security;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.support.Caller;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.projects.ProjectRef;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admin-only management of project upload tokens (what a CI job or a runner uploads with). */
@RestController
class TokenController {

    private final TokenStore tokens;
    private final ProjectDirectory projects;

    TokenController(TokenStore tokens, ProjectDirectory projects) {
        this.tokens = tokens;
        this.projects = projects;
    }

    record CreateTokenRequest(String name) {
    }

    record CreatedToken(String name, String project, String token) {
    }

    @PostMapping("/api/v1/projects/{project}/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    CreatedToken create(@PathVariable String project, @RequestBody CreateTokenRequest body, HttpServletRequest request) {
        Caller.of(request).requireAdmin();
        ProjectRef ref = projects.require(project);
        if (body.name() == null || body.name().isBlank()) {
            throw new ApiProblem(ProblemType.MISSING_FIELD, "name is required: say what the token is for, such as 'ci'.");
        }
        if (tokens.findByName(ref.id(), body.name()).isPresent()) {
            throw new ApiProblem(ProblemType.TOKEN_EXISTS,
                    "Project '" + project + "' already has an active token named '" + body.name() + "'; revoke it or pick another name.");
        }
        return new CreatedToken(body.name(), ref.name(), tokens.create(body.name(), ref.id()));
    }

    @GetMapping("/api/v1/projects/{project}/tokens")
    List<TokenStore.TokenInfo> list(@PathVariable String project, HttpServletRequest request) {
        Caller.of(request).requireAdmin();
        return tokens.list(projects.require(project).id());
    }

    @DeleteMapping("/api/v1/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable long id, HttpServletRequest request) {
        Caller.of(request).requireAdmin();
        if (!tokens.revoke(id)) {
            throw new ApiProblem(ProblemType.UNKNOWN_TOKEN, "No active upload token with id " + id + ".");
        }
    }
}
