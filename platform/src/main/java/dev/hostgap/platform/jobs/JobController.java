package dev.hostgap.platform.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.CiProject;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.runs.JobResults;
import dev.hostgap.platform.support.Caller;
import dev.hostgap.platform.support.CommitSha;
import dev.hostgap.platform.traces.Traces;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The runner's side of the queue (lease, heartbeat, complete, fail) and the queue as people see it. */
@RestController
class JobController {

    private static final Set<String> STATES = Set.of("awaiting_approval", "queued", "leased", "completed", "failed", "cancelled");

    record LeaseRequest(List<String> labels, Integer waitSeconds) {
    }

    record HeartbeatAnswer(java.time.OffsetDateTime leaseExpiresAt) {
    }

    /** {@code parents}: of the commit the agent checked out, first parent first (older agents send none). */
    record CompleteRequest(String runId, JsonNode result, JsonNode environment, List<String> parents) {
    }

    record CompleteAnswer(long jobId, UUID runId, boolean duplicate) {
    }

    record FailRequest(String reason, Boolean retry) {
    }

    record EnqueueRequest(String sha, String branch) {
    }

    private final JobQueue queue;
    private final RunnerRegistry runners;
    private final JobResults results;
    private final ProjectDirectory projects;
    private final Traces traces;
    private final TransactionTemplate transactions;
    private final Duration lease;

    JobController(JobQueue queue, RunnerRegistry runners, JobResults results, ProjectDirectory projects, Traces traces,
                  TransactionTemplate transactions,
                  @org.springframework.beans.factory.annotation.Value("${hostgap.jobs.lease-duration:60s}") Duration lease) {
        if (lease.toSeconds() < 1) {
            throw new IllegalArgumentException("hostgap.jobs.lease-duration must be at least 1s");
        }
        this.lease = lease;
        this.queue = queue;
        this.runners = runners;
        this.results = results;
        this.projects = projects;
        this.traces = traces;
        this.transactions = transactions;
    }

