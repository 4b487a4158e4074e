package dev.hostgap.platform.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One load level of the capacity measurement: {@code uploaders} concurrent {@link LoadRun}
 * uploaders against every instance in turn for a fixed time, on a project of their own. Reported:
 * uploads acknowledged per second within that time, how fast the runs were judged during it (from
 * the database), how long the backlog took to be judged after it, each instance's share of the
 * judging, and the CPU each process used.
 */
final class UploadPhase {

    record Result(String project, int uploaders, int seconds, String answers, long acknowledgedInWindow,
                  double uploadsPerSecond, double[] latencyMillis, double storedPerSecond, double judgedPerSecond,
                  long maxBacklog, long backlogAtEnd, double drainSeconds, double judgedPerSecondUntilDrained,
                  Map<String, Double> judgingsPerInstance, long stored, long acknowledged, Map<String, Double> cores,
                  String loadBefore, String loadAfter, List<String> failures) {
    }

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private UploadPhase() {
    }

    static Result run(List<PlatformProcess> instances, String jdbcUrl, String project, int uploaders, int seconds,
                      int results, int forks, Map<String, Supplier<List<ProcessHandle>>> cpuParts) throws Exception {
        new Admin(instances.get(0).baseUrl()).expect(201, "POST", "/api/v1/projects", "{\"name\":\"" + project
                + "\",\"repoUrl\":\"https://example.org/capacity.git\",\"defaultBranch\":\"main\"}");
        List<String> urls = instances.stream().map(PlatformProcess::baseUrl).toList();
        String loadBefore = HostLoad.loadAverage();
        try (DetectionProgress progress = new DetectionProgress(jdbcUrl, project)) {
            Map<String, Double> judgingsBefore = judgings(instances);
            HostLoad.Cpu cpuBefore = HostLoad.snapshot(cpuParts);
            LoadRun load = LoadRun.start(urls, PlatformProcess.ADMIN_TOKEN, project, uploaders, results, forks);
            long windowEnd = load.startedNanos + seconds * 1_000_000_000L;
            Thread.sleep(Math.max(0, (windowEnd - System.nanoTime()) / 1_000_000));
            HostLoad.Cpu cpuAfter = HostLoad.snapshot(cpuParts);
            String loadAfter = HostLoad.loadAverage();
            List<LoadRun.Upload> uploads = load.stop();
            DetectionProgress.Sample drained = progress.awaitDrained(Duration.ofSeconds(180));
            Map<String, Double> judgingsAfter = judgings(instances);

            DetectionProgress.Sample first = progress.at(load.startedNanos);
            DetectionProgress.Sample atEnd = progress.at(windowEnd);
            long acknowledgedInWindow = uploads.stream().filter(u -> u.acknowledged() && u.endNanos() <= windowEnd).count();
            double[] latency = uploads.stream().filter(LoadRun.Upload::acknowledged).mapToDouble(LoadRun.Upload::millis)
                    .sorted().toArray();
            Map<String, Double> perInstance = new LinkedHashMap<>();
            judgingsAfter.forEach((name, n) -> perInstance.put(name, n - judgingsBefore.getOrDefault(name, 0.0)));
            double drainSeconds = drained == null ? Double.NaN : Math.max(0, (drained.nanos() - windowEnd) / 1e9);
            double untilDrained = drained == null ? Double.NaN
                    : (drained.judged() - first.judged()) / ((drained.nanos() - load.startedNanos) / 1e9);
            DetectionProgress.Sample last = progress.latest();
            return new Result(project, uploaders, seconds, byStatus(uploads), acknowledgedInWindow,
                    acknowledgedInWindow / (double) seconds, latency, (atEnd.stored() - first.stored()) / (double) seconds,
                    (atEnd.judged() - first.judged()) / (double) seconds, progress.maxBacklog(load.startedNanos, windowEnd),
                    atEnd.backlog(), drainSeconds, untilDrained, perInstance, last.stored(),
                    uploads.stream().filter(LoadRun.Upload::acknowledged).count(), cpuAfter.coresSince(cpuBefore),
                    loadBefore, loadAfter, uploads.stream().filter(u -> u.failure() != null)
                            .map(u -> u.status() + " " + u.failure().replaceAll("\\s+", " ")).distinct().limit(5).toList());
        }
    }

    /** {@code hostgap_detection_judged_runs_total} of each instance: judgings, re-judgings included. */
    private static Map<String, Double> judgings(List<PlatformProcess> instances) throws Exception {
        Map<String, Double> counts = new LinkedHashMap<>();
        for (int i = 0; i < instances.size(); i++) {
            String text = http.send(HttpRequest.newBuilder(URI.create(instances.get(i).baseUrl() + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            counts.put(CapacityRun.instanceName(i), MetricsSampler.value(text, "hostgap_detection_judged_runs_total").orElse(Double.NaN));
        }
        return counts;
    }

    static String byStatus(List<LoadRun.Upload> uploads) {
        Map<Integer, Long> counts = new TreeMap<>(uploads.stream().collect(Collectors.groupingBy(LoadRun.Upload::status,
                Collectors.counting())));
        return counts.entrySet().stream().map(e -> String.format(Locale.ROOT, "%,d × %s", e.getValue(),
                e.getKey() == 0 ? "no answer" : e.getKey())).collect(Collectors.joining(", "));
    }
}
