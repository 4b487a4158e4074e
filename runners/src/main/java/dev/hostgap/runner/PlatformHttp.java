package dev.hostgap.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * JSON over HTTP to the platform with the bearer token. Callers decide what a status means; a
 * connection failure is an {@link IOException} so they can tell "unreachable" from "refused".
 */
final class PlatformHttp {

    record Response(int status, String body) {

        boolean ok() {
            return status / 100 == 2;
        }

        /** One line for a log or an error: the status and the start of the body. */
        String summary() {
            String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
            return "HTTP " + status + (oneLine.isEmpty() ? "" : ": " + (oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine));
        }

        /** The {@code detail} of a ProblemDetail answer, or {@link #summary} when the body has none. */
        String detail() {
            try {
                JsonNode problem = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
                String detail = problem == null ? "" : problem.path("detail").asString("");
                return detail.isBlank() ? summary() : detail.replaceAll("\\s+", " ").strip();
            } catch (JacksonException e) {
                return summary();
            }
        }
    }

    /** One request to send, again on each retry. */
    interface Send {
        Response send() throws IOException, InterruptedException;
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI server;
    private final String token;

    PlatformHttp(URI server, String token) {
        this.server = server;
        this.token = token;
    }

    /**
     * The runner's retry rule for requests the platform stores once (a runId): connection failures and
     * 5xx are tried again after a {@link Backoff} pause, up to {@code attempts} tries; any other answer,
     * or the last one, is returned, and the last failure thrown.
     */
    static Response retrying(int attempts, Duration firstBackoff, Send request) throws IOException, InterruptedException {
        Backoff backoff = new Backoff(firstBackoff, Agent.MAX_BACKOFF);
        for (int attempt = 1; ; attempt++) {
            try {
                Response response = request.send();
                if (response.status() / 100 != 5 || attempt >= attempts) {
                    return response;
                }
            } catch (IOException e) {
                if (attempt >= attempts) {
                    throw e;
                }
            }
            Thread.sleep(backoff.next().toMillis());
        }
    }

    URI server() {
        return server;
    }

    Response get(String path, Duration timeout) throws IOException, InterruptedException {
        return send(request(path, timeout).GET());
    }

    Response post(String path, Object body, Duration timeout) throws IOException, InterruptedException {
        String json = Json.MAPPER.writeValueAsString(body);
        return send(request(path, timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * Streams a file as {@code application/octet-stream} with its length, opened anew for each send
     * and without following a link (the job that wrote it may have swapped it for one since it was
     * checked); a file whose length changed meanwhile fails the send with an {@link IOException}. The
     * timeout grows with the file, a second per MiB on top of two minutes, for the transfer and the
     * platform's reading of it before it answers.
     */
    Response postFile(String path, Path file, long size) throws IOException, InterruptedException {
        Duration timeout = Duration.ofSeconds(120 + size / (1024 * 1024));
        HttpRequest.BodyPublisher bytes = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return Channels.newInputStream(Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), size);
        return send(request(path, timeout).header("Content-Type", "application/octet-stream").POST(bytes));
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(server.resolve(path)).timeout(timeout)
                .header("Accept", "application/json, text/markdown;q=0.9");
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }
}
