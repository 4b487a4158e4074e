package dev.hostgap.runner;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static dev.hostgap.runner.FakePlatform.reply;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code check} against scripted verdict and compare answers. */
class CheckCommandTest {

    static final String BASE = "b".repeat(40);
    static final String HEAD = "c".repeat(40);
    static final String VERDICT_PATH = "/api/v1/projects/demo/commits/" + HEAD + "/verdict";
    static final String UNKNOWN = "{\"type\":\"/problems/unknown-commit\",\"status\":404}";
    static final String TABLE = "| benchmark | change |\n| --- | --- |\n| launch.enqueue | +12.0% |";

    FakePlatform platform;

    @BeforeEach
    void setUp() throws Exception {
        platform = new FakePlatform().on("/api/v1/projects/demo/compare", reply(200, TABLE));
    }

    @AfterEach
    void tearDown() {
        platform.close();
    }

    static String verdict(String name, int regressions, int unchanged) {
        return "{\"sha\":\"" + HEAD + "\",\"verdict\":\"" + name + "\",\"regressions\":" + regressions
                + ",\"improvements\":0,\"unchanged\":" + unchanged + ",\"insufficientHistory\":0,\"insufficientData\":0}";
    }

    /** The verdict as a server with {@code state}, {@code summary} and {@code link} answers it. */
    static String stated(String state, String name, int regressions, int unchanged, String reason) {
        ObjectNode verdict = (ObjectNode) Json.MAPPER.readTree(verdict(name, regressions, unchanged));
        verdict.put("state", state).put("summary", name + ": " + regressions + " slower, " + unchanged + " unchanged")
                .put("link", "/projects/demo/commits/" + HEAD);
        if (reason != null) {
            verdict.put("reason", reason);
        }
        return verdict.toString();
    }

    CommandLineTest.Captured check(String wait) {
        return CommandLineTest.capture(() -> HostgapRunner.execute("check", "--server", platform.url(), "--project", "demo",
                "--base", BASE, "--head", HEAD, "--wait", wait, "--interval", "50ms"));
    }

    @Test
    void waitsUntilAServerWithoutStateHasJudgedTheHeadThenPrintsTheTableAndExitsOneOnARegression() {
        // no run yet (404), then a stored but unjudged run (every count 0), then the judgement
        platform.on(VERDICT_PATH, reply(404, UNKNOWN), reply(200, verdict("insufficient_data", 0, 0)),
                reply(200, verdict("regression", 1, 5)));

        var result = check("10s");

        assertThat(result.code()).isEqualTo(ExitCode.REGRESSION);
        assertThat(platform.requests(VERDICT_PATH)).hasSize(3);
        assertThat(result.stdout()).contains("| launch.enqueue | +12.0% |");
        var compare = platform.requests("/api/v1/projects/demo/compare").get(0);
        assertThat(compare.query()).isEqualTo("base=" + BASE + "&head=" + HEAD + "&format=markdown");
        assertThat(result.stderr()).contains("regression (1 regressions");
    }

    @Test
    void exitsZeroWhenTheHeadIsUnchanged() {
        platform.on(VERDICT_PATH, reply(200, verdict("unchanged", 0, 6)));

        var result = check("10s");

        assertThat(result.code()).isZero();
        assertThat(result.stdout()).contains("launch.enqueue");
    }

