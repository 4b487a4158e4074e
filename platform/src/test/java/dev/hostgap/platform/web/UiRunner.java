package dev.hostgap.platform.web;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A GPU runner as its agent speaks to the platform (docs/runner.md): registered with a label of its
 * own, it leases the jobs queued for that label over HTTP and completes each with the run file it
 * measured, on the machine of {@link UiData#ENVIRONMENT}, so the runs join the uploaded series.
 */
final class UiRunner {

    final long id;
    private final String token;
    private final UiData data;
    private int runs;

    private UiRunner(long id, String token, UiData data) {
        this.id = id;
        this.token = token;
        this.data = data;
    }

    /** Registers a runner with one label, {@code label}, which is also its name. */
    static UiRunner register(UiData data, String label) throws Exception {
        JsonNode runner = UiData.JSON.readTree(data.send("POST", "/api/v1/runners",
                "{\"name\":\"" + label + "\",\"labels\":[\"" + label + "\"]}", 201));
        return new UiRunner(runner.get("id").asLong(), runner.get("token").asString(), data);
    }

    /**
     * Leases and completes up to {@code max} jobs, one after the other, measuring launch.enqueue
     * args=4 at {@code factor} (of the job's sha) times its level; returns how many it ran (fewer when
     * the queue had no more for it).
     */
    int run(int max, ToDoubleFunction<String> factor) throws Exception {
        int done = 0;
        while (done < max) {
            HttpResponse<String> lease = data.exchange(token, "POST", "/api/v1/jobs/lease", "{\"waitSeconds\":0}");
            if (lease.statusCode() == 204) {
                return done;
            }
            assertThat(lease.statusCode()).as("lease: " + lease.body()).isEqualTo(200);
            JsonNode job = UiData.JSON.readTree(lease.body());
            String result = "{\"schemaVersion\":\"1.0\",\"results\":" + UiData.results(runs++, factor.applyAsDouble(job.get("sha").asString())) + "}";
            data.sendAs(token, "POST", "/api/v1/jobs/" + job.get("id").asLong() + "/complete", """
                    {"runId":"%s","result":%s,"environment":%s,"parents":[]}""".formatted(UUID.randomUUID(), result, UiData.ENVIRONMENT), 200);
            done++;
        }
        return done;
    }
}
