package dev.hostgap.runner;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/** The runner's side of the job endpoints in docs/ci.md ("Runners and jobs"). */
final class JobClient {

    /** What a heartbeat learned: the lease holds, is lost (409), or the server could not say. */
    enum Lease { HELD, LOST, UNKNOWN }

    private static final ObjectReader JOB = Json.MAPPER.readerFor(Job.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final PlatformHttp http;
    private final int completeAttempts;
    private final Duration firstBackoff;

    JobClient(PlatformHttp http, int completeAttempts, Duration firstBackoff) {
        this.http = http;
        this.completeAttempts = completeAttempts;
        this.firstBackoff = firstBackoff;
    }

    /**
     * Long-polls for a job. Empty on 204; a 401/403 is final (a wrong or revoked token); any other
     * answer or a connection failure is an {@link IOException} the caller backs off from.
     */
    Optional<Job> lease(List<String> labels, int waitSeconds) throws IOException, InterruptedException {
        PlatformHttp.Response response = http.post("/api/v1/jobs/lease", Map.of("labels", labels, "waitSeconds", waitSeconds),
                Duration.ofSeconds(waitSeconds + 30L));
        if (response.status() == 204) {
            return Optional.empty();
        }
        if (response.status() == 401 || response.status() == 403) {
            throw new RunnerException(ExitCode.SERVER_REJECTED, "the server refused the runner token ("
                    + response.summary() + "); register a runner with POST /api/v1/runners and pass its hgr_ token");
        }
        if (response.status() != 200) {
            throw new IOException("lease answered " + response.summary());
        }
        try {
            return Optional.of(JOB.readValue(response.body()));
        } catch (JacksonException e) {
            throw new IOException("lease answered 200 with a body that is not a job: " + e.getOriginalMessage());
        }
    }

    Lease heartbeat(long jobId) {
        try {
            PlatformHttp.Response response = http.post("/api/v1/jobs/" + jobId + "/heartbeat", Map.of(), Duration.ofSeconds(15));
            return response.status() == 409 ? Lease.LOST : response.ok() ? Lease.HELD : Lease.UNKNOWN;
        } catch (IOException e) {
            return Lease.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Lease.UNKNOWN;
        }
    }

    /**
     * Sends the result with the checked-out commit's parents (first parent first), which put a fork's
     * pull request head into the platform's commit graph. Connection failures and 5xx are retried
     * with the same runId, which the platform stores once; any other answer is returned as it is.
     * A null result is sent as {@code "result": null}: a job that left only traces, one of them
     * uploaded under this runId.
     */
    PlatformHttp.Response complete(long jobId, UUID runId, JsonNode result, EnvironmentReport environment, List<String> parents)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runId", runId.toString());
        body.put("result", result);
        body.put("environment", environment);
        body.put("parents", parents);
        String path = "/api/v1/jobs/" + jobId + "/complete";
        return withRetries(() -> http.post(path, body, Duration.ofSeconds(60)));
    }

    PlatformHttp.Response fail(long jobId, String reason, boolean retry) throws IOException, InterruptedException {
        String path = "/api/v1/jobs/" + jobId + "/fail";
        return withRetries(() -> http.post(path, Map.of("reason", reason, "retry", retry), Duration.ofSeconds(60)));
    }

    /** Streams one trace file, retried like {@link #complete} with the same runId (the platform answers 200 for a runId it already stored). */
    PlatformHttp.Response uploadTrace(long jobId, UUID runId, TraceFiles.Trace trace) throws IOException, InterruptedException {
        String path = "/api/v1/jobs/" + jobId + "/traces?name=" + URLEncoder.encode(trace.name(), StandardCharsets.UTF_8)
                + "&runId=" + runId;
        return withRetries(() -> http.postFile(path, trace.file(), trace.size()));
    }

    /** Gives the job back without counting an attempt; one quick try, since the runner is on its way out. */
    PlatformHttp.Response release(long jobId, String reason) throws IOException, InterruptedException {
        return http.post("/api/v1/jobs/" + jobId + "/fail", Map.of("reason", reason, "retry", false), Duration.ofSeconds(5));
    }

    private PlatformHttp.Response withRetries(PlatformHttp.Send request) throws IOException, InterruptedException {
        return PlatformHttp.retrying(completeAttempts, firstBackoff, request);
    }
}
