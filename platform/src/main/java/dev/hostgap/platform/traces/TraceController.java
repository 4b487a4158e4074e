package dev.hostgap.platform.traces;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.projects.ProjectRef;
import dev.hostgap.platform.support.Caller;
import dev.hostgap.platform.support.CommitSha;
import dev.hostgap.platform.support.Uuids;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Profiler traces over HTTP: upload one for a commit (the file is the body, never parsed before the
 * token is checked), read what it says, download it, and compare two commits' traces of one name.
 */
@RestController
class TraceController {

    private final Traces traces;
    private final TraceStore store;
    private final TraceComparer comparer;
    private final ProjectDirectory projects;
    private final TraceProperties properties;
    private final JsonMapper json;

    TraceController(Traces traces, TraceStore store, TraceComparer comparer, ProjectDirectory projects,
                    TraceProperties properties, JsonMapper json) {
        this.traces = traces;
        this.store = store;
        this.comparer = comparer;
        this.projects = projects;
        this.properties = properties;
        this.json = json;
    }

    /**
     * Upload a trace (Kineto JSON, plain or gzip, or an Nsight Systems SQLite export) as one run of
     * {@code sha}: 201 with what was computed, 200 when this runId was already stored with this file.
     */
    @PostMapping("/api/v1/projects/{project}/traces")
    ResponseEntity<TraceAnswer> upload(@PathVariable String project, @RequestParam String sha, @RequestParam String name,
                                       @RequestParam(required = false) String branch,
                                       @RequestParam(required = false) List<String> parent,
                                       @RequestParam(required = false) String runId,
                                       @RequestParam(required = false) Integer pullRequest,
                                       @RequestParam(required = false) String baseSha,
                                       @RequestParam(required = false) String gpu,
                                       @RequestParam(required = false) String host,
                                       HttpServletRequest request) throws IOException {
        ProjectRef ref = projects.require(project);
        Caller caller = Caller.of(request);
        caller.requireWriteAccess(ref.id(), ref.name());
        CommitSha.require("sha", sha);
        TraceNames.requireValid(name);
        if ((pullRequest == null) != (baseSha == null)) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "pullRequest and baseSha go together: a pull request's trace is "
                    + "judged against its base commit.");
        }
        if (pullRequest != null && pullRequest < 1) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "pullRequest must be a pull request number, 1 or more.");
        }
        if (baseSha != null) {
            CommitSha.require("baseSha", baseSha);
        }
        for (String[] field : new String[][] {{"branch", branch}, {"gpu", gpu}, {"host", host}}) {
            if (field[1] != null && (field[1].isBlank() || field[1].length() > 200)) {
                // checked here as well as by the run's validation: before the trace is read, not after
                throw new ApiProblem(ProblemType.INVALID_PARAMETER, field[0] + " must be 1 to 200 characters.");
            }
        }
        List<String> parents = parent == null ? List.of() : parent.stream().map(p -> CommitSha.require("parent", p)).toList();
        if (parents.size() > 16 || parents.contains(sha)) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "parent: at most 16 parents, none of them the commit itself.");
        }
        UUID id = runId == null ? UUID.randomUUID() : Uuids.canonical(runId).orElseThrow(() -> new ApiProblem(
                ProblemType.INVALID_PARAMETER, "runId must be a UUID, such as 5b1f6a3e-2c4d-4e8f-9a0b-1c2d3e4f5a6b."));
        ObjectNode environment = json.createObjectNode();
        environment.put("gpu", gpu == null || gpu.isBlank() ? "unknown" : gpu);
        if (host != null && !host.isBlank()) {
            environment.put("host", host);
        }
        TraceAnswer answer = traces.ingest(new Traces.Upload(ref.name(), ref.id(), sha.toLowerCase(Locale.ROOT), branch, parents,
                pullRequest, baseSha == null ? null : baseSha.toLowerCase(Locale.ROOT), false, null, caller.name(), id, name,
                environment), request.getInputStream(), run -> { });
        return ResponseEntity.status(answer.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).body(answer);
    }

    /** What a stored trace says: the whole summary, its timeline, and whether its file can still be downloaded. */
    @GetMapping("/api/v1/runs/{id}/trace")
    ObjectNode get(@PathVariable String id) {
        UUID runId = runId(id);
        TraceStore.StoredTrace trace = store.find(runId).orElseThrow(() -> unknown(runId));
        ObjectNode answer = json.createObjectNode();
        answer.put("runId", runId.toString());
        answer.put("name", trace.name());
        answer.put("format", trace.format());
        answer.put("fileBytes", trace.fileBytes());
        answer.put("fileSha256", trace.fileSha256());
        answer.put("uploadedAt", trace.uploadedAt().toString());
        answer.put("fileKeptUntil", trace.rawKeptUntil() == null ? null : trace.rawKeptUntil().toString());
        answer.put("fileUrl", trace.rawKeptUntil() == null ? null : "/api/v1/runs/" + runId + "/trace/file");
        answer.set("summary", json.readTree(store.summaryJson(runId).orElseThrow()));
        return answer;
    }

    /** The uploaded file as it was sent, while it is kept ({@code hostgap.traces.keep-raw-for}). */
    @GetMapping("/api/v1/runs/{id}/trace/file")
    void file(@PathVariable String id, HttpServletResponse response) throws IOException {
        UUID runId = runId(id);
        TraceStore.StoredTrace trace = store.find(runId).orElseThrow(() -> unknown(runId));
        if (trace.rawKeptUntil() == null) {
            throw new ApiProblem(ProblemType.UNKNOWN_TRACE, "The file of trace " + runId + " was deleted after "
                    + properties.keepRawFor().toDays() + " days (hostgap.traces.keep-raw-for); its figures and summary are kept.");
        }
        String extension = trace.format().equals("nsys") ? ".sqlite" : ".json";
        response.setContentType(trace.gzipped() ? "application/gzip" : trace.format().equals("nsys") ? "application/vnd.sqlite3"
                : "application/json");
        response.setHeader("Content-Disposition", "attachment; filename=\"hostgap-trace-" + trace.name() + extension
                + (trace.gzipped() ? ".gz" : "") + "\"");
        response.setContentLengthLong(trace.fileBytes());
        store.copyFile(runId, response.getOutputStream());
    }

    /**
     * Two commits' traces of one name side by side: per device the step breakdown (idle, compute, memory,
     * communication, launches, synchronizations) and the idle time by the operator behind it, with the change.
     */
    @GetMapping("/api/v1/projects/{project}/traces/compare")
    TraceComparison compare(@PathVariable String project, @RequestParam String base, @RequestParam String head,
                            @RequestParam String name) {
        ProjectRef ref = projects.require(project);
        TraceNames.requireValid(name);
        return comparer.compare(ref, CommitSha.require("base", base).toLowerCase(Locale.ROOT),
                CommitSha.require("head", head).toLowerCase(Locale.ROOT), name);
    }

    /** The names of the traces a commit has, with their runs (newest first). */
    @GetMapping("/api/v1/projects/{project}/commits/{sha}/traces")
    List<Map<String, Object>> ofCommit(@PathVariable String project, @PathVariable String sha) {
        ProjectRef ref = projects.require(project);
        return store.ofCommit(ref.id(), CommitSha.require("sha", sha).toLowerCase(Locale.ROOT), null, 100).stream()
                .map(t -> Map.<String, Object>of("runId", t.runId(), "name", t.name(), "format", t.format(),
                        "uploadedAt", t.uploadedAt().toString(), "traceUrl", "/api/v1/runs/" + t.runId() + "/trace"))
                .toList();
    }

    private static UUID runId(String id) {
        return Uuids.canonical(id).orElseThrow(() -> new ApiProblem(ProblemType.INVALID_PARAMETER,
                "A run id is a UUID such as 5b1f6a3e-2c4d-4e8f-9a0b-1c2d3e4f5a6b, not '" + id + "'."));
    }

    private static ApiProblem unknown(UUID runId) {
        return new ApiProblem(ProblemType.UNKNOWN_TRACE, "Run " + runId + " has no trace: it is not stored, or it was "
                + "uploaded as results rather than as a trace (POST /api/v1/projects/{project}/traces).");
    }
}
