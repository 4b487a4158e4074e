package dev.hostgap.platform.jobs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Runners lease, heartbeat, complete and fail jobs; leases expire; no job is leased twice. */
@PlatformTest
class JobQueueTest {

    static final String ADMIN = "Bearer " + PlatformTest.ADMIN_TOKEN;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    LeaseReaper reaper;
    String project;
    String label;

    JobApi jobs;

    @BeforeEach
    void setUp() throws Exception {
        jobs = new JobApi(mvc, "jobs", "gpu"); // jobs of this test only
        project = jobs.project;
        label = jobs.label;
    }

    @Test
    void aRunnerLeasesHeartbeatsAndCompletesAJobWithItsRunOnce() throws Exception {
        String token = register("r-" + label, label);
        enqueue(sha(1));
        JsonNode job = body(lease(token).andExpect(status().isOk()));
        assertThat(job.get("sha").asString()).isEqualTo(sha(1));
        assertThat(job.get("command").asString()).isEqualTo("./bench.sh");
        assertThat(job.get("attempt").asInt()).isEqualTo(1);
        lease(token).andExpect(status().isNoContent());
        long id = job.get("id").asLong();

        mvc.perform(post("/api/v1/jobs/" + id + "/heartbeat").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk()).andExpect(jsonPath("$.leaseExpiresAt").exists());

        String runId = UUID.randomUUID().toString();
        // the file says another commit and project: the job's commit wins
        String file = new Api.Run("elsewhere", sha(999)).result("launch.empty", "{}", "host_us", 3.5, 3.6, 3.4).json();
        String completion = "{\"runId\":\"" + runId + "\",\"result\":" + file + ",\"environment\":{\"gpu\":\"NVIDIA H200\","
                + "\"driver\":\"580\",\"cuda\":\"13.0\",\"runtime\":\"jcuda\",\"jvm\":\"17\",\"host\":\"node-1\",\"attributes\":{}}}";
        complete(token, id, completion).andExpect(status().isOk()).andExpect(jsonPath("$.duplicate", is(false)));
        complete(token, id, completion).andExpect(status().isOk()).andExpect(jsonPath("$.duplicate", is(true)));

        mvc.perform(get("/api/v1/runs/" + runId)).andExpect(status().isOk())
                .andExpect(jsonPath("$.project", is(project))).andExpect(jsonPath("$.commit.sha", is(sha(1))));
        mvc.perform(get("/api/v1/projects/" + project + "/jobs"))
                .andExpect(jsonPath("$[0].state", is("completed"))).andExpect(jsonPath("$[0].runId", is(runId)))
                .andExpect(jsonPath("$[0].attemptHistory[0].outcome", is("completed")));
        assertThat(jdbc.sql("select count(*) from run where id = ?").param(UUID.fromString(runId)).query(Long.class).single())
                .isEqualTo(1L);
    }

