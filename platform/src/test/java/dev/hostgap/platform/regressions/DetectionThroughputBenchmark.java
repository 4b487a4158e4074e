package dev.hostgap.platform.regressions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hostgap.platform.bench.BenchPlatform;
import dev.hostgap.platform.bench.SyntheticHistory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.context.ApplicationListener;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * Whether detection keeps ahead of ingest (issue 23), on a history of {@code commits} commits x 200
 * series x 10 forks written by SQL (5,000 commits: 10^7 samples), uploads of 50 results x 10 forks
 * on top of it over HTTP, the platform's defaults except the detection backlog limit (off) and the
 * detection poll (1 h: only uploads wake the worker, and in {@link #judgeBacklog} nothing does).
 * <ul>
 * <li>{@link #judgeBacklog}: time per run to judge a backlog of {@link #BACKLOG} stored, unjudged
 *     uploads, on this thread through {@link DetectionQueue#judgeBatch}; runs judged per second is its inverse.</li>
 * <li>{@link #uploadWithFourUploaders}: uploads per second with 4 uploaders, the detection worker judging beside them.</li>
 * <li>{@link #waitAtTenUploadsPerSecond}: uploads paced at 10 per second for {@link #PACED_SECONDS} s;
 *     the time from each upload's answer to the {@link RunJudged} of its run, whose p50/p95/max go to
 *     standard output and {@code target/detection-wait.txt} (the score is the whole invocation's time).</li>
 * </ul>
 * With {@code HOSTGAP_BENCH_DB} set, the history is built once in that directory and kept; each
 * trial's uploads add commits on top of it.
 */
@Fork(1)
@State(Scope.Benchmark)
public class DetectionThroughputBenchmark {

    static final int SERIES = 200;
    static final int FORKS = 10;
    static final int RESULTS = 50;
    static final int BACKLOG = 200;
    static final int PACED_SECONDS = 30;
    static final String PROJECT = "detect";
    static final String TOKEN = "bench-admin-token"; // BenchPlatform's admin token

    @Param({"1000"})
    int commits;

    BenchPlatform platform;
    DetectionQueue queue;
    HttpClient http;
    String baseUrl;
    final AtomicInteger nextCommit = new AtomicInteger();
    final SplittableRandom random = new SplittableRandom(23);
    final Map<UUID, Long> judgedAt = new ConcurrentHashMap<>();

    @Setup(Level.Trial)
    public void start() throws Exception {
        String kept = System.getenv("HOSTGAP_BENCH_DB");
        String[] settings = {"--hostgap.api.max-detection-backlog=0", "--hostgap.detection.poll-interval=1h"};
        platform = kept == null ? new BenchPlatform(settings) : BenchPlatform.reusing(Path.of(kept), settings);
        try {
            queue = platform.app.getBean(DetectionQueue.class);
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            baseUrl = "http://localhost:" + ((WebServerApplicationContext) platform.app).getWebServer().getPort();
            platform.app.addApplicationListener(ApplicationListener.forPayload(
                    (RunJudged judged) -> judgedAt.putIfAbsent(judged.runId(), System.nanoTime())));
            if (platform.jdbc.sql("select count(*) from project where name = ?").param(PROJECT).query(Long.class).single() == 0) {
                platform.createProject(PROJECT);
                long project = platform.projectId(PROJECT);
                SyntheticHistory.generate(platform.jdbc, project, SERIES, commits);
                SyntheticHistory.results(platform.jdbc, project, FORKS, 0.1, "true");
                SyntheticHistory.vacuum(platform.jdbc);
            }
            nextCommit.set(platform.jdbc.sql("select count(*) from git_commit c join project p on p.id = c.project_id where p.name = ?")
                    .param(PROJECT).query(Integer.class).single() + 1);
            note("trial start: " + describe());
        } catch (Exception | Error e) {
            platform.close(); // JMH skips the tear-down of a failed set-up
            throw e;
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        note("trial end: " + describe());
        platform.close();
    }

    /** A trial's backlog: {@link #BACKLOG} runs uploaded (and judged by the worker) once, put back to unjudged before each invocation. */
    @State(Scope.Benchmark)
    public static class Backlog {

        List<UUID> runs = new ArrayList<>();

        @Setup(Level.Trial)
        public void fill(DetectionThroughputBenchmark bench) throws Exception {
            for (int i = 0; i < BACKLOG; i++) {
                runs.add(bench.upload());
            }
        }

        @Setup(Level.Invocation)
        public void unjudge(DetectionThroughputBenchmark bench) throws Exception {
            var jdbc = bench.platform.jdbc;
            while (jdbc.sql("select count(*) from run where judged_at is null").query(Long.class).single() > 0) {
                Thread.sleep(100); // the worker is still judging what the uploads stored
            }
            UUID[] ids = runs.toArray(UUID[]::new);
            jdbc.sql("delete from regression where detected_in_run = any(?)").param(ids).update();
            jdbc.sql("delete from judgement where run_id = any(?)").param(ids).update();
            jdbc.sql("update run set judged_at = null, first_judged_at = null where id = any(?)").param(ids).update();
            jdbc.sql("vacuum analyze run").update();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    @OperationsPerInvocation(BACKLOG)
    public long judgeBacklog(Backlog backlog) {
        long judged = 0;
        long slowest = 0;
        for (int n; ; judged += n) {
            long start = System.nanoTime();
            n = queue.judgeBatch();
            slowest = Math.max(slowest, System.nanoTime() - start);
            if (n == 0) {
                break;
            }
        }
        note(String.format(Locale.ROOT, "judgeBacklog: %d runs, slowest batch %.0f ms", judged, slowest / 1e6));
        return judged;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1, time = 10)
    @Measurement(iterations = 3, time = 10)
    @Threads(4)
    public UUID uploadWithFourUploaders() throws Exception {
        return upload();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 0)
    @Measurement(iterations = 2)
    public double waitAtTenUploadsPerSecond() throws Exception {
        Map<UUID, Long> answered = new ConcurrentHashMap<>();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        ExecutorService uploaders = Executors.newFixedThreadPool(8); // an upload slower than 100 ms must not hold back the next
        try {
            pacer.scheduleAtFixedRate(() -> uploaders.execute(() -> {
                try {
                    UUID run = upload();
                    answered.put(run, System.nanoTime());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }), 0, 100, TimeUnit.MILLISECONDS);
            Thread.sleep(PACED_SECONDS * 1000L);
        } finally {
            pacer.shutdown();
            uploaders.shutdown();
            uploaders.awaitTermination(30, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!judgedAt.keySet().containsAll(answered.keySet()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        double[] waits = answered.entrySet().stream()
                .mapToDouble(e -> (judgedAt.getOrDefault(e.getKey(), Long.MAX_VALUE) - e.getValue()) / 1e6).sorted().toArray();
        double p95 = waits[(int) Math.ceil(0.95 * waits.length) - 1];
        note(String.format(Locale.ROOT, "waitAtTenUploadsPerSecond: %d uploads in %d s, wait to judged p50 %.0f ms, p95 %.0f ms, max %.0f ms",
                waits.length, PACED_SECONDS, waits[waits.length / 2], p95, waits[waits.length - 1]));
        return p95;
    }

    /** One run of 50 results x 10 forks at the next commit of the chain, its parent the commit before. */
    UUID upload() throws IOException, InterruptedException {
        int n = nextCommit.getAndIncrement();
        StringBuilder body = new StringBuilder(8192);
        body.append("{\"schemaVersion\":\"1.0\",\"project\":\"").append(PROJECT).append("\",\"commit\":{\"sha\":\"")
                .append(SyntheticHistory.sha(n)).append("\",\"branch\":\"main\",\"parents\":[\"").append(SyntheticHistory.sha(n - 1))
                .append("\"]},\"environment\":{\"gpu\":\"NVIDIA H100\",\"driver\":\"580.159.04\",")
                .append("\"cuda\":\"13.0\",\"runtime\":\"jcuda-12.6.0\",\"jvm\":\"17\",\"host\":\"n1\"},\"results\":[");
        for (int i = 0; i < RESULTS; i++) {
            body.append(i == 0 ? "" : ",").append("{\"benchmark\":\"launch.empty\",\"version\":1,\"params\":{\"args\":\"").append(i)
                    .append("\"},\"metric\":\"host_us\",\"unit\":\"us\",\"direction\":\"lower_is_better\",\"samples\":[");
            for (int k = 0; k < FORKS; k++) {
                double sample;
                synchronized (random) {
                    sample = 3.2 + random.nextDouble() * 0.1;
                }
                body.append(k == 0 ? "" : ",").append(sample);
            }
            body.append("]}");
        }
        body.append("]}");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/runs"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        Matcher id = RUN_ID.matcher(response.body());
        if (!id.find()) {
            throw new IllegalStateException("no run id in " + response.body());
        }
        return UUID.fromString(id.group(1));
    }

    private static final Pattern RUN_ID = Pattern.compile("\"runId\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private String describe() throws IOException {
        long samples = platform.jdbc.sql("select coalesce(sum(n), 0) from result").query(Long.class).single();
        return String.format(Locale.ROOT, "%d history commits, %d samples in the database, next commit %d, load %s",
                commits, samples, nextCommit.get(), Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** A line on standard output and in target/detection-wait.txt, with the time. */
    static void note(String line) {
        String stamped = Instant.now() + " " + line;
        System.out.println(stamped);
        try {
            Files.writeString(Path.of("target/detection-wait.txt"), stamped + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("(not written to target/detection-wait.txt: " + e.getMessage() + ")");
        }
    }
}
