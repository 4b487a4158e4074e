package dev.hostgap.platform.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub as far as hostgap talks to it, with state, for platform processes outside the test's JVM:
 * a commit's statuses per context (the newest one is what GitHub shows), a pull request's comments
 * (listed oldest first, a page at a time, created and edited), and a server error for every
 * {@code failEvery}-th call, which GitHub did not apply. Unlike {@link ProviderStub} it keeps what
 * was posted, so a test can ask what GitHub holds in the end.
 */
final class FakeGitHub implements AutoCloseable {

    record Status(String sha, String state, String context, String description, String targetUrl, Instant at) {
    }

    private static final Pattern STATUS = Pattern.compile("/repos/[^/]+/[^/]+/statuses/([0-9a-f]{40})");
    private static final Pattern COMMENTS = Pattern.compile("/repos/[^/]+/[^/]+/issues/(\\d+)/comments");
    private static final Pattern COMMENT = Pattern.compile("/repos/[^/]+/[^/]+/issues/comments/(\\d+)");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final int failEvery;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong commentIds = new AtomicLong(5000);
    private final List<Status> statuses = new ArrayList<>();
    /** Pull request → comment id → body, in the order they were created. */
    private final Map<Integer, LinkedHashMap<Long, String>> comments = new LinkedHashMap<>();
    private volatile Instant lastCall = Instant.now();

    FakeGitHub(int failEvery) throws IOException {
        this.failEvery = failEvery;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            lastCall = Instant.now();
            if (calls.incrementAndGet() % failEvery == 0) {
                failed.incrementAndGet();
                answer(exchange, 502, "{\"message\":\"Server Error\"}");
                return;
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Matcher m;
            synchronized (this) {
                if (method.equals("POST") && (m = STATUS.matcher(path)).matches()) {
                    JsonNode status = CiWorld.JSON.readTree(body);
                    statuses.add(new Status(m.group(1), status.path("state").asString(), status.path("context").asString(),
                            status.path("description").asString(), status.path("target_url").asString(), Instant.now()));
                    answer(exchange, 201, "{\"id\":" + statuses.size() + "}");
                } else if (method.equals("GET") && (m = COMMENTS.matcher(path)).matches()) {
                    answer(exchange, 200, page(Integer.parseInt(m.group(1)), exchange.getRequestURI().getQuery()));
                } else if (method.equals("POST") && (m = COMMENTS.matcher(path)).matches()) {
                    long id = commentIds.incrementAndGet();
                    comments.computeIfAbsent(Integer.parseInt(m.group(1)), n -> new LinkedHashMap<>())
                            .put(id, CiWorld.JSON.readTree(body).path("body").asString());
                    answer(exchange, 201, "{\"id\":" + id + "}");
                } else if (method.equals("PATCH") && (m = COMMENT.matcher(path)).matches()) {
                    long id = Long.parseLong(m.group(1));
                    var held = comments.values().stream().filter(c -> c.containsKey(id)).findFirst();
                    if (held.isEmpty()) {
                        answer(exchange, 404, "{\"message\":\"Not Found\"}");
                    } else {
                        held.get().put(id, CiWorld.JSON.readTree(body).path("body").asString());
                        answer(exchange, 200, "{\"id\":" + id + "}");
                    }
                } else {
                    answer(exchange, 404, "{\"message\":\"Not Found\"}");
                }
            }
        }
    }

    private String page(int pullRequest, String query) {
        int perPage = 30;
        int page = 1;
        for (String pair : query == null ? new String[0] : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals("per_page")) {
                perPage = Integer.parseInt(kv[1]);
            } else if (kv[0].equals("page")) {
                page = Integer.parseInt(kv[1]);
            }
        }
        ArrayNode list = CiWorld.JSON.createArrayNode();
        List<Map.Entry<Long, String>> all = new ArrayList<>(comments.getOrDefault(pullRequest, new LinkedHashMap<>()).entrySet());
        for (int i = (page - 1) * perPage; i < Math.min(all.size(), page * perPage); i++) {
            ObjectNode c = list.addObject();
            c.put("id", all.get(i).getKey());
            c.put("body", all.get(i).getValue());
        }
        return list.toString();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The newest status of this context GitHub holds for the commit, or null. */
    synchronized Status newest(String sha, String context) {
        Status newest = null;
        for (Status s : statuses) {
            if (s.sha().equals(sha) && s.context().equals(context)) {
                newest = s;
            }
        }
        return newest;
    }

    synchronized int statusCount() {
        return statuses.size();
    }

    /** The pull request's comments, id → body, oldest first. */
    synchronized Map<Long, String> comments(int pullRequest) {
        return new LinkedHashMap<>(comments.getOrDefault(pullRequest, new LinkedHashMap<>()));
    }

    int calls() {
        return calls.get();
    }

    int failedCalls() {
        return failed.get();
    }

    Instant lastCall() {
        return lastCall;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
