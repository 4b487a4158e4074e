package dev.hostgap.platform.webhooks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** GitHub and GitLab deliveries, from their real example payloads, signed as the providers sign them. */
@PlatformTest
class WebhookTest {

    static final String SECRET = "webhook-secret-for-tests-0123456789";
    static final String ADMIN = "Bearer " + PlatformTest.ADMIN_TOKEN;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    String project;

    /** One project per test for the fixtures' repositories; earlier tests' projects of the same repository are renamed away. */
    @BeforeEach
    void setUp() throws Exception {
        jdbc.sql("update project set repo_url = 'https://example.org/retired/' || name where repo_url like '%Hello-World%' "
                + "or repo_url like '%diaspora%'").update();
        project = "hooks-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void createProject(String repoUrl, String defaultBranch) throws Exception {
        mvc.perform(post("/api/v1/projects").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + project + "\",\"repoUrl\":\"" + repoUrl + "\",\"defaultBranch\":\"" + defaultBranch + "\"}"))
                .andExpect(status().isCreated());
        mvc.perform(put("/api/v1/projects/" + project + "/ci").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"webhookSecret\":\"" + SECRET + "\",\"benchmarkCommand\":\"./bench.sh\",\"runnerLabels\":[\"h200\"]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.webhookSecretSet", is(true)))
                .andExpect(jsonPath("$.webhookSecret").doesNotExist());
    }

    @Test
    void aSignedGitHubPushQueuesOneJobAndARedeliveryNothing() throws Exception {
        createProject("git@github.com:Codertocat/Hello-World.git", "master");
        byte[] body = fixture("push.with-new-branch.json");

        github("push", "delivery-1", body, sign(body)).andExpect(status().isAccepted()).andExpect(jsonPath("$.jobs", hasSize(1)));
        github("push", "delivery-1", body, sign(body)).andExpect(status().isOk()).andExpect(jsonPath("$.duplicate", is(true)));
        // the same signed body under another id is a replay, not a new delivery
        github("push", "delivery-2", body, sign(body)).andExpect(status().isOk()).andExpect(jsonPath("$.duplicate", is(true)));

        mvc.perform(get("/api/v1/projects/" + project + "/jobs"))
                .andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].sha", is("6113728f27ae82c7b1a177c8d03f9e96e0adf246")))
                .andExpect(jsonPath("$[0].branch", is("master")))
                .andExpect(jsonPath("$[0].trigger", is("push")))
                .andExpect(jsonPath("$[0].state", is("queued")));
        assertThat(jdbc.sql("select count(*) from git_commit c join project p on p.id = c.project_id where p.name = ?")
                .param(project).query(Long.class).single()).isEqualTo(1L);
        // the secret is stored encrypted, not in plain text
        assertThat(jdbc.sql("select webhook_secret_sealed from project where name = ?").param(project).query(String.class).single())
                .startsWith("v1:").doesNotContain(SECRET);
    }

    @Test
    void aBadOrMissingSignatureIsRefusedAndStoresNothing() throws Exception {
        createProject("https://github.com/Codertocat/Hello-World", "master");
        byte[] body = fixture("push.with-new-branch.json");
        github("push", "bad-1", body, "sha256=" + "0".repeat(64)).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type", is("/problems/unauthenticated")));
        github("push", "bad-2", body, null).andExpect(status().isUnauthorized());
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("6113728f", "7113728f").getBytes(StandardCharsets.UTF_8);
        github("push", "bad-3", tampered, sign(body)).andExpect(status().isUnauthorized());
        assertThat(jdbc.sql("select count(*) from webhook_delivery where delivery_id like 'bad-%'").query(Long.class).single()).isZero();
        assertThat(jobs()).isZero();
    }

    @Test
    void tagsDeletionsPingsAndUnmeasuredBranchesCreateNoJob() throws Exception {
        createProject("https://github.com/Codertocat/Hello-World.git", "main"); // master is not measured
        for (String[] delivery : new String[][] {{"push", "push.1.json"}, {"push", "push.with-new-branch.json"}}) {
            byte[] body = fixture(delivery[1]);
            github(delivery[0], UUID.randomUUID().toString(), body, sign(body))
                    .andExpect(status().isAccepted()).andExpect(jsonPath("$.jobs", hasSize(0)));
        }
        assertThat(jobs()).isZero();
    }

    @Test
    void aPullRequestIsMeasuredAtItsHeadAgainstItsBaseAndANewPushCancelsTheQueuedOne() throws Exception {
        createProject("https://github.com/Codertocat/Hello-World.git", "master");
        byte[] opened = fixture("pull_request.opened.json");
        // the head three times (hostgap.webhooks.pull-request-runs), and the base, never measured, once
        github("pull_request", "pr-1", opened, sign(opened)).andExpect(status().isAccepted()).andExpect(jsonPath("$.jobs", hasSize(4)));
        // the same PR pushed again: another head
        byte[] synchronize = new String(fixture("pull_request.synchronize.json"), StandardCharsets.UTF_8)
                .replace("ec26c3e57ca3a959ca5aad62de7213c562f8c821", "1111111111111111111111111111111111111111")
                .getBytes(StandardCharsets.UTF_8);
        github("pull_request", "pr-2", synchronize, sign(synchronize)).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.jobs", hasSize(3)));

        String base = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
        mvc.perform(get("/api/v1/projects/" + project + "/jobs?state=queued"))
                .andExpect(jsonPath("$", hasSize(4)))
                .andExpect(jsonPath("$[?(@.sha == '1111111111111111111111111111111111111111' && @.pullRequest == 2 && @.baseSha == '"
                        + base + "')]", hasSize(3)))
                .andExpect(jsonPath("$[?(@.sha == '" + base + "')]", hasSize(1)));
        // the first head's three jobs are moot; the base's is kept
        mvc.perform(get("/api/v1/projects/" + project + "/jobs?state=cancelled")).andExpect(jsonPath("$", hasSize(3)))
                .andExpect(jsonPath("$[?(@.sha == 'ec26c3e57ca3a959ca5aad62de7213c562f8c821')]", hasSize(3)));
    }

    @Test
    void aGitLabPushWithItsTokenQueuesAJobAndAWrongTokenIsRefused() throws Exception {
        createProject("http://example.com/mike/diaspora.git", "master");
        byte[] body = fixture("gitlab-push.json");
        gitlab(body, "wrong-token-wrong-token").andExpect(status().isUnauthorized());
        gitlab(body, SECRET).andExpect(status().isAccepted()).andExpect(jsonPath("$.jobs", hasSize(1)));
        mvc.perform(get("/api/v1/projects/" + project + "/jobs"))
                .andExpect(jsonPath("$[0].sha", is("da1560886d4f094c3e6c9ef40349f7d38b5d27d7")));
        // both pushed commits entered the graph, the second as the child of the first
        assertThat(jdbc.sql("""
                        select cp.parent_sha from commit_parent cp join git_commit c on c.id = cp.commit_id
                        join project p on p.id = c.project_id where p.name = ? and c.sha = 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7'
                        """).param(project).query(String.class).single()).isEqualTo("b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327");
    }

    @Test
    void anUnknownRepositoryIsRefusedLikeABadSignatureAndAWebhookNeedsNoBearerToken() throws Exception {
        byte[] body = fixture("ping.json");
        github("ping", "ping-1", body, sign(body)).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type", is("/problems/unauthenticated")));
    }

    private long jobs() {
        return jdbc.sql("select count(*) from job j join project p on p.id = j.project_id where p.name = ?")
                .param(project).query(Long.class).single();
    }

    private ResultActions github(String event, String delivery, byte[] body, String signature) throws Exception {
        var request = post("/api/v1/webhooks/github").contentType(MediaType.APPLICATION_JSON).content(body)
                .header("X-GitHub-Event", event).header("X-GitHub-Delivery", delivery);
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return mvc.perform(request);
    }

    private ResultActions gitlab(byte[] body, String token) throws Exception {
        return mvc.perform(post("/api/v1/webhooks/gitlab").contentType(MediaType.APPLICATION_JSON).content(body)
                .header("X-Gitlab-Event", "Push Hook").header("X-Gitlab-Token", token));
    }

    static byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/webhooks", name));
    }

    static String sign(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }
}