    /** 200 with a job, or 204 when none came within {@code waitSeconds} (long polling, at most 30 s). */
    @PostMapping("/api/v1/jobs/lease")
    ResponseEntity<JobQueue.LeasedJob> lease(@RequestBody(required = false) LeaseRequest request, HttpServletRequest http)
            throws InterruptedException {
        long runner = Caller.of(http).requireRunner();
        int wait = request == null || request.waitSeconds() == null ? 0 : request.waitSeconds();
        if (wait < 0 || wait > 30) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "waitSeconds must be 0 to 30, not " + wait + ".");
        }
        RunnerRegistry.Scope scope = runners.scope(runner);
        List<String> labels = scope.labels();
        if (request != null && request.labels() != null && (request.labels().size() > 50
                || request.labels().stream().anyMatch(l -> l == null || l.length() > 100 || l.indexOf('\0') >= 0))) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "labels takes at most 50 labels of 1-100 characters.");
        }
        if (request != null && request.labels() != null && !labels.containsAll(request.labels())) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "The runner was registered with labels " + labels
                    + "; it cannot lease as " + request.labels() + ". Register it again with those labels.");
        }
        runners.sawAlive(runner);
        Instant deadline = Instant.now().plusSeconds(wait);
        while (true) {
            Optional<JobQueue.LeasedJob> job = queue.lease(runner, scope, lease);
            if (job.isPresent()) {
                return ResponseEntity.ok(job.get());
            }
            if (!Instant.now().isBefore(deadline)) {
                return ResponseEntity.noContent().build();
            }
            Thread.sleep(500);
        }
    }

    @PostMapping("/api/v1/jobs/{id}/heartbeat")
    HeartbeatAnswer heartbeat(@PathVariable long id, HttpServletRequest http) {
        long runner = Caller.of(http).requireRunner();
        queue.state(id).ifPresent(job -> requireInScope(job, id, runner));
        runners.sawAlive(runner);
        return queue.heartbeat(id, runner, lease).map(HeartbeatAnswer::new).orElseThrow(() -> leaseLost(id));
    }

    /** Stores the job's run and completes the job in one transaction; the same runId again answers the same. */
    @PostMapping("/api/v1/jobs/{id}/complete")
    CompleteAnswer complete(@PathVariable long id, @RequestBody CompleteRequest request, HttpServletRequest http) {
        Caller caller = Caller.of(http);
        long runner = caller.requireRunner();
        UUID runId = dev.hostgap.platform.support.Uuids.canonical(request == null ? null : request.runId())
                .orElseThrow(() -> new ApiProblem(ProblemType.INVALID_FIELD, "runId must be a UUID the agent chose for this attempt."));
        JobQueue.JobState job = queue.state(id).orElseThrow(() -> unknown(id));
        requireInScope(job, id, runner);
        boolean mine = job.runnerId() != null && job.runnerId() == runner;
        if (mine && "completed".equals(job.state()) && runId.toString().equals(job.runId())) {
            return new CompleteAnswer(id, runId, true); // a retried completion whose first answer was lost
        }
        if (!mine || !"leased".equals(job.state())) {
            throw leaseLost(id); // checked again under the job's lock below; this spares the ingest
        }
        List<String> parents = request.parents() == null ? List.of() : request.parents();
        if (parents.size() > 16 || parents.stream().anyMatch(p -> p == null || !CommitSha.isValid(p) || p.equalsIgnoreCase(job.sha()))) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "parents must be at most 16 full 40-character commit shas, "
                    + "none of them the job's own commit.");
        }
        if (request.result() == null || request.result().isNull()) {
            return completeWithTrace(id, runId, runner);
        }
        CiProject project = projects.requireCiById(job.projectId());
        var stored = results.store(new JobResults.JobResult(project.name(), project.id(), job.sha(), job.branch(), runId,
                request.result(), request.environment(), caller.name(),
                parents.stream().map(p -> p.toLowerCase(java.util.Locale.ROOT)).toList(), job.pullRequest(), job.baseSha(),
                job.paired()), run -> {
            JobQueue.JobState locked = queue.lockForCompletion(id).orElseThrow(() -> unknown(id));
            if ("completed".equals(locked.state()) && run.runId().toString().equals(locked.runId())) {
                return; // the same completion sent twice at once: the first one completed it
            }
            if (!"leased".equals(locked.state()) || locked.runnerId() == null || locked.runnerId() != runner) {
                throw leaseLost(id); // rolls the run back with it
            }
            queue.markCompleted(id, run.runId());
        });
        return new CompleteAnswer(id, stored.runId(), stored.duplicate());
    }

    /** A job whose command left only traces: its first trace's run is the job's run. */
    private CompleteAnswer completeWithTrace(long id, UUID runId, long runner) {
        if (!traces.isTraceOfJob(runId, id)) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "result is missing: send the job's run file, or the runId of a trace "
                    + "uploaded for this job (POST /api/v1/jobs/" + id + "/traces).");
        }
        transactions.executeWithoutResult(status -> {
            JobQueue.JobState locked = queue.lockForCompletion(id).orElseThrow(() -> unknown(id));
            if ("completed".equals(locked.state()) && runId.toString().equals(locked.runId())) {
                return;
            }
            if (!"leased".equals(locked.state()) || locked.runnerId() == null || locked.runnerId() != runner) {
                throw leaseLost(id);
            }
            queue.markCompletedWithStoredRun(id, runId);
        });
        return new CompleteAnswer(id, runId, false);
    }

    @PostMapping("/api/v1/jobs/{id}/fail")
    Map<String, String> fail(@PathVariable long id, @RequestBody(required = false) FailRequest request, HttpServletRequest http) {
        long runner = Caller.of(http).requireRunner();
        queue.state(id).ifPresent(job -> requireInScope(job, id, runner));
        String reason = request == null || request.reason() == null ? "no reason given" : request.reason();
        if (reason.length() > 8000) {
            reason = reason.substring(reason.length() - 8000); // the tail of an output is what explains it
        }
        boolean counts = request == null || request.retry() == null || request.retry();
        String state = queue.fail(id, runner, reason.replace('\0', ' '), counts).orElseThrow(() -> leaseLost(id));
        return Map.of("state", state);
    }

    @GetMapping("/api/v1/projects/{project}/jobs")
    List<JobQueue.JobView> list(@PathVariable String project, @RequestParam(required = false) String state,
                                @RequestParam(defaultValue = "100") int limit) {
        if (state != null && !STATES.contains(state)) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "state must be one of " + STATES + ", not '" + state + "'.");
        }
        if (limit < 1 || limit > 1000) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "limit must be 1 to 1000.");
        }
        return queue.list(projects.require(project).id(), state, limit);
    }

    /** Queues a job by hand (no webhook): the project's command at that commit. */
    @PostMapping("/api/v1/projects/{project}/jobs")
    ResponseEntity<Map<String, Object>> enqueue(@PathVariable String project, @RequestBody EnqueueRequest request,
                                                HttpServletRequest http) {
        CiProject ci = projects.requireCi(project);
        Caller.of(http).requireWriteAccess(ci.id(), ci.name());
        if (request == null || request.sha() == null || !CommitSha.isValid(request.sha())) {
            throw new ApiProblem(ProblemType.INVALID_SHA, "sha must be a full 40-character commit sha.");
        }
        if (ci.benchmarkCommand() == null) {
            throw new ApiProblem(ProblemType.INVALID_RUN, "Project '" + project + "' has no benchmark command; "
                    + "an admin sets one with PUT /api/v1/projects/" + project + "/ci.");
        }
        String branch = request.branch() == null || request.branch().isBlank() ? ci.defaultBranch() : request.branch();
        if (branch.length() > 200 || branch.chars().anyMatch(Character::isISOControl)) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "branch must be at most 200 characters without control characters.");
        }
        Optional<Long> id = queue.enqueue(new JobQueue.NewJob(ci.id(), request.sha().toLowerCase(java.util.Locale.ROOT),
                branch, "api", null, null, null, null, ci.runnerLabels(), ci.benchmarkCommand(), ci.timeoutSeconds(), null));
        return ResponseEntity.status(id.isPresent() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(Map.of("job", id.orElse(null) == null ? "already queued or measured" : id.get()));
    }

    /**
     * Runs a failed or cancelled job again, with its trigger, pull request and CI target: its commit's
     * status goes back to pending and then to the new answer. A redelivered webhook does not do this
     * (a delivery is handled once); this is the way to ask for it.
     */
    @PostMapping("/api/v1/projects/{project}/jobs/{id}/rerun")
    Map<String, Object> rerun(@PathVariable String project, @PathVariable long id, HttpServletRequest http) {
        CiProject ci = projects.requireCi(project);
        Caller.of(http).requireWriteAccess(ci.id(), ci.name());
        JobQueue.JobState job = queue.state(id).filter(j -> j.projectId() == ci.id()).orElseThrow(() -> unknown(id));
        return queue.requeue(ci.id(), id).<Map<String, Object>>map(queued -> Map.of("job", queued,
                        "state", queue.state(queued).map(JobQueue.JobState::state).orElse("queued")))
                .orElseThrow(() -> new ApiProblem(ProblemType.JOB_NOT_RERUNNABLE, "Job " + id + " is " + job.state()
                        + ": only a failed or cancelled job is run again (another job of the same commit may be queued,"
                        + " measuring or done)."));
    }

    /**
     * A runner works only on jobs of its projects. It could not have leased one outside them, so this
     * answers a runner probing other projects' jobs (403) before the lease check (409).
     */
    private void requireInScope(JobQueue.JobState job, long id, long runner) {
        if (!runners.scope(runner).covers(job.projectId())) {
            throw new ApiProblem(ProblemType.FORBIDDEN, "Job " + id + " belongs to a project outside this runner's scope; "
                    + "a runner leases, reports and releases only jobs of its own projects (GET /api/v1/runners shows them). "
                    + "Register a runner for that project (POST /api/v1/runners with \"projects\") to measure it.");
        }
    }

    static ApiProblem leaseLost(long id) {
        return new ApiProblem(ProblemType.LEASE_LOST, "Job " + id + " is no longer leased to this runner (its lease "
                + "expired, it was cancelled or finished); stop working on it.");
    }

    static ApiProblem unknown(long id) {
        return new ApiProblem(ProblemType.UNKNOWN_JOB, "No job " + id + ".");
    }
}
