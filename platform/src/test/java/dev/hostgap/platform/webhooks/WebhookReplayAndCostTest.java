package dev.hostgap.platform.webhooks;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.hostgap.platform.PlatformTest;
import dev.hostgap.platform.reliability.WebhookFlood;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static dev.hostgap.platform.webhooks.WebhookTest.fixture;
import static dev.hostgap.platform.webhooks.WebhookTest.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Hardening round 2, items 2 and 3: what an unsigned body may cost before its signature is checked,
 * and deliveries that were captured and sent again (under a new id, without one, or late).
 */
@PlatformTest
class WebhookReplayAndCostTest {

    private static final String HEAD_A = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
    private static final String HEAD_B = "2222222222222222222222222222222222222222";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    String project;

    @BeforeEach
    void setUp() throws Exception {
        jdbc.sql("update project set repo_url = 'https://example.org/retired/' || name where repo_url like '%Hello-World%'").update();
        project = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(post("/api/v1/projects").header("Authorization", WebhookTest.ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + project + "\",\"repoUrl\":\"https://github.com/Codertocat/Hello-World.git\","
                                + "\"defaultBranch\":\"master\"}"))
                .andExpect(status().isCreated());
        mvc.perform(put("/api/v1/projects/" + project + "/ci").header("Authorization", WebhookTest.ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"webhookSecret\":\"" + WebhookTest.SECRET + "\",\"benchmarkCommand\":\"./bench.sh\"}"))
                .andExpect(status().isOk());
    }

    @Test
    void aSignedBodySentAgainUnderANewIdOrWithoutOneIsADuplicate() throws Exception {
        byte[] body = fixture("push.with-new-branch.json");
        github("push", "first-" + project, body).andExpect(status().isAccepted()).andExpect(jsonPath("$.jobs", hasSize(1)));
        github("push", "captured-" + project, body).andExpect(status().isOk()).andExpect(jsonPath("$.duplicate", is(true)));
        github("push", null, body).andExpect(status().isOk()).andExpect(jsonPath("$.duplicate", is(true)));
        assertThat(jdbc.sql("select count(*) from webhook_delivery d join project p on p.id = d.project_id where p.name = ?")
                .param(project).query(Long.class).single()).isEqualTo(1);
        assertThat(jobs("queued")).as("the push's one job").isEqualTo(1);
    }

    /**
     * Events of one pull request arrive out of order, or a captured one is sent again days later: an
     * event older (by the pull request's updated_at) than the newest one processed changes nothing. A
     * later force-push back to the older head is newer, and runs.
     */
    @Test
    void aStalePullRequestEventNeitherCancelsTheNewerHeadNorQueuesTheOldOne() throws Exception {
        github("pull_request", null, pullRequest("synchronize", HEAD_A, "2026-12-01T10:00:00Z"))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.jobs", hasSize(4))); // 3 head runs and the base
        github("pull_request", null, pullRequest("synchronize", HEAD_B, "2026-12-01T11:00:00Z"))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.jobs", hasSize(3)));

        // an older event, never seen before (its body differs from every processed one)
        github("pull_request", null, pullRequest("opened", HEAD_A, "2026-12-01T09:00:00Z"))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.jobs", hasSize(0)))
                .andExpect(jsonPath("$.note", containsString("stale")));
        mvc.perform(get("/api/v1/projects/" + project + "/jobs?state=queued"))
                .andExpect(jsonPath("$[?(@.sha == '" + HEAD_B + "')]", hasSize(3)))
                .andExpect(jsonPath("$[?(@.sha == '" + HEAD_A + "')]", hasSize(0)));

        // the author force-pushes back to the first head, later: that runs again
        github("pull_request", null, pullRequest("synchronize", HEAD_A, "2026-12-01T12:00:00Z"))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.jobs", hasSize(3)));
        mvc.perform(get("/api/v1/projects/" + project + "/jobs?state=queued"))
                .andExpect(jsonPath("$[?(@.sha == '" + HEAD_A + "')]", hasSize(3)))
                .andExpect(jsonPath("$[?(@.sha == '" + HEAD_B + "')]", hasSize(0)));
    }

