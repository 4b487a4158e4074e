package dev.hostgap.platform.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.CiProject;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.support.Caller;
import dev.hostgap.platform.support.CommitSha;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A maintainer approves one head of a fork's pull request, so its jobs may run on the project's GPU
 * runners (the project's {@code forkPullRequests} is {@code after_approval}, the default). The
 * approval names the sha the maintainer looked at: a later push waits again.
 */
@RestController
class PullRequestApprovalController {

    record ApprovalRequest(String sha) {
    }

    private final ProjectDirectory projects;
    private final JobQueue queue;

    PullRequestApprovalController(ProjectDirectory projects, JobQueue queue) {
        this.projects = projects;
        this.queue = queue;
    }

    @PostMapping("/api/v1/projects/{project}/pull-requests/{number}/approvals")
    @Transactional
    Map<String, Object> approve(@PathVariable String project, @PathVariable int number, @RequestBody ApprovalRequest request,
                                HttpServletRequest http) {
        CiProject ci = projects.requireCi(project);
        Caller caller = Caller.of(http);
        caller.requireWriteAccess(ci.id(), ci.name());
        if (number < 1) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "The pull request number must be 1 or more.");
        }
        if (request == null || request.sha() == null || !CommitSha.isValid(request.sha().toLowerCase(Locale.ROOT))) {
            throw new ApiProblem(ProblemType.INVALID_SHA, "Give the head to approve as {\"sha\": \"<40 hex characters>\"}: "
                    + "the commit you reviewed (GET /api/v1/projects/" + ci.name() + "/jobs?state=awaiting_approval lists the waiting ones).");
        }
        String sha = request.sha().toLowerCase(Locale.ROOT);
        List<Long> queued = queue.approve(ci.id(), number, sha, caller.name());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("project", ci.name());
        answer.put("pullRequest", number);
        answer.put("sha", sha);
        answer.put("approvedBy", caller.name());
        answer.put("jobs", queued);
        answer.put("note", queued.isEmpty() ? "approved; no job of this head was waiting (a job a later webhook creates for it "
                + "is queued at once)" : "approved; its jobs are queued");
        return answer;
    }
}
