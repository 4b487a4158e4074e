package dev.hostgap.platform.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.hostgap.platform.PlatformTest;
import dev.hostgap.runner.HostgapRunner;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CI loop as a new user sets it up, every part real but GitHub: the platform on a port, a
 * runner registered over REST, the real {@code hostgap-runner agent} (in this JVM, {@code --once})
 * cloning a local git repository by its file URL, and GitHub's recorded push and pull-request
 * deliveries, pointed at that repository and re-signed with the test secret. The benchmark command
 * copies a recorded JMH {@code -rf json} output (building a JMH project here would take minutes).
 * A stub GitHub API receives the commit statuses and the pull-request comment.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hostgap.security.admin-token=" + PlatformTest.ADMIN_TOKEN,
                "hostgap.notify.github.token=gh-e2e-token", "hostgap.notify.public-url=https://hostgap.example.org/",
                "hostgap.notify.first-backoff=20ms", "hostgap.notify.sweep-interval=300ms"})
@ContextConfiguration(initializers = PlatformTest.DatabaseInitializer.class)
class CiLoopEndToEndTest {

    static final ProviderStub GITHUB = ProviderStub.start();
    static final String SECRET = "e2e-webhook-secret-0123456789abcdef";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("hostgap.notify.github.api-url", () -> GITHUB.url("/github"));
    }

    @LocalServerPort
    int port;
    @TempDir
    Path work;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPushAndAPullRequestAreMeasuredByTheAgentAndAnsweredOnTheCommit() throws Exception {
        // a repository with a base commit and a pull-request commit, each with the result file the command copies
        Path repo = work.resolve("engine");
        RevCommit base;
        RevCommit head;
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("master").call()) {
            Files.copy(Path.of("src/test/resources/jmh/array-sum.json"), repo.resolve("jmh-result.json"));
            git.add().addFilepattern(".").call();
            base = git.commit().setMessage("base").setAuthor("t", "t@example.org").setCommitter("t", "t@example.org").call();
            Files.writeString(repo.resolve("README"), "a change\n");
            git.add().addFilepattern(".").call();
            head = git.commit().setMessage("the change").setAuthor("t", "t@example.org").setCommitter("t", "t@example.org").call();
        }
        String repoUrl = repo.toUri().toString(); // file:///…/engine/
        String project = "e2e-" + Long.toHexString(System.nanoTime());
        call("POST", "/api/v1/projects", PlatformTest.ADMIN_TOKEN,
                "{\"name\":\"" + project + "\",\"repoUrl\":\"" + repoUrl + "\",\"defaultBranch\":\"master\"}", 201);
        call("PUT", "/api/v1/projects/" + project + "/ci", PlatformTest.ADMIN_TOKEN, "{\"webhookSecret\":\"" + SECRET
                + "\",\"benchmarkCommand\":\"cp jmh-result.json hostgap-result.json\",\"runnerLabels\":[\"e2e\"],"
                + "\"statusRepository\":\"Codertocat/Hello-World\"}", 200);
        String runnerToken = JSON.readTree(call("POST", "/api/v1/runners", PlatformTest.ADMIN_TOKEN,
                "{\"name\":\"" + project + "-node\",\"labels\":[\"e2e\"]}", 201)).get("token").asString();

        // GitHub's recorded push, for this repository and the base commit
        String push = fixture("push.with-new-branch.json", repoUrl)
                .replace("6113728f27ae82c7b1a177c8d03f9e96e0adf246", base.getName());
        webhook("push", "e2e-push-" + project, push, 1);
        String status = "/github/repos/Codertocat/Hello-World/statuses/";
        // queued: the commit is pending until it is measured and judged
        await().atMost(Duration.ofSeconds(60)).until(() -> !GITHUB.received("POST", status + base.getName()).isEmpty());
        assertThat(GITHUB.received("POST", status + base.getName()).get(0).body()).contains("\"state\":\"pending\"");
        assertThat(agentOnce(runnerToken)).as("agent exit code").isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> GITHUB.received("POST", status + base.getName()).stream()
                .anyMatch(r -> r.body().contains("\"state\":\"success\"") && r.body().contains("\"context\":\"hostgap\"")));

        // GitHub's recorded pull request #2, its head the change and its base the measured commit
        String pullRequest = fixture("pull_request.opened.json", repoUrl)
                .replace("ec26c3e57ca3a959ca5aad62de7213c562f8c821", head.getName())
                .replace("f95f852bd8fca8fcc58a9a2d6c842781e32a215e", base.getName());
        webhook("pull_request", "e2e-pr-" + project, pullRequest, 3);
        // the push set the project up: repeats of the base calibrate its noise (queued first, so measured first),
        // then the head's three measurements; the pull request is answered once both are in
        int agentRuns = 0;
        while (!queueDrained(project) && agentRuns < 40) {
            assertThat(agentOnce(runnerToken)).as("agent run " + ++agentRuns).isZero();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> GITHUB.received("POST", status + head.getName()).stream()
                .anyMatch(r -> r.body().contains("\"state\":\"success\""))
                && !GITHUB.received("POST", "/github/repos/Codertocat/Hello-World/issues/2/comments").isEmpty());
        var comment = GITHUB.received("POST", "/github/repos/Codertocat/Hello-World/issues/2/comments").get(0);
        assertThat(comment.body()).contains("demo.ArraySum.sum");
        assertThat(comment.header("Authorization")).as("HTTP/2 lower-cases header names").isEqualTo("Bearer gh-e2e-token");

        String jobs = call("GET", "/api/v1/projects/" + project + "/jobs", null, null, 200);
        assertThat(JSON.readTree(jobs)).allSatisfy(job -> assertThat(job.get("state").asString()).isEqualTo("completed"));
        Map<String, Long> byTrigger = new java.util.TreeMap<>();
        JSON.readTree(jobs).forEach(job -> byTrigger.merge(job.get("trigger").asString(), 1L, Long::sum));
        assertThat(byTrigger).isEqualTo(Map.of("push", 1L, "calibrate", 20L, "pull_request", 3L));
    }

    /** Whether the project has jobs and none of them waits to be measured. */
    private boolean queueDrained(String project) throws Exception {
        var jobs = JSON.readTree(call("GET", "/api/v1/projects/" + project + "/jobs", null, null, 200));
        boolean[] waiting = {false};
        jobs.forEach(job -> waiting[0] |= !job.get("state").asString().equals("completed"));
        return !jobs.isEmpty() && !waiting[0];
    }

    /**
     * The agent as an operator runs it: its token in a file only it can read. Jobs run in the sandbox
     * where bubblewrap is installed (CI installs it), as every job does in production; elsewhere with
     * the explicit opt-out, so the loop is still tested on a developer machine without it.
     */
    private int agentOnce(String token) {
        try {
            Path tokenFile = work.resolve("runner-token");
            Files.writeString(tokenFile, token + "\n");
            Files.setPosixFilePermissions(tokenFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            String isolation = bubblewrapInstalled() ? "sandbox" : "none";
            return HostgapRunner.execute("agent", "--server", "http://127.0.0.1:" + port, "--token-file", tokenFile.toString(),
                    "--isolation", isolation, "--labels", "e2e", "--work-dir", work.resolve("agent").toString(), "--once");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean bubblewrapInstalled() {
        return java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "bwrap")));
    }

    /** The fixture as GitHub sent it, with its repository URLs pointing at the local repository. */
    private static String fixture(String name, String repoUrl) throws Exception {
        return Files.readString(Path.of("src/test/resources/webhooks", name))
                .replace("https://github.com/Codertocat/Hello-World.git", repoUrl);
    }

    private void webhook(String event, String delivery, String body, int jobs) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/webhooks/github"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", event).header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(bytes)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(JSON.readTree(answer.body()).get("jobs")).as(answer.body()).hasSize(jobs);
    }

    private String call(String method, String path, String token, String body, int expected) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(expected);
        return answer.body();
    }
}
