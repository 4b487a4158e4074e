package dev.hostgap.platform.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * GitHub and GitLab as far as hostgap talks to them: records every request and answers from a
 * script per "METHOD path", else 201 (POST) or 200 with a fresh {@code id}. (WireMock is not in the
 * offline Maven repository; the JDK's server does this much.)
 */
final class ProviderStub {

    record Received(String method, String path, String query, Map<String, List<String>> headers, String body, Instant at) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    record Answer(int status, Map<String, String> headers, String body, long delayMillis) {
        static Answer of(int status) {
            return new Answer(status, Map.of(), "{\"message\":\"scripted\"}", 0);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> script = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(9000);
    private volatile long delayMillis;

    private ProviderStub(HttpServer server) {
        this.server = server;
    }

    static ProviderStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ProviderStub stub = new ProviderStub(server);
            server.createContext("/", stub::handle);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next requests to {@code METHOD path} get these answers, in order; later ones the default. */
    void script(String method, String path, Answer... answers) {
        script.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).addAll(List.of(answers));
    }

    /** Every default answer waits this long first, so that concurrent callers overlap. */
    void delayDefaultAnswers(long millis) {
        delayMillis = millis;
    }

    List<Received> received(String method, String path) {
        return received.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    List<Received> receivedUnder(String pathPrefix) {
        return received.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        received.add(new Received(method, path, exchange.getRequestURI().getRawQuery(),
                Map.copyOf(exchange.getRequestHeaders()), body, Instant.now()));
        Deque<Answer> scripted = script.get(method + " " + path);
        Answer answer;
        synchronized (this) {
            answer = scripted == null ? null : scripted.poll();
        }
        if (answer == null) {
            answer = new Answer(method.equals("POST") ? 201 : 200, Map.of(), "{\"id\":" + ids.incrementAndGet() + "}", delayMillis);
        }
        try {
            Thread.sleep(answer.delayMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
