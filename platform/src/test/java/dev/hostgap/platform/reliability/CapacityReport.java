package dev.hostgap.platform.reliability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The Markdown report of a {@link CapacityRun}: the summary table first, then every raw figure it comes from. */
final class CapacityReport {

    private final Instant started;
    private final String machine;
    private final String commandLine;
    private final int loadSeconds;
    private final int viewSeconds;
    private final List<CapacityRun.Configuration> configurations = new ArrayList<>();
    private Map<String, String> postgres = Map.of();

    CapacityReport(Instant started, String machine, String commandLine, int loadSeconds, int viewSeconds) {
        this.started = started;
        this.machine = machine;
        this.commandLine = commandLine;
        this.loadSeconds = loadSeconds;
        this.viewSeconds = viewSeconds;
    }

    void postgres(Map<String, String> settings) {
        this.postgres = settings;
    }

    void add(CapacityRun.Configuration configuration) {
        configurations.add(configuration);
    }

    String markdown(Instant now) {
        StringBuilder md = new StringBuilder();
        md.append("<!-- written by CapacityRun (platform test sources, package reliability) -->\n")
                .append("## Measured\n\n")
                .append("- **When** (UTC): ").append(started).append(" to ").append(now).append('\n')
                .append("- **Machine**: ").append(machine).append('\n')
                .append("- **Measuring JVM's command line**: `").append(commandLine).append("`\n")
                .append("- **PostgreSQL**: one server for every instance (zonky's embedded binaries, started by the measuring "
                        + "JVM); ").append(postgres.entrySet().stream().map(e -> e.getKey() + " `" + e.getValue() + "`")
                        .collect(Collectors.joining(", "))).append('\n')
                .append("- **Platform**: `hostgap-platform.jar` as its own process per instance, `java -Xmx1g -jar …` with "
                        + "`--spring.datasource.url=jdbc:postgresql://localhost:<port>/cap<N>` (a fresh database per configuration), "
                        + "one admin token and secret key for all; everything else at its default: "
                        + "`hostgap.api.max-detection-backlog` 100, `max-concurrent-uploads` 6 and `upload-wait` 10 s per instance, "
                        + "Hikari's pool of 10 connections per instance, one detection worker per instance\n")
                .append("- **Uploads**: `LoadRun` uploaders, each a CI runner that uploads one commit after another on `main` (its "
                        + "own chain of commits), each upload ").append(CapacityRun.RESULTS).append(" results × ")
                .append(CapacityRun.FORKS).append(" forks (").append(CapacityRun.RESULTS * CapacityRun.FORKS)
                .append(" samples, about 20 KB), no think time (after a 503, the wait `Retry-After` asks for); each uploader sends ")
                .append("its uploads to the instances in turn. ").append(loadSeconds).append(" s per level, each level on a project ")
                .append("of its own; before them ").append(CapacityRun.WARMUP_SECONDS)
                .append(" s of 4 uploaders on a `warmup` project (not counted). uploads/s: uploads answered 200/201 within the ")
                .append(loadSeconds).append(" s, divided by them. judged runs/s: runs of the level's project whose `first_judged_at` ")
                .append("was set within the ").append(loadSeconds).append(" s (read from the database every 250 ms), divided by them.\n")
                .append("- **Views**: after both loads, with no upload running: readers that call, one after the other and "
                        + "without rest, every call the dashboard, compare, series, series index and run pages make "
                        + "(ViewReaders.calls), each call to the next instance; ").append(viewSeconds)
                .append(" s with 1 reader, then ").append(viewSeconds).append(" s with 8, after 5 s with 1 (not counted); ")
                .append("on the `").append(CapacityRun.VIEWED).append("` project. p95 over every call of every page (each ")
                .append("call once per round: the pooled p95 is mostly the slower calls'; per call below).\n\n");
        summary(md);
        for (CapacityRun.Configuration c : configurations) {
            raw(md, c);
        }
        return md.toString();
    }

