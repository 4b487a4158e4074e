package dev.hostgap.platform.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.hostgap.platform.PlatformTest;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The data the UI tests look at, put in through the running platform's REST API as an admin. */
final class UiData {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** How often the README's example measures its base commit, and its runs with the head's. */
    static final int README_BASE_RUNS = 12;
    static final int README_RUNS = README_BASE_RUNS + 2;
    /** launch.empty args=4 at the head, as compare answers for the base and the head (the README's table). */
    static final String README_REGRESSION = "+21.11%";
    /**
     * The same step as detection opens it: on the next commit, which confirms it (a change seen in one
     * run waits for that), dated to the head, from the runs of the head and the next commit.
     */
    static final String README_DETECTED = "+21.23%";

    private final String origin;

    UiData(int port) {
        this.origin = "http://localhost:" + port;
    }

    String newProject(String prefix) throws Exception {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        send("POST", "/api/v1/projects", "{\"name\":\"" + name + "\",\"repoUrl\":\"https://github.com/acme/" + name
                + ".git\",\"defaultBranch\":\"main\"}", 201);
        return name;
    }

    /** The README's example: the base commit measured twelve times (an A/A calibration), then its child once. */
    void uploadReadmeExample(String project) throws Exception {
        List<Path> files;
        try (var listing = Files.list(Path.of("../docs/examples"))) {
            files = listing.filter(f -> f.getFileName().toString().matches("run-base(-\\d+)?\\.json")).sorted().collect(
                    java.util.stream.Collectors.toCollection(ArrayList::new));
        }
        assertThat(files).hasSize(README_BASE_RUNS);
        files.add(Path.of("../docs/examples/run-head.json"));
        files.add(Path.of("../docs/examples/run-next.json"));
        for (Path file : files) {
            ObjectNode run = (ObjectNode) JSON.readTree(Files.readString(file));
            run.put("project", project);
            run.put("runId", UUID.randomUUID().toString());
            send("POST", "/api/v1/runs", run.toString(), 201);
        }
        awaitJudged(project, README_RUNS);
    }

