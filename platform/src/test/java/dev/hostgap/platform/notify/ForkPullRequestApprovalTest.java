package dev.hostgap.platform.notify;

import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fork's pull request runs code anyone wrote on the project's GPU runners: by default it creates
 * no job a runner can lease until a maintainer approves its head (through the API or a "/hostgap
 * run" comment of an owner, member or collaborator); meanwhile its status says so. Once approved it
 * runs and is judged. A pull request from the repository itself runs at once.
 */
@SpringBootTest(properties = {"hostgap.security.admin-token=" + PlatformTest.ADMIN_TOKEN,
        "hostgap.notify.github.token=gh-fork-token", "hostgap.notify.public-url=https://hostgap.example.org/",
        "hostgap.notify.first-backoff=20ms", "hostgap.notify.sweep-interval=500ms",
        "hostgap.detection.judge-backoff=200ms", "hostgap.detection.poll-interval=200ms"})
@AutoConfigureMockMvc
@ContextConfiguration(initializers = PlatformTest.DatabaseInitializer.class)
class ForkPullRequestApprovalTest {

    static final ProviderStub GITHUB = ProviderStub.start();

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("hostgap.notify.github.api-url", () -> GITHUB.url("/github"));
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    private final ScriptedRuns runs = ScriptedRuns.normal(0.02);
    private final Random random = new Random(7);

    @Test
    void aForkPullRequestWaitsForApprovalThenRunsAndIsJudged() throws Exception {
        CiWorld world = new CiWorld(mvc, jdbc, GITHUB, "fork");
        String base = measuredMain(world);
        String head = world.sha(101);

        JsonNode opened = world.forkPullRequest(7, head, base);
        assertThat(opened.get("note").asString()).startsWith("waiting for approval");
        assertThat(world.runJobs(this::measure, Map.of(head, base))).as("jobs a runner could lease before approval").isZero();
        assertThat(states(world, head)).containsOnly("awaiting_approval").hasSize(3);
        world.awaitSettled();
        JsonNode waiting = CiWorld.JSON.readTree(world.finalStatus(head).body());
        assertThat(waiting.get("state").asString()).isEqualTo("pending");
        assertThat(waiting.get("description").asString()).contains("Waiting for approval");

        // comments that approve nothing: a contributor's; an organisation member's whom GitHub says may only read;
        // one without the sha the maintainer reviewed; and an API approval of another sha
        assertThat(world.comment(7, "/hostgap run " + head.substring(0, 7), "someone", "CONTRIBUTOR").get("jobs")).isEmpty();
        permission(world, "reader", "read");
        JsonNode byReader = world.comment(7, "/hostgap run " + head.substring(0, 7), "reader", "MEMBER");
        assertThat(byReader.get("jobs")).isEmpty();
        assertThat(byReader.get("note").asString()).contains("no write access");
        assertThat(world.comment(7, "/hostgap run", "maintainer", "OWNER").get("note").asString()).contains("needs the head");
        assertThat(world.approve(7, world.sha(999)).get("jobs")).isEmpty();
        assertThat(states(world, head)).containsOnly("awaiting_approval");

        JsonNode approved = world.approve(7, head);
        assertThat(approved.get("jobs")).hasSize(3);
        assertThat(approved.get("approvedBy").asString()).isNotBlank();
        assertThat(world.runJobs(this::measure, Map.of(head, base))).isEqualTo(3);
        world.awaitSettled();
        assertThat(CiWorld.JSON.readTree(world.finalStatus(head).body()).get("state").asString()).isEqualTo("success");
        assertThat(world.verdict(head).get("state").asString()).isEqualTo("judged");

        // the fork's author pushes twice more: each new head waits again, the older one's jobs are cancelled
        String rejected = world.sha(102);
        world.forkPullRequest(7, rejected, base);
        String next = world.sha(103);
        world.forkPullRequest(7, next, base);
        assertThat(world.runJobs(this::measure, Map.of(next, base))).isZero();
        assertThat(states(world, next)).containsOnly("awaiting_approval");
        assertThat(states(world, rejected)).containsOnly("cancelled");

        // running the never-approved older head again puts it back to waiting, not into the queue
        long cancelled = jdbc.sql("select min(id) from job where project_id = ? and sha = ?")
                .params(world.projectId(), rejected).query(Long.class).single();
        JsonNode rerun = world.rerun(cancelled);
        assertThat(rerun.get("state").asString()).isEqualTo("awaiting_approval");
        assertThat(world.runJobs(this::measure, Map.of(rejected, base))).isZero();

        // a "/hostgap run SHA" comment by someone GitHub says may write approves the head it names
        permission(world, "maintainer", "admin");
        JsonNode byComment = world.comment(7, "/hostgap run " + next.substring(0, 10) + "\nlooks safe", "maintainer", "MEMBER");
        assertThat(byComment.get("jobs")).as(byComment.toString()).hasSize(3);
        assertThat(states(world, rejected)).as("the comment named the other head").doesNotContain("queued");
        assertThat(world.runJobs(this::measure, Map.of(next, base))).isEqualTo(3);
        assertThat(jdbc.sql("select approved_by from pull_request_approval where project_id = ? and sha = ?")
                .params(world.projectId(), next).query(String.class).single()).isEqualTo("github:maintainer");
    }

    @Test
    void aPullRequestFromTheRepositoryItselfRunsAtOnceAndForkSettingsAreHonoured() throws Exception {
        CiWorld world = new CiWorld(mvc, jdbc, GITHUB, "ownpr");
        String base = measuredMain(world);
        String own = world.sha(201);
        assertThat(world.ownPullRequest(9, own, base).get("note").asString()).isEqualTo("queued");
        assertThat(world.runJobs(this::measure, Map.of(own, base))).isEqualTo(3);

        world.settings("{\"forkPullRequests\":\"never\"}");
        JsonNode never = world.forkPullRequest(10, world.sha(202), base);
        assertThat(never.get("jobs")).isEmpty();
        assertThat(never.get("note").asString()).contains("not measured");

        assertThat(world.settings("{\"forkPullRequests\":\"always\"}").get("forkPullRequests").asString()).isEqualTo("always");
        String trusted = world.sha(203);
        world.forkPullRequest(11, trusted, base);
        assertThat(world.runJobs(this::measure, Map.of(trusted, base))).isEqualTo(3);

        // a setting that is not one of the three is refused
        assertThat(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/projects/"
                        + world.project + "/ci").header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON).content("{\"forkPullRequests\":\"sometimes\"}"))
                .andReturn().getResponse().getStatus()).isEqualTo(422);
    }

    /**
     * Hostile approval requests are 4xx problems and approve nothing; eight identical approvals at
     * once record one approval and queue each job once.
     */
    @Test
    void approvalRequestsAreValidatedAndIdempotent() throws Exception {
        CiWorld world = new CiWorld(mvc, jdbc, GITHUB, "approve");
        String base = measuredMain(world);
        String head = world.sha(301);
        world.forkPullRequest(4, head, base);
        String path = "/api/v1/projects/" + world.project + "/pull-requests/4/approvals";
        for (String body : new String[] {"{\"sha\":\"abc\\u0000def\"}", "{\"sha\":\"" + "a".repeat(10_000) + "\"}",
                "{\"sha\":1e308}", "{}", "[1]", "{\"sha\":" + "[".repeat(1_000) + "]".repeat(1_000) + "}", "not json"}) {
            int status = post(path, body, PlatformTest.ADMIN_TOKEN);
            assertThat(status).as(body.length() > 60 ? body.substring(0, 60) : body).isBetween(400, 499);
        }
        assertThat(post("/api/v1/projects/" + world.project + "/pull-requests/0/approvals", "{\"sha\":\"" + head + "\"}",
                PlatformTest.ADMIN_TOKEN)).isEqualTo(400);
        assertThat(post("/api/v1/projects/" + world.project + "/pull-requests/99999999999/approvals", "{\"sha\":\"" + head
                + "\"}", PlatformTest.ADMIN_TOKEN)).isEqualTo(400);
        assertThat(post(path, "{\"sha\":\"" + head + "\"}", "not-a-token")).isEqualTo(401);
        assertThat(post(path, "{\"sha\":\"" + head + "\"}", null)).isEqualTo(401);
        assertThat(states(world, head)).containsOnly("awaiting_approval");

        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> post(path, "{\"sha\":\"" + head.toUpperCase() + "\"}", PlatformTest.ADMIN_TOKEN)));
            }
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(states(world, head)).containsOnly("queued").hasSize(3);
        assertThat(jdbc.sql("select count(*) from pull_request_approval where project_id = ?").param(world.projectId())
                .query(Long.class).single()).isEqualTo(1);
    }

    private int post(String path, String body, String token) throws Exception {
        var request = org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).content(body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return mvc.perform(request).andReturn().getResponse().getStatus();
    }

    /** GitHub's answer to "what may this user do in the project's repository?". */
    private static void permission(CiWorld world, String login, String permission) {
        GITHUB.script("GET", "/github/repos/acme/" + world.project + "/collaborators/" + login + "/permission",
                new ProviderStub.Answer(200, Map.of(), "{\"permission\":\"" + permission + "\",\"role_name\":\"" + permission
                        + "\"}", 0));
    }

    /** Three measured commits of main; returns the last. */
    private String measuredMain(CiWorld world) throws Exception {
        List<String> commits = List.of(world.sha(1), world.sha(2), world.sha(3));
        world.push(null, commits, 1);
        world.runJobs(this::measure, Map.of(world.sha(2), world.sha(1), world.sha(3), world.sha(2)));
        return world.sha(3);
    }

    private tools.jackson.databind.node.ObjectNode measure(String sha, Integer pullRequest) {
        return runs.run(Map.of(), random);
    }

    private List<String> states(CiWorld world, String sha) {
        return jdbc.sql("select state from job where project_id = ? and sha = ? order by id")
                .params(world.projectId(), sha).query(String.class).list();
    }
}
