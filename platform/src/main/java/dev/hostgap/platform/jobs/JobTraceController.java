package dev.hostgap.platform.jobs;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.CiProject;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.support.Caller;
import dev.hostgap.platform.support.Uuids;
import dev.hostgap.platform.traces.TraceAnswer;
import dev.hostgap.platform.traces.Traces;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A runner uploads the profiler traces its job's command left behind, while it holds the job's lease,
 * before it completes the job: each becomes a run of the job's commit (of its pull request, for a pull
 * request's job), so the commit's answer includes them.
 */
@RestController
class JobTraceController {

    private final JobQueue queue;
    private final RunnerRegistry runners;
    private final ProjectDirectory projects;
    private final Traces traces;

    JobTraceController(JobQueue queue, RunnerRegistry runners, ProjectDirectory projects, Traces traces) {
        this.queue = queue;
        this.runners = runners;
        this.projects = projects;
        this.traces = traces;
    }

    @PostMapping("/api/v1/jobs/{id}/traces")
    ResponseEntity<TraceAnswer> upload(@PathVariable long id, @RequestParam String name, @RequestParam String runId,
                                       HttpServletRequest request) throws IOException {
        Caller caller = Caller.of(request);
        long runner = caller.requireRunner();
        UUID run = Uuids.canonical(runId).orElseThrow(() -> new ApiProblem(ProblemType.INVALID_PARAMETER,
                "runId must be a UUID the agent chose for this trace, kept across its retries."));
        JobQueue.JobState job = queue.state(id).orElseThrow(() -> JobController.unknown(id));
        if (!runners.scope(runner).covers(job.projectId())) {
            throw new ApiProblem(ProblemType.FORBIDDEN, "Job " + id + " belongs to a project outside this runner's scope.");
        }
        if (!"leased".equals(job.state()) || job.runnerId() == null || job.runnerId() != runner) {
            throw JobController.leaseLost(id); // before the body is read: a lost lease costs no parsing
        }
        CiProject project = projects.requireCiById(job.projectId());
        TraceAnswer answer = traces.ingest(new Traces.Upload(project.name(), project.id(), job.sha(), job.branch(), List.of(),
                job.pullRequest(), job.baseSha(), job.paired(), id, caller.name(), run, name, null), request.getInputStream(), stored -> {
            JobQueue.JobState locked = queue.lockForCompletion(id).orElseThrow(() -> JobController.unknown(id));
            if (!"leased".equals(locked.state()) || locked.runnerId() == null || locked.runnerId() != runner) {
                throw JobController.leaseLost(id); // rolls the trace's run back with it
            }
        });
        return ResponseEntity.status(answer.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).body(answer);
    }
}
