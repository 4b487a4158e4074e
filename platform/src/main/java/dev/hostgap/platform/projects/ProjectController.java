package dev.hostgap.platform.projects;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.support.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/projects")
class ProjectController {

    private final ProjectDirectory projects;

    ProjectController(ProjectDirectory projects) {
        this.projects = projects;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Project create(@RequestBody ProjectRequest request, HttpServletRequest http) {
        Caller.of(http).requireAdmin();
        request.validate();
        return projects.insert(request).orElseThrow(() -> new ApiProblem(ProblemType.PROJECT_EXISTS,
                "A project named '" + request.name() + "' already exists; pick another name."));
    }

    @GetMapping
    List<Project> list() {
        return projects.list();
    }

    /** The project's CI settings; the webhook secret only as "set" or not. Admin only: the command is an admin's. */
    @GetMapping("/{project}/ci")
    CiSettings ci(@org.springframework.web.bind.annotation.PathVariable String project, HttpServletRequest http) {
        Caller.of(http).requireAdmin();
        return projects.ciSettings(projects.requireCi(project));
    }

    /** Sets what a webhook-started job runs and for which branches; only an admin decides what runs on GPU nodes. */
    @org.springframework.web.bind.annotation.PutMapping("/{project}/ci")
    CiSettings updateCi(@org.springframework.web.bind.annotation.PathVariable String project,
                        @org.springframework.web.bind.annotation.RequestBody CiSettingsRequest request, HttpServletRequest http) {
        Caller.of(http).requireAdmin();
        request.validate();
        CiProject current = projects.requireCi(project);
        request.requireStatusTarget(current);
        projects.updateCi(current.id(), request);
        return projects.ciSettings(projects.requireCi(project));
    }
}
