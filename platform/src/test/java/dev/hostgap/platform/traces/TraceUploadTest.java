package dev.hostgap.platform.traces;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Profiler traces uploaded over HTTP, with real PyTorch traces recorded on an H100
 * (docs/gpu/2026-12-07-traces: a small model run eagerly, and the same with a `.item()` check per step).
 * The idle figures are those that directory's record_traces.py computed independently of hostgap.
 */
@PlatformTest
class TraceUploadTest {

    static final Path GPU_TRACES = Path.of("..", "docs", "gpu", "2026-12-07-traces");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TraceRetention retention;

    @Test
    void aRealTraceBecomesARunWhoseIdlePercentIsTheDefinitionsAndWhoseFileIsKept() throws Exception {
        String project = new Api(mvc).newProject("traces");
        byte[] file = Files.readAllBytes(GPU_TRACES.resolve("eager-1.json.gz"));
        String runId = UUID.randomUUID().toString();

        var created = mvc.perform(upload(project, Api.sha(1), "decode", file).param("runId", runId).param("branch", "main"))
                .andReturn().getResponse();
        assertThat(created.getStatus()).as(created.getContentAsString()).isEqualTo(201);
        JsonNode answer = JSON.readTree(created.getContentAsString());
        assertThat(answer.get("runId").asString()).isEqualTo(runId);
        assertThat(answer.get("format").asString()).isEqualTo("kineto");
        assertThat(answer.get("steps").asInt()).isEqualTo(6);
        JsonNode device = answer.get("devices").get(0);
        assertThat(device.get("device").asString()).isEqualTo("cuda:0");
        assertThat(device.get("idlePercent").asDouble()).isCloseTo(87.13739407319684, within(0.01));
        assertThat(device.get("spanUs").asDouble()).isCloseTo(12451.708984375, within(0.01));
        assertThat(device.get("busyUs").asDouble()).isCloseTo(1601.6142578125, within(0.01));

        JsonNode run = JSON.readTree(mvc.perform(get("/api/v1/runs/" + runId)).andReturn().getResponse().getContentAsString());
        assertThat(run.get("results")).as("one series per measure of the device").hasSize(TraceSeries.MEASURES.size());
        assertThat(jdbc.sql("select source from run where id = ?::uuid").param(runId).query(String.class).single()).isEqualTo("trace");
        JsonNode idle = java.util.stream.StreamSupport.stream(run.get("results").spliterator(), false)
                .filter(r -> r.get("metric").asString().equals("idle_percent")).findFirst().orElseThrow();
        assertThat(idle.get("samples")).as("one sample per profiler step").hasSize(6);

        JsonNode trace = JSON.readTree(mvc.perform(get("/api/v1/runs/" + runId + "/trace")).andReturn().getResponse().getContentAsString());
        assertThat(trace.get("name").asString()).isEqualTo("decode");
        assertThat(trace.at("/summary/timeline/lanes").size()).as("CPU threads and GPU streams of one step").isGreaterThan(1);
        assertThat(trace.at("/summary/devices/0/gapCauses").size()).isPositive();

        var download = mvc.perform(get("/api/v1/runs/" + runId + "/trace/file")).andReturn().getResponse();
        assertThat(download.getStatus()).isEqualTo(200);
        assertThat(download.getContentAsByteArray()).as("the file as it was sent").isEqualTo(file);
        assertThat(download.getHeader("Content-Disposition")).contains("hostgap-trace-decode.json.gz");
    }

    @Test
    void theSameRunIdAgainAnswersTheSameRunAndAnotherFileUnderItIsAConflict() throws Exception {
        String project = new Api(mvc).newProject("traces-again");
        byte[] file = Files.readAllBytes(GPU_TRACES.resolve("eager-2.json.gz"));
        String runId = UUID.randomUUID().toString();
        assertThat(mvc.perform(upload(project, Api.sha(1), "decode", file).param("runId", runId)).andReturn().getResponse().getStatus())
                .isEqualTo(201);
        var again = mvc.perform(upload(project, Api.sha(1), "decode", file).param("runId", runId)).andReturn().getResponse();
        assertThat(again.getStatus()).isEqualTo(200);
        assertThat(JSON.readTree(again.getContentAsString()).get("duplicate").asBoolean()).isTrue();
        var other = mvc.perform(upload(project, Api.sha(1), "decode", Files.readAllBytes(GPU_TRACES.resolve("eager-3.json.gz")))
                .param("runId", runId)).andReturn().getResponse();
        assertThat(other.getStatus()).isEqualTo(409);
        assertThat(counts(project)).isEqualTo(new long[] {1, 1, 1});
    }

    @Test
    void aTruncatedOrForeignFileIsRefusedWithTheReasonAndStoresNothing() throws Exception {
        String project = new Api(mvc).newProject("traces-bad");
        byte[] file = Files.readAllBytes(GPU_TRACES.resolve("sync-1.json.gz"));
        for (byte[] bad : new byte[][] {Arrays.copyOf(file, file.length / 2), "{\"traceEvents\": [".getBytes(),
                "not a trace".getBytes(), "{\"traceEvents\": []}".getBytes()}) {
            var refused = mvc.perform(upload(project, Api.sha(1), "decode", bad)).andReturn().getResponse();
            assertThat(refused.getStatus()).as(refused.getContentAsString()).isEqualTo(400);
            JsonNode problem = JSON.readTree(refused.getContentAsString());
            assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-trace");
            assertThat(problem.get("detail").asString()).endsWith("Nothing was stored.");
        }
        var empty = mvc.perform(upload(project, Api.sha(1), "decode", new byte[0])).andReturn().getResponse();
        assertThat(empty.getStatus()).isEqualTo(400);
        assertThat(counts(project)).as("runs, traces, commits").isEqualTo(new long[] {0, 0, 0});
    }

