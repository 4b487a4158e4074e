package dev.hostgap.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Test helper: the REST calls a client makes, as an admin unless told otherwise. */
public final class Api {

    private static final AtomicInteger PROJECTS = new AtomicInteger();

    /** How the runs of a noisy series move around its level: ±2%, as on an H200. */
    public static final double[] WOBBLE = {1.0, 1.02, 0.98, 1.01, 0.99, 1.02, 0.98, 1.0, 1.01, 0.99, 1.02, 0.98};

    private final MockMvc mvc;

    public Api(MockMvc mvc) {
        this.mvc = mvc;
    }

    /** Creates a project with a name no other test uses. */
    public String newProject(String prefix) throws Exception {
        String name = prefix + "-" + PROJECTS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(post("/api/v1/projects").header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"repoUrl\":\"https://example.org/" + name
                                + ".git\",\"defaultBranch\":\"main\"}"))
                .andExpect(status().isCreated());
        return name;
    }

    public ResultActions upload(String json) throws Exception {
        return upload(json, PlatformTest.ADMIN_TOKEN);
    }

    public ResultActions upload(String json, String token) throws Exception {
        var request = post("/api/v1/runs").contentType(MediaType.APPLICATION_JSON).content(json);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return mvc.perform(request);
    }

    public ResultActions get(String url) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(url));
    }

    /** Detection judges runs off the upload's thread: waits until none of the project's runs is unjudged. */
    public static void awaitJudged(JdbcClient jdbc, String project) {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                "select count(*) from run r join project p on p.id = r.project_id where p.name = ? and r.judged_at is null")
                .param(project).query(Long.class).single() == 0);
    }

    /** A fake but well-formed 40-hex sha, distinct per number. */
    public static String sha(int n) {
        return String.format(Locale.ROOT, "%040x", n);
    }

    /** Builds a run body in the v1 upload format. */
    public static final class Run {
        private final String project;
        private final String sha;
        private String runId;
        private String branch = "main";
        private final List<String> parents = new ArrayList<>();
        private String timestamp;
        private String gpu = "NVIDIA H100 80GB HBM3";
        private final List<String> results = new ArrayList<>();

        public Run(String project, String sha) {
            this.project = project;
            this.sha = sha;
        }

        public Run runId(String runId) {
            this.runId = runId;
            return this;
        }

        public Run branch(String branch) {
            this.branch = branch;
            return this;
        }

        public Run parent(String parentSha) {
            parents.add(parentSha);
            return this;
        }

        public Run at(String isoTimestamp) {
            this.timestamp = isoTimestamp;
            return this;
        }

        public Run gpu(String gpu) {
            this.gpu = gpu;
            return this;
        }

        public Run result(String benchmark, String params, String metric, double... samples) {
            return result(benchmark, params, metric, "lower_is_better", samples);
        }

        public Run result(String benchmark, String params, String metric, String direction, double... samples) {
            String values = java.util.Arrays.stream(samples).mapToObj(Double::toString).collect(Collectors.joining(","));
            results.add("{\"benchmark\":\"" + benchmark + "\",\"version\":1,\"params\":" + params + ",\"metric\":\""
                    + metric + "\",\"unit\":\"us\",\"direction\":\"" + direction + "\",\"samples\":[" + values + "]}");
            return this;
        }

        public Run rawResult(String json) {
            results.add(json);
            return this;
        }

        public String json() {
            return "{\"schemaVersion\":\"1.0\","
                    + (runId == null ? "" : "\"runId\":\"" + runId + "\",")
                    + "\"project\":\"" + project + "\","
                    + "\"commit\":{\"sha\":\"" + sha + "\",\"branch\":\"" + branch + "\",\"parents\":["
                    + parents.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(",")) + "]"
                    + (timestamp == null ? "" : ",\"timestamp\":\"" + timestamp + "\"") + ",\"message\":\"test\"},"
                    + "\"environment\":{\"gpu\":\"" + gpu + "\",\"driver\":\"580.159.04\",\"cuda\":\"13.0\","
                    + "\"runtime\":\"jcuda-12.6.0\",\"jvm\":\"17.0.15\",\"host\":\"node-7\",\"attributes\":{\"sm_clock_mhz\":\"1980\"}},"
                    + "\"results\":[" + String.join(",", results) + "]}";
        }
    }
}
