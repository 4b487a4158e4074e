package dev.hostgap.platform.traces;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.PlatformTest;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * Trace uploads attacked as a hostile client would: path variants and tokens before the body, hostile
 * Kineto JSON and SQLite files, runId reuse and races, job traces without the lease, the download and
 * compare endpoints, and the spool files left behind. Every refusal must be a 4xx problem that stores
 * nothing, every valid file a clean 201, never a 500, a hang or a temp file left over. The slow attacks
 * (answers that never come) run last, in daemon threads, so a failing one does not hold up the others.
 */
@PlatformTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TraceAttackTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN = "Bearer " + PlatformTest.ADMIN_TOKEN;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    // ---------------------------------------------------------------- verified before parsed

    @Test
    @Order(1)
    void anUploadWithoutTheRightTokenIsRefusedOnEveryPathVariantBeforeItsBodyIsRead() throws Exception {
        String project = new Api(mvc).newProject("atk-auth");
        String other = new Api(mvc).newProject("atk-auth-other");
        String otherToken = projectToken(other);
        byte[] body = gzip(validTrace(3).getBytes(StandardCharsets.UTF_8));
        String query = "?sha=" + Api.sha(1) + "&name=decode";
        for (String path : List.of("/api/v1/projects/" + project + "/traces", "/%61pi/v1/projects/" + project + "/traces",
                "/api;x=1/v1/projects/" + project + "/traces", "/api/v1/projects/" + project + ";x=1/traces",
                "/api/v1/projects/" + project + "/traces;x=1", "/api//v1/projects/" + project + "/traces",
                "/api/v1/projects/" + project + "/traces/", "/api/v1/projects/" + project + "/%74races")) {
            MvcResult anonymous = mvc.perform(post(URI.create(path + query)).contentType(MediaType.APPLICATION_OCTET_STREAM)
                    .content(body)).andReturn();
            assertThat(anonymous.getResponse().getStatus()).as("anonymous " + path).isIn(401, 404);
            assertThat(bodyUntouched(anonymous, body.length)).as("anonymous " + path + ": body read").isTrue();

            MvcResult foreign = mvc.perform(post(URI.create(path + query)).header("Authorization", "Bearer " + otherToken)
                    .contentType(MediaType.APPLICATION_OCTET_STREAM).content(body)).andReturn();
            assertThat(foreign.getResponse().getStatus()).as("foreign token " + path).isIn(403, 404);
            assertThat(bodyUntouched(foreign, body.length)).as("foreign token " + path + ": body read").isTrue();

            MvcResult forged = mvc.perform(post(URI.create(path + query)).header("Authorization", "Bearer not-a-token")
                    .contentType(MediaType.APPLICATION_OCTET_STREAM).content(body)).andReturn();
            assertThat(forged.getResponse().getStatus()).as("forged token " + path).isIn(401, 404);
            assertThat(bodyUntouched(forged, body.length)).as("forged token " + path + ": body read").isTrue();
        }
        assertThat(counts(project)).isEqualTo(new long[] {0, 0, 0});
    }

    @Test
    @Order(1)
    void invalidParametersAreRefusedBeforeTheTraceIsRead() throws Exception {
        String project = new Api(mvc).newProject("atk-params");
        byte[] garbage = "this is not a trace at all".getBytes(StandardCharsets.UTF_8);
        // each is wrong whatever the body says: the answer must name the parameter, not the body (which is not read)
        SoftAssertions softly = new SoftAssertions();
        for (var bad : badParameters(project, garbage).entrySet()) {
            MvcResult result = mvc.perform(bad.getValue()).andReturn();
            MockHttpServletResponse response = result.getResponse();
            softly.assertThat(response.getStatus()).as(bad.getKey() + " → " + response.getContentAsString()).isIn(400, 422);
            softly.assertThat(type(response)).as(bad.getKey() + ": the parameter is wrong, whatever the body is → "
                    + response.getContentAsString()).isNotEqualTo("/problems/invalid-trace");
            softly.assertThat(bodyUntouched(result, garbage.length)).as(bad.getKey() + ": body read").isTrue();
        }
        softly.assertThat(counts(project)).isEqualTo(new long[] {0, 0, 0});
        softly.assertAll();
    }

    @Test
    @Order(1)
    void invalidParametersWithAValidTraceAreAProblemNotAServerError() throws Exception {
        String project = new Api(mvc).newProject("atk-params-valid");
        byte[] trace = gzip(validTrace(3).getBytes(StandardCharsets.UTF_8));
        SoftAssertions softly = new SoftAssertions();
        for (var bad : badParameters(project, trace).entrySet()) {
            MockHttpServletResponse response = mvc.perform(bad.getValue()).andReturn().getResponse();
            softly.assertThat(response.getStatus()).as(bad.getKey() + " → " + response.getContentAsString()).isIn(400, 422);
        }
        softly.assertThat(counts(project)).isEqualTo(new long[] {0, 0, 0});
        softly.assertAll();
    }

    private java.util.Map<String, MockHttpServletRequestBuilder> badParameters(String project, byte[] body) {
        var bad = new java.util.LinkedHashMap<String, MockHttpServletRequestBuilder>();
        bad.put("sha=not-a-sha", upload(project, "not-a-sha", "decode", body));
        bad.put("name=../../etc/passwd", upload(project, Api.sha(1), "../../etc/passwd", body));
        bad.put("runId=not-a-uuid", upload(project, Api.sha(1), "decode", body).param("runId", "not-a-uuid"));
        bad.put("pullRequest=0", upload(project, Api.sha(1), "decode", body).param("pullRequest", "0").param("baseSha", Api.sha(2)));
        bad.put("pullRequest without baseSha", upload(project, Api.sha(1), "decode", body).param("pullRequest", "3"));
        bad.put("parent=zz", upload(project, Api.sha(1), "decode", body).param("parent", "zz"));
        bad.put("parent=the commit itself", upload(project, Api.sha(1), "decode", body).param("parent", Api.sha(1)));
        var parents = upload(project, Api.sha(1), "decode", body);
        for (int i = 0; i < 20; i++) {
            parents.param("parent", Api.sha(100 + i));
        }
        bad.put("20 parents", parents);
        bad.put("branch with NUL", upload(project, Api.sha(1), "decode", body).param("branch", "main\u0000evil"));
        bad.put("branch of 5000 chars", upload(project, Api.sha(1), "decode", body).param("branch", "b".repeat(5000)));
        bad.put("gpu of 5000 chars", upload(project, Api.sha(1), "decode", body).param("gpu", "g".repeat(5000)));
        bad.put("gpu with NUL", upload(project, Api.sha(1), "decode", body).param("gpu", "H100\u0000"));
        bad.put("host with NUL", upload(project, Api.sha(1), "decode", body).param("host", "h\u0000"));
        bad.put("host of 5000 chars", upload(project, Api.sha(1), "decode", body).param("host", "h".repeat(5000)));
        return bad;
    }

    // ---------------------------------------------------------------- body size limits

    @Test
    @Order(1)
    void noOtherRouteBorrowsTheTraceSizeLimitThroughAPathVariant() throws Exception {
        String project = new Api(mvc).newProject("atk-size");
        byte[] big = new byte[17 << 20]; // over the 16 MB of max-body-size, far under the 2 GB of max-trace-size
        Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        for (String path : List.of("/api/v1/runs", "/%61pi/v1/runs", "/api;x=1/v1/runs", "/api/v1/runs;/projects/" + project + "/traces",
                "/api/v1/projects/" + project + "/traces/../../../runs", "/api/v1/projects/" + project + "/jobs",
                "/api/v1/projects/" + project + "/traces%2F..%2F..%2F..%2Fruns", "/api/v1/projects/" + project + "/traces/",
                "/api/v1/projects/" + project + "/traces/compare", "/api/v1/projects/" + project + "/thresholds",
                "/api/v1/jobs/1/complete", "/api/v1/runs/jmh")) {
            MockHttpServletResponse response = mvc.perform(post(URI.create(path)).header("Authorization", ADMIN)
                    .contentType(MediaType.APPLICATION_JSON).content(big)).andReturn().getResponse();
            assertThat(response.getStatus()).as(path + " → " + response.getContentAsString()).isIn(413, 404, 405);
        }
    }

    // ---------------------------------------------------------------- hostile Kineto JSON

    @Test
    @Order(2)
    void hostileJsonIsRefusedAsAnInvalidTraceAndStoresNothing() throws Exception {
        String project = new Api(mvc).newProject("atk-json");
        Set<String> spoolBefore = spoolFiles();
        String kernel = kernel("k", 0, 7, "100", "10", 1);
        StringBuilder deep = new StringBuilder("{\"traceEvents\": [");
        deep.append("[".repeat(100_000));
        List<String> hostile = new ArrayList<>(List.of(
                "{\"traceEvents\": {\"0\": " + kernel + "}}",
                "{\"traceEvents\": \"" + kernel.replace("\"", "\\\"") + "\"}",
                "{\"traceEvents\": null}",
                "{\"traceevents\": [" + kernel + "]}",
                deep.toString(),
                "{\"traceEvents\": [" + kernel.replace("\"ts\": 100", "\"ts\": 1e300") + "]}",
                "{\"traceEvents\": [" + kernel.replace("\"ts\": 100", "\"ts\": -1e300") + "]}",
                "{\"traceEvents\": [" + kernel.replace("\"ts\": 100", "\"ts\": \"NaN\"") + "]}",
                "{\"traceEvents\": [" + kernel.replace("\"ts\": 100", "\"ts\": NaN") + "]}",
                "{\"traceEvents\": [" + kernel.replace("\"ts\": 100", "\"ts\": Infinity") + "]}",
                "{\"traceEvents\": [" + kernel.replace("\"ts\": 100", "\"ts\": 123456789012345678901234567890") + "]}",
                "{\"traceEvents\": [" + kernel.replace("\"ts\": 100", "\"ts\": 9" + "9".repeat(200)) + "]}",
                "{\"traceEvents\": [" + kernel.replace("\"ts\": 100", "\"ts\": 1e-400") .replace("\"dur\": 10", "\"dur\": 1e400") + "]}",
                "{\"traceEvents\": [" + kernel.replace("\"dur\": 10", "\"dur\": -5") + "]}",
                "{\"traceEvents\": [" + kernel.replace("\"dur\": 10", "\"dur\": 86400000001") + "]}",
                "{\"traceEvents\": [" + kernel.replace("\"dur\": 10", "\"dur\": [10]") + "]}",
                "{\"traceEvents\": [" + kernel + "]} {\"traceEvents\": []}",
                "{\"traceEvents\": [" + kernel + "]",
                "[" + kernel + ",",
                "\"traceEvents\"",
                "  \n\t ",
                "{\"traceEvents\": [" + kernel.replace("\"name\": \"k\"", "\"name\": \"" + "n".repeat(1_500_000) + "\"") + "]}",
                "{\"traceEvents\": [" + kernel + "], \"" + "k".repeat(20_000) + "\": 1}"));
        hostile.add(manyThreads(5000));
        hostile.add(manyDevices(65));
        for (String json : hostile) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            for (byte[] sent : List.of(body, gzip(body))) {
                MockHttpServletResponse response = mvc.perform(upload(project, Api.sha(1), "decode", sent)).andReturn().getResponse();
                String what = abbreviate(json) + (sent == body ? "" : " (gzip)");
                assertThat(response.getStatus()).as(what + " → " + response.getContentAsString()).isEqualTo(400);
                assertThat(type(response)).as(what).isEqualTo("/problems/invalid-trace");
                assertThat(response.getContentAsString()).as(what + ": no server path, no class name")
                        .doesNotContain("/tmp").doesNotContain("Exception").doesNotContain(".upload");
            }
        }
        assertThat(counts(project)).isEqualTo(new long[] {0, 0, 0});
        assertThat(spoolFiles()).as("spool files left behind").isSubsetOf(spoolBefore);
    }

    @Test
    @Order(2)
    void oddButValidJsonIsStoredCleanly() throws Exception {
        String project = new Api(mvc).newProject("atk-odd");
        String kernel = kernel("k", 0, 7, "100", "10", 1);
        StringBuilder numbers = new StringBuilder();
        for (int i = 0; i < 1_000_000; i++) {
            numbers.append(i).append(',');
        }
        numbers.append('0');
        List<String> odd = List.of(
                // duplicated keys: the last one wins, as in every streaming reader
                "{\"traceEvents\": [" + kernel.replace("\"ts\": 100", "\"ts\": 5, \"ts\": 100") + "], \"traceEvents\": {}}",
                // the events as a top-level array, and numbers where events should be
                "[" + numbers + ", " + kernel + "]",
                "{\"huge\": [" + numbers + "], \"traceEvents\": [" + numbers + ", " + kernel + "]}",
                // absurd step numbers are not steps
                "{\"traceEvents\": [" + cpu("user_annotation", "ProfilerStep#99999999999999999999", "0", "1000") + ", "
                        + cpu("user_annotation", "ProfilerStep#-1", "0", "1000") + ", "
                        + cpu("user_annotation", "ProfilerStep#", "0", "1000") + ", "
                        + cpu("cpu_op", "ProfilerStep#2147483648", "0", "1000") + ", " + kernel + "]}",
                "{\"traceEvents\": [" + cpu("user_annotation", "ProfilerStep#2147483647", "0", "1000") + ", " + kernel + "]}",
                // device and stream numbers out of int range, strings, negative
                "{\"traceEvents\": [" + kernel.replace("\"device\": 0", "\"device\": 4294967297").replace("\"stream\": 7", "\"stream\": -9223372036854775808")
                        + ", " + kernel.replace("\"device\": 0", "\"device\": \"3\"") + ", "
                        + kernel.replace("\"device\": 0", "\"device\": 1e30") + ", " + kernel.replace("\"device\": 0", "\"device\": -1") + "]}",
                // times at the edges of the accepted range: ±4e15 µs, a day-long kernel
                "{\"traceEvents\": [" + kernel.replace("\"ts\": 100", "\"ts\": -4000000000000000") + ", "
                        + kernel.replace("\"ts\": 100", "\"ts\": 3999999913600000").replace("\"dur\": 10", "\"dur\": 86400000000") + "]}",
                // every call and kernel shares one correlation id
                "{\"traceEvents\": [" + cpu("cuda_runtime", "cudaLaunchKernel", "50", "5").replace("{}", "{\"correlation\": 5}") + ", "
                        + cpu("cuda_runtime", "cudaLaunchKernel", "60", "5").replace("{}", "{\"correlation\": 5}") + ", "
                        + kernel.replace("\"correlation\": 1", "\"correlation\": 5") + ", "
                        + kernel.replace("\"correlation\": 1", "\"correlation\": 5").replace("\"ts\": 100", "\"ts\": 120") + "]}");
        SoftAssertions softly = new SoftAssertions();
        for (String json : odd) {
            MockHttpServletResponse response = mvc.perform(upload(project, Api.sha(1), "decode", gzip(json.getBytes(StandardCharsets.UTF_8))))
                    .andReturn().getResponse();
            cleanAnswer(softly, abbreviate(json), response);
        }
        // read or refused, never a 500: an oversized string in a field never read, a byte-order mark
        for (String json : List.of("{\"traceEvents\": [" + kernel + "], \"x\": \"" + "a".repeat(2_000_000) + "\"}",
                "\uFEFF{\"traceEvents\": [" + kernel + "]}")) {
            MockHttpServletResponse response = mvc.perform(upload(project, Api.sha(4), "decode", json.getBytes(StandardCharsets.UTF_8)))
                    .andReturn().getResponse();
            cleanAnswer(softly, abbreviate(json), response);
        }
        // one trace as two gzip members, as `cat a.gz b.gz` makes
        byte[] whole = validTrace(3).getBytes(StandardCharsets.UTF_8);
        byte[] twoMembers = concat(gzip(Arrays.copyOf(whole, whole.length / 2)), gzip(Arrays.copyOfRange(whole, whole.length / 2, whole.length)));
        MockHttpServletResponse members = mvc.perform(upload(project, Api.sha(2), "decode", twoMembers)).andReturn().getResponse();
        softly.assertThat(members.getStatus()).as(members.getContentAsString()).isEqualTo(201);
        // a gzip member then junk: either read or refused, never a 500
        MockHttpServletResponse junk = mvc.perform(upload(project, Api.sha(3), "decode", concat(gzip(whole), "junk!junk!".getBytes())))
                .andReturn().getResponse();
        cleanAnswer(softly, "a gzip member then junk", junk);
        softly.assertAll();
    }

    /** A clean answer to a trace: 201, or 400 invalid-trace; never another problem about what the client did not send. */
    private static void cleanAnswer(SoftAssertions softly, String what, MockHttpServletResponse response) throws Exception {
        softly.assertThat(response.getStatus()).as(what + " → " + response.getContentAsString()).isIn(201, 400);
        if (response.getStatus() == 400) {
            softly.assertThat(type(response)).as(what).isEqualTo("/problems/invalid-trace");
        }
    }

    @Test
    @Order(2)
    void aTraceWhoseOnlyGpuActivityIsOutsideEveryStepIsRefused() throws Exception {
        String project = new Api(mvc).newProject("atk-outside");
        // two steps on the CPU, the only kernel long after both, launched outside any step
        String json = "{\"traceEvents\": [" + cpu("user_annotation", "ProfilerStep#1", "0", "100") + ", "
                + cpu("user_annotation", "ProfilerStep#2", "100", "100") + ", "
                + cpu("cuda_runtime", "cudaLaunchKernel", "500", "5").replace("{}", "{\"correlation\": 9}") + ", "
                + kernel("k", 0, 7, "1000", "50", 9) + "]}";
        MockHttpServletResponse response = mvc.perform(upload(project, Api.sha(1), "decode", json.getBytes(StandardCharsets.UTF_8)))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as("Traces.store means to refuse a trace with no GPU activity in a step; got "
                + response.getContentAsString()).isEqualTo(400);
        assertThat(type(response)).isEqualTo("/problems/invalid-trace");
        assertThat(counts(project)).isEqualTo(new long[] {0, 0, 0});
    }

    @Test
    @Order(2)
    void aStepWithoutGpuActivityIsNotRecordedAsAStepWithoutIdleTime() throws Exception {
        String project = new Api(mvc).newProject("atk-empty-step");
        // step 1 has two kernels with a 100 µs gap; steps 2 and 3 hold nothing at all
        String json = "{\"traceEvents\": [" + cpu("user_annotation", "ProfilerStep#1", "0", "1000") + ", "
                + cpu("user_annotation", "ProfilerStep#2", "1000", "1000") + ", "
                + cpu("user_annotation", "ProfilerStep#3", "2000", "1000") + ", "
                + kernel("a", 0, 7, "100", "100", 0) + ", " + kernel("b", 0, 7, "300", "100", 0) + "]}";
        String runId = UUID.randomUUID().toString();
        MockHttpServletResponse response = mvc.perform(upload(project, Api.sha(1), "decode", json.getBytes(StandardCharsets.UTF_8))
                .param("runId", runId)).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isIn(201, 400);
        if (response.getStatus() == 201) {
            JsonNode run = JSON.readTree(mvc.perform(get("/api/v1/runs/" + runId)).andReturn().getResponse().getContentAsString());
            JsonNode idle = java.util.stream.StreamSupport.stream(run.get("results").spliterator(), false)
                    .filter(r -> r.get("metric").asString().equals("idle_percent")).findFirst().orElseThrow();
            List<Double> samples = java.util.stream.StreamSupport.stream(idle.get("samples").spliterator(), false)
                    .map(JsonNode::asDouble).toList();
            // step 1 is 33% idle; a step where the GPU did nothing is not a step where it was never idle
            assertThat(samples).as("idle_percent samples " + samples).doesNotContain(0.0);
        }
    }

    @Test
    @Order(3)
    void manyDistinctNamesAreAnalysedWithoutFailing() throws Exception {
        String project = new Api(mvc).newProject("atk-names");
        byte[] body = gzipped(out -> {
            out.write("{\"traceEvents\": [".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 100_000; i++) {
                out.write((kernel("kernel_" + i + "_" + Integer.toHexString(i * 7919), 0, i % 8, Long.toString(i * 3L), "2", i + 1)
                        + ",\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write((kernel("last", 0, 0, "9999999", "1", 0) + "]}").getBytes(StandardCharsets.UTF_8));
        });
        MockHttpServletResponse response = mvc.perform(upload(project, Api.sha(1), "decode", body)).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
    }

    /**
     * A few hundred kB of gzip: 300 kernels each named with a 999,999-character name (the parser's string
     * limit). Each name is legal, but the step's timeline repeats it per kernel: 300 MB of summary JSON.
     */
    @Test
    @Order(4)
    void longNamesRepeatedInTheTimelineDoNotTurnASmallUploadIntoAServerError() throws Exception {
        String project = new Api(mvc).newProject("atk-long-names");
        String name = "n".repeat(999_999);
        byte[] body = gzipped(out -> {
            out.write("{\"traceEvents\": [".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 300; i++) {
                out.write((kernel(name, 0, 7, Long.toString(i * 10L), "5", 0) + (i < 299 ? ",\n" : "]}"))
                        .getBytes(StandardCharsets.UTF_8));
            }
        });
        assertThat(body.length).isLessThan(2 << 20);
        MockHttpServletResponse response = within(Duration.ofSeconds(60), () -> mvc.perform(upload(project, Api.sha(1), "decode", body))
                .andReturn().getResponse());
        assertThat(response.getStatus()).as(body.length + " bytes of gzip → " + abbreviate(response.getContentAsString())).isIn(201, 400);
        if (response.getStatus() == 201) {
            assertThat(jdbc.sql("select max(octet_length(summary::text)) from trace where project_id = (select id from project where name = ?)")
                    .param(project).query(Long.class).single()).as("summary bytes").isLessThan(16L << 20);
        }
    }

    /**
     * Thousands of empty profiler steps and a kernel on each of many devices: the summary keeps every
     * step of every device, so a few kB of gzip would become tens of MB stored and read back whole by
     * every GET of the trace. It must stay bounded (16 MB: what the API accepts in one body).
     */
    @Test
    @Order(5)
    void manyStepsTimesManyDevicesDoNotMakeAHugeSummary() throws Exception {
        String project = new Api(mvc).newProject("atk-steps");
        int devices = 32;
        int steps = 4000;
        byte[] body = gzipped(out -> {
            out.write("{\"traceEvents\": [".getBytes(StandardCharsets.UTF_8));
            for (int s = 0; s < steps; s++) {
                out.write((cpu("user_annotation", "ProfilerStep#" + s, Long.toString(s * 100L), "100") + ",\n").getBytes(StandardCharsets.UTF_8));
            }
            for (int d = 0; d < devices; d++) {
                out.write((kernel("k", d, 7, "10", "5", 0) + (d < devices - 1 ? ",\n" : "]}")).getBytes(StandardCharsets.UTF_8));
            }
        });
        String runId = UUID.randomUUID().toString();
        long started = System.nanoTime();
        MockHttpServletResponse response = within(Duration.ofSeconds(90), () -> mvc.perform(upload(project, Api.sha(1), "decode", body)
                .param("runId", runId)).andReturn().getResponse());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.getStatus()).as(body.length + " bytes of gzip, " + millis + " ms → " + abbreviate(response.getContentAsString()))
                .isIn(201, 400);
        if (response.getStatus() == 201) {
            long summaryBytes = jdbc.sql("select octet_length(summary::text) from trace where run_id = ?::uuid").param(runId)
                    .query(Long.class).single();
            assertThat(summaryBytes).as("summary of a " + body.length + "-byte upload, stored in " + millis + " ms")
                    .isLessThan(16L << 20);
        }
    }

    // ---------------------------------------------------------------- hostile SQLite

    @Test
    @Order(2)
    void hostileSqliteFilesAreRefusedAsInvalidTracesAndLeaveNoFileBehind() throws Exception {
        String project = new Api(mvc).newProject("atk-sqlite");
        Set<String> spoolBefore = spoolFiles();
        Path dir = Files.createTempDirectory("atk-sqlite");
        List<byte[]> hostile = new ArrayList<>();
        Random random = new Random(42);
        // the header, then junk
        byte[] junk = new byte[8192];
        random.nextBytes(junk);
        hostile.add(concat("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII), junk));
        hostile.add("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII));
        // a real export whose pages past the first are garbage
        byte[] corrupt = Files.readAllBytes(nsight(dir.resolve("corrupt.sqlite"), 2000, s -> { }));
        for (int i = 4096; i < corrupt.length; i++) {
            corrupt[i] = (byte) random.nextInt();
        }
        hostile.add(corrupt);
        // a real export whose first page (the schema) is garbage after the header
        byte[] schema = Files.readAllBytes(nsight(dir.resolve("schema.sqlite"), 10, s -> { }));
        for (int i = 100; i < 4096; i++) {
            schema[i] = (byte) random.nextInt();
        }
        hostile.add(schema);
        // views and triggers named like the CUPTI tables, over tables that do not exist
        hostile.add(Files.readAllBytes(sqlite(dir.resolve("views.sqlite"), s -> {
            s.execute("create table t (x)");
            s.execute("create view CUPTI_ACTIVITY_KIND_KERNEL as select * from missing_table");
            s.execute("drop table t");
        })));
        hostile.add(Files.readAllBytes(sqlite(dir.resolve("trigger.sqlite"), s -> {
            s.execute("create table t (x)");
            s.execute("create trigger CUPTI_ACTIVITY_KIND_KERNEL after insert on t begin select 1; end");
        })));
        hostile.add(Files.readAllBytes(sqlite(dir.resolve("columns.sqlite"), s ->
                s.execute("create table CUPTI_ACTIVITY_KIND_KERNEL (a, b, c)"))));
        // more devices than allowed, each with one kernel
        hostile.add(Files.readAllBytes(sqlite(dir.resolve("devices.sqlite"), s -> {
            kernelTable(s);
            for (int d = 0; d < 65; d++) {
                s.execute("insert into CUPTI_ACTIVITY_KIND_KERNEL values (" + (1000 + d) + ", " + (2000 + d) + ", " + d + ", 7, 0, 1, 1)");
            }
        })));
        // nothing but absurd times: end before start, negative, past the range, text, null
        hostile.add(Files.readAllBytes(sqlite(dir.resolve("times.sqlite"), s -> {
            kernelTable(s);
            s.execute("insert into CUPTI_ACTIVITY_KIND_KERNEL values (2000, 1000, 0, 7, 0, 1, 1)");
            s.execute("insert into CUPTI_ACTIVITY_KIND_KERNEL values (-5, 10, 0, 7, 0, 1, 1)");
            s.execute("insert into CUPTI_ACTIVITY_KIND_KERNEL values (0, 9223372036854775807, 0, 7, 0, 1, 1)");
        })));
        for (byte[] file : hostile) {
            for (byte[] sent : List.of(file, gzip(file))) {
                MockHttpServletResponse response = mvc.perform(upload(project, Api.sha(1), "decode", sent)).andReturn().getResponse();
                assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(400);
                assertThat(type(response)).isEqualTo("/problems/invalid-trace");
                assertThat(response.getContentAsString()).doesNotContain(System.getProperty("java.io.tmpdir") + "/")
                        .doesNotContain(".upload").doesNotContain(".sqlite");
            }
        }
        assertThat(counts(project)).isEqualTo(new long[] {0, 0, 0});
        assertThat(spoolFiles()).as("spool files left behind").isSubsetOf(spoolBefore);
    }

    @Test
    @Order(2)
    void oddButValidSqliteIsStoredCleanly() throws Exception {
        String project = new Api(mvc).newProject("atk-sqlite-odd");
        Path dir = Files.createTempDirectory("atk-sqlite-odd");
        byte[] odd = Files.readAllBytes(sqlite(dir.resolve("odd.sqlite"), s -> {
            kernelTable(s);
            s.execute("insert into CUPTI_ACTIVITY_KIND_KERNEL values (1000, 2000, 1099511627776, 7, 5, 1, 1)"); // device past int
            s.execute("insert into CUPTI_ACTIVITY_KIND_KERNEL values (1000, 2000, 'abc', 'def', 'ghi', 99, 99)"); // text, dangling name
            s.execute("insert into CUPTI_ACTIVITY_KIND_KERNEL values (0, 4000000000000000000, -1, null, null, null, null)");
            s.execute("create table CUPTI_ACTIVITY_KIND_RUNTIME (start, \"end\", globalTid, correlationId, nameId)");
            s.execute("insert into CUPTI_ACTIVITY_KIND_RUNTIME values (900, 950, -1, 5, 12345)");
            s.execute("insert into CUPTI_ACTIVITY_KIND_RUNTIME values (900, 950, 9223372036854775807, 5, null)");
            s.execute("create table NVTX_EVENTS (start, \"end\", globalTid, text)");
            s.execute("insert into NVTX_EVENTS values (0, 5000, 1, 'ProfilerStep#1')");
            s.execute("insert into NVTX_EVENTS values (0, null, 1, 'open range')");
            s.execute("insert into NVTX_EVENTS values (0, 10, 1, null)");
        }));
        MockHttpServletResponse response = mvc.perform(upload(project, Api.sha(1), "decode", odd)).andReturn().getResponse();
        SoftAssertions softly = new SoftAssertions();
        cleanAnswer(softly, "odd SQLite", response);
        softly.assertAll();
    }

    /** A database in WAL mode makes SQLite create -wal and -shm files beside the one it opens, even read-only. */
    @Test
    @Order(2)
    void aWalModeExportLeavesNoFileBehindInTheSpoolDirectory() throws Exception {
        String project = new Api(mvc).newProject("atk-wal");
        Path dir = Files.createTempDirectory("atk-wal");
        Set<String> before = spoolFiles();
        Path file = nsight(dir.resolve("wal.sqlite"), 10, s -> s.execute("pragma journal_mode=WAL"));
        byte[] wal = Files.readAllBytes(file);
        for (byte[] sent : List.of(wal, gzip(wal))) {
            MockHttpServletResponse response = mvc.perform(upload(project, Api.sha(1), "decode", sent)).andReturn().getResponse();
            assertThat(response.getStatus()).as(response.getContentAsString()).isIn(201, 200, 400);
        }
        Set<String> after = spoolFiles();
        after.removeAll(before);
        assertThat(after).as("files left in " + System.getProperty("java.io.tmpdir")).isEmpty();
    }

    // ---------------------------------------------------------------- runIds: repeats, races, other runs

    @Test
    @Order(2)
    void theSameRunIdTwiceAtOnceStoresOneTrace() throws Exception {
        String project = new Api(mvc).newProject("atk-race");
        byte[] file = gzip(validTrace(4).getBytes(StandardCharsets.UTF_8));
        String runId = UUID.randomUUID().toString();
        List<Integer> statuses = concurrently(2, i -> upload(project, Api.sha(1), "decode", file).param("runId", runId));
        assertThat(statuses).as("one stores, the other answers the same run").containsExactlyInAnyOrder(201, 200);
        assertThat(counts(project)).isEqualTo(new long[] {1, 1, 1});

        // the same runId at once with two different traces: one wins, the other is a conflict
        String contested = UUID.randomUUID().toString();
        byte[] other = gzip(validTrace(5).getBytes(StandardCharsets.UTF_8));
        List<Integer> different = concurrently(2, i -> upload(project, Api.sha(2), "decode", i == 0 ? file : other).param("runId", contested));
        assertThat(different).containsExactlyInAnyOrder(201, 409);
        assertThat(counts(project)).isEqualTo(new long[] {2, 2, 2});
        assertThat(jdbc.sql("select count(*) from trace_chunk where run_id = ?::uuid").param(contested).query(Long.class).single())
                .isPositive();
    }

    @Test
    @Order(2)
    void aRunIdAlreadyUsedElsewhereIsAConflict() throws Exception {
        String project = new Api(mvc).newProject("atk-reuse");
        String other = new Api(mvc).newProject("atk-reuse-other");
        byte[] file = gzip(validTrace(3).getBytes(StandardCharsets.UTF_8));
        String runId = UUID.randomUUID().toString();
        assertThat(mvc.perform(upload(project, Api.sha(1), "decode", file).param("runId", runId)).andReturn().getResponse().getStatus())
                .isEqualTo(201);

        MockHttpServletResponse otherProject = mvc.perform(upload(other, Api.sha(1), "decode", file).param("runId", runId))
                .andReturn().getResponse();
        assertThat(otherProject.getStatus()).as(otherProject.getContentAsString()).isEqualTo(409);
        assertThat(type(otherProject)).isEqualTo("/problems/run-id-conflict");

        MockHttpServletResponse otherName = mvc.perform(upload(project, Api.sha(1), "prefill", file).param("runId", runId))
                .andReturn().getResponse();
        assertThat(otherName.getStatus()).as(otherName.getContentAsString()).isEqualTo(409);

        // the same file and name under the same runId, said to be of another commit: not the same run
        MockHttpServletResponse otherCommit = mvc.perform(upload(project, Api.sha(2), "decode", file).param("runId", runId))
                .andReturn().getResponse();
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(otherCommit.getStatus()).as("runId " + runId + " is stored for " + Api.sha(1) + "; now sent for "
                + Api.sha(2) + " → " + otherCommit.getContentAsString()).isEqualTo(409);

        // a run uploaded as results, then a trace under its runId, and the other way round
        String resultRun = UUID.randomUUID().toString();
        new Api(mvc).upload(new Api.Run(project, Api.sha(3)).runId(resultRun).result("launch.empty", "{}", "host_us", 3.5, 3.6).json())
                .andReturn();
        MockHttpServletResponse onResults = mvc.perform(upload(project, Api.sha(3), "decode", file).param("runId", resultRun))
                .andReturn().getResponse();
        assertThat(onResults.getStatus()).as(onResults.getContentAsString()).isEqualTo(409);
        assertThat(type(onResults)).isEqualTo("/problems/run-id-conflict");
        MockHttpServletResponse resultsOnTrace = new Api(mvc).upload(new Api.Run(project, Api.sha(1)).runId(runId)
                .result("launch.empty", "{}", "host_us", 3.5, 3.6).json()).andReturn().getResponse();
        assertThat(resultsOnTrace.getStatus()).as(resultsOnTrace.getContentAsString()).isEqualTo(409);

        assertThat(counts(other)).isEqualTo(new long[] {0, 0, 0});
        assertThat(jdbc.sql("select count(*) from trace where run_id = ?::uuid").param(resultRun).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select source from run where id = ?::uuid").param(resultRun).query(String.class).single()).isEqualTo("hostgap");
        softly.assertAll();
    }

    // ---------------------------------------------------------------- job traces

    @Test
    @Order(2)
    void aJobTraceNeedsTheLeaseAndCompletesOnlyItsOwnJob() throws Exception {
        Ci ci = new Ci("atk-jobs");
        String holder = ci.register("holder");
        String thief = ci.register("thief");
        long first = ci.leaseNew(holder, Api.sha(11));
        byte[] file = gzip(validTrace(3).getBytes(StandardCharsets.UTF_8));

        // a runner not holding the lease: refused before the body is read, nothing stored
        MvcResult stolen = mvc.perform(jobTrace(thief, first, UUID.randomUUID().toString(), file)).andReturn();
        assertThat(stolen.getResponse().getStatus()).as(stolen.getResponse().getContentAsString()).isEqualTo(409);
        assertThat(type(stolen.getResponse())).isEqualTo("/problems/lease-lost");
        assertThat(bodyUntouched(stolen, file.length)).as("body read for a runner without the lease").isTrue();
        MvcResult anonymous = mvc.perform(post("/api/v1/jobs/" + first + "/traces").param("name", "decode")
                .param("runId", UUID.randomUUID().toString()).contentType(MediaType.APPLICATION_OCTET_STREAM).content(file)).andReturn();
        assertThat(anonymous.getResponse().getStatus()).isEqualTo(401);
        assertThat(bodyUntouched(anonymous, file.length)).isTrue();
        MvcResult admin = mvc.perform(post("/api/v1/jobs/" + first + "/traces").param("name", "decode")
                .param("runId", UUID.randomUUID().toString()).header("Authorization", ADMIN)
                .contentType(MediaType.APPLICATION_OCTET_STREAM).content(file)).andReturn();
        assertThat(admin.getResponse().getStatus()).as("an admin is not a runner").isIn(401, 403);
        assertThat(bodyUntouched(admin, file.length)).isTrue();
        MvcResult unknown = mvc.perform(jobTrace(holder, 987_654_321L, UUID.randomUUID().toString(), file)).andReturn();
        assertThat(unknown.getResponse().getStatus()).isEqualTo(404);
        assertThat(bodyUntouched(unknown, file.length)).isTrue();
        assertThat(ci.runs()).isZero();

        // the holder's trace of the first job
        String firstTrace = UUID.randomUUID().toString();
        MockHttpServletResponse uploaded = mvc.perform(jobTrace(holder, first, firstTrace, file)).andReturn().getResponse();
        assertThat(uploaded.getStatus()).as(uploaded.getContentAsString()).isEqualTo(201);
        // a trace sent for the project, not for a job
        String projectTrace = UUID.randomUUID().toString();
        assertThat(mvc.perform(upload(ci.project, Api.sha(11), "decode", gzip(validTrace(4).getBytes(StandardCharsets.UTF_8)))
                .param("runId", projectTrace)).andReturn().getResponse().getStatus()).isEqualTo(201);

        // a second job: it cannot complete with the first job's trace, a project trace, or a run that does not exist
        long second = ci.leaseNew(holder, Api.sha(12));
        for (String runId : List.of(firstTrace, projectTrace, UUID.randomUUID().toString())) {
            MockHttpServletResponse completed = ci.complete(holder, second, "{\"runId\":\"" + runId + "\",\"result\":null}");
            assertThat(completed.getStatus()).as(runId + " → " + completed.getContentAsString()).isIn(400, 422);
            assertThat(ci.state(second)).isEqualTo("leased");
        }
        // nor can the thief complete the first job with its trace
        MockHttpServletResponse thiefCompletes = ci.complete(thief, first, "{\"runId\":\"" + firstTrace + "\",\"result\":null}");
        assertThat(thiefCompletes.getStatus()).isEqualTo(409);
        assertThat(ci.state(first)).isEqualTo("leased");

        // the holder completes the first job with its own trace, twice (a retry): the same answer
        for (int i = 0; i < 2; i++) {
            MockHttpServletResponse completed = ci.complete(holder, first, "{\"runId\":\"" + firstTrace + "\",\"result\":null}");
            assertThat(completed.getStatus()).as(completed.getContentAsString()).isEqualTo(200);
        }
        assertThat(ci.state(first)).isEqualTo("completed");
        // a trace for a completed job is refused, and stores nothing
        MvcResult late = mvc.perform(jobTrace(holder, first, UUID.randomUUID().toString(), file)).andReturn();
        assertThat(late.getResponse().getStatus()).isEqualTo(409);
        assertThat(bodyUntouched(late, file.length)).isTrue();
        assertThat(ci.runs()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- download and compare

    @Test
    @Order(2)
    void theDownloadAndCompareEndpointsAnswerProblemsForWhatIsNotThere() throws Exception {
        String project = new Api(mvc).newProject("atk-download");
        String resultRun = UUID.randomUUID().toString();
        new Api(mvc).upload(new Api.Run(project, Api.sha(1)).runId(resultRun).result("launch.empty", "{}", "host_us", 3.5, 3.6).json())
                .andReturn();
        for (String id : List.of(resultRun, UUID.randomUUID().toString())) {
            for (String suffix : List.of("/trace", "/trace/file")) {
                MockHttpServletResponse response = mvc.perform(get("/api/v1/runs/" + id + suffix)).andReturn().getResponse();
                assertThat(response.getStatus()).as(id + suffix).isEqualTo(404);
                assertThat(type(response)).isEqualTo("/problems/unknown-trace");
                assertThat(response.getHeader("Content-Disposition")).isNull();
            }
        }
        for (String id : List.of("not-a-uuid", "..%2F..%2Fetc%2Fpasswd", "%00", "5b1f6a3e-2c4d-4e8f-9a0b-1c2d3e4f5a6bX",
                "5B1F6A3E2C4D4E8F9A0B1C2D3E4F5A6B", "'%20or%201=1--")) {
            MockHttpServletResponse response = mvc.perform(get(URI.create("/api/v1/runs/" + id + "/trace/file"))).andReturn().getResponse();
            assertThat(response.getStatus()).as(id + " → " + response.getContentAsString()).isIn(400, 404);
            assertThat(response.getContentAsString()).as(id).doesNotContain("Exception");
        }
        String compare = "/api/v1/projects/" + project + "/traces/compare";
        assertThat(mvc.perform(get(compare).param("base", Api.sha(8)).param("head", Api.sha(9)).param("name", "decode"))
                .andReturn().getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get(compare).param("base", "abc").param("head", Api.sha(9)).param("name", "decode"))
                .andReturn().getResponse().getStatus()).isIn(400, 422);
        assertThat(mvc.perform(get(compare).param("base", Api.sha(8)).param("head", Api.sha(9)).param("name", "../x"))
                .andReturn().getResponse().getStatus()).isEqualTo(400);
        assertThat(mvc.perform(get(compare).param("base", Api.sha(8)).param("name", "decode"))
                .andReturn().getResponse().getStatus()).isEqualTo(400);
        assertThat(mvc.perform(get("/api/v1/projects/no-such-project-" + UUID.randomUUID() + "/traces/compare").param("base", Api.sha(8))
                .param("head", Api.sha(9)).param("name", "decode")).andReturn().getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/api/v1/projects/" + project + "/commits/xyz/traces")).andReturn().getResponse().getStatus())
                .isIn(400, 422);
        // one side only, and sides with different devices: an answer, not a 500
        mvc.perform(upload(project, Api.sha(8), "decode", gzip(validTrace(3).getBytes(StandardCharsets.UTF_8))));
        MockHttpServletResponse oneSide = mvc.perform(get(compare).param("base", Api.sha(8)).param("head", Api.sha(9))
                .param("name", "decode")).andReturn().getResponse();
        assertThat(oneSide.getStatus()).as(oneSide.getContentAsString()).isEqualTo(200);
        mvc.perform(upload(project, Api.sha(9), "decode", manyDevices(3).getBytes(StandardCharsets.UTF_8)));
        MockHttpServletResponse devices = mvc.perform(get(compare).param("base", Api.sha(8)).param("head", Api.sha(9))
                .param("name", "decode")).andReturn().getResponse();
        assertThat(devices.getStatus()).as(devices.getContentAsString()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- answers that must come (run last)

    /**
     * {@code 1e-10000000} is a number of 12 characters, well inside the parser's length limit, and a
     * legal time (0 µs). Converting it through BigDecimal's setScale computes 10^10000000: seconds each.
     */
    @Test
    @Order(100)
    void aTimestampWithAHugeExponentIsAnsweredAtOnce() throws Exception {
        String project = new Api(mvc).newProject("atk-exponent");
        StringBuilder json = new StringBuilder("{\"traceEvents\": [");
        for (int i = 0; i < 4; i++) {
            json.append(kernel("k", 0, 7, "1e-10000000", "1", 0)).append(", ");
        }
        json.append(kernel("k", 0, 7, "100", "1", 0)).append("]}");
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        MockHttpServletResponse response = within(Duration.ofSeconds(5), () -> mvc.perform(upload(project, Api.sha(1), "decode", body))
                .andReturn().getResponse());
        assertThat(response.getStatus()).as(response.getContentAsString()).isIn(201, 400);
    }

    /**
     * A few kB of SQLite whose "kernel table" is a view over a recursive query: an unbounded stream of
     * rows, each skipped (end before start), so the read neither ends nor runs out of memory. It holds one
     * of the two read permits (hostgap.traces.max-concurrent) for as long as it runs.
     */
    @Test
    @Order(101)
    void aViewThatNeverEndsIsAnsweredAtOnce() throws Exception {
        String project = new Api(mvc).newProject("atk-view");
        Path dir = Files.createTempDirectory("atk-view");
        byte[] file = Files.readAllBytes(sqlite(dir.resolve("view.sqlite"), s -> {
            s.execute("create table StringIds (id integer primary key, value text)");
            s.execute("create view CUPTI_ACTIVITY_KIND_KERNEL as with recursive c(x) as (select 1 union all select x + 1 from c "
                    + "limit 100000000) select x + 10 as start, x as \"end\", 0 as deviceId, 0 as streamId, x as correlationId, "
                    + "0 as demangledName from c");
        }));
        assertThat(file.length).isLessThan(64 * 1024);
        MockHttpServletResponse response = within(Duration.ofSeconds(20), () -> mvc.perform(upload(project, Api.sha(1), "decode", file))
                .andReturn().getResponse());
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- helpers

    private static String kernel(String name, int device, int stream, String ts, String dur, long correlation) {
        return "{\"ph\": \"X\", \"cat\": \"kernel\", \"name\": \"" + name + "\", \"pid\": " + device + ", \"tid\": " + stream
                + ", \"ts\": " + ts + ", \"dur\": " + dur + ", \"args\": {\"device\": " + device + ", \"stream\": " + stream
                + ", \"correlation\": " + correlation + "}}";
    }

    private static String cpu(String category, String name, String ts, String dur) {
        return "{\"ph\": \"X\", \"cat\": \"" + category + "\", \"name\": \"" + name + "\", \"pid\": 1, \"tid\": 1, \"ts\": " + ts
                + ", \"dur\": " + dur + ", \"args\": {}}";
    }

    /** A small, valid trace: {@code steps} profiler steps, each an operator launching one kernel on cuda:0. */
    private static String validTrace(int steps) {
        KinetoTraceText trace = new KinetoTraceText();
        for (int s = 0; s < steps; s++) {
            double t = s * 1000.0;
            trace.step(s + 1, t, 1000).operator("aten::mm", t + 10, 100).runtime("cudaLaunchKernel", t + 20, 5, s + 1)
                    .kernel("gemm", 0, 7, t + 200 + 17 * s, 300, s + 1);
        }
        return trace.json();
    }

    private static String manyThreads(int threads) {
        StringBuilder json = new StringBuilder("{\"traceEvents\": [");
        for (int t = 0; t < threads; t++) {
            json.append("{\"ph\": \"X\", \"cat\": \"cpu_op\", \"name\": \"op\", \"pid\": 1, \"tid\": ").append(t)
                    .append(", \"ts\": ").append(t).append(", \"dur\": 1}, ");
        }
        return json.append(kernel("k", 0, 7, "1", "1", 0)).append("]}").toString();
    }

    private static String manyDevices(int devices) {
        StringBuilder json = new StringBuilder("{\"traceEvents\": [");
        for (int d = 0; d < devices; d++) {
            json.append(kernel("k", d, 7, Integer.toString(d * 10), "5", 0)).append(d < devices - 1 ? ", " : "]}");
        }
        return json.toString();
    }

    private MockHttpServletRequestBuilder upload(String project, String sha, String name, byte[] body) {
        return post("/api/v1/projects/" + project + "/traces").param("sha", sha).param("name", name)
                .header("Authorization", ADMIN).contentType(MediaType.APPLICATION_OCTET_STREAM).content(body);
    }

    private MockHttpServletRequestBuilder jobTrace(String token, long job, String runId, byte[] body) {
        return post("/api/v1/jobs/" + job + "/traces").param("name", "decode").param("runId", runId)
                .header("Authorization", "Bearer " + token).contentType(MediaType.APPLICATION_OCTET_STREAM).content(body);
    }

    /** Whether nothing read the request body: MockMvc's body stream is created once and kept. */
    private static boolean bodyUntouched(MvcResult result, int length) throws IOException {
        try {
            return result.getRequest().getInputStream().available() == length;
        } catch (IllegalStateException readAsText) {
            return false;
        }
    }

    private String projectToken(String project) throws Exception {
        return JSON.readTree(mvc.perform(post("/api/v1/projects/" + project + "/tokens").header("Authorization", ADMIN)
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"ci\"}")).andReturn().getResponse().getContentAsString())
                .get("token").asString();
    }

    private static String type(MockHttpServletResponse response) throws Exception {
        String body = response.getContentAsString();
        if (body.isEmpty()) {
            return "(no body)";
        }
        JsonNode type = JSON.readTree(body).get("type");
        return type == null ? "(no type)" : type.asString();
    }

    /** Runs, traces and commits of the project. */
    private long[] counts(String project) {
        return new long[] {
                jdbc.sql("select count(*) from run r join project p on p.id = r.project_id where p.name = ?").param(project).query(Long.class).single(),
                jdbc.sql("select count(*) from trace t join project p on p.id = t.project_id where p.name = ?").param(project).query(Long.class).single(),
                jdbc.sql("select count(*) from git_commit c join project p on p.id = c.project_id where p.name = ?").param(project).query(Long.class).single()};
    }

    /** This user's files in the JVM's temp directory that the trace upload makes (spool, inflated SQLite, SQLite's side files). */
    private static Set<String> spoolFiles() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        String me = System.getProperty("user.name");
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("hostgap-trace-") || (name.startsWith("trace-") && name.contains(".sqlite"));
            }).filter(p -> {
                try {
                    return Files.getOwner(p).getName().equals(me);
                } catch (IOException gone) {
                    return false;
                }
            }).map(p -> p.getFileName().toString()).collect(Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "… (" + text.length() + " chars)" : text;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        return gzipped(out -> out.write(data));
    }

    @FunctionalInterface
    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static byte[] gzipped(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new java.io.BufferedOutputStream(new GZIPOutputStream(bytes, 1 << 16), 1 << 16)) {
            writer.write(out);
        }
        return bytes.toByteArray();
    }

    @FunctionalInterface
    private interface Schema {
        void create(Statement statement) throws Exception;
    }

    private static Path sqlite(Path file, Schema schema) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement statement = connection.createStatement()) {
            statement.execute("pragma page_size = 4096");
            schema.create(statement);
        }
        return file;
    }

    /** The kernel table and the string table it names its kernels from (1: gemm). */
    private static void kernelTable(Statement s) throws Exception {
        s.execute("create table CUPTI_ACTIVITY_KIND_KERNEL (start integer, \"end\" integer, deviceId integer, streamId integer, "
                + "correlationId integer, demangledName integer, shortName integer)");
        s.execute("create table StringIds (id integer primary key, value text)");
        s.execute("insert into StringIds values (1, 'gemm')");
    }

    /** A plain Nsight-like export: {@code kernels} kernels on cuda:0 inside one step, after {@code setup}. */
    private static Path nsight(Path file, int kernels, Schema setup) throws Exception {
        Path made = sqlite(file, s -> {
            setup.create(s);
            kernelTable(s);
            s.execute("create table NVTX_EVENTS (start integer, \"end\" integer, globalTid integer, text text)");
            s.execute("insert into NVTX_EVENTS values (0, " + (kernels * 1000L + 1000) + ", 1, 'ProfilerStep#1')");
        });
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + made.toAbsolutePath())) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("insert into CUPTI_ACTIVITY_KIND_KERNEL values (?, ?, 0, 7, 0, 1, 1)")) {
                for (int k = 0; k < kernels; k++) {
                    insert.setLong(1, k * 1000L + 100);
                    insert.setLong(2, k * 1000L + 600);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        }
        return made;
    }

    /** The status of each of {@code count} requests sent at the same moment. */
    private List<Integer> concurrently(int count, java.util.function.IntFunction<MockHttpServletRequestBuilder> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                answers.add(pool.submit(() -> {
                    start.await();
                    MockHttpServletResponse response = mvc.perform(request.apply(n)).andReturn().getResponse();
                    return response.getStatus();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The answer of {@code call}, run in a daemon thread so that one that never comes does not hold up the suite. */
    private static <T> T within(Duration limit, Callable<T> call) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "trace-attack");
            t.setDaemon(true);
            return t;
        });
        try {
            return thread.submit(call).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail("no answer within " + limit.toSeconds() + " s");
        } finally {
            thread.shutdown();
        }
    }

    /** A CI project whose jobs only this test's runners lease. */
    private final class Ci {
        final String project;
        final String label;

        Ci(String prefix) throws Exception {
            project = new Api(mvc).newProject(prefix);
            label = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
            mvc.perform(put("/api/v1/projects/" + project + "/ci").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"benchmarkCommand\":\"./bench.sh\",\"runnerLabels\":[\"" + label + "\"]}")).andReturn();
        }

        String register(String name) throws Exception {
            return JSON.readTree(mvc.perform(post("/api/v1/runners").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"name\":\"" + name + "-" + label + "\",\"labels\":[\"" + label + "\"]}"))
                    .andReturn().getResponse().getContentAsString()).get("token").asString();
        }

        long leaseNew(String token, String sha) throws Exception {
            mvc.perform(post("/api/v1/projects/" + project + "/jobs").header("Authorization", ADMIN)
                    .contentType(MediaType.APPLICATION_JSON).content("{\"sha\":\"" + sha + "\"}")).andReturn();
            JsonNode job = JSON.readTree(mvc.perform(post("/api/v1/jobs/lease").header("Authorization", "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON).content("{\"waitSeconds\":0}")).andReturn().getResponse().getContentAsString());
            assertThat(job.get("project").asString()).isEqualTo(project);
            assertThat(job.get("sha").asString()).isEqualTo(sha);
            return job.get("id").asLong();
        }

        MockHttpServletResponse complete(String token, long id, String body) throws Exception {
            return mvc.perform(post("/api/v1/jobs/" + id + "/complete").header("Authorization", "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse();
        }

        String state(long id) {
            return jdbc.sql("select state from job where id = ?").param(id).query(String.class).single();
        }

        long runs() {
            return counts(project)[0];
        }
    }
}
