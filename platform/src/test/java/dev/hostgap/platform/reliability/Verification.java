package dev.hostgap.platform.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads every upload back through {@code GET /api/v1/runs/{id}}: an acknowledged run must be there
 * with every result and the very samples sent; a refused or interrupted one must be either absent or
 * whole (a client that lost the answer retries with the same runId), never partial.
 */
final class Verification {

    /** What the platform holds for the uploads of one load run. */
    record Outcome(int acknowledged, int acknowledgedComplete, int acknowledgedMissing, int acknowledgedPartial,
                   int unacknowledged, int unacknowledgedAbsent, int unacknowledgedComplete, int unacknowledgedPartial,
                   List<String> problems) {
        boolean lossless() {
            return acknowledgedMissing == 0 && acknowledgedPartial == 0 && unacknowledgedPartial == 0;
        }
    }

    private enum Stored { ABSENT, COMPLETE, PARTIAL }

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final JsonMapper json = JsonMapper.builder().build();

    Verification(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Outcome check(List<LoadRun.Upload> uploads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Stored>> stored = new ArrayList<>();
            for (LoadRun.Upload upload : uploads) {
                stored.add(pool.submit(() -> stored(upload)));
            }
            int ack = 0, ackComplete = 0, ackMissing = 0, ackPartial = 0, other = 0, otherAbsent = 0, otherComplete = 0,
                    otherPartial = 0;
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < uploads.size(); i++) {
                LoadRun.Upload upload = uploads.get(i);
                Stored s = stored.get(i).get();
                if (upload.acknowledged()) {
                    ack++;
                    switch (s) {
                        case COMPLETE -> ackComplete++;
                        case ABSENT -> ackMissing++;
                        case PARTIAL -> ackPartial++;
                    }
                    if (s != Stored.COMPLETE && problems.size() < 10) {
                        problems.add("acknowledged run " + upload.runId() + " is " + s);
                    }
                } else {
                    other++;
                    switch (s) {
                        case COMPLETE -> otherComplete++;
                        case ABSENT -> otherAbsent++;
                        case PARTIAL -> otherPartial++;
                    }
                    if (s == Stored.PARTIAL && problems.size() < 10) {
                        problems.add("unacknowledged run " + upload.runId() + " is stored partially");
                    }
                }
            }
            return new Outcome(ack, ackComplete, ackMissing, ackPartial, other, otherAbsent, otherComplete, otherPartial,
                    problems);
        } finally {
            pool.shutdownNow();
        }
    }

    private Stored stored(LoadRun.Upload upload) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/runs/" + upload.runId()))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 404) {
            return Stored.ABSENT;
        }
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET run " + upload.runId() + " answered " + answer.statusCode() + ": " + answer.body());
        }
        JsonNode results = json.readTree(answer.body()).get("results");
        if (results.size() != upload.results()) {
            return Stored.PARTIAL;
        }
        double[][] samples = new double[results.size()][];
        for (int r = 0; r < results.size(); r++) {
            JsonNode values = results.get(r).get("samples");
            samples[r] = new double[values.size()];
            for (int f = 0; f < values.size(); f++) {
                samples[r][f] = values.get(f).asDouble();
            }
        }
        return LoadRun.hash(samples) == upload.samplesHash() ? Stored.COMPLETE : Stored.PARTIAL;
    }
}
