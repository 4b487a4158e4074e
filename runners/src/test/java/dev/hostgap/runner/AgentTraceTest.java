package dev.hostgap.runner;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static dev.hostgap.runner.FakePlatform.reply;
import static org.assertj.core.api.Assertions.assertThat;

/** The agent sending the profiler traces a job's command leaves, against a fake platform on loopback. */
class AgentTraceTest {

    static final String TRACES = "/api/v1/jobs/42/traces";
    static final String COMPLETE = "/api/v1/jobs/42/complete";
    static final String FAIL = "/api/v1/jobs/42/fail";
    static final String STORED = "{\"runId\":\"r\",\"name\":\"n\",\"devices\":[{\"device\":\"cuda:0\",\"spanUs\":1000,"
            + "\"busyUs\":588,\"idlePercent\":41.2}]}";
    static final String WRITE_RESULT = "printf '%s' '" + AgentTest.RESULT + "' > hostgap-result.json";
    static final String WRITE_TWO_TRACES = "printf '{\"traceEvents\":[]}' > hostgap-trace-prefill.json"
            + " && head -c 200000 /dev/urandom | gzip > hostgap-trace-decode.json.gz";

    @TempDir
    Path tmp;
    FakePlatform platform;
    Path repo;
    String sha;
    StringWriter log = new StringWriter();

    @BeforeEach
    void setUp() throws Exception {
        platform = new FakePlatform();
        repo = tmp.resolve("origin");
        sha = commit("README", "a benchmark\n");
        platform.on("/api/v1/jobs/42/heartbeat", reply(200, "{\"leaseExpiresAt\":\"2030-01-01T00:00:00Z\"}"))
                .on(TRACES, reply(201, STORED))
                .on(COMPLETE, reply(200, "{\"jobId\":42,\"duplicate\":false}"))
                .on(FAIL, reply(200, "{\"state\":\"queued\"}"));
    }

    @AfterEach
    void tearDown() {
        platform.close();
    }

    @Test
    void uploadsEveryTraceByteForByteBeforeCompletingWithTheResult() throws Exception {
        runJob(WRITE_RESULT + " && " + WRITE_TWO_TRACES);

        List<FakePlatform.Request> traces = platform.requests(TRACES);
        assertThat(traces).extracting(r -> r.param("name")).containsExactly("decode", "prefill");
        assertThat(traces.get(0).bytes()).isEqualTo(Files.readAllBytes(checkoutDir().resolve("hostgap-trace-decode.json.gz")));
        assertThat(traces.get(1).bytes()).isEqualTo(Files.readAllBytes(checkoutDir().resolve("hostgap-trace-prefill.json")));
        assertThat(traces).allSatisfy(r -> {
            assertThat(r.contentType()).isEqualTo("application/octet-stream");
            assertThat(r.authorization()).isEqualTo("Bearer hgr_test");
        });
        List<String> runIds = traces.stream().map(r -> UUID.fromString(r.param("runId")).toString()).toList();
        assertThat(runIds).doesNotHaveDuplicates();
        List<String> order = platform.requests().stream().map(FakePlatform.Request::path)
                .filter(p -> p.equals(TRACES) || p.equals(COMPLETE)).toList();
        assertThat(order).containsExactly(TRACES, TRACES, COMPLETE);
        JsonNode complete = platform.requests(COMPLETE).get(0).json();
        assertThat(complete.path("result")).isEqualTo(Json.MAPPER.readTree(AgentTest.RESULT));
        assertThat(runIds).doesNotContain(complete.path("runId").asString());
        assertThat(log.toString()).contains("sent trace decode (hostgap-trace-decode.json.gz", "cuda:0 idle 41.2%");
    }

    @Test
    void completesATraceOnlyJobWithNoResultUnderTheFirstTracesRunId() throws Exception {
        runJob("printf '{}' > hostgap-trace.json && printf 'SQLite format 3' > hostgap-trace_b.sqlite");

        List<FakePlatform.Request> traces = platform.requests(TRACES);
        assertThat(traces).extracting(r -> r.param("name")).containsExactly("trace", "b");
        JsonNode complete = platform.requests(COMPLETE).get(0).json();
        assertThat(complete.has("result")).isTrue();
        assertThat(complete.path("result").isNull()).isTrue();
        assertThat(complete.path("runId").asString()).isEqualTo(traces.get(0).param("runId"));
        assertThat(platform.requests(FAIL)).isEmpty();
    }

    @Test
    void doesNotSendATraceThatLinksOutsideTheWorkTree() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.json"), "{\"token\":\"hgr_secret\"}");
        runJob(WRITE_RESULT + " && ln -s " + secret + " hostgap-trace-x.json");

