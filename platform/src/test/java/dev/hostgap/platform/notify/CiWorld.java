package dev.hostgap.platform.notify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.PlatformTest;
import dev.hostgap.platform.notify.ProviderStub.Received;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * One project's CI loop as users meet it, with GitHub and the GPU runner scripted: a repository of
 * commits, signed push and pull-request deliveries to the real webhook endpoint, a runner that
 * leases the jobs over the runner protocol and completes each with a run file the test computes
 * from the commit, and the commit statuses GitHub received (on a {@link ProviderStub}).
 */
final class CiWorld {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * A "run file" of this one field (and {@code name}) stands for a job whose command left a profiler trace
     * at that path and no result file: the runner uploads the trace and completes the job with its run.
     */
    static final String TRACE_FILE = "hostgap-trace";
    private static final AtomicInteger DELIVERIES = new AtomicInteger();

    final String project;
    final String repository;
    private final MockMvc mvc;
    private final JdbcClient jdbc;
    private final ProviderStub github;
    private final String secret = "world-secret-" + UUID.randomUUID();
    private final String runnerToken;
    private final String label;

    CiWorld(MockMvc mvc, JdbcClient jdbc, ProviderStub github, String prefix) throws Exception {
        this.mvc = mvc;
        this.jdbc = jdbc;
        this.github = github;
        this.project = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.repository = "acme/" + project;
        this.label = "gpu-" + project;
        admin(post("/api/v1/projects"), "{\"name\":\"" + project + "\",\"repoUrl\":\"https://github.com/" + repository
                + ".git\",\"defaultBranch\":\"main\"}");
        admin(put("/api/v1/projects/" + project + "/ci"), "{\"webhookSecret\":\"" + secret + "\",\"benchmarkCommand\":\"./bench.sh\","
                + "\"runnerLabels\":[\"" + label + "\"],\"statusRepository\":\"" + repository + "\"}");
        runnerToken = JSON.readTree(admin(post("/api/v1/runners"), "{\"name\":\"" + project + "-node\",\"labels\":[\"" + label + "\"]}"))
                .get("token").asString();
    }

