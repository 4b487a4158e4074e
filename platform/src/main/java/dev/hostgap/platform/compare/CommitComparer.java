package dev.hostgap.platform.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.hostgap.platform.calibration.CalibratedNoise;
import dev.hostgap.platform.calibration.Calibrations;
import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.projects.CommitNode;
import dev.hostgap.platform.regressions.ChangeLedger;
import dev.hostgap.platform.runs.Measurements;
import dev.hostgap.platform.runs.Measurements.SeriesInfo;
import dev.hostgap.platform.runs.UploadVerdicts;
import dev.hostgap.platform.stats.Judge;
import dev.hostgap.platform.stats.Judgement;
import dev.hostgap.platform.stats.RunNoise;
import dev.hostgap.platform.stats.RunValue;
import dev.hostgap.platform.stats.Thresholds;
import dev.hostgap.platform.stats.Verdict;
import dev.hostgap.platform.support.ParamsJson;
import dev.hostgap.platform.thresholds.ThresholdBook;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares every series measured at two commits with the one judgement model ({@link Judge}):
 * each run is one replicate (its fork median), all runs of a commit pool at the run level, and the
 * run-to-run noise comes from the series' own recent runs, never below its A/A calibration. Failed results do not count. Reads run
 * levels only, never fork arrays, so its cost does not grow with the number of forks.
 */
@Service
public class CommitComparer implements UploadVerdicts {

    private static final List<String> VERDICT_ORDER = Arrays.stream(Verdict.values()).map(Verdict::wireName).toList();

    private final Measurements measurements;
    private final NoiseCache noiseCache;
    private final Calibrations calibrations;
    private final ThresholdBook thresholds;
    private final JsonMapper json;
    private final CommitGraph graph;
    private final ChangeLedger changes;
    /** How many measured commits at most form a base level: as many as detection's baseline. */
    static final int LEVEL_COMMITS = 30;
    /** How many first-parent commits are walked to find them. */
    private static final int LEVEL_HISTORY = 200;

    CommitComparer(Measurements measurements, NoiseCache noiseCache, Calibrations calibrations, ThresholdBook thresholds,
                   JsonMapper json, CommitGraph graph, ChangeLedger changes) {
        this.graph = graph;
        this.changes = changes;
        this.measurements = measurements;
        this.noiseCache = noiseCache;
        this.calibrations = calibrations;
        this.thresholds = thresholds;
        this.json = json;
    }

    /** All series of either commit in {@link #ORDER}: regressions first, then improvements, then the rest. */
    public List<CompareRow> compare(long projectId, long baseCommitId, long headCommitId) {
        return compare(projectId, baseCommitId, headCommitId, null);
    }

    /** Only the given series (all when null). */
    public List<CompareRow> compare(long projectId, long baseCommitId, long headCommitId, Collection<Long> seriesIds) {
        return compare(projectId, baseCommitId, headCommitId, seriesIds, false);
    }

    /** {@code fresh}: the noise read now, not from {@link NoiseCache} (the upload answer, right after its run). */
    private List<CompareRow> compare(long projectId, long baseCommitId, long headCommitId, Collection<Long> seriesIds,
                                     boolean fresh) {
        Map<SeriesInfo, Map<Long, List<RunValue>>> levels = measurements.runLevelsAt(List.of(baseCommitId, headCommitId), seriesIds);
        return judgeAll(projectId, levels, (series, byCommit) -> byCommit.getOrDefault(baseCommitId, List.of()), headCommitId, fresh);
    }

    /**
     * The head against the level its base is at, as detection sees it: per series, the runs of the
     * base and of its measured first-parent ancestors back to where the series' newest change on
     * record began (at most {@link #LEVEL_COMMITS} measured commits), not the base's runs alone. What
     * a pull request is judged by: one run of the base would leave the threshold at the noise of two
     * single runs, too wide to see a step of a few noise widths.
     */
    public List<CompareRow> compareToBaseLevel(long projectId, long baseCommitId, long headCommitId, String branch) {
        List<Long> history = graph.timelineFrom(projectId, baseCommitId, branch, LEVEL_HISTORY).stream().map(CommitNode::id)
                .filter(id -> id != headCommitId).toList();
        List<Long> commits = new ArrayList<>(history);
        commits.add(headCommitId);
        Map<SeriesInfo, Map<Long, List<RunValue>>> levels = measurements.runLevelsAt(commits, null);
        levels.keySet().removeIf(series -> !levels.get(series).containsKey(headCommitId) && !levels.get(series).containsKey(baseCommitId));
        Map<Long, Long> starts = changes.levelStarts(levels.keySet().stream().map(SeriesInfo::id).toList(), history);
        return judgeAll(projectId, levels, (series, byCommit) -> {
            List<RunValue> base = new ArrayList<>();
            int measured = 0;
            Long start = starts.get(series.id());
            for (Long commit : history) {
                List<RunValue> runs = byCommit.get(commit);
                if (runs != null && measured < LEVEL_COMMITS) {
                    base.addAll(runs);
                    measured++;
                }
                if (commit.equals(start) || (commit == baseCommitId && !byCommit.containsKey(baseCommitId))) {
                    break; // the level began here; or the base itself lacks the series: no level to speak of
                }
            }
            return base;
        }, headCommitId, false);
    }

