package dev.hostgap.runner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Sends a run file to the platform. Connection failures and 5xx answers are retried with backoff;
 * a 4xx answer is final (the server read the run and refused it). The file is never deleted here.
 */
final class Uploader {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI server;
    private final String token;
    private final int attempts;
    private final Duration firstBackoff;

    Uploader(URI server, String token, int attempts, Duration firstBackoff) {
        this.server = server;
        this.token = token;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
    }

    /** Returns the server's answer body; throws a {@link RunnerException} with exit 5 or 6 otherwise. */
    String upload(Path file) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(server.resolve("/api/v1/runs"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofFile(file));
        } catch (IOException e) {
            throw new RunnerException(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        String lastProblem = "";
        Duration backoff = firstBackoff;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return response.body();
                }
                if (response.statusCode() / 100 == 4) {
                    throw new RunnerException(ExitCode.SERVER_REJECTED, "the server refused " + file + " (HTTP "
                            + response.statusCode() + "): " + response.body() + " The file was kept.");
                }
                lastProblem = "HTTP " + response.statusCode();
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (attempt < attempts) {
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
        throw new RunnerException(ExitCode.SERVER_UNREACHABLE, "could not upload " + file + " to " + server + " after "
                + attempts + " attempts (" + lastProblem + "). The results are kept in that file; "
                + "upload them later with: hostgap-runner upload --server " + server + " " + file);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