    /**
     * The H200 runs of one build on three machine starts (docs/gpu/2026-11-28-h200/start*.json, 21 series each),
     * uploaded as a first-parent chain of commits, one run each, a day apart.
     */
    List<String> uploadH200Chain(String project) throws Exception {
        List<String> shas = new ArrayList<>();
        String parent = null;
        int i = 0;
        List<Path> files;
        try (var listing = Files.list(Path.of("../docs/gpu/2026-11-28-h200"))) {
            files = listing.filter(f -> f.getFileName().toString().matches("start\\d-\\d\\.json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        for (Path file : files) {
            String label = file.getFileName().toString().replace(".json", "");
            ObjectNode body = (ObjectNode) JSON.readTree(Files.readString(file));
            String sha = sha1(project + " " + label);
            body.put("project", project);
            body.put("runId", UUID.randomUUID().toString());
            ObjectNode commit = (ObjectNode) body.get("commit");
            commit.put("sha", sha);
            commit.put("timestamp", String.format(Locale.ROOT, "2026-11-%02dT09:00:00Z", 10 + i));
            commit.put("message", "H200 " + label + " (machine start, run) of one build\n\nreal runner output");
            ArrayNode parents = commit.putArray("parents");
            if (parent != null) {
                parents.add(parent);
            }
            send("POST", "/api/v1/runs", body.toString(), 201);
            shas.add(sha);
            parent = sha;
            i++;
        }
        awaitJudged(project, shas.size());
        return shas;
    }

    /** Where a stepped series of {@link #uploadStep} moves by ±2% from run to run. */
    private static final double[] WOBBLE = {1.0, 1.02, 0.98, 1.01, 0.99, 1.02, 0.98, 1.0, 1.01, 0.99, 1.02, 0.98};
    /** The series {@link #uploadStep} steps, and its neighbour that stays flat. */
    static final String STEPPED = "launch.enqueue", STEPPED_PARAMS = "args=4", STEPPED_METRIC = "host_us_per_op";
    /** The machine every run of these tests is measured on (a runner's runs too: the same series). */
    static final String ENVIRONMENT = """
            {"gpu":"NVIDIA H200","driver":"580.159.04","cuda":"13.0","runtime":"jcuda-12.6.0","jvm":"17","host":"node-7"}""";

    /**
     * A first-parent chain along main, one run a commit, each judged before the next arrives:
     * {@code flat} commits of launch.enqueue args=4 and args=0 at their levels (runs moving ±2%),
     * then {@code stepped} commits with args=4 15% slower. Returns the shas, oldest first.
     */
    List<String> uploadStep(String project, int flat, int stepped) throws Exception {
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < flat + stepped; i++) {
            String message = i == flat ? "enqueue: validate every argument on the host" : "enqueue: change " + i;
            shas.add(uploadCommit(project, i, shas.isEmpty() ? null : shas.get(shas.size() - 1), i < flat ? 1.0 : 1.15, 0, message));
            awaitJudged(project, shas.size());
        }
        return shas;
    }

    /** The sha of commit {@code i} of {@link #uploadStep}'s chain in this project. */
    static String chainSha(String project, int i) throws java.security.NoSuchAlgorithmException {
        return sha1(project + " step " + i);
    }

    /**
     * One run of commit {@code i} of the chain (a child of {@code parent}, or of nothing), args=4 at
     * {@code factor} times its level; {@code repeat} moves it as the commit's next run would. Returns its sha.
     */
    String uploadCommit(String project, int i, String parent, double factor, int repeat, String message) throws Exception {
        String sha = chainSha(project, i);
        send("POST", "/api/v1/runs", """
                {"schemaVersion":"1.0","runId":"%s","project":"%s",
                 "commit":{"sha":"%s","branch":"main","parents":[%s],"timestamp":"%s","message":"%s"},
                 "environment":%s,
                 "results":%s}
                """.formatted(UUID.randomUUID(), project, sha, parent == null ? "" : "\"" + parent + "\"",
                String.format(Locale.ROOT, "2026-12-01T%02d:00:00Z", i), message, ENVIRONMENT, results(i + repeat, factor)), 201);
        return sha;
    }

    /** The results of run {@code n} of the series (each n moves them ±2%), args=4 at {@code factor} times its level. */
    static String results(int n, double factor) {
        double wobble = WOBBLE[(n * 5) % WOBBLE.length];
        return "[" + result("4", 4.3 * wobble * factor, n) + "," + result("0", 3.7 * wobble, n) + "]";
    }

    private static String result(String args, double level, int commit) {
        StringBuilder forks = new StringBuilder();
        for (int f = 0; f < 5; f++) {
            forks.append(f == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", level * (1 + (((commit * 7 + f * 3) % 7) - 3) * 0.001)));
        }
        return """
                {"benchmark":"launch.enqueue","version":1,"params":{"args":"%s"},"metric":"host_us_per_op","unit":"us",
                 "direction":"lower_is_better","samples":[%s]}""".formatted(args, forks);
    }

    /** A sha that looks like git's: SHA-1 of a text. */
    static String sha1(String text) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Detection judges runs in the background: wait until the project's newest runs are judged. */
    void awaitJudged(String project, int runs) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode list = get("/api/v1/projects/" + project + "/runs?limit=200");
            int judged = 0;
            for (JsonNode run : list) {
                judged += run.get("judgedAt").isNull() ? 0 : 1;
            }
            return judged >= runs;
        });
    }

    JsonNode get(String path) throws Exception {
        return JSON.readTree(send("GET", path, null, 200));
    }

    /** A GitHub delivery signed with the project's webhook secret, as GitHub sends it. */
    String githubWebhook(String event, String body, String secret) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(origin + "/api/v1/webhooks/github"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", event)
                .header("X-Hub-Signature-256", "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(bytes)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("webhook " + event + ": " + response.body()).isEqualTo(202);
        return response.body();
    }

    String send(String method, String path, String body, int expectedStatus) throws IOException, InterruptedException {
        return sendAs(PlatformTest.ADMIN_TOKEN, method, path, body, expectedStatus);
    }

    String sendAs(String token, String method, String path, String body, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = exchange(token, method, path, body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expectedStatus);
        return response.body();
    }

    /** One request with this bearer token, whatever it answers. */
    HttpResponse<String> exchange(String token, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
