package dev.hostgap.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.hostgap.runner.FakePlatform.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Issue 24: the real agent runs a hostile benchmark that hunts for the runner's token wherever a job
 * could look (its environment, every readable {@code /proc/<pid>/environ} and {@code cmdline}, its
 * home, {@code /tmp}, the token file's usual path, the directories above its work tree) and sends
 * what it found back as its result. In the sandbox it finds nothing; without one it finds the token,
 * which shows the hunt would catch a leak. In CI ({@code CI=true}) a missing sandbox fails the test.
 */
class AgentIsolationTest {

    static final String LEASE = "/api/v1/jobs/lease";
    static final String COMPLETE = "/api/v1/jobs/42/complete";
    static final String FAIL = "/api/v1/jobs/42/fail";
    /** What bash sets by itself, beside what the agent passes. */
    static final Set<String> SHELL_VARIABLES = Set.of("PWD", "OLDPWD", "SHLVL", "_");

    @TempDir
    Path tmp;
    FakePlatform platform;
    final String token = "hgr_" + UUID.randomUUID().toString().replace("-", "");
    Path tokenFile;
    Path repo;
    String sha;

    @BeforeEach
    void setUp() throws Exception {
        tokenFile = TestTokens.file(tmp, token);
        Files.writeString(tmp.resolve("secret.json"), "{\"stolen\":\"secret-marker-7f3a\"}");
        repo = tmp.resolve("origin");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("hunt.sh"), huntScript(tokenFile));
            git.add().addFilepattern("hunt.sh").call();
            sha = git.commit().setMessage("a hostile benchmark").setAuthor("t", "t@example.com")
                    .setCommitter("t", "t@example.com").setSign(false).call().getName();
        }
        platform = new FakePlatform()
                .on("/api/v1/jobs/42/heartbeat", reply(200, "{\"leaseExpiresAt\":\"2030-01-01T00:00:00Z\"}"))
                .on(COMPLETE, reply(200, "{\"jobId\":42,\"duplicate\":false}"))
                .on(FAIL, reply(200, "{\"state\":\"queued\"}"));
    }

    @AfterEach
    void tearDown() {
        platform.close();
    }

    @Test
    void aSandboxedJobFindsNoCredentialAnywhereItCanLook() throws Exception {
        requireSandbox();
        var run = agentOnce("bash hunt.sh", 60, "--isolation", "sandbox");

        assertThat(run.code()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("bubblewrap sandbox");
        assertThat(platform.requests(COMPLETE)).as(run.stderr()).hasSize(1);
        assertThat(Files.readString(workTree().resolve("hunt-checked.txt"))).as("the hunt ran").contains("environ files read: ");
        assertThat(Files.readString(workTree().resolve("hunt-findings.txt"))).as("anything token-like").isEmpty();
        assertThat(Files.readString(workTree().resolve("hunt-processes.txt"))).as("processes outside the job")
                .doesNotContain("java", "surefire");
        Set<String> allowed = new HashSet<>(JobEnvironment.PASSED);
        allowed.addAll(SHELL_VARIABLES);
        allowed.addAll(List.of("HOME", "HOSTGAP_JOB_ID", "HOSTGAP_PROJECT", "HOSTGAP_SHA", "HOSTGAP_BRANCH", "HOSTGAP_RESULT_FILE"));
        assertThat(Files.readAllLines(workTree().resolve("hunt-env.txt"))).isSubsetOf(allowed).contains("HOME", "HOSTGAP_SHA");
        assertNothingSentOrLoggedContains(token, run);
    }

    @Test
    void withoutIsolationTheSameHuntFindsTheTokenSoTheTestAboveCanFail() throws Exception {
        var run = agentOnce("bash hunt.sh", 60, "--isolation", "none");

        assertThat(run.stderr()).contains("WARNING: --isolation none");
        assertThat(Files.readString(workTree().resolve("hunt-findings.txt"))).contains(token);
        assertThat(Files.readString(workTree().resolve("hunt-processes.txt"))).as("the agent's JVM is in view").contains("java");
        String sent = platform.requests(COMPLETE).get(0).body();
        assertThat(sent).as("the job sends what it found as its result").contains(token);
    }

    @Test
    void refusesAResultFileThatIsASymbolicLinkWithoutReadingItsTarget() throws Exception {
        requireSandbox();
        var run = agentOnce("ln -s " + tmp.resolve("secret.json") + " hostgap-result.json", 60, "--isolation", "sandbox");

        assertThat(run.code()).isZero();
        assertThat(platform.requests(COMPLETE)).isEmpty();
        assertThat(platform.requests(FAIL).get(0).json().path("reason").asString())
                .startsWith("hostgap-result.json is a symbolic link");
        assertNothingSentOrLoggedContains("secret-marker-7f3a", run);
    }

    @Test
    void mountsASandboxPathReadOnlyAndNothingBesideIt() throws Exception {
        requireSandbox();
        Path tools = Files.createDirectories(tmp.resolve("tools"));
        Files.writeString(tools.resolve("version.txt"), "tool 1.0");
        var run = agentOnce("grep -q 'tool 1.0' " + tools.resolve("version.txt") + " && ! touch " + tools.resolve("new")
                + " && test ! -e " + tokenFile + " && test ! -e " + tmp.resolve("work/logs") + " && touch .git/poisoned 2>/dev/null;"
                + " test ! -e .git/poisoned && printf '[]' > hostgap-result.json", 60, "--isolation", "sandbox", "--sandbox-path", tools.toString());

        assertThat(platform.requests(FAIL)).as(run.stderr()).isEmpty();
        assertThat(platform.requests(COMPLETE)).hasSize(1);
        assertThat(tools.resolve("new")).doesNotExist();
    }

    @Test
    void killsTheWholeSandboxWhenTheJobTimesOut() throws Exception {
        requireSandbox();
        long started = System.nanoTime();
        var run = agentOnce("sleep 300 & sleep 301 & wait", 1, "--isolation", "sandbox");

        assertThat(run.code()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(platform.requests(FAIL).get(0).json().path("reason").asString()).startsWith("timed out after 1 s");
        assertThat(ProcessHandle.allProcesses().flatMap(p -> p.info().commandLine().stream()))
                .noneMatch(line -> line.contains("sleep 300") || line.contains("sleep 301"));
    }

    @Test
    void refusesATokenOnTheCommandLineOrInAFileOthersCanRead() throws Exception {
        var onCommandLine = CommandLineTest.capture(() -> HostgapRunner.execute("agent", "--server", platform.url(),
                "--token", token, "--token-file", tokenFile.toString(), "--isolation", "none", "--once"));
        assertThat(onCommandLine.code()).isEqualTo(ExitCode.USAGE);
        assertThat(onCommandLine.stderr()).contains("--token-file").doesNotContain(token);

        Files.setPosixFilePermissions(tokenFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        var readable = agentOnce("true", 60, "--isolation", "none");
        assertThat(readable.code()).isEqualTo(ExitCode.USAGE);
        assertThat(readable.stderr()).contains("can be read by group or others", "chmod 600").doesNotContain(token);
        assertThat(platform.requests(LEASE)).isEmpty();
    }

    @Test
    void refusesAnUnknownIsolation() throws Exception {
        var run = agentOnce("true", 60, "--isolation", "container");
        assertThat(run.code()).isEqualTo(ExitCode.USAGE);
        assertThat(run.stderr()).contains("--isolation is sandbox or none");
    }

    /** Every request body and header the platform received, and the agent's log. */
    private void assertNothingSentOrLoggedContains(String secret, CommandLineTest.Captured run) {
        for (String path : List.of(LEASE, COMPLETE, FAIL, "/api/v1/jobs/42/heartbeat")) {
            for (FakePlatform.Request request : platform.requests(path)) {
                assertThat(request.body()).as(path).doesNotContain(secret);
                if (!secret.equals(token)) {
                    assertThat(String.valueOf(request.authorization())).doesNotContain(secret);
                }
            }
        }
        assertThat(run.stdout() + run.stderr()).doesNotContain(secret);
    }

    private CommandLineTest.Captured agentOnce(String command, int timeoutSeconds, String... isolation) {
        platform.on(LEASE, reply(200, Json.MAPPER.writeValueAsString(Map.of("id", 42, "project", "demo",
                "repoUrl", repo.toUri().toString(), "sha", sha, "branch", "main", "command", command,
                "timeoutSeconds", timeoutSeconds, "leaseSeconds", 60, "attempt", 1))));
        List<String> args = new ArrayList<>(List.of("agent", "--server", platform.url(), "--token-file", tokenFile.toString(),
                "--work-dir", tmp.resolve("work").toString(), "--once"));
        args.addAll(List.of(isolation));
        return CommandLineTest.capture(() -> HostgapRunner.execute(args.toArray(String[]::new)));
    }

    private Path workTree() throws Exception {
        try (var dirs = Files.list(tmp.resolve("work/repos"))) {
            return dirs.findFirst().orElseThrow();
        }
    }

    /** Outside CI a node without bubblewrap skips with the reason; in CI that is a failure of the CI setup. */
    static void requireSandbox() {
        try {
            Bubblewrap.find(List.of());
        } catch (Bubblewrap.Unavailable e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI must run this test in a sandbox, but " + e.getMessage()
                        + ". .ci/run must install bubblewrap (apt-get install bubblewrap) and allow unprivileged user namespaces");
            }
            abort("no sandbox on this machine: " + e.getMessage());
        }
    }

    /**
     * What a hostile contributor's benchmark does: collect everything that looks like a runner token,
     * keep notes for the test, and send the loot back inside a valid result.
     */
    static String huntScript(Path tokenFile) {
        return """
                #!/usr/bin/env bash
                pattern='hgr''_[A-Za-z0-9]+'
                tree=$(pwd)
                : > hunt-findings.txt
                env | grep -aoE "$pattern" | sed 's/^/env: /' >> hunt-findings.txt
                environs=0
                for f in /proc/[0-9]*/environ /proc/[0-9]*/cmdline; do
                  if tr '\\0' '\\n' < "$f" > /dev/null 2>&1; then
                    case "$f" in *environ) environs=$((environs + 1));; esac
                    tr '\\0' '\\n' < "$f" 2>/dev/null | grep -aoE "$pattern" | sed "s|^|$f: |" >> hunt-findings.txt
                  fi
                done
                grep -aoE "$pattern" TOKEN_FILE 2>/dev/null | sed 's/^/token file: /' >> hunt-findings.txt
                dir=$(dirname "$tree")
                places=("$HOME" /tmp)
                while [ "$dir" != / ]; do places+=("$dir"); dir=$(dirname "$dir"); done
                for place in "${places[@]}"; do
                  timeout 30 grep -raoE --exclude-dir=.git "$pattern" "$place" 2>/dev/null | grep -v '^'"$tree"'/' | sed "s|^|$place: |" >> hunt-findings.txt
                done
                echo "environ files read: $environs" > hunt-checked.txt
                echo "places searched: ${places[*]}" >> hunt-checked.txt
                for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < "$f" 2>/dev/null; echo; done > hunt-processes.txt
                env | cut -d= -f1 | sort > hunt-env.txt
                sort -u -o hunt-findings.txt hunt-findings.txt
                loot=$(tr '\\n' ' ' < hunt-findings.txt | tr -cd 'A-Za-z0-9_:/. -')
                printf '{"schemaVersion":"1.0","results":[{"benchmark":"b","samples":[1.5]}],"environment":{"attributes":{"loot":"%s"}}}' \\
                  "$loot" > hostgap-result.json
                """.replace("TOKEN_FILE", "'" + tokenFile + "'");
    }
}
