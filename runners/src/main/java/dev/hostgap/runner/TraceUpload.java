package dev.hostgap.runner;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Sends a job's trace files one after another, each under its own runId kept across its retries,
 * and says how that ended: all stored, refused (the job fails with the platform's reason), or the job
 * is to be dropped (lease lost, or the platform unreachable after retries: the lease expires and the
 * job is queued again), the same three ends {@code complete} has.
 */
final class TraceUpload {

    sealed interface Result permits Stored, Refused, Dropped {
    }

    /** Every trace was stored; the first one's runId, empty when there were none. */
    record Stored(Optional<UUID> firstRunId) implements Result {
    }

    record Refused(String reason) implements Result {
    }

    record Dropped(String why) implements Result {
    }

    private final JobClient client;
    private final Consumer<String> log;

    TraceUpload(JobClient client, Consumer<String> log) {
        this.client = client;
        this.log = log;
    }

    Result send(Job job, List<TraceFiles.Trace> traces, BooleanSupplier leaseLost) throws InterruptedException {
        UUID first = null;
        for (TraceFiles.Trace trace : traces) {
            if (leaseLost.getAsBoolean()) {
                return new Dropped("lease lost while sending traces");
            }
            UUID runId = UUID.randomUUID();
            PlatformHttp.Response response;
            try {
                response = client.uploadTrace(job.id(), runId, trace);
            } catch (IOException e) {
                return new Dropped("could not send trace " + trace.fileName() + " (" + Agent.oneLine(e) + ")");
            }
            if (response.ok()) {
                log.accept("job " + job.id() + ": sent trace " + trace.name() + " (" + trace.fileName() + ", " + trace.size()
                        + " bytes) run " + runId + idle(response));
                first = first == null ? runId : first;
            } else if (response.status() == 409) {
                return new Dropped("lease lost before trace " + trace.fileName() + " was taken (" + response.summary() + ")");
            } else if (response.status() / 100 == 4) {
                return new Refused("the platform refused trace " + trace.fileName() + ": " + response.detail());
            } else {
                return new Dropped("could not send trace " + trace.fileName() + " (" + response.summary() + ")");
            }
        }
        return new Stored(Optional.ofNullable(first));
    }

    /** ", cuda:0 idle 41.2%" from the platform's summary, for the log; nothing when it has none. */
    private static String idle(PlatformHttp.Response response) {
        StringBuilder text = new StringBuilder();
        try {
            JsonNode summary = response.body() == null || response.body().isBlank() ? null : Json.MAPPER.readTree(response.body());
            for (JsonNode device : summary == null ? List.<JsonNode>of() : summary.path("devices")) {
                if (device.path("idlePercent").isNumber()) {
                    text.append(", ").append(device.path("device").asString("?")).append(" idle ")
                            .append(Units.percent(device.path("idlePercent").asDouble()));
                }
            }
        } catch (JacksonException e) {
            return "";
        }
        return text.toString();
    }
}
