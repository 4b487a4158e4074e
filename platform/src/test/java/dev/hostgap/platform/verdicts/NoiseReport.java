package dev.hostgap.platform.verdicts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.hostgap.platform.stats.Direction;
import dev.hostgap.platform.stats.Judge;
import dev.hostgap.platform.stats.RunNoise;
import dev.hostgap.platform.stats.RunValue;
import dev.hostgap.platform.stats.SampleSummary;
import dev.hostgap.platform.stats.Thresholds;
import dev.hostgap.platform.stats.Verdict;
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
        System.out.println("| series | level | fork CV within a run | run-to-run on one machine | machine to machine "
                + "| runs a side for 2% / 5% / 10%, one machine | runs a side for 2% / 5% / 10%, three machines |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
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
            double level = median(values);
            double within = level == 0 ? 0 : 100 * noise.within() / level;
            double between = level == 0 ? 0 : 100 * noise.between() / level;
            System.out.printf(Locale.ROOT, "| %s | %.4g | %.1f%% | %.2f%% | %.2f%% | %s / %s / %s | %s / %s / %s |%n", e.getKey(),
                    level, 100 * cv, within, between, runsNeeded(2, within, 0, 1, t), runsNeeded(5, within, 0, 1, t),
                    runsNeeded(10, within, 0, 1, t), runsNeeded(2, within, between, 3, t), runsNeeded(5, within, between, 3, t),
                    runsNeeded(10, within, between, 3, t));
        }
    }

    /** The noise a series is judged with once its history holds this many runs (the report's assumption). */
    static final int HISTORY_RUNS = 30;

    /**
     * Smallest n such that n runs against n runs show a change of {@code percent} as a regression,
     * asked of {@link Judge} itself with a noise known from {@link #HISTORY_RUNS} runs: runs average
     * out the within-machine noise; the machine-to-machine part only over the distinct machines of
     * each side (up to {@code machines}, other ones than the other side's; none when both share one).
     */
    static String runsNeeded(double percent, double within, double between, int machines, Thresholds t) {
        RunNoise noise = new RunNoise(within, between, HISTORY_RUNS, machines);
        for (int n = 1; n <= 50; n++) {
            List<RunValue> base = new ArrayList<>();
            List<RunValue> head = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // one machine: both sides on it; several: each side on machines of a pool, not the other side's
                base.add(new RunValue(100, 0, 10, machines == 1 ? "gpu" : "base-gpu-" + (i % machines)));
                head.add(new RunValue(100 + percent, 0, 10, machines == 1 ? "gpu" : "head-gpu-" + (i % machines)));
            }
            if (Judge.judge(base, head, noise, Direction.LOWER_IS_BETTER, t).verdict() == Verdict.REGRESSION) {
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