    /** A 40-hex sha for commit {@code n} of this world (distinct across worlds and seeds). */
    String sha(int n) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest((project + ":" + n).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One push delivery of these commits (oldest first) on {@code main}, the first one a child of {@code before}. */
    void push(String before, List<String> commits, int firstIndex) throws Exception {
        ObjectNode body = repositoryPayload();
        body.put("ref", "refs/heads/main");
        body.put("before", before == null ? "0".repeat(40) : before);
        body.put("after", commits.get(commits.size() - 1));
        ArrayNode list = body.putArray("commits");
        for (int i = 0; i < commits.size(); i++) {
            ObjectNode c = list.addObject();
            c.put("id", commits.get(i));
            c.put("message", "commit " + (firstIndex + i));
            c.put("timestamp", Instant.parse("2026-12-01T00:00:00Z").plusSeconds(60L * (firstIndex + i)).toString());
        }
        deliver("push", body);
    }

    /**
     * A pull request opened from a fork (its head is not on any branch of the repository), which a
     * maintainer approves at once through the API, as the project's default (after_approval) asks.
     */
    void pullRequest(int number, String head, String base) throws Exception {
        forkPullRequest(number, head, base);
        approve(number, head);
    }

    /** A maintainer approves this head of the pull request through the API. */
    JsonNode approve(int number, String sha) throws Exception {
        return JSON.readTree(admin(post("/api/v1/projects/" + project + "/pull-requests/" + number + "/approvals"),
                "{\"sha\":\"" + sha + "\"}"));
    }

    /** A person runs a job again (POST …/jobs/{id}/rerun as an admin). */
    JsonNode rerun(long job) throws Exception {
        return JSON.readTree(admin(post("/api/v1/projects/" + project + "/jobs/" + job + "/rerun"), ""));
    }

    /** Changes the project's CI settings (PUT …/ci with these fields). */
    JsonNode settings(String json) throws Exception {
        return JSON.readTree(admin(put("/api/v1/projects/" + project + "/ci"), json));
    }

    /** A comment on the pull request by a user of this role (GitHub's author_association). */
    JsonNode comment(int number, String text, String login, String role) throws Exception {
        ObjectNode body = repositoryPayload();
        body.put("action", "created");
        ObjectNode issue = body.putObject("issue");
        issue.put("number", number);
        issue.putObject("pull_request").put("url", "https://api.github.com/repos/" + repository + "/pulls/" + number);
        ObjectNode comment = body.putObject("comment");
        comment.put("body", text);
        comment.put("author_association", role);
        comment.put("created_at", Instant.now().plusSeconds(1).toString());
        comment.putObject("user").put("login", login);
        return deliver("issue_comment", body);
    }

    /** A pull request opened from a fork, as GitHub delivers it: the head repository is not the base's. */
    JsonNode forkPullRequest(int number, String head, String base) throws Exception {
        return pullRequestFrom("someone/" + project, number, head, base);
    }

    /** A pull request from a branch of the repository itself. */
    JsonNode ownPullRequest(int number, String head, String base) throws Exception {
        return pullRequestFrom(repository, number, head, base);
    }

    private JsonNode pullRequestFrom(String headRepository, int number, String head, String base) throws Exception {
        ObjectNode body = repositoryPayload();
        body.put("action", "opened");
        body.put("number", number);
        ObjectNode pr = body.putObject("pull_request");
        pr.put("number", number);
        ObjectNode h = pr.putObject("head");
        h.put("sha", head);
        h.put("ref", "feature-" + number);
        h.putObject("repo").put("full_name", headRepository);
        ObjectNode b = pr.putObject("base");
        b.put("sha", base);
        b.put("ref", "main");
        b.putObject("repo").put("full_name", repository);
        return deliver("pull_request", body);
    }

    private ObjectNode repositoryPayload() {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode repo = body.putObject("repository");
        repo.put("full_name", repository);
        repo.put("clone_url", "https://github.com/" + repository + ".git");
        repo.put("html_url", "https://github.com/" + repository);
        return body;
    }

    private JsonNode deliver(String event, ObjectNode body) throws Exception {
        byte[] bytes = JSON.writeValueAsBytes(body);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        var answer = mvc.perform(post("/api/v1/webhooks/github").contentType(MediaType.APPLICATION_JSON)
                .header("X-GitHub-Event", event).header("X-GitHub-Delivery", "d-" + DELIVERIES.incrementAndGet() + "-" + project)
                .header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(bytes))).content(bytes)).andReturn();
        assertThat(answer.getResponse().getStatus()).as(answer.getResponse().getContentAsString()).isEqualTo(202);
        return JSON.readTree(answer.getResponse().getContentAsString());
    }

    /**
     * Leases every queued job and completes it with the run file {@code measure} gives for its commit
     * (sha, pull request or null), reporting the commit's parents as the agent does after checkout.
     * Returns how many jobs it completed.
     */
    int runJobs(BiFunction<String, Integer, ObjectNode> measure, Map<String, String> parents) throws Exception {
        return runJobs(measure, parents, null);
    }

    /**
     * As {@link #runJobs(BiFunction, Map)}, but when {@code order} is given, every job is leased first
     * and they complete in an order drawn from it: several runners finishing a burst at once.
     */
    int runJobs(BiFunction<String, Integer, ObjectNode> measure, Map<String, String> parents, Random order) throws Exception {
        List<JsonNode> leased = new ArrayList<>();
        int done = 0;
        while (true) {
            var lease = mvc.perform(post("/api/v1/jobs/lease").header("Authorization", "Bearer " + runnerToken)
                    .contentType(MediaType.APPLICATION_JSON).content("{\"waitSeconds\":0}")).andReturn().getResponse();
            if (lease.getStatus() == 204) {
                break;
            }
            assertThat(lease.getStatus()).as(lease.getContentAsString()).isEqualTo(200);
            JsonNode job = JSON.readTree(lease.getContentAsString());
            if (order == null) {
                complete(job, measure, parents);
                done++;
            } else {
                leased.add(job);
            }
        }
        if (order != null) {
            java.util.Collections.shuffle(leased, order);
            for (JsonNode job : leased) {
                complete(job, measure, parents);
                done++;
            }
        }
        return done;
    }

    /**
     * Leases one job and ends it as {@link #runJobs} does; the sha it measured, or empty when nothing
     * was there to lease.
     */
    Optional<String> runNext(BiFunction<String, Integer, ObjectNode> measure, Map<String, String> parents) throws Exception {
        var lease = mvc.perform(post("/api/v1/jobs/lease").header("Authorization", "Bearer " + runnerToken)
                .contentType(MediaType.APPLICATION_JSON).content("{\"waitSeconds\":0}")).andReturn().getResponse();
        if (lease.getStatus() == 204) {
            return Optional.empty();
        }
        assertThat(lease.getStatus()).as(lease.getContentAsString()).isEqualTo(200);
        JsonNode job = JSON.readTree(lease.getContentAsString());
        complete(job, measure, parents);
        return Optional.of(job.get("sha").asString());
    }

    /** This world's runner, as {@code GET /api/v1/runners} lists it. */
    long runnerId() {
        return jdbc.sql("select id from runner where name = ?").param(project + "-node").query(Long.class).single();
    }

    /** A job whose {@code measure} gives null fails, as a commit that does not build or run does (the agent's /fail). */
    private void complete(JsonNode job, BiFunction<String, Integer, ObjectNode> measure, Map<String, String> parents) throws Exception {
        String sha = job.get("sha").asString();
        Integer pullRequest = job.path("pullRequest").isObject() ? job.path("pullRequest").path("number").asInt() : null;
        ObjectNode result = measure.apply(sha, pullRequest);
        if (result == null) {
            var failed = mvc.perform(post("/api/v1/jobs/" + job.get("id").asLong() + "/fail")
                    .header("Authorization", "Bearer " + runnerToken).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"reason\":\"the benchmark command exited with 2: build failed (scripted)\"}")).andReturn().getResponse();
            assertThat(failed.getStatus()).as(failed.getContentAsString()).isEqualTo(200);
            return;
        }
        ObjectNode complete = JSON.createObjectNode();
        complete.put("runId", UUID.randomUUID().toString());
        complete.set("result", result);
        if (result.has(TRACE_FILE)) {
            // the command left only a profiler trace: the agent uploads it, then completes the job with its run
            String traceRun = UUID.randomUUID().toString();
            var uploaded = mvc.perform(post("/api/v1/jobs/" + job.get("id").asLong() + "/traces")
                    .param("name", result.get("name").asString()).param("runId", traceRun)
                    .header("Authorization", "Bearer " + runnerToken).contentType(MediaType.APPLICATION_OCTET_STREAM)
                    .content(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(result.get(TRACE_FILE).asString()))))
                    .andReturn().getResponse();
            assertThat(uploaded.getStatus()).as(uploaded.getContentAsString()).isEqualTo(201);
            complete.put("runId", traceRun);
            complete.putNull("result");
        }
        ObjectNode environment = complete.putObject("environment");
        environment.put("gpu", "NVIDIA H200");
        environment.put("host", "node-1");
        ArrayNode p = complete.putArray("parents");
        Optional.ofNullable(parents.get(sha)).ifPresent(p::add);
        var answer = mvc.perform(post("/api/v1/jobs/" + job.get("id").asLong() + "/complete")
                .header("Authorization", "Bearer " + runnerToken).contentType(MediaType.APPLICATION_JSON)
                .content(JSON.writeValueAsString(complete))).andReturn().getResponse();
        assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(200);
    }

    void awaitJudged() {
        Api.awaitJudged(jdbc, project);
    }

    /**
     * Runs every job there is to run, as a runner that stays up does, until nothing is left: the jobs
     * of the pushes, and those the platform queues by itself after them (a new project's calibration,
     * confirmations, bisection steps), each measured by {@code measure}. Returns how many jobs it ran.
     * Jobs waiting for an approval stay waiting. Then waits until CI has been told everything.
     */
    int settle(BiFunction<String, Integer, ObjectNode> measure, Map<String, String> parents) throws Exception {
        int ran = drain(measure, parents);
        while (true) {
            awaitSettled();
            int more = drain(measure, parents);
            if (more == 0) {
                return ran;
            }
            ran += more;
        }
    }

    /** As {@link #settle}, without waiting for CI to be told: every job run, every run judged, every probe ended. */
    int drain(BiFunction<String, Integer, ObjectNode> measure, Map<String, String> parents) throws Exception {
        int ran = 0;
        Instant deadline = Instant.now().plusSeconds(600);
        while (true) {
            int done = runJobs(measure, parents);
            ran += done;
            awaitJudged();
            if (done == 0 && idle()) {
                return ran;
            }
            assertThat(Instant.now()).as("the platform went on queuing work for ten minutes").isBefore(deadline);
            if (done == 0) {
                Thread.sleep(50); // a confirmation being queued on the detection thread
            }
        }
    }

    /** Nothing queued or measuring, no change waiting for its confirmation, no probe measuring. */
    private boolean idle() {
        long projectId = projectId();
        return jdbc.sql("""
                        select (select count(*) from job where project_id = :p and state in ('queued', 'leased'))
                             + (select count(*) from regression g join series s on s.id = g.series_id join benchmark b on b.id = s.benchmark_id
                                where b.project_id = :p and g.status = 'confirming')
                             + (select count(*) from probe where project_id = :p and state = 'measuring')
                             + (select count(*) from run where project_id = :p and judged_at is null)
                        """).param("p", projectId).query(Long.class).single() == 0;
    }

    /**
     * Waits until everything has settled: every run judged, no message waiting or being sent, and
     * no new status arriving at GitHub for a second and a half.
     */
    void awaitSettled() {
        awaitJudged();
        AtomicInteger seen = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(1500)).until(() -> {
            long busy = jdbc.sql("""
                            select count(*) from notification n join job j on j.id = n.job_id join project p on p.id = j.project_id
                            where p.name = ? and n.state in ('queued', 'pending')
                            """).param(project).query(Long.class).single()
                    + jdbc.sql("select count(*) from run r join project p on p.id = r.project_id where p.name = ? and r.judged_at is null")
                    .param(project).query(Long.class).single();
            int received = github.receivedUnder("/github/repos/" + repository + "/").size();
            return busy == 0 && seen.getAndSet(received) == received;
        });
    }

    /** The newest status GitHub received for the commit. */
    Received finalStatus(String sha) {
        List<Received> statuses = github.received("POST", "/github/repos/" + repository + "/statuses/" + sha);
        assertThat(statuses).as("statuses of " + sha).isNotEmpty();
        return statuses.stream().max(Comparator.comparing(Received::at)).orElseThrow();
    }

    List<Received> statuses(String sha) {
        return new ArrayList<>(github.received("POST", "/github/repos/" + repository + "/statuses/" + sha));
    }

    List<Received> comments(int pullRequest) {
        List<Received> all = new ArrayList<>(github.received("POST", "/github/repos/" + repository + "/issues/" + pullRequest + "/comments"));
        all.addAll(github.received("PATCH", "/github/repos/" + repository + "/issues/comments/9001"));
        return all;
    }

    JsonNode verdict(String sha) throws Exception {
        return JSON.readTree(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(
                        "/api/v1/projects/" + project + "/commits/" + sha + "/verdict"))
                .andReturn().getResponse().getContentAsString());
    }

    JsonNode get(String path) throws Exception {
        return JSON.readTree(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(path))
                .andReturn().getResponse().getContentAsString());
    }

    long projectId() {
        return jdbc.sql("select id from project where name = ?").param(project).query(Long.class).single();
    }

    String admin(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, String body) throws Exception {
        var answer = mvc.perform(request.header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse();
        assertThat(answer.getStatus()).as(answer.getContentAsString()).isBetween(200, 201);
        return answer.getContentAsString();
    }
}
