package dev.hostgap.platform.verdicts;

import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.support.CommitSha;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A commit's answer, the same one its CI status shows ({@link CommitVerdicts}). */
@RestController
class VerdictController {

    private final ProjectDirectory projects;
    private final CommitVerdicts verdicts;

    VerdictController(ProjectDirectory projects, CommitVerdicts verdicts) {
        this.projects = projects;
        this.verdicts = verdicts;
    }

    @GetMapping("/api/v1/projects/{project}/commits/{sha}/verdict")
    CommitVerdict verdict(@PathVariable String project, @PathVariable String sha) {
        CommitSha.require("sha", sha);
        return verdicts.verdict(projects.require(project), sha);
    }
}