    @Test
    void failedAttemptsRequeueThenFailWithEveryReasonKept() throws Exception {
        String token = register("f-" + label, label);
        enqueue(sha(2));
        for (int attempt = 1; attempt <= 3; attempt++) {
            long id = body(lease(token).andExpect(status().isOk())).get("id").asLong();
            mvc.perform(post("/api/v1/jobs/" + id + "/fail").header("Authorization", "Bearer " + token)
                            .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"exit 3 on attempt " + attempt + "\"}"))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.state", is(attempt < 3 ? "queued" : "failed")));
        }
        lease(token).andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/projects/" + project + "/jobs?state=failed"))
                .andExpect(jsonPath("$[0].attemptHistory", hasSize(3)))
                .andExpect(jsonPath("$[0].attemptHistory[2].reason", is("exit 3 on attempt 3")));
    }

    @Test
    void aFailedJobRunsAgainWithFreshAttemptsAndAMeasuredOneDoesNot() throws Exception {
        String token = register("r-" + label, label);
        enqueue(sha(5));
        long id = 0;
        for (int attempt = 1; attempt <= 3; attempt++) {
            id = body(lease(token).andExpect(status().isOk())).get("id").asLong();
            mvc.perform(post("/api/v1/jobs/" + id + "/fail").header("Authorization", "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"exit 3\"}")).andExpect(status().isOk());
        }
        mvc.perform(post("/api/v1/projects/" + project + "/jobs/" + id + "/rerun")).andExpect(status().isUnauthorized());
        mvc.perform(post("/api/v1/projects/" + project + "/jobs/" + id + "/rerun").header("Authorization", ADMIN))
                .andExpect(status().isOk()).andExpect(jsonPath("$.job", is((int) id))).andExpect(jsonPath("$.state", is("queued")));
        JsonNode again = body(lease(token).andExpect(status().isOk()));
        assertThat(again.get("id").asLong()).isEqualTo(id);
        assertThat(again.get("attempt").asInt()).as("attempts start over").isEqualTo(1);
        mvc.perform(post("/api/v1/projects/" + project + "/jobs/" + id + "/rerun").header("Authorization", ADMIN))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.type", is("/problems/job-not-rerunnable")));
        mvc.perform(post("/api/v1/projects/" + project + "/jobs/999999999/rerun").header("Authorization", ADMIN))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.type", is("/problems/unknown-job")));
    }

    @Test
    void anExpiredLeaseReturnsTheJobAndTheOldRunnerLosesIt() throws Exception {
        String first = register("e1-" + label, label);
        String second = register("e2-" + label, label);
        enqueue(sha(3));
        long id = body(lease(first).andExpect(status().isOk())).get("id").asLong();
        jdbc.sql("update job set lease_expires_at = now() - interval '1 second' where id = ?").param(id).update();
        reaper.expireLeases();

        assertThat(body(lease(second).andExpect(status().isOk())).get("attempt").asInt()).isEqualTo(2);
        mvc.perform(post("/api/v1/jobs/" + id + "/heartbeat").header("Authorization", "Bearer " + first))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.type", is("/problems/lease-lost")));
        complete(first, id, "{\"runId\":\"" + UUID.randomUUID() + "\",\"result\":"
                + new Api.Run(project, sha(3)).result("launch.empty", "{}", "host_us", 1, 2).json() + "}")
                .andExpect(status().isConflict());
        assertThat(jdbc.sql("select count(*) from run r join project p on p.id = r.project_id where p.name = ?")
                .param(project).query(Long.class).single()).as("the refused completion stored nothing").isZero();
    }

    /** Twenty runners leasing at once: every job is leased exactly once. */
    @Test
    void concurrentRunnersNeverLeaseAJobTwice() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tokens.add(register("c" + i + "-" + label, label));
        }
        for (int i = 0; i < 60; i++) {
            enqueue(sha(100 + i));
        }
        ConcurrentLinkedQueue<Long> leased = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<?>> runners = new ArrayList<>();
            for (String token : tokens) {
                runners.add(pool.submit(() -> {
                    while (true) {
                        var answer = lease(token).andReturn().getResponse();
                        if (answer.getStatus() == 204) {
                            return null;
                        }
                        assertThat(answer.getStatus()).isEqualTo(200);
                        leased.add(JSON.readTree(answer.getContentAsString()).get("id").asLong());
                    }
                }));
            }
            for (Future<?> runner : runners) {
                runner.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<Long> distinct = new HashSet<>(leased);
        assertThat(leased).hasSize(60);
        assertThat(distinct).hasSize(60);
    }

    @Test
    void onlyRunnersLeaseAndRunnerTokensCannotUpload() throws Exception {
        String token = register("o-" + label, label);
        lease(PlatformTest.ADMIN_TOKEN).andExpect(status().isForbidden());
        new Api(mvc).upload(new Api.Run(project, sha(4)).result("launch.empty", "{}", "host_us", 1, 2).json(), token)
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/runners").header("Authorization", "Bearer " + token).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"sneaky\"}")).andExpect(status().isForbidden());
    }

    private String register(String name, String labels) throws Exception {
        return jobs.register(name);
    }

    private void enqueue(String sha) throws Exception {
        jobs.enqueue(sha);
    }

    private ResultActions lease(String token) throws Exception {
        return jobs.lease(token);
    }

    private ResultActions complete(String token, long id, String body) throws Exception {
        return jobs.complete(token, id, body);
    }

    private static JsonNode body(ResultActions actions) throws Exception {
        return JobApi.body(actions);
    }
}