    /** The size cap itself is tested on the filter (support/TraceBodyLimitTest): MockMvc cannot claim a 10 GB body. */
    @Test
    void aBadNameOrTokenIsRefusedBeforeTheBodyIsRead() throws Exception {
        String project = new Api(mvc).newProject("traces-cap");
        byte[] file = Files.readAllBytes(GPU_TRACES.resolve("eager-1.json.gz"));
        assertThat(mvc.perform(upload(project, Api.sha(1), "../etc", file)).andReturn().getResponse().getStatus()).isEqualTo(400);
        var anonymous = post("/api/v1/projects/" + project + "/traces").param("sha", Api.sha(1)).param("name", "decode")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).content(file);
        assertThat(mvc.perform(anonymous).andReturn().getResponse().getStatus()).isEqualTo(401);
        String other = new Api(mvc).newProject("traces-cap-other");
        String otherToken = JSON.readTree(mvc.perform(post("/api/v1/projects/" + other + "/tokens")
                .header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"ci\"}")).andReturn().getResponse().getContentAsString()).get("token").asString();
        var foreign = mvc.perform(post("/api/v1/projects/" + project + "/traces").param("sha", Api.sha(1)).param("name", "decode")
                .header("Authorization", "Bearer " + otherToken).contentType(MediaType.APPLICATION_OCTET_STREAM).content(file))
                .andReturn().getResponse();
        assertThat(foreign.getStatus()).isEqualTo(403);
        assertThat(counts(project)).isEqualTo(new long[] {0, 0, 0});
    }

    @Test
    void theCompareOfTwoCommitsSaysHowTheIdleTimeMovedAndAfterWhichOperator() throws Exception {
        String project = new Api(mvc).newProject("traces-compare");
        mvc.perform(upload(project, Api.sha(1), "decode", Files.readAllBytes(GPU_TRACES.resolve("eager-1.json.gz"))).param("branch", "main"));
        mvc.perform(upload(project, Api.sha(2), "decode", Files.readAllBytes(GPU_TRACES.resolve("sync-1.json.gz")))
                .param("branch", "main").param("parent", Api.sha(1)));
        var compared = mvc.perform(get("/api/v1/projects/" + project + "/traces/compare").param("base", Api.sha(1))
                .param("head", Api.sha(2)).param("name", "decode")).andReturn().getResponse();
        assertThat(compared.getStatus()).as(compared.getContentAsString()).isEqualTo(200);
        JsonNode device = JSON.readTree(compared.getContentAsString()).get("devices").get(0);
        assertThat(device.at("/head/synchronizations").asDouble()).as("the .item() check: one sync per step")
                .isGreaterThan(device.at("/base/synchronizations").asDouble());
        assertThat(device.at("/head/idleUs").asDouble()).isGreaterThan(device.at("/base/idleUs").asDouble());
        String top = device.at("/causes/0/operator").asString();
        assertThat(device.get("explanation").asString()).startsWith("+").contains("µs idle per step").contains("after " + top);
        assertThat(device.at("/causes/0/changeUs").asDouble()).isPositive();
    }

    @Test
    void aTracesFileIsDeletedAfterItsTimeAndItsFiguresAreKept() throws Exception {
        String project = new Api(mvc).newProject("traces-retention");
        String runId = UUID.randomUUID().toString();
        mvc.perform(upload(project, Api.sha(1), "decode", Files.readAllBytes(GPU_TRACES.resolve("graph-1.json.gz"))).param("runId", runId));
        jdbc.sql("update trace set raw_kept_until = now() - interval '1 second' where run_id = ?::uuid").param(runId).update();
        retention.dropExpiredFiles();
        var gone = mvc.perform(get("/api/v1/runs/" + runId + "/trace/file")).andReturn().getResponse();
        assertThat(gone.getStatus()).isEqualTo(404);
        assertThat(JSON.readTree(gone.getContentAsString()).get("detail").asString()).contains("figures and summary are kept");
        JsonNode trace = JSON.readTree(mvc.perform(get("/api/v1/runs/" + runId + "/trace")).andReturn().getResponse().getContentAsString());
        assertThat(trace.get("fileUrl").isNull()).isTrue();
        assertThat(trace.at("/summary/devices/0/idlePercent").asDouble()).isCloseTo(21.801792482325247, within(0.01));
        assertThat(jdbc.sql("select count(*) from trace_chunk where run_id = ?::uuid").param(runId).query(Long.class).single()).isZero();
    }

    private static MockHttpServletRequestBuilder upload(String project, String sha, String name, byte[] body) {
        return post("/api/v1/projects/" + project + "/traces").param("sha", sha).param("name", name)
                .header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                .contentType(MediaType.APPLICATION_OCTET_STREAM).content(body);
    }

    /** Runs, traces and commits of the project. */
    private long[] counts(String project) {
        return new long[] {
                jdbc.sql("select count(*) from run r join project p on p.id = r.project_id where p.name = ?").param(project).query(Long.class).single(),
                jdbc.sql("select count(*) from trace t join project p on p.id = t.project_id where p.name = ?").param(project).query(Long.class).single(),
                jdbc.sql("select count(*) from git_commit c join project p on p.id = c.project_id where p.name = ?").param(project).query(Long.class).single()};
    }
}
