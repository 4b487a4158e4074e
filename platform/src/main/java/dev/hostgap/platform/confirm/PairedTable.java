package dev.hostgap.platform.confirm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.hostgap.platform.calibration.CalibratedNoise;
import dev.hostgap.platform.calibration.Calibrations;
import dev.hostgap.platform.jobs.JobQueue.GroupJob;
import dev.hostgap.platform.runs.Measurements;
import dev.hostgap.platform.runs.Measurements.RunLevel;
import dev.hostgap.platform.runs.Measurements.SeriesInfo;
import dev.hostgap.platform.stats.Judgement;
import dev.hostgap.platform.stats.PairedJudge;
import dev.hostgap.platform.stats.RunNoise;
import dev.hostgap.platform.stats.RunValue;
import dev.hostgap.platform.stats.SampleSummary;
import dev.hostgap.platform.support.ParamsJson;
import dev.hostgap.platform.thresholds.ThresholdBook;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Judges a probe's runs as pairs, series by series: in each round, the run of the head against the
 * run of the base measured just before it on the same runner ({@link PairedJudge}), and for a
 * bisection's step the middle against both ends. The series' noise, where its history (or a
 * calibration) knows it, keeps a few quiet pairs from looking more certain than the series is.
 */
@Component
class PairedTable {

    /** One round of one series: the run levels of its sides (middle null outside a bisection). */
    record Round(int round, double base, Double middle, double head) {
    }

    /**
     * One series' row: its rounds, head against base, and for a bisection's step middle against base
     * and head against middle.
     */
    record Row(long seriesId, String benchmark, int version, Map<String, String> params, String metric, String unit,
               String direction, List<Round> rounds, Judgement change, Judgement middleAgainstBase, Judgement headAgainstMiddle) {
    }

    private final Measurements measurements;
    private final Calibrations calibrations;
    private final ThresholdBook thresholds;
    private final JsonMapper json;

    PairedTable(Measurements measurements, Calibrations calibrations, ThresholdBook thresholds, JsonMapper json) {
        this.measurements = measurements;
        this.calibrations = calibrations;
        this.thresholds = thresholds;
        this.json = json;
    }

    /** The rows of the probe's completed rounds (a round with a side not measured is left out). */
    List<Row> judge(Probe probe, List<GroupJob> jobs) {
        int sides = probe.sides();
        Map<Integer, UUID[]> rounds = new java.util.TreeMap<>();
        for (GroupJob job : jobs) {
            if (job.state().equals("completed") && job.runId() != null) {
                int round = (job.position() - 1) / sides + 1;
                rounds.computeIfAbsent(round, r -> new UUID[sides])[(job.position() - 1) % sides] = UUID.fromString(job.runId());
            }
        }
        List<UUID> runIds = rounds.values().stream().flatMap(java.util.Arrays::stream).filter(java.util.Objects::nonNull).toList();
        Map<UUID, Map<Long, RunValue>> byRun = new HashMap<>();
        Map<Long, SeriesInfo> series = new LinkedHashMap<>();
        for (RunLevel level : measurements.levelsOfRuns(runIds)) {
            byRun.computeIfAbsent(level.runId(), k -> new HashMap<>()).put(level.series().id(), level.value());
            series.putIfAbsent(level.series().id(), level.series());
        }
        Map<Long, RunNoise> noise = historyNoise(new ArrayList<>(series.keySet()));
        ThresholdBook.Resolver resolver = thresholds.forProject(probe.projectId());
        List<Row> rows = new ArrayList<>();
        for (SeriesInfo s : series.values()) {
            List<Round> measured = new ArrayList<>();
            rounds.forEach((round, runs) -> {
                Double[] levels = new Double[sides];
                for (int side = 0; side < sides; side++) {
                    RunValue v = runs[side] == null ? null : byRun.getOrDefault(runs[side], Map.of()).get(s.id());
                    levels[side] = v == null ? null : v.median();
                }
                if (java.util.Arrays.stream(levels).allMatch(java.util.Objects::nonNull)) {
                    measured.add(new Round(round, levels[0], sides == 3 ? levels[1] : null, levels[sides - 1]));
                }
            });
            var t = resolver.forSeries(s.benchmark(), s.metric());
            RunNoise n = noise.get(s.id());
            Judgement change = PairedJudge.judge(pairs(measured, Round::base, Round::head), n, s.direction(), t);
            Judgement middleVsBase = sides == 3 ? PairedJudge.judge(pairs(measured, Round::base, Round::middle), n, s.direction(), t) : null;
            Judgement headVsMiddle = sides == 3 ? PairedJudge.judge(pairs(measured, Round::middle, Round::head), n, s.direction(), t) : null;
            rows.add(new Row(s.id(), s.benchmark(), s.version(), ParamsJson.read(json, s.params()), s.metric(), s.unit(),
                    s.direction().wireName(), measured, change, middleVsBase, headVsMiddle));
        }
        return rows;
    }

    private static List<PairedJudge.Pair> pairs(List<Round> rounds, java.util.function.Function<Round, Double> base,
                                                java.util.function.Function<Round, Double> head) {
        return rounds.stream().map(r -> new PairedJudge.Pair(base.apply(r), head.apply(r))).toList();
    }

    /** Each series' run-to-run noise from its ordinary runs, never below its calibration's. */
    private Map<Long, RunNoise> historyNoise(List<Long> seriesIds) {
        Map<Long, List<RunValue>> history = measurements.noiseHistory(seriesIds);
        Map<Long, CalibratedNoise> calibrated = calibrations.noiseOf(seriesIds);
        Map<Long, RunNoise> noise = new HashMap<>();
        for (Long id : seriesIds) {
            List<RunValue> runs = history.getOrDefault(id, List.of());
            RunNoise estimate = RunNoise.estimate(runs);
            noise.put(id, runs.isEmpty() ? estimate : CalibratedNoise.floor(estimate, calibrated.get(id),
                    SampleSummary.median(runs.stream().mapToDouble(RunValue::median).toArray())));
        }
        return noise;
    }

    String toJson(List<Row> rows) {
        return json.writeValueAsString(rows);
    }
}
