package dev.hostgap.platform.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import tools.jackson.databind.json.JsonMapper;

/**
 * One pass of each class of hostile input named in issue 18 against the packaged platform over real
 * HTTP, with valid uploads between them: every answer is counted by class and status, no 5xx may
 * come but a 503 with Retry-After, and every 201 is read back through GET /api/v1/runs/{id}.
 */
final class HostileInputs {

    static final String PROJECT = "hostile";

    /** Per class: its answers by status, and what each one should have been. */
    record ClassResult(String name, String expected, Map<String, Integer> answers, int badServerErrors, List<String> samples) {
    }

    record Outcome(List<ClassResult> classes, int acknowledged, int readBackWhole, List<String> lost) {
    }

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, ClassResult> classes = new LinkedHashMap<>();
    private final List<String[]> acknowledged = new ArrayList<>(); // runId, expected results
    private int commit;

    HostileInputs(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Outcome run(int each) throws Exception {
        new Admin(baseUrl).expect(201, "POST", "/api/v1/projects", "{\"name\":\"" + PROJECT
                + "\",\"repoUrl\":\"https://example.org/hostile.git\",\"defaultBranch\":\"main\"}");
        for (int i = 0; i < each; i++) {
            upload("valid upload (control)", "201", valid(sha(), null, "2026-12-07T10:00:00Z", "{\"n\":\"1\"}", 1));
            upload("malformed JSON", "400", malformed(i));
            upload("nesting past 64", "400", "{\"a\":" + "[".repeat(65 + i) + "]".repeat(65 + i) + "}");
            upload("commit time with a bad offset", "201 (stored as that instant) or 4xx",
                    valid(sha(), null, "2026-12-07T10:00:00" + new String[] {"+18:00", "-18:00", "+15:59", "+18:01", "+24:00",
                            "+14:00", "-12:00", "+00:00"}[i % 8], "{}", 1));
            upload("params past the index entry (14 × 200 chars)", "422", valid(sha(), null, "2026-12-07T10:00:00Z",
                    IntStream.range(0, 14 + i % 3).mapToObj(p -> "\"p" + p + "\":\"" + "v".repeat(200) + "\"")
                            .collect(Collectors.joining(",", "{", "}")), 1));
            parentCycle();
            formParameters(i);
            wrongTokensThenTheValidOne(i);
            webhookDeepOrMalformed(i);
        }
        for (int i = 0; i < Math.max(1, each / 5); i++) {
            upload("too many tokens (4.2 million)", "400", tooManyTokens());
            // Expect: 100-continue, as curl sends it for large bodies: the 413 comes before the body. Over a raw
            // socket: JDK 17's HttpClient waits for "100 Continue" even when a final answer comes instead
            oversizedAskingFirst();
        }
        int whole = 0;
        List<String> lost = new ArrayList<>();
        for (String[] run : acknowledged) {
            HttpResponse<String> back = get("/api/v1/runs/" + run[0]);
            if (back.statusCode() == 200 && json.readTree(back.body()).path("results").size() == Integer.parseInt(run[1])) {
                whole++;
            } else if (lost.size() < 10) {
                lost.add(run[0] + " read back " + back.statusCode());
            }
        }
        return new Outcome(List.copyOf(classes.values()), acknowledged.size(), whole, lost);
    }

    private void parentCycle() throws Exception {
        String a = sha(), b = sha(), c = sha();
        upload("parents closing a cycle: setup", "201", valid(c, b, "2026-12-07T10:00:00Z", "{}", 1));
        upload("parents closing a cycle: setup", "201", valid(b, a, "2026-12-07T10:00:00Z", "{}", 1));
        upload("parents closing a cycle", "422", valid(a, c, "2026-12-07T10:00:00Z", "{}", 1));
    }

    private void formParameters(int i) throws Exception {
        String form = IntStream.range(0, 1_001 + 250 * i).mapToObj(p -> "p" + p + "=" + p).collect(Collectors.joining("&"));
        record("more than 1,000 form parameters", "4xx problem", send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/projects"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Bearer " + PlatformProcess.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(form))));
        record("more than 1,000 query parameters", "< 500", send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/projects?" + form))));
    }

