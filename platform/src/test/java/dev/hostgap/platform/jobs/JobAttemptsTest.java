package dev.hostgap.platform.jobs;

import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The job list tells every attempt of a job, the first first, with its runner's name and why it ended. */
@PlatformTest
class JobAttemptsTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    LeaseReaper reaper;

    JobApi jobs;

    @BeforeEach
    void setUp() throws Exception {
        jobs = new JobApi(mvc, "attempts", "gpu");
    }

    @Test
    void listsEachAttemptsRunnerAndReasonSoTheFirstFailureStaysVisible() throws Exception {
        String runnerName = "gpu-node-" + jobs.label;
        String token = jobs.register(runnerName);
        jobs.enqueue(sha(11));
        long id = JobApi.body(jobs.lease(token).andExpect(status().isOk())).get("id").asLong();
        JsonNode running = job(id);
        assertThat(running.get("runnerName").asString()).isEqualTo(runnerName);
        assertThat(running.get("attemptHistory")).hasSize(1);
        assertThat(running.get("attemptHistory").get(0).get("outcome").isNull()).as("still running").isTrue();

        jobs.fail(token, id, "{\"reason\":\"CUDA error: an illegal memory access was encountered (700)\"}").andExpect(status().isOk());
        assertThat(JobApi.body(jobs.lease(token).andExpect(status().isOk())).get("id").asLong()).isEqualTo(id);
        jdbc.sql("update job set lease_expires_at = now() - interval '1 second' where id = ?").param(id).update();
        reaper.expireLeases();

        JsonNode job = job(id);
        assertThat(job.get("state").asString()).isEqualTo("queued");
        assertThat(job.get("runnerName").isNull()).as("no runner holds it now").isTrue();
        JsonNode history = job.get("attemptHistory");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("attempt").asInt()).isEqualTo(1);
        assertThat(history.get(0).get("outcome").asString()).isEqualTo("failed");
        assertThat(history.get(0).get("reason").asString()).startsWith("CUDA error: an illegal memory access");
        assertThat(history.get(0).get("runnerName").asString()).isEqualTo(runnerName);
        assertThat(history.get(0).get("endedAt").isNull()).isFalse();
        assertThat(history.get(1).get("attempt").asInt()).isEqualTo(2);
        assertThat(history.get(1).get("outcome").asString()).isEqualTo("expired");
        assertThat(history.get(1).get("reason").asString()).isEqualTo("the runner stopped sending heartbeats");
        assertThat(history.get(1).get("runnerName").asString()).isEqualTo(runnerName);
    }

    @Test
    void aJobRunAgainKeepsTheAttemptsOfItsFirstRound() throws Exception {
        String token = jobs.register("rerun-node-" + jobs.label);
        jobs.enqueue(sha(12));
        long id = 0;
        for (int attempt = 1; attempt <= 3; attempt++) {
            id = JobApi.body(jobs.lease(token).andExpect(status().isOk())).get("id").asLong();
            jobs.fail(token, id, "{\"reason\":\"round 1 attempt " + attempt + "\"}").andExpect(status().isOk());
        }
        mvc.perform(post("/api/v1/projects/" + jobs.project + "/jobs/" + id + "/rerun").header("Authorization", JobApi.ADMIN))
                .andExpect(status().isOk());
        jobs.lease(token).andExpect(status().isOk());
        jobs.fail(token, id, "{\"reason\":\"round 2 attempt 1\"}").andExpect(status().isOk());

        JsonNode history = job(id).get("attemptHistory");
        assertThat(history).hasSize(4);
        java.util.List<String> reasons = new java.util.ArrayList<>();
        history.forEach(attempt -> reasons.add(attempt.get("reason").asString()));
        assertThat(reasons)
                .containsExactly("round 1 attempt 1", "round 1 attempt 2", "round 1 attempt 3", "round 2 attempt 1");
        assertThat(history.get(3).get("attempt").asInt()).isEqualTo(4);
    }

    private JsonNode job(long id) throws Exception {
        for (JsonNode job : JobApi.body(mvc.perform(get("/api/v1/projects/" + jobs.project + "/jobs")).andExpect(status().isOk()))) {
            if (job.get("id").asLong() == id) {
                return job;
            }
        }
        throw new AssertionError("job " + id + " is not listed");
    }
}
