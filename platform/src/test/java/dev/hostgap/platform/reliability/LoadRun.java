package dev.hostgap.platform.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Concurrent uploaders, each a CI runner that measures one commit after another on {@code main}
 * (each commit the child of its previous one) and uploads it with its own {@code runId}. Every
 * request is recorded with its answer, and what was sent is remembered as a hash of every
 * result's samples, so that {@link Verification} can check each acknowledged run came back whole.
 * A refused upload (429/503) is followed by the wait its {@code Retry-After} asks for, as the runner
 * does; a connection failure by a short pause (the platform may be restarting). Given several
 * platform instances, each uploader sends its uploads to them in turn (no proxy: the clients alternate).
 */
final class LoadRun {

    /** One request: {@code status} 0 when no HTTP answer came (connection refused or reset). */
    record Upload(UUID runId, String sha, Instant committedAt, long startNanos, long endNanos, int status,
                  String failure, int results, int forks, int samplesHash) {
        boolean acknowledged() {
            return status == 200 || status == 201;
        }

        double millis() {
            return (endNanos - startNanos) / 1e6;
        }
    }

    final String project;
    final int uploaders;
    final int results;
    final int forks;
    private final List<String> baseUrls;
    private final String token;
    private final HttpClient http;
    private final ConcurrentLinkedQueue<Upload> uploads = new ConcurrentLinkedQueue<>();
    private final ExecutorService threads;
    private final CountDownLatch finished;
    private volatile boolean stopping;
    final long startedNanos = System.nanoTime();

    private LoadRun(List<String> baseUrls, String token, String project, int uploaders, int results, int forks) {
        this.baseUrls = List.copyOf(baseUrls);
        this.token = token;
        this.project = project;
        this.uploaders = uploaders;
        this.results = results;
        this.forks = forks;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(8)).build();
        this.threads = Executors.newFixedThreadPool(uploaders);
        this.finished = new CountDownLatch(uploaders);
    }

    static LoadRun start(String baseUrl, String token, String project, int uploaders, int results, int forks) {
        return start(List.of(baseUrl), token, project, uploaders, results, forks);
    }

    /** Uploader {@code u}'s {@code k}-th upload goes to {@code baseUrls[(u + k) % n]}. */
    static LoadRun start(List<String> baseUrls, String token, String project, int uploaders, int results, int forks) {
        LoadRun run = new LoadRun(baseUrls, token, project, uploaders, results, forks);
        for (int i = 0; i < uploaders; i++) {
            int uploader = i;
            run.threads.execute(() -> run.uploadUntilStopped(uploader));
        }
        return run;
    }

    /** Stops sending new uploads, waits for those in flight, and returns every request made. */
    List<Upload> stop() throws InterruptedException {
        stopping = true;
        finished.await(120, TimeUnit.SECONDS);
        threads.shutdownNow();
        return new ArrayList<>(uploads);
    }

    List<Upload> soFar() {
        return new ArrayList<>(uploads);
    }

    private void uploadUntilStopped(int uploader) {
        SplittableRandom random = new SplittableRandom(uploader * 7919L + System.nanoTime());
        String parent = null;
        try {
            for (int commit = 0; !stopping; commit++) {
                String sha = sha(uploader, commit);
                UUID runId = UUID.randomUUID();
                Instant committedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                double[][] samples = samples(random);
                String body = body(runId, sha, parent, committedAt, uploader, samples);
                long start = System.nanoTime();
                int status = 0;
                String failure = null;
                long retryAfterMillis = 0;
                try {
                    String baseUrl = baseUrls.get((uploader + commit) % baseUrls.size());
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/runs"))
                            .timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    status = answer.statusCode();
                    if (status >= 300) {
                        failure = answer.body().length() > 300 ? answer.body().substring(0, 300) : answer.body();
                        retryAfterMillis = answer.headers().firstValue("Retry-After")
                                .map(s -> Long.parseLong(s.trim()) * 1000).orElse(0L);
                    }
                } catch (IOException e) {
                    failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                    retryAfterMillis = 200;
                }
                uploads.add(new Upload(runId, sha, committedAt, start, System.nanoTime(), status, failure, results, forks,
                        hash(samples)));
                parent = sha;
                if (retryAfterMillis > 0 && !stopping) {
                    Thread.sleep(retryAfterMillis);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.countDown();
        }
    }

    /** Distinct per uploader and commit, also across scenarios: the high bits carry a random prefix. */
    private final String shaPrefix = String.format(Locale.ROOT, "%08x", new SplittableRandom().nextInt());

    private String sha(int uploader, int commit) {
        return shaPrefix + String.format(Locale.ROOT, "%016x%016x", uploader, commit);
    }

    /** A level per series with 1% fork noise: realistic enough that detection has real work. */
    private double[][] samples(SplittableRandom random) {
        double[][] values = new double[results][forks];
        for (int r = 0; r < results; r++) {
            double level = 5 + r;
            for (int f = 0; f < forks; f++) {
                values[r][f] = Math.round(level * (1 + 0.01 * random.nextGaussian()) * 1e4) / 1e4;
            }
        }
        return values;
    }

    static int hash(double[][] samples) {
        return Arrays.deepHashCode(samples);
    }

    private String body(UUID runId, String sha, String parent, Instant committedAt, int uploader, double[][] samples) {
        StringBuilder json = new StringBuilder(64 * results * forks);
        json.append("{\"schemaVersion\":\"1.0\",\"runId\":\"").append(runId).append("\",\"project\":\"").append(project)
                .append("\",\"commit\":{\"sha\":\"").append(sha).append("\",\"branch\":\"main\",\"parents\":[")
                .append(parent == null ? "" : "\"" + parent + "\"").append("],\"timestamp\":\"").append(committedAt)
                .append("\",\"message\":\"load commit\"},\"environment\":{\"gpu\":\"NVIDIA H200\",\"driver\":\"580.95.05\",")
                .append("\"cuda\":\"13.0\",\"runtime\":\"jcuda-12.6.0\",\"jvm\":\"17.0.15\",\"host\":\"loadgen-")
                .append(uploader).append("\",\"attributes\":{\"gpu_uuid\":\"GPU-").append(uploader).append("\"}},\"results\":[");
        for (int r = 0; r < results; r++) {
            if (r > 0) {
                json.append(',');
            }
            json.append("{\"benchmark\":\"load.b").append(r % 8).append("\",\"version\":1,\"params\":{\"n\":\"").append(r)
                    .append("\"},\"metric\":\"host_us\",\"unit\":\"us\",\"direction\":\"lower_is_better\",\"samples\":[");
            for (int f = 0; f < forks; f++) {
                if (f > 0) {
                    json.append(',');
                }
                json.append(samples[r][f]);
            }
            json.append("]}");
        }
        return json.append("]}").toString();
    }
}
