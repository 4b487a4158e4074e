package dev.hostgap.platform.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
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
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Hostile deliveries: malformed fields before and after the signature check, forged provider
 * projects, fork pull requests, weak secrets and broken secrets of other projects. Every test works
 * on a repository of its own ({@code github.com/attack/<uuid>}).
 */
@PlatformTest
class WebhookAttackTest {

    static final String SECRET = "attack-webhook-secret-0123456789";
    static final String ADMIN = "Bearer " + PlatformTest.ADMIN_TOKEN;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    String project;
    String repo;
    String label;

    @BeforeEach
    void setUp() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        project = "attack-hooks-" + id;
        repo = "attack/repo-" + id;
        label = "atk-" + id;
        mvc.perform(post("/api/v1/projects").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + project + "\",\"repoUrl\":\"https://github.com/" + repo + ".git\","
                                + "\"defaultBranch\":\"main\"}"))
                .andExpect(status().isCreated());
        mvc.perform(put("/api/v1/projects/" + project + "/ci").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"webhookSecret\":\"" + SECRET + "\",\"benchmarkCommand\":\"./bench.sh\",\"runnerLabels\":[\""
                                + label + "\"]}"))
                .andExpect(status().isOk());
    }

    // ---------------------------------------------------------------- hostile input, never a 500

    /** pull_request.number as a string: Jackson 3's asInt() throws, before the signature is even checked. */
    @Test
    void aPullRequestNumberThatIsNotANumberIsA4xxNotA500EvenUnsigned() throws Exception {
        String body = pullRequest("opened", "\"abc\"", "feature", repo, sha(), sha());
        assertNot500(github("pull_request", body, null));
        assertNot500(github("pull_request", body, sign(body)));
        String huge = pullRequest("opened", "99999999999", "feature", repo, sha(), sha());
        assertNot500(github("pull_request", huge, sign(huge)));
        assertThat(jobs()).isZero();
    }

    @Test
    void aGitLabMergeRequestIidThatIsNotANumberIsA4xxNotA500() throws Exception {
        String body = """
                {"object_kind":"merge_request","project":{"id":42,"git_http_url":"https://github.com/%s.git"},
                 "object_attributes":{"action":"open","iid":"seven","target_branch":"main","source_branch":"f",
                   "last_commit":{"id":"%s"},"diff_refs":{"base_sha":"%s"}}}
                """.formatted(repo, sha(), sha());
        assertNot500(mvc.perform(post("/api/v1/webhooks/gitlab").contentType(MediaType.APPLICATION_JSON).content(body)
                .header("X-Gitlab-Event", "Merge Request Hook").header("X-Gitlab-Token", "not-the-token-at-all")));
        assertNot500(mvc.perform(post("/api/v1/webhooks/gitlab").contentType(MediaType.APPLICATION_JSON).content(body)
                .header("X-Gitlab-Event", "Merge Request Hook").header("X-Gitlab-Token", SECRET)));
        assertThat(jobs()).isZero();
    }

    /**
     * PostgreSQL text cannot hold NUL: a signed push whose commit message has one is not a 500. The
     * commit matters more than its text, so the NUL is removed and the push is measured.
     */
    @Test
    void aNulInACommitMessageIsRemovedAndThePushMeasured() throws Exception {
        String head = sha();
        String body = push("refs/heads/main", head, "\"fix\\u0000bug\"", "\"2024-05-01T10:00:00Z\"");
        assertNot500(github("push", body, sign(body)));
        assertThat(jobs()).isEqualTo(1L);
        assertThat(jdbc.sql("select message from git_commit where sha = ?").param(head).query(String.class).single())
                .isEqualTo("fixbug");
    }

    /** The "ignored because" note quotes the ref or the PR action into webhook_delivery.outcome: NUL there too. */
    @Test
    void aNulInAnIgnoredRefOrActionIsNotA500() throws Exception {
        String tag = push("refs/tags/v1\u0000", sha(), "\"m\"", "\"2024-05-01T10:00:00Z\"");
        assertNot500(github("push", tag, sign(tag)));
        String action = pullRequest("clo\u0000sed", "7", "feature", repo, sha(), sha());
        assertNot500(github("pull_request", action, sign(action)));
    }

    /** A timestamp Java parses but PostgreSQL's timestamptz cannot hold (after 294276 AD). */
    @Test
    void aCommitTimestampOutsidePostgresRangeIsNotA500() throws Exception {
        String body = push("refs/heads/main", sha(), "\"m\"", "\"+200000-01-01T00:00:00Z\"");
        MvcResult result = assertNot500(github("push", body, sign(body)));
        if (result.getResponse().getStatus() == 202) {
            assertThat(jobs()).isEqualTo(1);
        }
    }

    @Test
    void nonJsonArrayEmptyAndHugeBodiesAreProblems() throws Exception {
        github("push", "not json {", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type", is("/problems/malformed-json")));
        github("push", "[1,2]", null).andExpect(status().isBadRequest());
        github("push", "", null).andExpect(status().is4xxClientError());
        mvc.perform(post("/api/v1/webhooks/github").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.type", is("/problems/invalid-parameter")));
        byte[] huge = new byte[17 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';
        huge[huge.length - 1] = '}';
        mvc.perform(post("/api/v1/webhooks/github").contentType(MediaType.APPLICATION_JSON).content(huge)
                        .header("X-GitHub-Event", "push"))
                .andExpect(status().isPayloadTooLarge());
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertNot500(github("push", deep, null));
    }

    /** The GitLab token compare and the GitHub signature are both required; an empty token is no token. */
    @Test
    void anEmptyOrMissingTokenOrSignatureIsRefused() throws Exception {
        String body = push("refs/heads/main", sha(), "\"m\"", "\"2024-05-01T10:00:00Z\"");
        github("push", body, "").andExpect(status().isUnauthorized());
        github("push", body, "sha256=").andExpect(status().isUnauthorized());
        github("push", body, sign(body).toUpperCase(java.util.Locale.ROOT)).andExpect(status().isUnauthorized());
        assertThat(jobs()).isZero();
        assertThat(deliveries()).isZero();
    }

    // ---------------------------------------------------------------- security

    /**
     * POST /projects accepts any webhookSecret (PUT .../ci demands 16-256 characters). With an empty
     * secret, a GitLab delivery with an empty X-Gitlab-Token authenticates (MessageDigest.isEqual of
     * two empty arrays), and every GitHub delivery is a 500 (HMAC with an empty key throws).
     */
    @Test
    void anEmptyWebhookSecretNeverAuthenticatesAnything() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String weakRepo = "attack/weak-" + id;
        var created = mvc.perform(post("/api/v1/projects").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"weak-" + id + "\",\"repoUrl\":\"https://github.com/" + weakRepo + "\",\"defaultBranch\":\"main\","
                        + "\"webhookSecret\":\"\"}")).andReturn().getResponse();
        if (created.getStatus() != 201) {
            assertThat(created.getStatus()).as("refusing the weak secret is fine").isEqualTo(422);
            return;
        }
        mvc.perform(put("/api/v1/projects/weak-" + id + "/ci").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                .content("{\"benchmarkCommand\":\"./bench.sh\"}")).andExpect(status().isOk());
        String gitlabPush = """
                {"object_kind":"push","ref":"refs/heads/main","before":"%s","after":"%s",
                 "project":{"id":4242,"git_http_url":"https://github.com/%s.git"},"commits":[]}
                """.formatted(sha(), sha(), weakRepo);
        mvc.perform(post("/api/v1/webhooks/gitlab").contentType(MediaType.APPLICATION_JSON).content(gitlabPush)
                        .header("X-Gitlab-Event", "Push Hook").header("X-Gitlab-Token", ""))
                .andExpect(status().isUnauthorized());
        String githubPush = push("refs/heads/main", sha(), "\"m\"", "\"2024-05-01T10:00:00Z\"").replace(repo, weakRepo);
        assertNot500(github("push", githubPush, "sha256=" + "0".repeat(64)));
        assertThat(jdbc.sql("select count(*) from job j join project p on p.id = j.project_id where p.name = ?")
                .param("weak-" + id).query(Long.class).single()).isZero();
    }

    /**
     * The signature proves the delivery is for this project's repository, but the commit status and
     * PR comment go to {@code repository.full_name} (GitLab: {@code project.id}) as the body says:
     * whoever holds project A's secret makes hostgap's provider token write to any other repository.
     */
    @Test
    void theStatusTargetIsTheProjectsOwnRepositoryNotWhatTheBodyClaims() throws Exception {
        String body = push("refs/heads/main", sha(), "\"m\"", "\"2024-05-01T10:00:00Z\"")
                .replace("\"full_name\":\"" + repo + "\"", "\"full_name\":\"victim-org/victim-repo\"");
        MvcResult result = github("push", body, sign(body)).andReturn();
        if (result.getResponse().getStatus() == 202 && jobs() > 0) {
            assertThat(jdbc.sql("select provider_project from job j join project p on p.id = j.project_id where p.name = ?")
                    .param(project).query(String.class).single())
                    .as("statuses for project %s must go to its own repository", project)
                    .isEqualToIgnoringCase(repo);
        } else {
            assertThat(result.getResponse().getStatus()).isBetween(400, 499);
        }
    }

    /** A webhook signed for project A never creates anything in project B, even when it names B's repository too. */
    @Test
    void aDeliverySignedForOneProjectNeverLandsInAnother() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String other = "attack-other-" + id;
        String otherRepo = "attack/other-" + id;
        mvc.perform(post("/api/v1/projects").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + other + "\",\"repoUrl\":\"https://github.com/" + otherRepo + "\",\"defaultBranch\":\"main\"}"))
                .andExpect(status().isCreated());
        mvc.perform(put("/api/v1/projects/" + other + "/ci").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                .content("{\"webhookSecret\":\"other-secret-0123456789abcdef\",\"benchmarkCommand\":\"./b.sh\"}"))
                .andExpect(status().isOk());
        // clone_url is B's, html_url is A's; signed with A's secret
        String body = push("refs/heads/main", sha(), "\"m\"", "\"2024-05-01T10:00:00Z\"")
                .replace("\"clone_url\":\"https://github.com/" + repo + ".git\"", "\"clone_url\":\"https://github.com/" + otherRepo
                        + ".git\",\"html_url\":\"https://github.com/" + repo + "\"");
        github("push", body, sign(body)).andExpect(status().isAccepted()).andExpect(jsonPath("$.project", is(project)));
        assertThat(jdbc.sql("select count(*) from job j join project p on p.id = j.project_id where p.name = ?")
                .param(other).query(Long.class).single()).isZero();
        // B's body signed with A's secret: refused
        String onlyB = push("refs/heads/main", sha(), "\"m\"", "\"2024-05-01T10:00:00Z\"").replace(repo, otherRepo);
        github("push", onlyB, sign(onlyB)).andExpect(status().isUnauthorized());
    }

    /**
     * One project whose sealed secret cannot be opened (written under another secret key, or damaged)
     * must not take every other project's webhooks down: findByRepository decrypts every project's
     * secret before filtering by repository.
     */
    @Test
    void aProjectWithAnUnreadableSecretDoesNotBreakOtherProjectsWebhooks() throws Exception {
        String broken = "attack-broken-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(post("/api/v1/projects").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + broken + "\",\"repoUrl\":\"https://github.com/attack/" + broken + "\",\"defaultBranch\":\"main\"}"))
                .andExpect(status().isCreated());
        // sealed under some other platform key
        byte[] junk = new byte[40];
        RANDOM.nextBytes(junk);
        jdbc.sql("update project set webhook_secret_sealed = ? where name = ?")
                .params("v1:" + java.util.Base64.getEncoder().encodeToString(junk), broken).update();
        try {
            String body = push("refs/heads/main", sha(), "\"m\"", "\"2024-05-01T10:00:00Z\"");
            github("push", body, sign(body)).andExpect(status().isAccepted()).andExpect(jsonPath("$.jobs", hasSize(1)));
        } finally {
            jdbc.sql("delete from project where name = ?").param(broken).update();
        }
    }

    /**
     * A pull request from a fork's {@code main} into {@code main}: head.ref is "main". The job is
     * queued on branch "main", and completing it moves the project's main head to an unmerged fork
     * commit (the comment in WebhookService says a PR's run must not move the base branch's head).
     */
    @Test
    void aForkPullRequestFromItsMainDoesNotMoveTheBaseBranch() throws Exception {
        String mainHead = sha();
        String push = push("refs/heads/main", mainHead, "\"main commit\"", "\"2024-05-01T10:00:00Z\"");
        github("push", push, sign(push)).andExpect(status().isAccepted()).andExpect(jsonPath("$.jobs", hasSize(1)));
        String token = registerRunner();
        complete(token, leaseId(token));
        assertThat(branchHead("main")).isEqualTo(mainHead);

        String prHead = sha();
        String pr = pullRequest("opened", "7", "main", "outsider/fork", prHead, mainHead);
        github("pull_request", pr, sign(pr)).andExpect(status().isAccepted()).andExpect(jsonPath("$.jobs", hasSize(3)));
        // a fork's head waits for a maintainer's approval (the default); approved, it runs
        mvc.perform(post("/api/v1/projects/" + project + "/pull-requests/7/approvals").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"sha\":\"" + prHead + "\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.jobs", hasSize(3)));
        for (int replicate = 1; replicate <= 3; replicate++) {
            complete(token, leaseId(token));
        }
        assertThat(branchHead("main")).as("an outsider's unmerged PR commit became the head of main").isEqualTo(mainHead);
    }

    // ---------------------------------------------------------------- helpers

    private String registerRunner() throws Exception {
        var answer = mvc.perform(post("/api/v1/runners").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + label + "\",\"labels\":[\"" + label + "\"]}"))
                .andExpect(status().isCreated()).andReturn();
        return JSON.readTree(answer.getResponse().getContentAsString()).get("token").asString();
    }

    /** Leases this project's job; a label-less job another test left queued is released without counting. */
    private long leaseId(String token) throws Exception {
        for (int i = 0; i < 100; i++) {
            var answer = mvc.perform(post("/api/v1/jobs/lease").header("Authorization", "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON).content("{\"waitSeconds\":0}")).andExpect(status().isOk()).andReturn();
            JsonNode job = JSON.readTree(answer.getResponse().getContentAsString());
            if (job.get("project").asString().equals(project)) {
                return job.get("id").asLong();
            }
            mvc.perform(post("/api/v1/jobs/" + job.get("id").asLong() + "/fail").header("Authorization", "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"not mine\",\"retry\":true}"));
        }
        throw new AssertionError("this project's job was never leased");
    }

    private void complete(String token, long job) throws Exception {
        String file = new dev.hostgap.platform.Api.Run(project, sha()).result("launch.empty", "{}", "host_us", 3.5, 3.6, 3.4).json();
        mvc.perform(post("/api/v1/jobs/" + job + "/complete").header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"runId\":\"" + UUID.randomUUID() + "\",\"result\":" + file + "}"))
                .andExpect(status().isOk());
    }

    private String branchHead(String branch) {
        return jdbc.sql("select b.head_sha from branch b join project p on p.id = b.project_id where p.name = ? and b.name = ?")
                .params(project, branch).query(String.class).optional().orElse(null);
    }

    private String push(String ref, String after, String messageJson, String timestampJson) {
        String before = sha();
        return """
                {"ref":%s,"before":"%s","after":"%s","deleted":false,
                 "repository":{"clone_url":"https://github.com/%s.git","full_name":"%s"},
                 "commits":[{"id":"%s","message":%s,"timestamp":%s}]}
                """.formatted(JSON.writeValueAsString(ref), before, after, repo, repo, after, messageJson, timestampJson);
    }

    private String pullRequest(String action, String numberJson, String headRef, String headRepo, String headSha, String baseSha) {
        return """
                {"action":%s,"number":%s,
                 "pull_request":{"number":%s,"head":{"ref":"%s","sha":"%s","repo":{"full_name":"%s"}},
                                 "base":{"ref":"main","sha":"%s","repo":{"full_name":"%s"}}},
                 "repository":{"clone_url":"https://github.com/%s.git","full_name":"%s"}}
                """.formatted(JSON.writeValueAsString(action), numberJson, numberJson, headRef, headSha, headRepo, baseSha, repo,
                repo, repo);
    }

    private ResultActions github(String event, String body, String signature) throws Exception {
        var request = post("/api/v1/webhooks/github").contentType(MediaType.APPLICATION_JSON)
                .content(body.getBytes(StandardCharsets.UTF_8))
                .header("X-GitHub-Event", event).header("X-GitHub-Delivery", UUID.randomUUID().toString());
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return mvc.perform(request);
    }

    private static MvcResult assertNot500(ResultActions actions) throws Exception {
        MvcResult result = actions.andReturn();
        assertThat(result.getResponse().getStatus()).as("status of %s; body %s", result.getRequest().getRequestURI(),
                result.getResponse().getContentAsString()).isLessThan(500);
        if (result.getResponse().getStatus() >= 400) {
            assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        }
        return result;
    }

    private long jobs() {
        return jdbc.sql("select count(*) from job j join project p on p.id = j.project_id where p.name = ?")
                .param(project).query(Long.class).single();
    }

    private long deliveries() {
        return jdbc.sql("select count(*) from webhook_delivery d join project p on p.id = d.project_id where p.name = ?")
                .param(project).query(Long.class).single();
    }

    static String sha() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String sign(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