        assertThat(platform.requests(TRACES)).isEmpty();
        assertThat(platform.requests(COMPLETE)).hasSize(1);
        assertThat(log.toString()).contains("not sending hostgap-trace-x.json: a symbolic link");
    }

    @Test
    void neverSendsATraceCommittedInTheRepositoryAsTheCommandsOwn() throws Exception {
        sha = commit("hostgap-trace-old.json", "{\"traceEvents\":[]}");
        runJob(WRITE_RESULT);

        assertThat(platform.requests(TRACES)).isEmpty();
        assertThat(platform.requests(COMPLETE)).hasSize(1);
    }

    @Test
    void failsWhenTheCommandLeavesNeitherAResultNorATrace() throws Exception {
        runJob("ln -s /etc/hostname hostgap-trace.json; echo measured nothing");

        String reason = platform.requests(FAIL).get(0).json().path("reason").asString();
        assertThat(reason).startsWith("the command left neither hostgap-result.json nor a hostgap-trace*.json[.gz]/*.sqlite file")
                .contains("hostgap-trace.json: a symbolic link", "measured nothing");
        assertThat(platform.requests(COMPLETE)).isEmpty();
    }

    @Test
    void failsTheJobWithThePlatformsDetailWhenATraceIsRefused() throws Exception {
        platform.on(TRACES, reply(422, "{\"title\":\"Unreadable trace\",\"status\":422,"
                + "\"detail\":\"the gzip stream ends early at byte 1024\"}"));
        runJob(WRITE_RESULT + " && " + WRITE_TWO_TRACES);

        assertThat(platform.requests(TRACES)).hasSize(1);
        assertThat(platform.requests(FAIL).get(0).json().path("reason").asString())
                .isEqualTo("the platform refused trace hostgap-trace-decode.json.gz: the gzip stream ends early at byte 1024");
        assertThat(platform.requests(COMPLETE)).isEmpty();
    }

    @Test
    void dropsTheJobWhenTheLeaseIsLostDuringATraceUpload() throws Exception {
        platform.on(TRACES, reply(409, "{\"title\":\"Lease lost\",\"status\":409}"));
        runJob(WRITE_RESULT + " && " + WRITE_TWO_TRACES);

        assertThat(platform.requests(TRACES)).hasSize(1);
        assertThat(platform.requests(FAIL)).isEmpty();
        assertThat(platform.requests(COMPLETE)).isEmpty();
    }

    @Test
    void retriesATraceAfterAServerErrorWithTheSameRunId() throws Exception {
        platform.on(TRACES, reply(503, "{}"), reply(201, STORED));
        runJob("printf '{\"traceEvents\":[1]}' > hostgap-trace-one.json");

        List<FakePlatform.Request> traces = platform.requests(TRACES);
        assertThat(traces).hasSize(2);
        assertThat(traces.get(1).param("runId")).isEqualTo(traces.get(0).param("runId"));
        assertThat(traces.get(1).body()).isEqualTo("{\"traceEvents\":[1]}");
        assertThat(platform.requests(COMPLETE).get(0).json().path("runId").asString()).isEqualTo(traces.get(0).param("runId"));
    }

    @Test
    void leavesTheJobWhenTheTraceCannotBeStoredAfterItsRetries() throws Exception {
        platform.on(TRACES, reply(503, "{}"));
        runJob(WRITE_RESULT + " && " + WRITE_TWO_TRACES);

        assertThat(platform.requests(TRACES)).hasSize(4); // the agent's client here tries 4 times
        assertThat(platform.requests(FAIL)).isEmpty();
        assertThat(platform.requests(COMPLETE)).isEmpty();
    }

    @Test
    void streamsAFileOfSeveralMegabytesWithItsLength() throws Exception {
        runJob("head -c 6000000 /dev/urandom > hostgap-trace-big.sqlite");

        FakePlatform.Request trace = platform.requests(TRACES).get(0);
        byte[] file = Files.readAllBytes(checkoutDir().resolve("hostgap-trace-big.sqlite"));
        assertThat(file).hasSize(6_000_000);
        assertThat(trace.contentLength()).isEqualTo("6000000");
        assertThat(trace.bytes()).isEqualTo(file);
    }

    private void runJob(String command) throws Exception {
        platform.on("/api/v1/jobs/lease", reply(200, Json.MAPPER.writeValueAsString(Map.of("id", 42, "project", "demo",
                "repoUrl", repo.toUri().toString(), "sha", sha, "branch", "main", "command", command, "timeoutSeconds", 60,
                "leaseSeconds", 60, "attempt", 1))));
        JobClient client = new JobClient(new PlatformHttp(URI.create(platform.url()), "hgr_test"), 4, Duration.ofMillis(10));
        EnvironmentReport node = new EnvironmentReport("test-gpu", "1", "13.0", "jcuda-test", "17", "host", Map.of());
        new Agent(client, tmp.resolve("work"), List.of("h200"), () -> node, new PrintWriter(log), Duration.ofMillis(10),
                new NoIsolation(), List.of()).run(true);
    }

    private String commit(String file, String content) throws Exception {
        try (Git git = Files.exists(repo) ? Git.open(repo.toFile()) : Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve(file), content);
            git.add().addFilepattern(file).call();
            return git.commit().setMessage("add " + file).setAuthor("t", "t@example.com").setCommitter("t", "t@example.com")
                    .setSign(false).call().getName();
        }
    }

    private Path checkoutDir() throws Exception {
        try (var dirs = Files.list(tmp.resolve("work/repos"))) {
            return dirs.findFirst().orElseThrow();
        }
    }
}