    private void summary(StringBuilder md) {
        md.append("## Capacity table\n\n")
                .append("| instances | uploaders | uploads/s | judged runs/s | view p95 (1 reader) | view p95 (8 readers) |\n")
                .append("|---:|---:|---:|---:|---:|---:|\n");
        for (CapacityRun.Configuration c : configurations) {
            for (UploadPhase.Result load : c.loads()) {
                md.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %s | %s |%n", c.instances(), load.uploaders(),
                        load.uploadsPerSecond(), load.judgedPerSecond(), viewP95(c, 1), viewP95(c, 8)));
            }
        }
        md.append("\nThe view columns were measured once per configuration, after the loads (no upload running); "
                + "both rows of a configuration show the same figure.\n\n");
    }

    private static String viewP95(CapacityRun.Configuration c, int readers) {
        return c.views().stream().filter(v -> v.readers() == readers).findFirst()
                .map(v -> String.format(Locale.ROOT, "%.1f ms", quantile(millis(v.reads(), null), 0.95))).orElse("–");
    }

    private void raw(StringBuilder md, CapacityRun.Configuration c) {
        md.append("## ").append(c.instances()).append(c.instances() == 1 ? " instance" : " instances")
                .append(" (database `").append(c.database()).append("`)\n\n")
                .append("- load average (1 / 5 / 15 min) before the configuration ").append(c.loadBefore()).append(", after ")
                .append(c.loadAfter()).append('\n')
                .append("- start until healthy: ").append(c.starts().stream()
                        .map(d -> String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)).collect(Collectors.joining(", ")))
                .append('\n');
        UploadPhase.Result w = c.warmup();
        md.append(String.format(Locale.ROOT, "- warm-up (not counted): %s, %.1f uploads/s%n%n", w.answers(), w.uploadsPerSecond()));
        md.append("| uploaders | answers (all, to the last in flight) | uploads/s | upload latency p50 / p95 / p99 | stored/s "
                        + "| judged runs/s during | backlog max / at the end | all judged after the load | judged runs/s until then "
                        + "| judgings (re-judgings included) per instance | load average before → after |\n")
                .append("|---:|---|---:|---|---:|---:|---|---:|---:|---|---|\n");
        for (UploadPhase.Result r : c.loads()) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %.1f | %s | %.1f | %.1f | %d / %d | %s | %.1f | %s | %s → %s |%n",
                    r.uploaders(), r.answers(), r.uploadsPerSecond(), percentiles(r.latencyMillis()), r.storedPerSecond(),
                    r.judgedPerSecond(), r.maxBacklog(), r.backlogAtEnd(),
                    Double.isNaN(r.drainSeconds()) ? "NOT within 180 s" : String.format(Locale.ROOT, "%.1f s", r.drainSeconds()),
                    r.judgedPerSecondUntilDrained(), r.judgingsPerInstance().entrySet().stream()
                            .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue())).collect(Collectors.joining(", ")),
                    r.loadBefore(), r.loadAfter()));
        }
        md.append('\n');
        for (UploadPhase.Result r : c.loads()) {
            md.append(String.format(Locale.ROOT, "- %d uploaders: %d runs stored in the project, %d acknowledged%s%n", r.uploaders(),
                    r.stored(), r.acknowledged(), r.failures().isEmpty() ? "" : "; answers other than 200/201: " + r.failures()));
        }
        md.append("\nCPU used, in cores (of ").append(Runtime.getRuntime().availableProcessors())
                .append("), averaged over each phase (from /proc; \"others\" is everything else on the machine):\n\n");
        List<String> parts = new ArrayList<>(c.loads().get(0).cores().keySet());
        md.append("| phase | ").append(String.join(" | ", parts)).append(" |\n|---|")
                .append("---:|".repeat(parts.size())).append('\n');
        for (UploadPhase.Result r : c.loads()) {
            cpuRow(md, r.uploaders() + " uploaders", parts, r.cores());
        }
        for (CapacityRun.Views v : c.views()) {
            cpuRow(md, v.readers() + (v.readers() == 1 ? " reader" : " readers"), parts, v.cores());
        }
        views(md, c);
        md.append("\nPlatform log lines at WARN or ERROR (the first 10 of each instance): ")
                .append(c.logProblems().isEmpty() ? "none.\n\n" : "\n\n```\n" + String.join("\n", c.logProblems()) + "\n```\n\n");
    }

    private void views(StringBuilder md, CapacityRun.Configuration c) {
        md.append("\nViews on `").append(CapacityRun.VIEWED).append("`: ").append(c.viewedHistory()).append(".\n\n")
                .append("| readers | calls | calls/s | answers | p50 | p95 | p99 | max | load average before → after |\n")
                .append("|---:|---:|---:|---|---:|---:|---:|---:|---|\n");
        for (CapacityRun.Views v : c.views()) {
            double[] all = millis(v.reads(), null);
            Map<Integer, Long> statuses = new TreeMap<>(v.reads().stream()
                    .collect(Collectors.groupingBy(ViewReaders.Read::status, Collectors.counting())));
            md.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %s → %s |%n",
                    v.readers(), all.length, all.length / (double) v.seconds(), statuses.entrySet().stream()
                            .map(e -> e.getValue() + " × " + (e.getKey() == 0 ? "no answer" : e.getKey())).collect(Collectors.joining(", ")),
                    quantile(all, 0.5), quantile(all, 0.95), quantile(all, 0.99), quantile(all, 1.0), v.loadBefore(), v.loadAfter()));
        }
        viewFailures(md, c);
        md.append("\nPer call, p50 / p95 / p99 in ms (calls):\n\n| call | page |");
        c.views().forEach(v -> md.append(' ').append(v.readers()).append(v.readers() == 1 ? " reader |" : " readers |"));
        md.append("\n|---|---|").append("---:|".repeat(c.views().size())).append('\n');
        Map<String, String> pages = new LinkedHashMap<>(); // call → page, in the order the first reader made them
        c.views().stream().flatMap(v -> v.reads().stream()).forEach(r -> pages.putIfAbsent(r.call(), r.page()));
        pages.forEach((call, page) -> {
            md.append("| `").append(call).append("` | ").append(page).append(" |");
            for (CapacityRun.Views v : c.views()) {
                double[] ms = millis(v.reads(), call);
                md.append(ms.length == 0 ? " – |" : String.format(Locale.ROOT, " %s (%d) |", percentiles(ms), ms.length));
            }
            md.append('\n');
        });
    }

    private static void viewFailures(StringBuilder md, CapacityRun.Configuration c) {
        for (CapacityRun.Views v : c.views()) {
            List<String> failures = v.reads().stream().filter(r -> r.failure() != null)
                    .map(r -> r.call() + ": " + r.status() + " " + r.failure().replaceAll("\\s+", " ")).distinct().limit(5).toList();
            if (!failures.isEmpty()) {
                md.append("\n- ").append(v.readers()).append(" reader(s), answers other than 200: ").append(failures).append('\n');
            }
        }
    }

    private static void cpuRow(StringBuilder md, String phase, List<String> parts, Map<String, Double> cores) {
        md.append("| ").append(phase).append(" |");
        parts.forEach(p -> md.append(String.format(Locale.ROOT, " %.2f |", cores.getOrDefault(p, Double.NaN))));
        md.append('\n');
    }

    private static double[] millis(List<ViewReaders.Read> reads, String call) {
        return reads.stream().filter(r -> r.status() == 200 && (call == null || r.call().equals(call)))
                .mapToDouble(ViewReaders.Read::millis).sorted().toArray();
    }

    private static String percentiles(double[] sorted) {
        return Arrays.stream(new double[] {0.5, 0.95, 0.99}).mapToObj(q -> String.format(Locale.ROOT, "%.1f", quantile(sorted, q)))
                .collect(Collectors.joining(" / "));
    }

    /** Nearest rank. */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))];
    }
}
