package dev.hostgap.platform.verdicts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.hostgap.platform.stats.RunNoise;
import dev.hostgap.platform.stats.RunValue;
import dev.hostgap.platform.stats.SampleSummary;
import dev.hostgap.platform.stats.Thresholds;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tables of docs/verdicts.md from the real H200 runs in docs/gpu/2026-11-28-h200: per series
 * the fork spread within a run, the run-to-run noise the judgement model estimates, and how many
 * runs a side needs before a change of 2%, 5% or 10% clears the default thresholds.
 * Run from platform/: {@code java -cp target/test-classes:target/classes:<test classpath> dev.hostgap.platform.verdicts.NoiseReport}.
 */
final class NoiseReport {

    private NoiseReport() {
    }

    public static void main(String[] args) throws Exception {
        List<ObjectNode> runs = RealGpuRunsTest.read(RealGpuRunsTest.runFiles());
        Map<String, List<double[]>> bySeries = new LinkedHashMap<>();
        Map<String, List<String>> machines = new LinkedHashMap<>();
        for (ObjectNode run : runs) {
            String machine = run.get("environment").get("attributes").get("gpu_uuid").asString();
            for (JsonNode r : run.get("results")) {
                if (r.get("samples") == null) {
                    continue;
                }
                String key = r.get("benchmark").asString() + " " + r.get("params").toString().replace("\"", "") + " "
                        + r.get("metric").asString();
                double[] samples = new double[r.get("samples").size()];
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = r.get("samples").get(i).asDouble();
                }
                bySeries.computeIfAbsent(key, k -> new ArrayList<>()).add(samples);
                machines.computeIfAbsent(key, k -> new ArrayList<>()).add(machine);
            }
        }
        Thresholds t = Thresholds.DEFAULTS;
        System.out.printf(Locale.ROOT, "%d runs of one build (%s)%n%n", runs.size(), Path.of("docs/gpu/2026-11-28-h200"));
        System.out.println("| series | level | fork CV within a run | run-to-run, one machine | run-to-run, any of the machines | runs a side for 2% | for 5% | for 10% |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, List<double[]>> e : bySeries.entrySet()) {
            List<RunValue> values = new ArrayList<>();
            double cv = 0;
            for (int i = 0; i < e.getValue().size(); i++) {
                double[] s = e.getValue().get(i);
                values.add(RunValue.of(s, machines.get(e.getKey()).get(i)));
                SampleSummary summary = SampleSummary.of(s);
                double sd = 0;
                for (double v : s) {
                    sd += (v - summary.mean()) * (v - summary.mean());
                }
                cv += summary.mean() == 0 ? 0 : Math.sqrt(sd / (s.length - 1)) / summary.mean();
            }
            cv /= e.getValue().size();
            RunNoise noise = RunNoise.estimate(values);
            // one machine: the same estimator on each machine's runs alone, pooled as variances
            double withinVariance = values.stream().collect(java.util.stream.Collectors.groupingBy(RunValue::machine))
                    .values().stream().mapToDouble(m -> Math.pow(RunNoise.estimate(m).sigma(), 2)).average().orElse(0);
            double level = median(values);
            double withinPercent = level == 0 ? 0 : 100 * Math.sqrt(withinVariance) / level;
            double noisePercent = level == 0 ? 0 : 100 * noise.sigma() / level;
            System.out.printf(Locale.ROOT, "| %s | %.4g | %.1f%% | %.2f%% | %.2f%% | %s | %s | %s |%n", e.getKey(), level, 100 * cv,
                    withinPercent, noisePercent, runsNeeded(2, noisePercent, t), runsNeeded(5, noisePercent, t),
                    runsNeeded(10, noisePercent, t));
        }
    }

    /** Smallest n such that n runs against n runs put a change of {@code percent} at the threshold. */
    static String runsNeeded(double percent, double noisePercent, Thresholds t) {
        if (percent < t.minChangePercent()) {
            return "never";
        }
        for (int n = 1; n <= 50; n++) {
            double factor = n <= 2 ? 1 : Math.PI / 2;
            if (t.noiseMultiplier() * noisePercent * Math.sqrt(2 * factor / n) <= percent) {
                return String.valueOf(n);
            }
        }
        return "> 50";
    }

    private static double median(List<RunValue> values) {
        double[] m = values.stream().mapToDouble(RunValue::median).sorted().toArray();
        return SampleSummary.percentile(m, 0.5);
    }
}
