package dev.hostgap.runner;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

    CommandLineTest.Captured check(String wait) {
        return CommandLineTest.capture(() -> HostgapRunner.execute("check", "--server", platform.url(), "--project", "demo",
                "--base", BASE, "--head", HEAD, "--wait", wait, "--interval", "50ms"));
    }

    @Test
    void waitsUntilTheHeadIsJudgedThenPrintsTheTableAndExitsOneOnARegression() {
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
        assertThat(result.stderr()).contains("was not judged within", "no run of the head is stored yet");
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
    void countsAVerdictWithoutJudgedSeriesAsNotJudged() {
        assertThat(CheckCommand.judged(Json.MAPPER.readTree(verdict("insufficient_data", 0, 0)))).isFalse();
        assertThat(CheckCommand.judged(Json.MAPPER.readTree(verdict("pending", 0, 3)))).isFalse();
        assertThat(CheckCommand.judged(Json.MAPPER.readTree(verdict("unchanged", 0, 1)))).isTrue();
    }
}
