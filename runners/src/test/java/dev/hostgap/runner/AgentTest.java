package dev.hostgap.runner;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static dev.hostgap.runner.FakePlatform.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The agent against a fake platform on loopback and a real git repository in a temporary folder. */
class AgentTest {

    static final String RESULT = "{\"schemaVersion\":\"1.0\",\"results\":[{\"benchmark\":\"b\",\"samples\":[1.5]}]}";

    @TempDir
    Path tmp;
    FakePlatform platform;
    Path repo;
    String sha;

    @BeforeEach
    void setUp() throws Exception {
        platform = new FakePlatform();
        repo = tmp.resolve("origin");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("bench.sh"), "printf '%s' '" + RESULT + "' > hostgap-result.json\n");
            git.add().addFilepattern("bench.sh").call();
            sha = git.commit().setMessage("bench").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com")
                    .setSign(false).call().getName();
        }
        platform.on("/api/v1/jobs/{id}/heartbeat".replace("{id}", "42"), reply(200, "{\"leaseExpiresAt\":\"2030-01-01T00:00:00Z\"}"))
                .on("/api/v1/jobs/42/complete", reply(200, "{\"jobId\":42,\"duplicate\":false}"))
                .on("/api/v1/jobs/42/fail", reply(200, "{\"state\":\"queued\"}"));
    }

    @AfterEach
    void tearDown() {
        platform.close();
    }

    String job(String command, int timeoutSeconds, int leaseSeconds) {
        return Json.MAPPER.writeValueAsString(Map.of("id", 42, "project", "demo", "repoUrl", repo.toUri().toString(),
                "sha", sha, "branch", "main", "command", command, "timeoutSeconds", timeoutSeconds,
                "leaseSeconds", leaseSeconds, "attempt", 1, "pullRequest", Map.of("number", 7, "baseSha", sha)));
    }

    /** Without a sandbox: these tests are about leasing and reporting; AgentIsolationTest runs jobs in the sandbox. */
    CommandLineTest.Captured agentOnce(String command, int timeoutSeconds, int leaseSeconds) throws Exception {
        platform.on("/api/v1/jobs/lease", reply(200, job(command, timeoutSeconds, leaseSeconds)));
        String tokenFile = TestTokens.file(tmp, "hgr_test").toString();
        return CommandLineTest.capture(() -> HostgapRunner.execute("agent", "--server", platform.url(), "--token-file", tokenFile,
                "--isolation", "none", "--labels", "h200,cuda13", "--work-dir", tmp.resolve("work").toString(), "--once"));
    }

    @Test
    void checksOutTheJobsCommitRunsItsCommandAndCompletesWithTheResultAndEnvironment() throws Exception {
        var run = agentOnce("bash bench.sh", 60, 60);

        assertThat(run.code()).isZero();
        JsonNode lease = platform.requests("/api/v1/jobs/lease").get(0).json();
        assertThat(lease.path("labels").toString()).isEqualTo("[\"h200\",\"cuda13\"]");
        assertThat(lease.path("waitSeconds").asInt()).isEqualTo(20);
        assertThat(platform.requests("/api/v1/jobs/lease").get(0).authorization()).isEqualTo("Bearer hgr_test");
        List<FakePlatform.Request> completes = platform.requests("/api/v1/jobs/42/complete");
        assertThat(completes).hasSize(1);
        JsonNode body = completes.get(0).json();
        assertThat(UUID.fromString(body.path("runId").asString())).isNotNull();
        assertThat(body.path("result")).isEqualTo(Json.MAPPER.readTree(RESULT));
        assertThat(body.path("environment").path("host").asString()).isNotBlank();
        assertThat(body.path("environment").path("jvm").asString()).contains(String.valueOf(Runtime.version().feature()));
        assertThat(body.path("environment").has("gpu")).isTrue();
        assertThat(body.path("environment").path("attributes").isObject()).isTrue();
        assertThat(body.path("parents").isArray()).as("a root commit has no parents").isTrue();
        assertThat(body.path("parents")).isEmpty();
        assertThat(platform.requests("/api/v1/jobs/42/fail")).isEmpty();
        assertThat(run.stderr()).contains("leased job 42 demo sha " + sha.substring(0, 12), "completed job 42");
    }

    @Test
    void heartbeatsWhileTheCommandRuns() throws Exception {
        var run = agentOnce("sleep 1.5 && bash bench.sh", 60, 1);

        assertThat(run.code()).isZero();
        // a third of a one-second lease: about four beats in 1.5 s
        assertThat(platform.requests("/api/v1/jobs/42/heartbeat")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(platform.requests("/api/v1/jobs/42/complete")).hasSize(1);
    }

    @Test
    void failsWithTheExitCodeAndTheTailOfTheOutput() throws Exception {
        var run = agentOnce("for i in $(seq 1 2000); do echo noise $i; done; echo the-real-cause >&2; exit 3", 60, 60);

        assertThat(run.code()).isZero();
        JsonNode fail = platform.requests("/api/v1/jobs/42/fail").get(0).json();
        assertThat(fail.path("retry").asBoolean()).isTrue();
        String reason = fail.path("reason").asString();
        assertThat(reason).startsWith("the command exited with 3").contains("the-real-cause", "noise 2000")
                .doesNotContain("noise 1\n");
        assertThat(reason.length()).isLessThan(JobProcess.TAIL_BYTES + 200);
        assertThat(platform.requests("/api/v1/jobs/42/complete")).isEmpty();
    }

    @Test
    void killsTheWholeProcessTreeWhenTheJobTimesOut() throws Exception {
        var run = agentOnce("sleep 300 & echo $! > child.pid; wait", 1, 60);

        assertThat(run.code()).isZero();
        String reason = platform.requests("/api/v1/jobs/42/fail").get(0).json().path("reason").asString();
        assertThat(reason).startsWith("timed out after 1 s");
        long child = Long.parseLong(Files.readString(checkoutDir().resolve("child.pid")).strip());
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void failsWhenTheCommandWritesNoResultFile() throws Exception {
        agentOnce("echo measured nothing", 60, 60);

        String reason = platform.requests("/api/v1/jobs/42/fail").get(0).json().path("reason").asString();
        assertThat(reason).contains("left neither hostgap-result.json nor a hostgap-trace", "measured nothing");
    }

    @Test
    void failsWhenTheResultFileIsNotJson() throws Exception {
        agentOnce("echo 'not json' > hostgap-result.json", 60, 60);

        assertThat(platform.requests("/api/v1/jobs/42/fail").get(0).json().path("reason").asString())
                .startsWith("hostgap-result.json is not valid JSON");
    }

    @Test
    void failsWhenTheCommitCannotBeCheckedOut() throws Exception {
        sha = "0123456789abcdef0123456789abcdef01234567";
        agentOnce("bash bench.sh", 60, 60);

        assertThat(platform.requests("/api/v1/jobs/42/fail").get(0).json().path("reason").asString())
                .startsWith("checkout failed: commit " + sha + " is not in");
    }

    @Test
    void stopsTheCommandAndDropsTheJobWhenAHeartbeatAnswersLeaseLost() throws Exception {
        platform.on("/api/v1/jobs/42/heartbeat", reply(409, "{\"type\":\"/problems/lease-lost\"}"));
        long started = System.nanoTime();
        var run = agentOnce("sleep 30", 60, 1);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(run.stderr()).contains("lease-lost");
        assertThat(platform.requests("/api/v1/jobs/42/complete")).isEmpty();
        assertThat(platform.requests("/api/v1/jobs/42/fail")).isEmpty();
    }

    /**
     * The node's probe (JCuda, nvidia-smi) runs after the checkout's lease check and before the
     * command starts; a 409 heartbeat during it must still stop the command, not leave it running
     * to its timeout while the platform hands the job to another runner.
     */
    @Test
    void stopsTheCommandWhenTheLeaseIsLostWhileTheNodeIsProbed() throws Exception {
        String heartbeat = "/api/v1/jobs/42/heartbeat";
        platform.on("/api/v1/jobs/lease", reply(200, job("sleep 30", 60, 1)));
        EnvironmentReport node = new EnvironmentReport("test-gpu", "1", "13.0", "jcuda-test", "17", "host", Map.of());
        StringWriter log = new StringWriter();
        Agent agent = agent(() -> {
            platform.on(heartbeat, reply(409, "{\"type\":\"/problems/lease-lost\"}"));
            await().atMost(Duration.ofSeconds(10)).until(() -> log.toString().contains("heartbeat answered 409"));
            return node;
        }, log);
        long started = System.nanoTime();

        agent.run(true);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(log.toString()).contains("command killed, job dropped");
        assertThat(platform.requests("/api/v1/jobs/42/complete")).isEmpty();
        assertThat(platform.requests("/api/v1/jobs/42/fail")).isEmpty();
    }

    @Test
    void cleansTheCheckoutBetweenJobsAndReusesTheClone() throws Exception {
        agentOnce("touch leftover.txt; bash bench.sh", 60, 60);
        agentOnce("test ! -e leftover.txt && bash bench.sh", 60, 60);

        assertThat(platform.requests("/api/v1/jobs/42/complete")).hasSize(2);
        assertThat(Files.list(tmp.resolve("work/repos")).count()).isEqualTo(1);
    }

    @Test
    void retriesCompleteOnServerErrorsWithTheSameRunId() throws Exception {
        platform.on("/api/v1/jobs/lease", reply(200, job("bash bench.sh", 60, 60)))
                .on("/api/v1/jobs/42/complete", reply(503, "{}"), reply(502, "{}"), reply(200, "{\"duplicate\":false}"));
        Agent agent = agent();
        agent.run(true);

        List<FakePlatform.Request> completes = platform.requests("/api/v1/jobs/42/complete");
        assertThat(completes).hasSize(3);
        assertThat(completes).extracting(r -> r.json().path("runId").asString()).containsOnly(completes.get(0).json().path("runId").asString());
    }

    @Test
    void releasesTheRunningJobWithoutRetryOnShutdown() throws Exception {
        platform.on("/api/v1/jobs/lease", reply(200, job("sleep 30", 600, 60)));
        Agent agent = agent();
        Thread loop = new Thread(() -> {
            try {
                agent.run(false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        loop.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(tmp.resolve("work/logs/job-42.log")));

        long started = System.nanoTime();
        agent.shutdown(Duration.ofSeconds(8));
        loop.join(TimeUnit.SECONDS.toMillis(1));

        assertThat(loop.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        JsonNode fail = platform.requests("/api/v1/jobs/42/fail").get(0).json();
        assertThat(fail.path("reason").asString()).isEqualTo("runner shutting down");
        assertThat(fail.path("retry").asBoolean()).isFalse();
        assertThat(platform.requests("/api/v1/jobs/lease")).hasSize(1);
    }

    private Agent agent() {
        EnvironmentReport node = new EnvironmentReport("test-gpu", "1", "13.0", "jcuda-test", "17", "host", Map.of());
        return agent(() -> node, new StringWriter());
    }

    private Agent agent(java.util.function.Supplier<EnvironmentReport> node, StringWriter log) {
        JobClient client = new JobClient(new PlatformHttp(java.net.URI.create(platform.url()), "hgr_test"), 4, Duration.ofMillis(10));
        return new Agent(client, tmp.resolve("work"), List.of("h200"), node, new PrintWriter(log, true),
                Duration.ofMillis(10), new NoIsolation(), List.of());
    }

    private Path checkoutDir() throws Exception {
        try (var dirs = Files.list(tmp.resolve("work/repos"))) {
            return dirs.findFirst().orElseThrow();
        }
    }
}
