package dev.hostgap.platform.traces;

import java.util.List;
import java.util.UUID;

import dev.hostgap.platform.traces.TraceSummary.DeviceSummary;
import dev.hostgap.platform.traces.TraceSummary.GapCause;

/**
 * The answer to a trace upload: the run it became and, per device, the whole-trace figures and the
 * largest causes of idle time. The per-step figures are the run's results ({@code GET /api/v1/runs/{id}});
 * the full summary and timeline are {@code GET /api/v1/runs/{id}/trace}.
 */
public record TraceAnswer(UUID runId, boolean duplicate, String name, String format, long fileBytes, long events, int steps,
                          List<Device> devices, String traceUrl, String runUrl) {

    static final int TOP_CAUSES = 5;

    public record Device(String device, double spanUs, double busyUs, double idlePercent, double computeUs, double memoryUs,
                         double communicationUs, long kernels, long memcpys, long memcpyBytes, List<GapCause> gapCauses) {
    }

    static TraceAnswer of(UUID runId, boolean duplicate, String name, long fileBytes, TraceSummary summary) {
        return new TraceAnswer(runId, duplicate, name, summary.format(), fileBytes, summary.events(), summary.steps(),
                summary.devices().stream().map(TraceAnswer::device).toList(),
                "/api/v1/runs/" + runId + "/trace", "/api/v1/runs/" + runId);
    }

    private static Device device(DeviceSummary d) {
        return new Device(d.device(), d.spanUs(), d.busyUs(), d.idlePercent(), d.computeUs(), d.memoryUs(), d.communicationUs(),
                d.kernels(), d.memcpys(), d.memcpyBytes(),
                d.gapCauses().size() > TOP_CAUSES ? d.gapCauses().subList(0, TOP_CAUSES) : d.gapCauses());
    }
}