    private List<CompareRow> judgeAll(long projectId, Map<SeriesInfo, Map<Long, List<RunValue>>> levels,
                                      java.util.function.BiFunction<SeriesInfo, Map<Long, List<RunValue>>, List<RunValue>> baseSide,
                                      long headCommitId, boolean fresh) {
        if (levels.isEmpty()) {
            return List.of();
        }
        List<Long> ids = levels.keySet().stream().map(SeriesInfo::id).toList();
        Map<Long, NoiseCache.Estimate> estimates = fresh ? noiseCache.current(ids) : noiseCache.estimates(ids);
        Map<Long, CalibratedNoise> calibrated = calibrations.noiseOf(ids);
        ThresholdBook.Resolver resolver = thresholds.forProject(projectId);
        List<CompareRow> rows = new ArrayList<>(levels.size());
        levels.forEach((series, byCommit) -> {
            List<RunValue> base = baseSide.apply(series, byCommit);
            List<RunValue> head = byCommit.getOrDefault(headCommitId, List.of());
            NoiseCache.Estimate estimate = estimates.get(series.id());
            RunNoise noise = CalibratedNoise.floor(estimate.noise(), calibrated.get(series.id()), estimate.level());
            Thresholds thresholds = resolver.forSeries(series.benchmark(), series.metric());
            Judgement j = Judge.judge(base, head, noise, series.direction(), thresholds);
            rows.add(new CompareRow(series.benchmark(), series.version(), ParamsJson.read(json, series.params()),
                    series.metric(), series.unit(), series.direction().wireName(), series.environment(), j.baseLevel(),
                    j.headLevel(), j.changePercent(), j.ciLowPercent(), j.ciHighPercent(), j.pValue(), forks(base),
                    forks(head), j.baseRuns(), j.headRuns(), j.noisePercent(), j.thresholdPercent(), j.historyRuns(),
                    j.verdict().wireName(), ThresholdReason.of(base, head, estimate.noise(), noise, j, thresholds),
                    ThresholdReason.machines(base), ThresholdReason.machines(head), series.id()));
        });
        rows.sort(ORDER);
        return rows;
    }

    /**
     * Regressions, improvements, then the rest, each by how far past (or how close to) its threshold
     * the change came, |change| / threshold, largest first; rows without that ratio after those with
     * one, by |change|; ties in name order (the order they come in). An unchanged +11% against a
     * ±12% threshold is then at the top of the unchanged rows, not eighteenth by name.
     */
    static final Comparator<CompareRow> ORDER = Comparator.comparingInt((CompareRow r) -> VERDICT_ORDER.indexOf(r.verdict()))
            .thenComparing(CommitComparer::closeness, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(r -> r.changePercent() == null ? null : Math.abs(r.changePercent()),
                    Comparator.nullsLast(Comparator.reverseOrder()));

    /** |change| / threshold; infinite for a change with no relative size (a base level of 0) that counted. */
    static Double closeness(CompareRow row) {
        boolean counted = row.verdict().equals(Verdict.REGRESSION.wireName()) || row.verdict().equals(Verdict.IMPROVEMENT.wireName());
        if (row.changePercent() == null || row.thresholdPercent() == null) {
            return counted ? Double.POSITIVE_INFINITY : null;
        }
        double change = Math.abs(row.changePercent());
        return row.thresholdPercent() > 0 ? change / row.thresholdPercent() : change == 0 ? 0.0 : Double.POSITIVE_INFINITY;
    }

    @Override
    public List<CompareRow> judge(long projectId, long baseCommitId, long headCommitId, Collection<Long> seriesIds) {
        return compare(projectId, baseCommitId, headCommitId, seriesIds, true);
    }

    private static int forks(List<RunValue> runs) {
        return runs.stream().mapToInt(RunValue::forks).sum();
    }
}
