package dev.hostgap.platform.jobs;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.support.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Runners are registered by an admin; each gets its own token, shown once. */
@RestController
class RunnerController {

    record RunnerRequest(String name, List<String> labels) {
    }

    private final RunnerRegistry runners;

    RunnerController(RunnerRegistry runners) {
        this.runners = runners;
    }

    @PostMapping("/api/v1/runners")
    @ResponseStatus(HttpStatus.CREATED)
    RunnerRegistry.Registered register(@RequestBody RunnerRequest request, HttpServletRequest http) {
        Caller.of(http).requireAdmin();
        if (request == null || request.name() == null || !request.name().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "name must be 1-100 letters, digits, '.', '_' or '-'.");
        }
        List<String> labels = request.labels() == null ? List.of() : request.labels();
        if (labels.size() > 50 || labels.stream().anyMatch(l -> l == null || !l.matches("[A-Za-z0-9][A-Za-z0-9._:=-]{0,99}"))) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "labels takes at most 50 labels of 1-100 letters, digits, "
                    + "'.', '_', ':', '=' or '-'.");
        }
        RunnerRegistry.Registered registered = runners.register(request.name(), List.copyOf(labels));
        if (registered == null) {
            throw new ApiProblem(ProblemType.RUNNER_EXISTS, "A runner named '" + request.name() + "' exists; "
                    + "revoke it (DELETE /api/v1/runners/{id}) or pick another name.");
        }
        return registered;
    }

    @GetMapping("/api/v1/runners")
    List<RunnerRegistry.RunnerView> list(HttpServletRequest http) {
        Caller.of(http).requireAdmin();
        return runners.list();
    }

    @DeleteMapping("/api/v1/runners/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable long id, HttpServletRequest http) {
        Caller.of(http).requireAdmin();
        if (!runners.revoke(id)) {
            throw new ApiProblem(ProblemType.UNKNOWN_RUNNER, "No runner " + id + ".");
        }
    }
}
