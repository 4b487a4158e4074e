package dev.hostgap.platform.jobs;

import java.time.OffsetDateTime;
import java.util.UUID;

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

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Runner tokens are scoped to projects and labels, rotated with a grace period, and revoked at once. */
@PlatformTest
class RunnerTokenScopeTest {

    static final String ADMIN = JobApi.ADMIN;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    JobApi a;
    /** A second project whose jobs need the same label as project A's. */
    String b;

    @BeforeEach
    void setUp() throws Exception {
        a = new JobApi(mvc, "scopea", "scope");
        b = new Api(mvc).newProject("scopeb");
        mvc.perform(put("/api/v1/projects/" + b + "/ci").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"benchmarkCommand\":\"./bench.sh\",\"runnerLabels\":[\"" + a.label + "\"]}"))
                .andExpect(status().isOk());
    }

    @Test
    void aRunnerScopedToOneProjectNeverLeasesAnotherProjectsJobThoughLabelsMatch() throws Exception {
        String scoped = token(register("only-a", "\"projects\":[\"" + a.project + "\"]").andExpect(status().isCreated())
                .andExpect(jsonPath("$.projects[0]", is(a.project))).andExpect(jsonPath("$.allProjects", is(false))));
        enqueue(b, sha(1)); // older, so an unscoped runner would take it first
        a.enqueue(sha(2));

        JsonNode job = JobApi.body(a.lease(scoped).andExpect(status().isOk()));
        assertThat(job.get("project").asString()).isEqualTo(a.project);
        a.lease(scoped).andExpect(status().isNoContent());
        assertThat(jobState(b)).isEqualTo("queued");

        // a runner registered without projects takes every project's jobs, as before scopes existed
        String everywhere = token(register("any", "").andExpect(jsonPath("$.allProjects", is(true))));
        assertThat(JobApi.body(a.lease(everywhere).andExpect(status().isOk())).get("project").asString()).isEqualTo(b);
    }

    @Test
    void aRunnerCannotHeartbeatCompleteOrFailAJobOutsideItsProjectsOrAnotherRunnersJob() throws Exception {
        String owner = token(register("owner", ""));
        String scopedToA = token(register("a-only", "\"projects\":[\"" + a.project + "\"]"));
        String sameScope = token(register("thief", ""));
        enqueue(b, sha(3));
        long id = JobApi.body(a.lease(owner).andExpect(status().isOk())).get("id").asLong();

        a.heartbeat(scopedToA, id).andExpect(status().isForbidden()).andExpect(jsonPath("$.type", is("/problems/forbidden")))
                .andExpect(jsonPath("$.detail", containsString("outside this runner's scope")));
        a.complete(scopedToA, id, completion(b, UUID.randomUUID())).andExpect(status().isForbidden());
        a.fail(scopedToA, id, "{\"reason\":\"not yours\",\"retry\":true}").andExpect(status().isForbidden());
        a.heartbeat(sameScope, id).andExpect(status().isConflict()).andExpect(jsonPath("$.type", is("/problems/lease-lost")));
        a.complete(sameScope, id, completion(b, UUID.randomUUID())).andExpect(status().isConflict());
        a.fail(sameScope, id, "{\"reason\":\"not yours\",\"retry\":false}").andExpect(status().isConflict());
        assertThat(jobState(b)).isEqualTo("leased");
        assertThat(runs(b)).isZero();
        assertThat(attempts(id)).as("no attempt was ended or added by the others").isEqualTo(1);

        UUID runId = UUID.randomUUID();
        a.complete(owner, id, completion(b, runId)).andExpect(status().isOk()).andExpect(jsonPath("$.duplicate", is(false)));
        // replaying the owner's completion is the owner's idempotent retry, not another runner's
        a.complete(sameScope, id, completion(b, runId)).andExpect(status().isConflict());
        a.complete(owner, id, completion(b, runId)).andExpect(status().isOk()).andExpect(jsonPath("$.duplicate", is(true)));
        assertThat(runs(b)).isEqualTo(1);
    }

    @Test
    void aRotatedTokenKeepsWorkingThroughItsGraceThenStops() throws Exception {
        JsonNode runner = JobApi.body(register("rot", ""));
        long runnerId = runner.get("id").asLong();
        String first = runner.get("token").asString();
        a.enqueue(sha(4));
        long job = JobApi.body(a.lease(first).andExpect(status().isOk())).get("id").asLong();

        JsonNode rotated = JobApi.body(rotate(runnerId, "{\"graceSeconds\":1}").andExpect(status().isCreated()));
        String second = rotated.get("token").asString();
        assertThat(second).startsWith("hgr_").isNotEqualTo(first);
        OffsetDateTime graceEnds = OffsetDateTime.parse(rotated.get("graceEndsAt").asString());
        // both work in the grace, and the job leased with the old token is the runner's under the new one
        a.heartbeat(first, job).andExpect(status().isOk());
        a.heartbeat(second, job).andExpect(status().isOk());
        assertThat(listed(runnerId).get("graceEndsAt").asString()).isEqualTo(rotated.get("graceEndsAt").asString());
        assertThat(listed(runnerId).get("rotatedAt").isNull()).isFalse();

        while (!OffsetDateTime.now().isAfter(graceEnds.plusNanos(200_000_000))) {
            Thread.sleep(100);
        }
        a.heartbeat(first, job).andExpect(status().isUnauthorized());
        a.complete(second, job, completion(a.project, UUID.randomUUID())).andExpect(status().isOk());
        a.lease(second).andExpect(status().isNoContent());
        assertThat(listed(runnerId).get("graceEndsAt").isNull()).as("an ended grace is not shown").isTrue();
        String list = listRunners();
        assertThat(list).doesNotContain(first).doesNotContain(second).doesNotContain(hashOf(second));

        // grace 0: the replaced token stops at once
        String third = JobApi.body(rotate(runnerId, "{\"graceSeconds\":0}").andExpect(status().isCreated())
                .andExpect(jsonPath("$.graceEndsAt").isEmpty())).get("token").asString();
        a.lease(second).andExpect(status().isUnauthorized());
        a.lease(third).andExpect(status().isNoContent());
    }

    @Test
    void aSecondRotationEndsTheFirstGraceAndNoBodyMeansAnHour() throws Exception {
        JsonNode runner = JobApi.body(register("rot2", ""));
        long runnerId = runner.get("id").asLong();
        String first = runner.get("token").asString();
        JsonNode rotated = JobApi.body(rotate(runnerId, null).andExpect(status().isCreated()));
        assertThat(OffsetDateTime.parse(rotated.get("graceEndsAt").asString()))
                .isBetween(OffsetDateTime.now().plusMinutes(59), OffsetDateTime.now().plusMinutes(61));
        String second = rotated.get("token").asString();
        String third = JobApi.body(rotate(runnerId, "{\"graceSeconds\":600}")).get("token").asString();
        a.lease(first).andExpect(status().isUnauthorized());
        a.lease(second).andExpect(status().isNoContent());
        a.lease(third).andExpect(status().isNoContent());
    }

    @Test
    void revokingStopsEveryTokenOfThatRunnerAtOnceAndNoOtherRunner() throws Exception {
        JsonNode runner = JobApi.body(register("gone", ""));
        long runnerId = runner.get("id").asLong();
        String old = runner.get("token").asString();
        String fresh = JobApi.body(rotate(runnerId, "{\"graceSeconds\":3600}")).get("token").asString();
        String bystander = token(register("stays", ""));
        String bystanderRotated = JobApi.body(rotate(idOf("stays"), "{\"graceSeconds\":3600}")).get("token").asString();

        mvc.perform(delete("/api/v1/runners/" + runnerId).header("Authorization", ADMIN)).andExpect(status().isNoContent());
        a.lease(old).andExpect(status().isUnauthorized());
        a.lease(fresh).andExpect(status().isUnauthorized());
        rotate(runnerId, "{\"graceSeconds\":0}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.type", is("/problems/runner-revoked")));
        a.lease(bystander).andExpect(status().isNoContent());
        a.lease(bystanderRotated).andExpect(status().isNoContent());
        rotate(999_999_999L, null).andExpect(status().isNotFound()).andExpect(jsonPath("$.type", is("/problems/unknown-runner")));
    }

    @Test
    void badRegistrationsAndRotationsAreProblemsThatChangeNothing() throws Exception {
        String name = "bad-" + a.label;
        register("bad", "\"projects\":[\"" + a.project + "\",\"no-such-project-" + a.label + "\"]")
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.type", is("/problems/invalid-field")))
                .andExpect(jsonPath("$.detail", containsString("'no-such-project-" + a.label + "'")));
        register("bad", "\"projects\":[null]").andExpect(status().isUnprocessableContent());
        register("bad", "\"projects\":\"" + a.project + "\"").andExpect(status().isBadRequest());
        assertThat(jdbc.sql("select count(*) from runner where name = ?").param(name).query(Long.class).single()).isZero();
        for (String body : new String[] {"{\"name\":\"\"}", "{\"labels\":[\"x\"]}", "{\"name\":\" \"}"}) {
            mvc.perform(post("/api/v1/runners").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.type", is("/problems/invalid-field")));
        }

        JsonNode runner = JobApi.body(register("ok", ""));
        long runnerId = runner.get("id").asLong();
        String token = runner.get("token").asString();
        rotate(runnerId, "{\"graceSeconds\":-1}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail", containsString("graceSeconds must be 0")));
        rotate(runnerId, "{\"graceSeconds\":604801}").andExpect(status().isUnprocessableContent());
        rotate(runnerId, "{\"graceSeconds\":\"soon\"}").andExpect(status().isBadRequest());
        mvc.perform(post("/api/v1/runners/" + runnerId + "/token").header("Authorization", "Bearer " + token))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/runners").header("Authorization", "Bearer " + token).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"self-made-" + a.label + "\"}")).andExpect(status().isForbidden());
        assertThat(jdbc.sql("select token_rotated_at is null and previous_token_hash is null from runner where id = ?")
                .param(runnerId).query(Boolean.class).single()).as("no refused rotation touched the runner").isTrue();
        a.lease(token).andExpect(status().isNoContent());
    }

    // ---------------------------------------------------------------- helpers

    private ResultActions register(String name, String moreFields) throws Exception {
        return mvc.perform(post("/api/v1/runners").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + name + "-" + a.label + "\",\"labels\":[\"" + a.label + "\"]"
                        + (moreFields.isEmpty() ? "" : "," + moreFields) + "}"));
    }

    private static String token(ResultActions registered) throws Exception {
        return JobApi.body(registered.andExpect(status().isCreated())).get("token").asString();
    }

    private ResultActions rotate(long runnerId, String body) throws Exception {
        var request = post("/api/v1/runners/" + runnerId + "/token").header("Authorization", ADMIN);
        return mvc.perform(body == null ? request : request.contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private long idOf(String name) {
        return jdbc.sql("select id from runner where name = ?").param(name + "-" + a.label).query(Long.class).single();
    }

    private String listRunners() throws Exception {
        return mvc.perform(get("/api/v1/runners").header("Authorization", ADMIN)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    private JsonNode listed(long runnerId) throws Exception {
        for (JsonNode runner : JobApi.JSON.readTree(listRunners())) {
            if (runner.get("id").asLong() == runnerId) {
                return runner;
            }
        }
        throw new AssertionError("runner " + runnerId + " is not listed");
    }

    private static String hashOf(String token) {
        return dev.hostgap.platform.support.Hashes.sha256Hex(token);
    }

    private void enqueue(String project, String sha) throws Exception {
        mvc.perform(post("/api/v1/projects/" + project + "/jobs").header("Authorization", ADMIN)
                .contentType(MediaType.APPLICATION_JSON).content("{\"sha\":\"" + sha + "\"}")).andExpect(status().isCreated());
    }

    private String completion(String project, UUID runId) {
        String file = new Api.Run(project, sha(99)).result("launch.empty", "{}", "host_us", 3.5, 3.6, 3.4).json();
        return "{\"runId\":\"" + runId + "\",\"result\":" + file + ",\"environment\":{\"gpu\":\"NVIDIA H200\",\"attributes\":{}}}";
    }

    private String jobState(String project) {
        return jdbc.sql("select j.state from job j join project p on p.id = j.project_id where p.name = ?")
                .param(project).query(String.class).single();
    }

    private long runs(String project) {
        return jdbc.sql("select count(*) from run r join project p on p.id = r.project_id where p.name = ?")
                .param(project).query(Long.class).single();
    }

    private long attempts(long jobId) {
        return jdbc.sql("select count(*) from job_attempt where job_id = ?").param(jobId).query(Long.class).single();
    }
}