    @Test
    void exitsSevenWhenTheHeadIsNotJudgedInTime() {
        platform.on(VERDICT_PATH, reply(404, UNKNOWN));
        long started = System.nanoTime();

        var result = check("500ms");

        assertThat(result.code()).isEqualTo(ExitCode.NOT_JUDGED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(result.stderr()).contains("is still pending after", "no run of the head is stored yet");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void exitsFiveWhenTheServerNeverAnswers() {
        platform.on(VERDICT_PATH, reply(503, "{}"));

        var result = check("300ms");

        assertThat(result.code()).isEqualTo(ExitCode.SERVER_UNREACHABLE);
        assertThat(result.stderr()).contains("HTTP 503");
    }

    @Test
    void stopsAtOnceOnAnUnknownProject() {
        platform.on(VERDICT_PATH, reply(404, "{\"type\":\"/problems/unknown-project\",\"status\":404}"));

        var result = check("10s");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(platform.requests(VERDICT_PATH)).hasSize(1);
        assertThat(result.stderr()).contains("unknown-project");
    }

    @Test
    void keepsPollingWhileThePlatformSaysPendingThenPrintsTheSummaryOfTheJudgement() {
        // counts of an earlier run must not end the wait while the state says pending
        platform.on(VERDICT_PATH, reply(200, stated("pending", "unchanged", 0, 3, null)), reply(200, stated("pending", "unchanged", 0, 3, null)),
                reply(200, stated("judged", "improvement", 0, 5, null)));

        var result = check("10s");

        assertThat(result.code()).isZero();
        assertThat(platform.requests(VERDICT_PATH)).hasSize(3);
        assertThat(result.stderr()).contains("head " + HEAD + ": improvement: 0 slower, 5 unchanged (details: " + platform.url()
                + "/projects/demo/commits/" + HEAD + ")");
        assertThat(result.stdout()).contains("| launch.enqueue | +12.0% |");
    }

    @Test
    void exitsOneOnlyWhenTheJudgedVerdictIsARegression() {
        platform.on(VERDICT_PATH, reply(200, stated("judged", "regression", 2, 4, null)));

        var result = check("10s");

        assertThat(result.code()).isEqualTo(ExitCode.REGRESSION).isEqualTo(1);
        assertThat(result.stderr()).contains("regression: 2 slower, 4 unchanged");
    }

    @Test
    void showsAPullRequestsTableAgainstTheLevelOfTheBaseItWasJudgedAgainst() {
        ObjectNode judged = (ObjectNode) Json.MAPPER.readTree(stated("judged", "regression", 1, 4, null));
        judged.putObject("pullRequest").put("number", 7).put("baseSha", BASE);
        platform.on(VERDICT_PATH, reply(200, judged.toString()));

        var result = check("10s");

        assertThat(result.code()).isEqualTo(ExitCode.REGRESSION);
        assertThat(platform.requests("/api/v1/projects/demo/compare").get(0).query())
                .isEqualTo("base=" + BASE + "&head=" + HEAD + "&format=markdown&baseline=level");
        assertThat(result.stderr()).doesNotContain("note:");
    }

    @Test
    void namesTheBaseThePlatformJudgedAPullRequestAgainstWhenItIsNotTheOneGiven() {
        String recorded = "d".repeat(40);
        ObjectNode judged = (ObjectNode) Json.MAPPER.readTree(stated("judged", "unchanged", 0, 4, null));
        judged.putObject("pullRequest").put("number", 7).put("baseSha", recorded);
        platform.on(VERDICT_PATH, reply(200, judged.toString()));

        var result = check("10s");

        assertThat(result.code()).isZero();
        assertThat(platform.requests("/api/v1/projects/demo/compare").get(0).query())
                .isEqualTo("base=" + recorded + "&head=" + HEAD + "&format=markdown&baseline=level");
        assertThat(result.stderr()).contains("judged pull request #7 against base " + recorded + ", not --base " + BASE);
    }

    @Test
    void trustsAJudgedStateEvenWithoutAnySeries() {
        platform.on(VERDICT_PATH, reply(200, stated("judged", "insufficient_data", 0, 0, null)));

        var result = check("10s");

        assertThat(result.code()).isZero();
        assertThat(platform.requests(VERDICT_PATH)).hasSize(1);
    }

    @Test
    void exitsEightWithTheReasonAtOnceWhenThePlatformWillNotJudgeTheHead() {
        platform.on(VERDICT_PATH, reply(200, stated("pending", "insufficient_data", 0, 0, null)),
                reply(200, stated("error", "insufficient_data", 0, 0, "job 42 failed 3 times: checkout failed")));
        long started = System.nanoTime();

        var result = check("10s");

        assertThat(result.code()).isEqualTo(ExitCode.VERDICT_ERROR).isEqualTo(8);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(platform.requests(VERDICT_PATH)).hasSize(2);
        assertThat(result.stderr()).contains("will not be judged: job 42 failed 3 times: checkout failed", "/projects/demo/commits/" + HEAD);
        assertThat(platform.requests("/api/v1/projects/demo/compare")).isEmpty();
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void callsItPendingWhenTheWaitRunsOutWhileThePlatformSaysPending() {
        platform.on(VERDICT_PATH, reply(200, stated("pending", "insufficient_data", 0, 0, null)));

        var result = check("300ms");

        assertThat(result.code()).isEqualTo(ExitCode.NOT_JUDGED);
        assertThat(result.stderr()).contains("is still pending after 300 ms (insufficient_data: 0 slower, 0 unchanged)");
    }

    @Test
    void readsAServerWithoutStateByItsSeriesCounts() {
        assertThat(CheckCommand.State.of(Json.MAPPER.readTree(verdict("insufficient_data", 0, 0)))).isEqualTo(CheckCommand.State.PENDING);
        assertThat(CheckCommand.State.of(Json.MAPPER.readTree(verdict("pending", 0, 3)))).isEqualTo(CheckCommand.State.PENDING);
        assertThat(CheckCommand.State.of(Json.MAPPER.readTree(verdict("unchanged", 0, 1)))).isEqualTo(CheckCommand.State.JUDGED);
    }
}