    /**
     * An unsigned body of millions of empty objects: before, it was parsed into a tree first (a 16 MB
     * one took about 0.5 GB of heap; 24 at once took the service down). Now a body over the webhook
     * limit (5 MB) is refused from its Content-Length, and one under it is checked over its raw
     * bytes after a streaming pass that keeps nothing, so handling it allocates little more than the
     * body itself. Measured as this thread's allocation (MockMvc runs the request on it).
     */
    @Test
    void anUnsignedBodyOfMillionsOfObjectsIsRefusedWithoutBuildingItsTree() throws Exception {
        mvc.perform(post("/api/v1/webhooks/github").contentType(MediaType.APPLICATION_JSON).content(WebhookFlood.emptyObjects(16_000_000))
                        .header("X-GitHub-Event", "push").header("X-Hub-Signature-256", "sha256=" + "0".repeat(64)))
                .andExpect(status().isPayloadTooLarge()).andExpect(jsonPath("$.type", is("/problems/payload-too-large")));

        byte[] body = WebhookFlood.emptyObjects(5_000_000);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        ResultActions answer = mvc.perform(post("/api/v1/webhooks/github").contentType(MediaType.APPLICATION_JSON).content(body)
                .header("X-GitHub-Event", "push").header("X-Hub-Signature-256", "sha256=" + "0".repeat(64)));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        int status = answer.andReturn().getResponse().getStatus();
        assertThat(status).as("refused as unsigned or beyond the JSON bounds, never a 5xx").isIn(400, 401);
        // the body is copied a few times on its way in (request, converter); a tree of it was 30x its size
        System.out.printf("one unsigned %,d-byte delivery: answered %d, allocated %,d bytes%n", body.length, status, allocated);
        assertThat(allocated).as("bytes allocated handling one unsigned 16 MB delivery").isLessThan(8L * body.length);

        // the same shape of body, small and signed, is authenticated and then read whole (a push of no branch)
        byte[] small = WebhookFlood.emptyObjects(3_000);
        github("push", null, small).andExpect(status().isAccepted()).andExpect(jsonPath("$.note", containsString("no ref")));
    }

    /**
     * A body repeating the repository object and its URL fields thousands of times names at most one
     * URL per field, as a tree would: it cannot make its signature be checked against every project.
     */
    @Test
    void repeatedRepositoryFieldsAreReadOnce() {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < 2_000; i++) {
            body.append("\"repository\":{\"clone_url\":\"https://github.com/a/r").append(i)
                    .append(".git\",\"clone_url\":\"https://github.com/b/r").append(i).append("\",\"html_url\":\"https://github.com/c/r")
                    .append(i).append("\"},");
        }
        body.append("\"after\":\"x\"}");
        java.util.List<String> urls = RepositoryFields.read("github", body.toString().getBytes(StandardCharsets.UTF_8),
                tools.jackson.databind.json.JsonMapper.builder().build());
        assertThat(urls).containsExactly("https://github.com/a/r0.git", "https://github.com/c/r0");
    }

    private byte[] pullRequest(String action, String head, String updatedAt) throws Exception {
        return new String(fixture("pull_request.synchronize.json"), StandardCharsets.UTF_8)
                .replace("\"action\": \"synchronize\"", "\"action\": \"" + action + "\"")
                .replace(HEAD_A, head)
                .replaceFirst("\"updated_at\": \"2019-05-15T15:20:33Z\"", "\"updated_at\": \"" + updatedAt + "\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    private long jobs(String state) {
        return jdbc.sql("select count(*) from job j join project p on p.id = j.project_id where p.name = ? and j.state = ?")
                .params(project, state).query(Long.class).single();
    }

    private ResultActions github(String event, String delivery, byte[] body) throws Exception {
        var request = post("/api/v1/webhooks/github").contentType(MediaType.APPLICATION_JSON).content(body)
                .header("X-GitHub-Event", event).header("X-Hub-Signature-256", sign(body));
        if (delivery != null) {
            request.header("X-GitHub-Delivery", delivery);
        }
        return mvc.perform(request);
    }
}
