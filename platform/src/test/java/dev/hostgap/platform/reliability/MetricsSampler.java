package dev.hostgap.platform.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes {@code /actuator/prometheus} once a second for the detection backlog and the runs judged
 * so far: whether detection keeps up with ingest is read from these, as an operator would.
 */
final class MetricsSampler implements AutoCloseable {

    record Sample(double seconds, double backlog, double judged) {
    }

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final long started = System.nanoTime();

    MetricsSampler(String baseUrl) {
        this.baseUrl = baseUrl;
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            OptionalDouble backlog = value(text, "hostgap_detection_backlog_runs");
            OptionalDouble judged = value(text, "hostgap_detection_judged_runs_total");
            if (backlog.isPresent() && judged.isPresent()) {
                samples.add(new Sample((System.nanoTime() - started) / 1e9, backlog.getAsDouble(), judged.getAsDouble()));
            }
        } catch (Exception e) {
            // the platform may be down (a fault scenario): no sample this second
        }
    }

    static OptionalDouble value(String prometheusText, String metric) {
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
                return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return OptionalDouble.empty();
    }

    List<Sample> samples() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
