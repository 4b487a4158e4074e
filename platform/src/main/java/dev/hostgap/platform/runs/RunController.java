package dev.hostgap.platform.runs;

import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.support.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
class RunController {

    static final int MAX_LIMIT = 200;

    private final RunIngestService ingest;
    private final UploadGate gate;
    private final RunDetails runs;
    private final RecentRuns recent;
    private final ProjectDirectory projects;

    RunController(RunIngestService ingest, UploadGate gate, RunDetails runs, RecentRuns recent, ProjectDirectory projects) {
        this.ingest = ingest;
        this.gate = gate;
        this.runs = runs;
        this.recent = recent;
        this.projects = projects;
    }

    /** A project's newest runs (of one branch when given), newest upload first, with their failed workloads. */
    @GetMapping("/api/v1/projects/{project}/runs")
    List<RunSummary> list(@PathVariable String project, @RequestParam(required = false) String branch,
                          @RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "limit must be between 1 and " + MAX_LIMIT + ", not " + limit + ".");
        }
        if (branch != null && (branch.isEmpty() || branch.length() > 200)) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "branch must be 1 to 200 characters.");
        }
        return recent.newest(projects.require(project).id(), branch, limit);
    }

    /** One stored run, complete: environment, every result with its samples, failed workloads with their errors. */
    @GetMapping("/api/v1/runs/{id}")
    RunDetail get(@PathVariable String id) {
        UUID runId = parseRunId(id);
        return runs.find(runId).orElseThrow(() -> new ApiProblem(ProblemType.UNKNOWN_RUN, "No run " + runId + " is stored."));
    }

    private static UUID parseRunId(String id) {
        return dev.hostgap.platform.support.Uuids.canonical(id).orElseThrow(() -> new ApiProblem(ProblemType.INVALID_PARAMETER,
                "A run id is a UUID such as 5b1f6a3e-2c4d-4e8f-9a0b-1c2d3e4f5a6b, not '" + id + "'."));
    }

    /** Upload one run in hostgap's format: 201 when stored, 200 when this runId was already stored. */
    @PostMapping("/api/v1/runs")
    ResponseEntity<IngestResult> upload(@RequestBody RunUpload upload, HttpServletRequest request) {
        return gate.through(() -> respond(ingest.ingest(upload, "hostgap", Caller.of(request))));
    }

    /** Upload JMH's {@code -rf json} output for one commit; the GPU environment comes as parameters. */
    @PostMapping("/api/v1/runs/jmh")
    ResponseEntity<IngestResult> uploadJmh(@RequestBody JsonNode body,
                                           @RequestParam String project,
                                           @RequestParam String sha,
                                           @RequestParam(required = false) String branch,
                                           @RequestParam(required = false) List<String> parent,
                                           @RequestParam(required = false) String runId,
                                           @RequestParam(defaultValue = "1") int version,
                                           @RequestParam(required = false) String gpu,
                                           @RequestParam(required = false) String driver,
                                           @RequestParam(required = false) String cuda,
                                           @RequestParam(required = false) String runtime,
                                           @RequestParam(required = false) String host,
                                           HttpServletRequest request) {
        var context = new JmhConverter.Context(project, sha, branch, parent == null ? List.of() : parent, runId, version,
                gpu, driver, cuda, runtime, host);
        RunUpload upload = JmhConverter.convert(body, context);
        return gate.through(() -> respond(ingest.ingest(upload, "jmh", Caller.of(request))));
    }

    /**
     * The verdicts are read after the run's transaction committed, so no statistics hold a write
     * transaction open, but inside the gate: they take connections and CPU like the write does.
     */
    private ResponseEntity<IngestResult> respond(RunIngestService.Stored stored) {
        return ResponseEntity.status(stored.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).body(ingest.answer(stored));
    }
}
