package dev.hostgap.platform.verdicts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hostgap.platform.stats.Direction;
import dev.hostgap.platform.stats.Judgement;
import dev.hostgap.platform.stats.PairedJudge;
import dev.hostgap.platform.stats.RunNoise;
import dev.hostgap.platform.stats.RunValue;
import dev.hostgap.platform.stats.Thresholds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The A/A test of the paired judgement a probe makes, on real runs of the project's own runner bundle
 * (docs/gpu/2026-11-28-h200: one build, three H200 machine starts of 4, 4 and 3 runs). Runs measured
 * one after the other on one machine are paired as a probe pairs them — (1, 2) and (3, 4) of each
 * start, base then head — and judged with the series' noise from all eleven runs: the same code, so
 * any regression or improvement is a false confirmation. Then one launch-bound series' heads are made
 * 20% slower: confirmed. (10% is not, from these five pairs: launch.sync's host time moves 3.4% from
 * run to run here, and the heads of these pairs happen to sit 3.5% below their bases, so a 10% step
 * shows as +6.1% against a threshold of 11.4%.)
 */
class PairedRealGpuRunsTest {

    /** Per series ("benchmark params metric"), per start, its run levels in the order measured. */
    private record Levels(Map<String, Map<Integer, List<Double>>> bySeries, Map<String, Direction> directions) {
    }

    @Test
    void pairedRunsOfOneBuildOnOneMachineAreNeverAChange() throws IOException {
        Levels levels = levels();
        List<String> changes = new ArrayList<>();
        int judged = 0;
        for (String series : levels.bySeries().keySet()) {
            Judgement j = judge(levels, series, 1.0);
            judged++;
            if (j.verdict().isChange()) {
                changes.add(series + " " + j.verdict().wireName() + " " + j.changePercent() + "% (threshold " + j.thresholdPercent() + "%)");
            }
        }
        assertThat(judged).isGreaterThanOrEqualTo(15);
        assertThat(changes).as("false confirmations among " + judged + " series").isEmpty();
    }

    @Test
    void aTwentyPercentSlowerHeadOfALaunchBoundSeriesIsConfirmed() throws IOException {
        Judgement j = judge(levels(), "launch.sync args=0 host_us_per_op", 1.20);
        assertThat(j.verdict().wireName()).as(j.toString()).isEqualTo("regression");
        assertThat(j.changePercent()).isBetween(12.0, 20.0);
    }

    /** Pairs (1, 2) and (3, 4) of each machine start, the heads scaled by {@code headFactor}. */
    private static Judgement judge(Levels levels, String series, double headFactor) {
        Map<Integer, List<Double>> starts = levels.bySeries().get(series);
        List<PairedJudge.Pair> pairs = new ArrayList<>();
        List<RunValue> all = new ArrayList<>();
        starts.forEach((start, runs) -> {
            for (int i = 0; i + 1 < runs.size(); i += 2) {
                pairs.add(new PairedJudge.Pair(runs.get(i), runs.get(i + 1) * headFactor));
            }
            runs.forEach(level -> all.add(new RunValue(level, 0, 10, "start" + start)));
        });
        return PairedJudge.judge(pairs, RunNoise.estimate(all), levels.directions().get(series), Thresholds.DEFAULTS);
    }

    private static Levels levels() throws IOException {
        Map<String, Map<Integer, List<Double>>> bySeries = new LinkedHashMap<>();
        Map<String, Direction> directions = new LinkedHashMap<>();
        List<Path> files = RealGpuRunsTest.runFiles();
        List<ObjectNode> runs = RealGpuRunsTest.read(files);
        for (int f = 0; f < files.size(); f++) {
            int start = Integer.parseInt(files.get(f).getFileName().toString().substring(5, 6));
            for (JsonNode r : runs.get(f).get("results")) {
                if (!r.path("samples").isArray() || r.path("samples").isEmpty()) {
                    continue;
                }
                StringBuilder params = new StringBuilder();
                r.get("params").properties().forEach(e -> params.append(params.isEmpty() ? "" : ",").append(e.getKey()).append('=')
                        .append(e.getValue().asString()));
                String series = r.get("benchmark").asString() + " " + params + " " + r.get("metric").asString();
                double[] samples = new double[r.get("samples").size()];
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = r.get("samples").get(i).asDouble();
                }
                bySeries.computeIfAbsent(series, k -> new LinkedHashMap<>()).computeIfAbsent(start, k -> new ArrayList<>())
                        .add(RunValue.of(samples).median());
                directions.put(series, Direction.fromWireName(r.get("direction").asString()).orElseThrow());
            }
        }
        return new Levels(bySeries, directions);
    }
}
