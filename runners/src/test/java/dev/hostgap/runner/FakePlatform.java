package dev.hostgap.runner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * The platform's side of docs/ci.md on loopback: every request is recorded, and each path answers
 * from a queue of scripted replies (the last one repeats). Unscripted paths answer 404.
 */
final class FakePlatform implements AutoCloseable {

    /** One request as it arrived; {@code receivedNanos} is {@link System#nanoTime()} on arrival, for spacing. */
    record Request(String method, String path, String query, String authorization, String body, long receivedNanos) {

        JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }

    record Reply(int status, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Reply>> replies = new ConcurrentHashMap<>();

    FakePlatform() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    /** Scripts the answers of a path (without query), in order; the last one repeats. */
    FakePlatform on(String path, Reply... answers) {
        replies.put(path, new ConcurrentLinkedDeque<>(List.of(answers)));
        return this;
    }

    static Reply reply(int status, String body) {
        return new Reply(status, body);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests(String path) {
        List<Request> matching = new ArrayList<>();
        for (Request r : requests) {
            if (r.path().equals(path)) {
                matching.add(r);
            }
        }
        return matching;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("Authorization"), body, System.nanoTime()));
        Deque<Reply> queue = replies.get(path);
        Reply reply = queue == null ? new Reply(404, "{\"type\":\"/problems/not-scripted\"}")
                : queue.size() > 1 ? queue.pollFirst() : queue.peekFirst();
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", reply.body().startsWith("{") || reply.body().startsWith("[")
                ? "application/json" : "text/markdown");
        exchange.sendResponseHeaders(reply.status(), reply.status() == 204 ? -1 : bytes.length);
        if (reply.status() != 204) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
