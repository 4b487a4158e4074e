package dev.hostgap.platform.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 18, items 2 and 3, against the packaged platform over real HTTP: unauthenticated 16 MB
 * webhook bodies of 5.6 million empty objects from 24 senders at once while a reader GETs every
 * 100 ms (every answer, the reads' latency, the heap), then signed deliveries sent again under a new
 * id and without one, and a pull request event older than one already processed.
 */
public final class WebhookFlood {

    static final String PROJECT = "webhooks";
    static final String SECRET = "reliability-webhook-secret-0123456789";
    private static final String HEAD_A = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
    private static final String HEAD_B = "2222222222222222222222222222222222222222";

    record Answer(int status, boolean retryAfter, double millis, String what) {
    }

    /** What the flood and the replays showed. */
    record Outcome(Map<String, Integer> floodAnswers, int floodSenders, int floodBodyBytes, double floodSeconds,
                   List<Answer> reads, double heapBeforeMb, double heapMaxMb, double heapAfterMb, List<String> replays,
                   boolean replaysHeld) {
    }

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    WebhookFlood(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Outcome run(int senders, int floodSeconds) throws Exception {
        setUpProject();
        // 16 MB (the API's body limit) is the attack of issue 18; HOSTGAP_FLOOD_BYTES sends bodies just under
        // the webhook limit instead, which are read and streamed rather than refused from their length
        byte[] body = emptyObjects(Integer.parseInt(System.getenv().getOrDefault("HOSTGAP_FLOOD_BYTES",
                Integer.toString(16 * 1024 * 1024 - 64))));
        double heapBefore = heapMb();
        List<Answer> flood = Collections.synchronizedList(new ArrayList<>());
        List<Answer> reads = Collections.synchronizedList(new ArrayList<>());
        List<Double> heap = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean flooding = new AtomicBoolean(true);
        Thread reader = start("reader", () -> read(flooding, reads, heap));
        long began = System.nanoTime();
        long until = began + floodSeconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            threads.add(start("flood-" + s, () -> {
                do {
                    flood.add(send(body));
                } while (System.nanoTime() < until);
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        Thread.sleep(2_000); // reads go on a moment after the flood
        flooding.set(false);
        reader.join();
        Map<String, Integer> answers = new TreeMap<>();
        flood.forEach(a -> answers.merge(a.what(), 1, Integer::sum));
        double heapMax = heap.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        List<String> replays = new ArrayList<>();
        boolean held = replays(replays);
        return new Outcome(answers, senders, body.length, seconds, List.copyOf(reads), heapBefore, heapMax, heapMb(), replays, held);
    }

    private static Thread start(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.start();
        return thread;
    }

    private Answer send(byte[] body) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/webhooks/github"))
                    .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                    .header("X-GitHub-Event", "push").header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            boolean retryAfter = answer.headers().firstValue("Retry-After").isPresent();
            return new Answer(answer.statusCode(), retryAfter, (System.nanoTime() - t0) / 1e6,
                    answer.statusCode() + (answer.statusCode() == 503 ? (retryAfter ? " with Retry-After" : " WITHOUT Retry-After") : ""));
        } catch (Exception e) {
            return new Answer(0, false, (System.nanoTime() - t0) / 1e6, "no answer (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void read(AtomicBoolean flooding, List<Answer> reads, List<Double> heap) {
        for (int i = 0; flooding.get(); i++) {
            String path = i % 2 == 0 ? "/api/v1/projects" : "/actuator/health";
            long t0 = System.nanoTime();
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
                reads.add(new Answer(answer.statusCode(), false, (System.nanoTime() - t0) / 1e6, path));
            } catch (Exception e) {
                reads.add(new Answer(0, false, (System.nanoTime() - t0) / 1e6, path));
            }
            if (i % 10 == 0) {
                heap.add(heapMb());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Used heap in MB from the platform's own metrics; NaN if it could not be read. */
    double heapMb() {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return text.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum() / 1e6;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private boolean replays(List<String> log) throws Exception {
        byte[] push = fixture("push.with-new-branch.json");
        boolean held = true;
        HttpResponse<String> first = github("push", "flood-first", push);
        held &= expect(log, "signed push after the flood", first, 202, jobs(first) == 1);
        int queuedBefore = count("queued", null);
        HttpResponse<String> again = github("push", "flood-captured", push);
        held &= expect(log, "the same signed body under a new delivery id", again, 200, duplicate(again) && jobs(again) == 0);
        HttpResponse<String> noId = github("push", null, push);
        held &= expect(log, "the same signed body without a delivery id", noId, 200, duplicate(noId) && jobs(noId) == 0);
        held &= note(log, "queued jobs before and after the two replays: " + queuedBefore + " → " + count("queued", null),
                count("queued", null) == queuedBefore);

        held &= expect(log, "pull request event, head A, updated 10:00", github("pull_request", null,
                pullRequest("synchronize", HEAD_A, "2026-12-01T10:00:00Z")), 202, true);
        held &= expect(log, "pull request event, head B, updated 11:00", github("pull_request", null,
                pullRequest("synchronize", HEAD_B, "2026-12-01T11:00:00Z")), 202, true);
        int headBQueued = count("queued", HEAD_B), cancelled = count("cancelled", null);
        HttpResponse<String> stale = github("pull_request", null, pullRequest("opened", HEAD_A, "2026-12-01T09:00:00Z"));
        held &= expect(log, "older pull request event (head A, updated 09:00, never seen)", stale, 202,
                jobs(stale) == 0 && stale.body().contains("stale"));
        held &= note(log, "head B's queued jobs " + headBQueued + " → " + count("queued", HEAD_B) + ", cancelled jobs "
                + cancelled + " → " + count("cancelled", null) + ", head A queued " + count("queued", HEAD_A),
                headBQueued > 0 && count("queued", HEAD_B) == headBQueued && count("cancelled", null) == cancelled
                        && count("queued", HEAD_A) == 0);
        return held;
    }

    private static boolean expect(List<String> log, String what, HttpResponse<String> answer, int status, boolean more) {
        boolean ok = answer.statusCode() == status && more;
        String body = answer.body().length() > 300 ? answer.body().substring(0, 300) + "…" : answer.body();
        log.add((ok ? "✓ " : "✗ ") + what + ": " + answer.statusCode() + " `" + body.replace('`', '\'') + "`");
        return ok;
    }

    private static boolean note(List<String> log, String what, boolean ok) {
        log.add((ok ? "✓ " : "✗ ") + what);
        return ok;
    }

    private int jobs(HttpResponse<String> answer) {
        JsonNode jobs = json.readTree(answer.body()).get("jobs");
        return jobs == null ? -1 : jobs.size();
    }

    private boolean duplicate(HttpResponse<String> answer) {
        return json.readTree(answer.body()).path("duplicate").asBoolean(false);
    }

    private int count(String state, String sha) throws Exception {
        JsonNode jobs = json.readTree(http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/projects/" + PROJECT
                + "/jobs?state=" + state)).build(), HttpResponse.BodyHandlers.ofString()).body());
        int n = 0;
        for (JsonNode job : jobs) {
            n += sha == null || sha.equals(job.path("sha").asString()) ? 1 : 0;
        }
        return n;
    }

    private HttpResponse<String> github(String event, String delivery, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/webhooks/github"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", event)
                .header("X-Hub-Signature-256", sign(body)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (delivery != null) {
            request.header("X-GitHub-Delivery", delivery);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void setUpProject() throws Exception {
        Admin admin = new Admin(baseUrl);
        admin.expect(201, "POST", "/api/v1/projects", "{\"name\":\"" + PROJECT
                + "\",\"repoUrl\":\"https://github.com/Codertocat/Hello-World.git\",\"defaultBranch\":\"master\"}");
        admin.expect(200, "PUT", "/api/v1/projects/" + PROJECT + "/ci",
                "{\"webhookSecret\":\"" + SECRET + "\",\"benchmarkCommand\":\"./bench.sh\"}");
    }

    private static byte[] pullRequest(String action, String head, String updatedAt) throws Exception {
        return new String(fixture("pull_request.synchronize.json"), StandardCharsets.UTF_8)
                .replace("\"action\": \"synchronize\"", "\"action\": \"" + action + "\"")
                .replace(HEAD_A, head)
                .replaceFirst("\"updated_at\": \"2019-05-15T15:20:33Z\"", "\"updated_at\": \"" + updatedAt + "\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/webhooks", name));
    }

    static String sign(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** {"repository":{...},"padding":[{},{},...]} of at most the given size (also what WebhookReplayAndCostTest sends). */
    public static byte[] emptyObjects(int size) {
        byte[] head = "{\"repository\":{\"clone_url\":\"https://github.com/Codertocat/Hello-World.git\"},\"padding\":["
                .getBytes(StandardCharsets.UTF_8);
        int count = (size - head.length - 2) / 3;
        byte[] body = new byte[head.length + count * 3 + 1];
        System.arraycopy(head, 0, body, 0, head.length);
        int at = head.length;
        for (int i = 0; i < count; i++) {
            body[at++] = '{';
            body[at++] = '}';
            body[at++] = ',';
        }
        body[at - 1] = ']';
        body[at] = '}';
        return body;
    }
}