    /**
     * 25 wrong tokens (past the limit of 20 a minute) then the admin token, all from 127.0.0.1: the
     * valid token must pass the limiter (issue 18, item 6).
     */
    private void wrongTokensThenTheValidOne(int i) throws Exception {
        for (int w = 0; w < 25; w++) {
            record("wrong token", "401, then 429 with Retry-After", send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/projects"))
                    .header("Authorization", "Bearer wrong-" + i + "-" + w).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x" + i + "w" + w + "\",\"repoUrl\":\"https://example.org/x.git\"}"))));
        }
        upload("valid admin token right after 25 wrong ones", "201", valid(sha(), null, "2026-12-07T10:00:00Z", "{}", 1));
    }

    private void webhookDeepOrMalformed(int i) throws Exception {
        String body = i % 2 == 0 ? "{\"repository\":" + "[".repeat(100) + "]".repeat(100) + "}" : "{\"repository\":{\"clone_url\":";
        record("webhook: malformed or nested past 64, unsigned", "400 or 401", send(HttpRequest.newBuilder(URI.create(baseUrl
                + "/api/v1/webhooks/github")).header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                .header("X-Hub-Signature-256", "sha256=" + "0".repeat(64)).POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    private void upload(String kind, String expected, String body) throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/runs"))
                .header("Authorization", "Bearer " + PlatformProcess.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        record(kind, expected, answer);
        if (answer != null && (answer.statusCode() == 201 || answer.statusCode() == 200)) {
            String runId = json.readTree(body).path("runId").asString();
            acknowledged.add(new String[] {runId, String.valueOf(json.readTree(body).path("results").size())});
        }
    }

    private String lastFailure = "";

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
            return null;
        }
    }

    /** A 17 MB upload announced with Expect: 100-continue; only the headers are sent unless the server says go on. */
    private void oversizedAskingFirst() {
        URI uri = URI.create(baseUrl);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /api/v1/runs HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nAuthorization: Bearer "
                    + PlatformProcess.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: " + (17 * 1024 * 1024)
                    + "\r\nExpect: 100-continue\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String statusLine = in.readLine();
            StringBuilder headersAndBody = new StringBuilder();
            for (String line = in.readLine(); line != null && headersAndBody.length() < 4_000; line = in.readLine()) {
                headersAndBody.append(line).append('\n');
                if (line.startsWith("{")) {
                    break;
                }
            }
            int status = statusLine == null || statusLine.length() < 12 ? 0 : Integer.parseInt(statusLine.substring(9, 12));
            String kind = "oversized body (17 MB)";
            ClassResult old = classes.computeIfAbsent(kind, k -> new ClassResult(k, "413", new TreeMap<>(), 0, new ArrayList<>()));
            boolean problem = headersAndBody.toString().toLowerCase(Locale.ROOT).contains("content-type: application/problem+json");
            old.answers().merge(status + (status >= 400 && !problem ? " (not a problem body)" : ""), 1, Integer::sum);
            if (old.samples().isEmpty()) {
                old.samples().add(statusLine + " " + headersAndBody.toString().lines().reduce((x, y) -> y).orElse(""));
            }
            classes.put(kind, new ClassResult(kind, "413", old.answers(), old.badServerErrors() + (status == 0 || status >= 500 ? 1 : 0),
                    old.samples()));
        } catch (Exception e) {
            lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
            record("oversized body (17 MB)", "413", null);
        }
    }

    private void record(String kind, String expected, HttpResponse<String> answer) {
        String status = answer == null ? "no answer" : String.valueOf(answer.statusCode());
        if (answer == null) {
            classes.computeIfAbsent(kind, k -> new ClassResult(k, expected, new TreeMap<>(), 0, new ArrayList<>())).samples()
                    .add("no answer: " + lastFailure);
        }
        boolean problem = answer != null && answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
        if (answer != null && answer.statusCode() >= 400 && !problem) {
            status += " (not a problem body)";
        }
        if (answer != null && answer.statusCode() == 503 && answer.headers().firstValue("Retry-After").isEmpty()) {
            status += " WITHOUT Retry-After";
        }
        boolean bad = answer == null || (answer.statusCode() >= 500 && !(answer.statusCode() == 503
                && answer.headers().firstValue("Retry-After").isPresent()));
        ClassResult old = classes.computeIfAbsent(kind, k -> new ClassResult(k, expected, new TreeMap<>(), 0, new ArrayList<>()));
        old.answers().merge(status, 1, Integer::sum);
        if (answer != null && old.samples().stream().noneMatch(s -> s.startsWith(String.valueOf(answer.statusCode())))) {
            String body = answer.body().length() > 240 ? answer.body().substring(0, 240) + "…" : answer.body();
            old.samples().add(answer.statusCode() + " " + body.replace('\n', ' '));
        }
        classes.put(kind, new ClassResult(kind, expected, old.answers(), old.badServerErrors() + (bad ? 1 : 0), old.samples()));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String sha() {
        return String.format(Locale.ROOT, "%08x%032x", 0xabad1dea, ++commit);
    }

    private static String malformed(int i) {
        String good = "{\"schemaVersion\":\"1.0\",\"project\":\"" + PROJECT + "\",\"results\":[{\"samples\":[1,2]}]}";
        return switch (i % 5) {
            case 0 -> good.substring(0, good.length() / 2);
            case 1 -> good.replace(":", "");
            case 2 -> good + "}}";
            case 3 -> "\uFEFF\u0000" + good;
            default -> new String(new byte[] {(byte) 0xC3, (byte) 0x28, '{', '}'}, StandardCharsets.ISO_8859_1);
        };
    }

    private String tooManyTokens() {
        // about 4.2 million tokens in 8.4 MB: within the body size, past the token bound
        StringBuilder samples = new StringBuilder(8_500_000);
        for (int s = 0; s < 4_200_000; s++) {
            samples.append(s == 0 ? "" : ",").append('1');
        }
        return valid(sha(), null, "2026-12-07T10:00:00Z", "{}", 1).replace("\"samples\":[1.0,1.1,1.2]", "\"samples\":[" + samples + "]");
    }

    private String valid(String sha, String parent, String timestamp, String params, int results) {
        StringBuilder json = new StringBuilder("{\"schemaVersion\":\"1.0\",\"runId\":\"").append(UUID.randomUUID())
                .append("\",\"project\":\"").append(PROJECT).append("\",\"commit\":{\"sha\":\"").append(sha)
                .append("\",\"branch\":\"main\",\"parents\":[").append(parent == null ? "" : "\"" + parent + "\"")
                .append("],\"timestamp\":\"").append(timestamp).append("\",\"message\":\"hostile\"},\"environment\":{")
                .append("\"gpu\":\"NVIDIA H200\",\"driver\":\"580.95.05\",\"cuda\":\"13.0\",\"runtime\":\"jcuda-12.6.0\",")
                .append("\"jvm\":\"17.0.15\",\"host\":\"hostile\"},\"results\":[");
        for (int r = 0; r < results; r++) {
            json.append(r == 0 ? "" : ",").append("{\"benchmark\":\"hostile.b").append(r).append("\",\"version\":1,\"params\":")
                    .append(params).append(",\"metric\":\"host_us\",\"unit\":\"us\",\"direction\":\"lower_is_better\",")
                    .append("\"samples\":[1.0,1.1,1.2]}");
        }
        return json.append("]}").toString();
    }
}
