package dev.hostgap.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static dev.hostgap.runner.FakePlatform.reply;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent as a GPU node runs it ({@code hostgap-runner agent}) against a repository with a real
 * history: the first job on a new node is not the remote HEAD, later jobs reuse the clone.
 */
class AgentOnRealHistoryTest {

    static final String COMPLETE = "/api/v1/jobs/42/complete";
    static final String FAIL = "/api/v1/jobs/42/fail";
    static final String LEASE = "/api/v1/jobs/lease";

    @TempDir
    Path tmp;
    FakePlatform platform;
    ExampleRepository origin;

    @BeforeEach
    void setUp() throws Exception {
        origin = ExampleRepository.create(tmp.resolve("origin"));
        platform = new FakePlatform()
                .on("/api/v1/jobs/42/heartbeat", reply(200, "{\"leaseExpiresAt\":\"2030-01-01T00:00:00Z\"}"))
                .on(COMPLETE, reply(200, "{\"jobId\":42,\"duplicate\":false}"))
                .on(FAIL, reply(200, "{\"state\":\"queued\"}"));
    }

    @AfterEach
    void tearDown() {
        platform.close();
        origin.close();
    }

    @Test
    void checksOutExactlyTheFilesOfEachJobsCommitOnANewNodeAndInTheReusedClone() throws Exception {
        assertThat(origin.head()).isEqualTo(origin.sha("c10"));
        // a merge first (not HEAD, two parents), then newer, older, a fork's pull request head, a rename
        for (String commit : List.of("m7", "c10", "c2", "p1", "c4")) {
            platform.on(LEASE, reply(200, job(origin.sha(commit), ExampleRepository.LIST_FILES)));
            var run = agent("--once");

            assertThat(run.code()).as(commit).isZero();
            assertThat(platform.requests(FAIL)).as("%s: %s", commit, run.stderr()).isEmpty();
            List<FakePlatform.Request> completes = platform.requests(COMPLETE);
            JsonNode body = completes.get(completes.size() - 1).json();
            assertThat(body.path("result").path("files").asString()).as(commit).isEqualTo(origin.listing(commit));
            assertThat(strings(body.path("parents"))).as(commit).isEqualTo(origin.parents(commit));
            try (Git clone = Git.open(onlyClone().toFile())) {
                assertThat(clone.getRepository().getFullBranch()).as("detached at the commit").isEqualTo(origin.sha(commit));
            }
        }
        assertThat(origin.parents("m7")).containsExactly(origin.sha("c6"), origin.sha("f2"));
        assertThat(platform.requests(COMPLETE)).hasSize(5);
    }

    @Test
    void backsOffBetweenFailedJobsInsteadOfBurningEveryAttemptAtOnce() throws Exception {
        String job = job("0123456789abcdef0123456789abcdef01234567", "true");
        // three failing jobs, then a revoked token ends the agent
        platform.on(LEASE, reply(200, job), reply(200, job), reply(200, job), reply(401, "{}"));

        var run = agent("--failure-backoff", "200ms");

        assertThat(run.code()).isEqualTo(ExitCode.SERVER_REJECTED);
        List<FakePlatform.Request> fails = platform.requests(FAIL);
        List<FakePlatform.Request> leases = platform.requests(LEASE);
        assertThat(fails).hasSize(3);
        assertThat(leases).hasSize(4);
        for (int i = 0; i < 3; i++) {
            Duration pause = Duration.ofNanos(leases.get(i + 1).receivedNanos() - fails.get(i).receivedNanos());
            assertThat(pause).as("pause after failure %d", i + 1).isGreaterThanOrEqualTo(Duration.ofMillis(200L << i));
        }
        assertThat(fails.get(0).json().path("reason").asString()).startsWith("checkout failed: commit 0123456789ab");
        assertThat(run.stderr()).contains("next lease in 200 ms", "next lease in 400 ms", "next lease in 800 ms");
    }

    /** Runs {@code hostgap-runner agent} as a node does, on the same work directory every time. */
    private CommandLineTest.Captured agent(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("agent", "--server", platform.url(), "--token-file",
                TestTokens.file(tmp, "hgr_test").toString(), "--isolation", "none", "--work-dir", tmp.resolve("work").toString()));
        args.addAll(List.of(extra));
        return CommandLineTest.capture(() -> HostgapRunner.execute(args.toArray(String[]::new)));
    }

    private String job(String sha, String command) {
        return Json.MAPPER.writeValueAsString(Map.of("id", 42, "project", "demo", "repoUrl", origin.uri(), "sha", sha,
                "branch", "main", "command", command, "timeoutSeconds", 60, "leaseSeconds", 60, "attempt", 1));
    }

    private Path onlyClone() throws Exception {
        try (var dirs = Files.list(tmp.resolve("work/repos"))) {
            List<Path> clones = dirs.toList();
            assertThat(clones).hasSize(1);
            return clones.get(0);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }
}
