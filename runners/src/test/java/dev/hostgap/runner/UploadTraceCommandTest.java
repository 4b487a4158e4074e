package dev.hostgap.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.hostgap.runner.FakePlatform.reply;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code hostgap-runner upload-trace} against a fake platform on loopback. */
class UploadTraceCommandTest {

    static final String TRACES = "/api/v1/projects/demo/traces";

    @TempDir
    Path tmp;
    FakePlatform platform;
    Path trace;

    @BeforeEach
    void setUp() throws Exception {
        platform = new FakePlatform();
        byte[] bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        trace = Files.write(tmp.resolve("hostgap-trace-decode.json.gz"), bytes);
    }

    @AfterEach
    void tearDown() {
        platform.close();
    }

    @Test
    void streamsTheFileToTheCommitWithTheUploadTokenAndPrintsTheSummary() throws Exception {
        platform.on(TRACES, reply(201, "{\"name\":\"decode\",\"devices\":[]}"));

        var run = upload("--branch", "feature/x");

        assertThat(run.code()).isZero();
        FakePlatform.Request request = platform.requests(TRACES).get(0);
        assertThat(request.bytes()).isEqualTo(Files.readAllBytes(trace));
        assertThat(request.contentType()).isEqualTo("application/octet-stream");
        assertThat(request.authorization()).isEqualTo("Bearer hgp_upload");
        assertThat(List.of(request.param("sha"), request.param("branch"), request.param("name")))
                .containsExactly("abc123", "feature/x", "decode");
        assertThat(run.stdout()).contains("\"name\":\"decode\"");
    }

    @Test
    void retriesAServerErrorUnderTheSameRunId() throws Exception {
        platform.on(TRACES, reply(502, "{}"), reply(201, "{}"));

        assertThat(upload("--name", "step-2").code()).isZero();

        List<FakePlatform.Request> requests = platform.requests(TRACES);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).param("runId")).isNotBlank().isEqualTo(requests.get(1).param("runId"));
        assertThat(requests.get(1).param("name")).isEqualTo("step-2");
    }

    @Test
    void exitsWithTheRefusalsDetailWithoutRetrying() throws Exception {
        platform.on(TRACES, reply(413, "{\"title\":\"Too large\",\"status\":413,\"detail\":\"the trace is larger than this platform takes\"}"));

        var run = upload();

        assertThat(run.code()).isEqualTo(ExitCode.SERVER_REJECTED);
        assertThat(run.stderr()).contains("the trace is larger than this platform takes");
        assertThat(platform.requests(TRACES)).hasSize(1);
    }

    @Test
    void refusesANameThePlatformCouldNotShow() {
        var run = upload("--name", "a/b");

        assertThat(run.code()).isEqualTo(ExitCode.USAGE);
        assertThat(platform.requests()).isEmpty();
    }

    private CommandLineTest.Captured upload(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("upload-trace", trace.toString(), "--project", "demo", "--sha", "abc123",
                "--server", platform.url(), "--token", "hgp_upload"));
        args.addAll(List.of(more));
        return CommandLineTest.capture(() -> HostgapRunner.execute(args.toArray(String[]::new)));
    }
}
