package dev.hostgap.platform.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
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
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The queue under attack: other runners' jobs, the state machine's edges, races and hostile bodies. */
@PlatformTest
class JobAttackTest {

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
    int shas;

    JobApi jobs;

    @BeforeEach
    void setUp() throws Exception {
        jobs = new JobApi(mvc, "jobatk", "atk");
        project = jobs.project;
        label = jobs.label;
        shas = 5000;
    }

    // ---------------------------------------------------------------- one runner, another's job

    @Test
    void anotherRunnerCannotHeartbeatCompleteOrFailMyJob() throws Exception {
        String mine = register("mine");
        String thief = register("thief");
        long id = leaseNew(mine);
        heartbeat(thief, id).andExpect(status().isConflict()).andExpect(jsonPath("$.type", is("/problems/lease-lost")));
        String runId = UUID.randomUUID().toString();
        complete(thief, id, completion(runId, sha(1))).andExpect(status().isConflict());
        fail(thief, id, "{\"reason\":\"stolen\",\"retry\":true}").andExpect(status().isConflict());
        assertThat(runs()).isZero();
        assertThat(state(id)).isEqualTo("leased");
        // the owner still can
        heartbeat(mine, id).andExpect(status().isOk());
        complete(mine, id, completion(UUID.randomUUID().toString(), sha(1))).andExpect(status().isOk());
        // and the thief replaying the owner's finished completion learns nothing new and changes nothing
        complete(thief, id, completion(runId, sha(1))).andExpect(status().isConflict());
        assertThat(runs()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- state machine

    @Test
    void nothingHappensToAJobAfterItCompleted() throws Exception {
        String token = register("sm1");
        long id = leaseNew(token);
        complete(token, id, completion(UUID.randomUUID().toString(), sha(2))).andExpect(status().isOk());
        fail(token, id, "{\"reason\":\"late\"}").andExpect(status().isConflict());
        heartbeat(token, id).andExpect(status().isConflict());
        complete(token, id, completion(UUID.randomUUID().toString(), sha(2))).andExpect(status().isConflict());
        assertThat(state(id)).isEqualTo("completed");
        assertThat(runs()).isEqualTo(1);
    }

    @Test
    void nothingHappensToAJobAfterItFailed() throws Exception {
        String token = register("sm2");
        long id = leaseNew(token);
        fail(token, id, "{\"reason\":\"boom\",\"retry\":true}").andExpect(status().isOk()).andExpect(jsonPath("$.state", is("queued")));
        heartbeat(token, id).andExpect(status().isConflict());
        complete(token, id, completion(UUID.randomUUID().toString(), sha(3))).andExpect(status().isConflict());
        fail(token, id, "{\"reason\":\"twice\"}").andExpect(status().isConflict());
        assertThat(runs()).isZero();
    }

    /**
     * docs/ci.md: heartbeat answers 409 lease-lost "when the lease expired". Between the deadline and
     * the reaper's next pass (hostgap.jobs.reap-interval, 5 s) a heartbeat revives the expired lease,
     * because JobQueue.heartbeat checks state and runner but not lease_expires_at.
     */
    @Test
    void aHeartbeatAfterTheLeaseExpiredIsLeaseLostEvenBeforeTheReaperRan() throws Exception {
        String token = register("late");
        long id = leaseNew(token);
        jdbc.sql("update job set lease_expires_at = now() - interval '30 seconds' where id = ?").param(id).update();
        heartbeat(token, id).andExpect(status().isConflict()).andExpect(jsonPath("$.type", is("/problems/lease-lost")));
    }

    /** The same completion sent twice at once (an agent retrying after a timeout): both are 200, one run. */
    @Test
    void twoCompletionsOfOneJobAtOnceWithTheSameRunIdAreBoth200() throws Exception {
        String token = register("twice");
        List<String> problems = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 6; round++) {
                long id = leaseNew(token);
                String body = completion(UUID.randomUUID().toString(), sha(10 + round));
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<MvcResult>> answers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return complete(token, id, body).andReturn();
                    }));
                }
                for (Future<MvcResult> answer : answers) {
                    MvcResult result = answer.get(60, TimeUnit.SECONDS);
                    if (result.getResponse().getStatus() != 200) {
                        problems.add("job " + id + ": " + result.getResponse().getStatus() + " "
                                + result.getResponse().getContentAsString());
                    }
                }
                assertThat(state(id)).isEqualTo("completed");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(problems).as("a repeated completion is idempotent (docs/ci.md)").isEmpty();
        assertThat(runs()).isEqualTo(6);
    }

    /** Two completions with different runIds at once: exactly one run is stored, the job is completed once. */
    @Test
    void twoDifferentCompletionsAtOnceStoreOneRun() throws Exception {
        String token = register("race");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 4; round++) {
                long id = leaseNew(token);
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<MvcResult>> answers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    String body = completion(UUID.randomUUID().toString(), sha(20 + round));
                    answers.add(pool.submit(() -> {
                        start.await();
                        return complete(token, id, body).andReturn();
                    }));
                }
                int ok = 0;
                for (Future<MvcResult> answer : answers) {
                    int code = answer.get(60, TimeUnit.SECONDS).getResponse().getStatus();
                    assertThat(code).isIn(200, 409);
                    ok += code == 200 ? 1 : 0;
                }
                assertThat(ok).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs()).isEqualTo(4);
    }

    /** A completion racing the reaper: either the run is stored and the job completed, or neither. */
    @Test
    void aCompletionRacingTheLeaseExpiryIsAllOrNothing() throws Exception {
        String token = register("expiry");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 4; round++) {
                long id = leaseNew(token);
                jdbc.sql("update job set lease_expires_at = now() + interval '50 milliseconds' where id = ?").param(id).update();
                String runId = UUID.randomUUID().toString();
                CyclicBarrier start = new CyclicBarrier(2);
                Future<MvcResult> completion = pool.submit(() -> {
                    start.await();
                    return complete(token, id, completion(runId, sha(30 + 0))).andReturn();
                });
                Future<?> reaping = pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20; i++) {
                        reaper.expireLeases();
                        Thread.sleep(5);
                    }
                    return null;
                });
                int code = completion.get(60, TimeUnit.SECONDS).getResponse().getStatus();
                reaping.get(60, TimeUnit.SECONDS);
                long stored = jdbc.sql("select count(*) from run where id = ?").param(UUID.fromString(runId)).query(Long.class).single();
                if (code == 200) {
                    assertThat(state(id)).isEqualTo("completed");
                    assertThat(stored).isEqualTo(1);
                } else {
                    assertThat(code).isEqualTo(409);
                    assertThat(state(id)).isIn("queued", "failed");
                    assertThat(stored).isZero();
                    // requeued: lease it again so the next round gets a fresh one
                    jdbc.sql("update job set state = 'cancelled' where id = ? and state = 'queued'").param(id).update();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- hostile bodies and paths

    @Test
    void hostileLeaseBodiesAreProblemsNot500s() throws Exception {
        String token = register("hostile");
        for (String body : new String[] {"{\"waitSeconds\":-1}", "{\"waitSeconds\":31}", "{\"waitSeconds\":1e10}",
                "{\"waitSeconds\":99999999999}", "{\"waitSeconds\":\"abc\"}", "{\"waitSeconds\":[1]}", "{\"labels\":\"x\"}",
                "{\"labels\":[null]}", "{\"labels\":[{\"a\":1}]}", "{\"labels\":[\"\\u0000\"]}", "not json", "[]", "\"str\"", "null"}) {
            MvcResult result = mvc.perform(post("/api/v1/jobs/lease").header("Authorization", "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
            assertThat(result.getResponse().getStatus()).as(body + " -> " + result.getResponse().getContentAsString())
                    .isLessThan(500);
        }
    }

    @Test
    void hostileJobIdsAndPathVariantsAreProblems() throws Exception {
        String token = register("paths");
        for (String path : new String[] {"/api/v1/jobs/abc/heartbeat", "/api/v1/jobs/99999999999999999999/heartbeat",
                "/api/v1/jobs/-1/heartbeat", "/api/v1/jobs/1e3/heartbeat", "/api/v1/jobs/%00/heartbeat"}) {
            MvcResult result = mvc.perform(post(path).header("Authorization", "Bearer " + token)).andReturn();
            assertThat(result.getResponse().getStatus()).as(path).isBetween(400, 499);
            assertThat(result.getResponse().getContentType()).as(path).startsWith("application/problem+json");
        }
        // no token through an encoded or decorated path
        for (String path : new String[] {"/%61pi/v1/jobs/lease", "/api;x=1/v1/jobs/lease", "//api/v1/jobs/lease",
                "/api/v1/webhooks/..;/jobs/lease", "/api/v1/webhooks/%2e%2e/jobs/lease"}) {
            MvcResult result = mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn();
            assertThat(result.getResponse().getStatus()).as(path).isIn(400, 401, 403, 404);
            assertThat(result.getResponse().getStatus()).as(path).isNotEqualTo(200).isNotEqualTo(204);
        }
    }

    @Test
    void hostileCompletionBodiesAreProblemsAndStoreNothing() throws Exception {
        String token = register("badcomplete");
        long id = leaseNew(token);
        String run = new Api.Run(project, sha(40)).result("launch.empty", "{}", "host_us", 1, 2).json();
        String uuid = UUID.randomUUID().toString();
        for (String body : new String[] {"not json", "[]", "{}", "{\"runId\":5}",
                "{\"runId\":\"" + uuid + "\"}", "{\"runId\":\"" + uuid + "\",\"result\":\"text\"}",
                "{\"runId\":\"" + uuid + "\",\"result\":[1,2]}", "{\"runId\":\"" + uuid + "\",\"result\":[null]}",
                "{\"runId\":\"" + uuid + "\",\"result\":[]}", "{\"runId\":\"" + uuid + "\",\"result\":{}}",
                "{\"runId\":\"" + uuid + "\",\"result\":{\"results\":\"x\"}}",
                "{\"runId\":\"" + uuid + "\",\"result\":" + run + ",\"environment\":{\"gpu\":{\"x\":1}}}",
                "{\"runId\":\"" + uuid + "\",\"result\":" + run + ",\"environment\":{\"attributes\":[1]}}",
                "{\"runId\":\"" + uuid + "\",\"result\":" + run.replace("launch.empty", "launch\\u0000empty") + "}",
                "{\"runId\":\"" + uuid + "\",\"result\":" + jmh("b\\u0000x") + ",\"environment\":{\"gpu\":\"H200\"}}",
                "{\"runId\":\"" + uuid + "\",\"result\":" + jmh("ok.Bench") + ",\"environment\":{\"gpu\":\"H\\u0000200\"}}"}) {
            MvcResult result = complete(token, id, body).andReturn();
            assertThat(result.getResponse().getStatus()).as(body + " -> " + result.getResponse().getContentAsString())
                    .isBetween(400, 499);
            assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        }
        assertThat(runs()).isZero();
        assertThat(state(id)).isEqualTo("leased");
        // JMH output with an environment that has no attributes is fine
        complete(token, id, "{\"runId\":\"" + uuid + "\",\"result\":" + jmh("ok.Bench") + ",\"environment\":{\"gpu\":\"H200\"}}")
                .andExpect(status().isOk());
    }

    @Test
    void hostileFailBodiesAreProblemsOrHandled() throws Exception {
        String token = register("badfail");
        for (String body : new String[] {"{\"retry\":\"yes\"}", "{\"reason\":5}", "{\"reason\":[\"x\"]}", "not json"}) {
            long id = leaseNew(token);
            MvcResult result = fail(token, id, body).andReturn();
            assertThat(result.getResponse().getStatus()).as(body).isLessThan(500);
            if (result.getResponse().getStatus() != 200) {
                fail(token, id, "{\"reason\":\"cleanup\",\"retry\":false}").andExpect(status().isOk());
            }
            jdbc.sql("update job set state = 'cancelled' where id = ? and state = 'queued'").param(id).update();
        }
        // a reason with NUL, unpaired surrogates and 10,000 emoji (cut in the middle of a pair)
        long id = leaseNew(token);
        String reason = "\\u0000 \\ud800 " + "\\ud83d\\ude00".repeat(10_000);
        fail(token, id, "{\"reason\":\"" + reason + "\",\"retry\":true}").andExpect(status().isOk());
    }

    /** Queuing by hand: a NUL in the branch (the body is not checked by NulCharacterFilter) must be a 4xx. */
    @Test
    void aNulInAHandQueuedBranchIsA4xxNotA500() throws Exception {
        MvcResult result = mvc.perform(post("/api/v1/projects/" + project + "/jobs").header("Authorization", ADMIN)
                .contentType(MediaType.APPLICATION_JSON).content("{\"sha\":\"" + sha(50) + "\",\"branch\":\"ma\\u0000in\"}")).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isBetween(400, 499);
    }

    @Test
    void anUploadTokenOfAnotherProjectCannotQueueJobsHere() throws Exception {
        String other = new Api(mvc).newProject("jobatk-other");
        var created = mvc.perform(post("/api/v1/projects/" + other + "/tokens").header("Authorization", ADMIN)
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"ci\"}")).andReturn();
        if (created.getResponse().getStatus() != 201) {
            return; // token API shape differs; covered elsewhere
        }
        String otherToken = JSON.readTree(created.getResponse().getContentAsString()).get("token").asString();
        mvc.perform(post("/api/v1/projects/" + project + "/jobs").header("Authorization", "Bearer " + otherToken)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"sha\":\"" + sha(51) + "\"}"))
                .andExpect(status().isForbidden());
        String runner = register("noenqueue");
        mvc.perform(post("/api/v1/projects/" + project + "/jobs").header("Authorization", "Bearer " + runner)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"sha\":\"" + sha(52) + "\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/projects/" + project + "/jobs?limit=abc")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/projects/" + project + "/jobs?limit=99999999999")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/projects/" + project + "/jobs?state=%00")).andExpect(status().isBadRequest());
    }

    /** A revoked runner's token is refused at once, even on the job it holds. */
    @Test
    void aRevokedRunnerIsRefused() throws Exception {
        var answer = mvc.perform(post("/api/v1/runners").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"rv-" + label + "\",\"labels\":[\"" + label + "\"]}")).andExpect(status().isCreated()).andReturn();
        JsonNode runner = JSON.readTree(answer.getResponse().getContentAsString());
        String token = runner.get("token").asString();
        long id = leaseNew(token);
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/runners/" + runner.get("id").asLong())
                .header("Authorization", ADMIN)).andExpect(status().isNoContent());
        heartbeat(token, id).andExpect(status().isUnauthorized());
        complete(token, id, completion(UUID.randomUUID().toString(), sha(60))).andExpect(status().isUnauthorized());
        // the runner list never shows a token or its hash
        String list = mvc.perform(get("/api/v1/runners").header("Authorization", ADMIN)).andReturn().getResponse().getContentAsString();
        assertThat(list).doesNotContain(token).doesNotContain("token");
    }

    // ---------------------------------------------------------------- helpers

    private String register(String name) throws Exception {
        return jobs.register(name + "-" + label);
    }

    /** Queues a job on a fresh commit and leases it; jobs of other projects a runner of this label may see never come. */
    private long leaseNew(String token) throws Exception {
        String sha = sha(++shas);
        jobs.enqueue(sha);
        for (int i = 0; i < 100; i++) {
            JsonNode job = JobApi.body(jobs.lease(token).andExpect(status().isOk()));
            if (job.get("project").asString().equals(project)) {
                assertThat(job.get("sha").asString()).isEqualTo(sha);
                return job.get("id").asLong();
            }
            fail(token, job.get("id").asLong(), "{\"reason\":\"not mine\",\"retry\":true}");
        }
        throw new AssertionError("never leased the job of " + sha);
    }

    private String completion(String runId, String fileSha) {
        String file = new Api.Run(project, fileSha).result("launch.empty", "{}", "host_us", 3.5, 3.6, 3.4).json();
        return "{\"runId\":\"" + runId + "\",\"result\":" + file + ",\"environment\":{\"gpu\":\"NVIDIA H200\",\"attributes\":{}}}";
    }

    private static String jmh(String benchmark) {
        return "[{\"benchmark\":\"" + benchmark + "\",\"mode\":\"avgt\",\"primaryMetric\":{\"score\":1.0,\"scoreUnit\":\"us/op\","
                + "\"rawData\":[[1.0,1.1],[1.2,1.0]]}}]";
    }

    private ResultActions heartbeat(String token, long id) throws Exception {
        return jobs.heartbeat(token, id);
    }

    private ResultActions complete(String token, long id, String body) throws Exception {
        return jobs.complete(token, id, body);
    }

    private ResultActions fail(String token, long id, String body) throws Exception {
        return jobs.fail(token, id, body);
    }

    private String state(long id) {
        return jdbc.sql("select state from job where id = ?").param(id).query(String.class).single();
    }

    private long runs() {
        return jdbc.sql("select count(*) from run r join project p on p.id = r.project_id where p.name = ?")
                .param(project).query(Long.class).single();
    }

    private static String sha(int n) {
        return Api.sha(n);
    }
}
