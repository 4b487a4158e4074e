package dev.hostgap.runner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
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

    /**
     * One request as it arrived; {@code receivedNanos} is {@link System#nanoTime()} on arrival, for spacing;
     * {@code bytes} the body as sent (a trace file), {@code body} the same as text.
     */
    record Request(String method, String path, String query, String authorization, String body, long receivedNanos,
                   byte[] bytes, String contentType, String contentLength) {

        JsonNode json() {
            return Json.MAPPER.readTree(body);
        }

        /** A query parameter, decoded; null when absent. */
        String param(String name) {
            for (String pair : query == null ? new String[0] : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
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

    /** Every request so far, in the order they arrived. */
    List<Request> requests() {
        return List.copyOf(requests);
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
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        var headers = exchange.getRequestHeaders();
        requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                headers.getFirst("Authorization"), new String(bytes, StandardCharsets.UTF_8), System.nanoTime(),
                bytes, headers.getFirst("Content-Type"), headers.getFirst("Content-Length")));
        Deque<Reply> queue = replies.get(path);
        Reply reply = queue == null ? new Reply(404, "{\"type\":\"/problems/not-scripted\"}")
                : queue.size() > 1 ? queue.pollFirst() : queue.peekFirst();
        byte[] answer = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", reply.body().startsWith("{") || reply.body().startsWith("[")
                ? "application/json" : "text/markdown");
        exchange.sendResponseHeaders(reply.status(), reply.status() == 204 ? -1 : answer.length);
        if (reply.status() != 204) {
            exchange.getResponseBody().write(answer);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
