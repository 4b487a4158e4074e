package dev.hostgap.platform.regressions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.projects.CommitNode;
import dev.hostgap.platform.regressions.detection.MeasuredCommit;
import dev.hostgap.platform.regressions.detection.StepDetector;
import dev.hostgap.platform.regressions.detection.StepDetector.Finding;
import dev.hostgap.platform.calibration.CalibratedNoise;
import dev.hostgap.platform.calibration.Calibrations;
import dev.hostgap.platform.runs.Measurements;
import dev.hostgap.platform.runs.Measurements.RunContext;
import dev.hostgap.platform.runs.Measurements.SeriesInfo;
import dev.hostgap.platform.stats.Judgement;
import dev.hostgap.platform.stats.RunNoise;
import dev.hostgap.platform.stats.RunValue;
import dev.hostgap.platform.stats.Thresholds;
import dev.hostgap.platform.stats.Verdict;
import dev.hostgap.platform.thresholds.ThresholdBook;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Judges every series of a run: the run levels along first parents from the run's commit (cut at
 * the newest baseline reset), the step detector per series with the project's thresholds. Records a
 * judgement per series, opens a regression or improvement at the commit where the change began,
 * and closes an open regression only with the evidence it took to open it (never from a backfill).
 * Runs come from {@link DetectionQueue}, never from the upload's own thread.
 */
@Service
class DetectionService {

    private final JdbcClient jdbc;
    private final Measurements measurements;
    private final Calibrations calibrations;
    private final CommitGraph graph;
    private final ThresholdBook thresholds;
    private final RegressionLog log;
    private final DetectionProperties properties;
    private final StepDetector detector;
    /** How many measured commits apart two datings of one step may be. */
    private static final int REDATE_WINDOW = 3;

    DetectionService(JdbcClient jdbc, Measurements measurements, Calibrations calibrations, CommitGraph graph, ThresholdBook thresholds,
                     RegressionLog log, DetectionProperties properties) {
        this.jdbc = jdbc;
        this.measurements = measurements;
        this.calibrations = calibrations;
        this.graph = graph;
        this.thresholds = thresholds;
        this.log = log;
        this.properties = properties;
        this.detector = new StepDetector(properties.settings());
    }

    /**
     * One series' measured history as the detector sees it (from the newest baseline reset on), with
     * the commit behind each point, and the noise of its whole history (a reset moves the baseline,
     * not the noise).
     */
    private record SeriesHistory(List<CommitNode> commits, List<MeasuredCommit> points, RunNoise noise) {
    }

    private record OpenRegression(long id, long seriesId, long firstBadCommitId, String status) {
    }

    /**
     * Takes, for the caller's transaction, a lock on every series the runs measured, in ascending
     * order: detection on several instances judges a series one batch at a time, so two instances
     * never open the same step twice or close what the other just opened. Taken for a whole batch
     * at once, in one order, so two batches cannot wait on each other.
     */
    void lockSeriesOf(List<UUID> runs) {
        List<Long> series = measurements.seriesIdsOf(runs);
        if (!series.isEmpty()) {
            jdbc.sql("""
                            select count(pg_advisory_xact_lock(hashtextextended('series:' || id, 2)))
                            from (select id from unnest(cast(? as bigint[])) as s(id) order by id) ordered
                            """)
                    .param(series.toArray(Long[]::new)).query(Long.class).single();
        }
    }

    /** Judges one run; the caller holds the transaction and marks the run judged. */
    void judge(UUID runId) {
        RunContext run = measurements.run(runId).orElse(null);
        List<SeriesInfo> series = run == null ? List.of() : measurements.seriesOf(runId);
        if (series.isEmpty()) {
            return;
        }
        List<CommitNode> history = new ArrayList<>(graph.historyFrom(run.projectId(), run.commitId(), run.branch(),
                properties.historyCommits()));
        Collections.reverse(history); // oldest first
        List<Long> seriesIds = series.stream().map(SeriesInfo::id).toList();
        Map<Long, Map<Long, List<RunValue>>> levels = measurements.runLevels(seriesIds, history.stream().map(CommitNode::id).toList());
        Map<Long, Set<Long>> resets = resets(seriesIds);
        Map<Long, List<OpenRegression>> open = openRegressions(seriesIds);
        Map<Long, CalibratedNoise> calibrated = calibrations.noiseOf(seriesIds);
        ThresholdBook.Resolver resolver = thresholds.forProject(run.projectId());
        Map<Long, Judgement> judgements = new java.util.LinkedHashMap<>();
        for (SeriesInfo s : series) {
            SeriesHistory measured = measuredHistory(history, levels.getOrDefault(s.id(), Map.of()),
                    resets.getOrDefault(s.id(), Set.of()), calibrated.get(s.id()));
            Thresholds t = resolver.forSeries(s.benchmark(), s.metric());
            Finding finding = detector.examine(measured.points(), measured.noise(), s.direction(), t);
            judgements.put(s.id(), finding.commitJudgement()); // the commit verdict: compare's threshold; the alarm below may wait
            record(runId, s.id(), finding, measured.commits(), open.getOrDefault(s.id(), List.of()));
            for (OpenRegression regression : open.getOrDefault(s.id(), List.of())) {
                closeIfRecovered(regression, run, s, measured, t);
            }
        }
        storeJudgements(runId, judgements);
    }

    /** Every series' judgement of the run in one statement: one round trip instead of one per series. */
    private void storeJudgements(UUID runId, Map<Long, Judgement> judgements) {
        int n = judgements.size();
        Long[] series = new Long[n];
        String[] kinds = new String[n];
        Double[] p = new Double[n];
        Double[] change = new Double[n];
        Double[] threshold = new Double[n];
        Double[] noise = new Double[n];
        Integer[] historyRuns = new Integer[n];
        int i = 0;
        for (Map.Entry<Long, Judgement> e : judgements.entrySet()) {
            Judgement j = e.getValue();
            series[i] = e.getKey();
            kinds[i] = j.verdict().wireName();
            p[i] = j.pValue();
            change[i] = j.changePercent();
            threshold[i] = j.thresholdPercent();
            noise[i] = j.noisePercent();
            historyRuns[i] = j.historyRuns();
            i++;
        }
        jdbc.sql("""
                        insert into judgement (run_id, series_id, kind, p_value, change_percent, threshold_percent,
                                               noise_percent, history_runs)
                        select ?, * from unnest(cast(? as bigint[]), cast(? as text[]), cast(? as float8[]),
                                                cast(? as float8[]), cast(? as float8[]), cast(? as float8[]), cast(? as int[]))
                        on conflict do nothing
                        """)
                .params(runId, series, kinds, p, change, threshold, noise, historyRuns)
                .update();
    }

    private static SeriesHistory measuredHistory(List<CommitNode> history, Map<Long, List<RunValue>> levels, Set<Long> resets,
                                                 CalibratedNoise calibration) {
        List<CommitNode> commits = new ArrayList<>();
        List<MeasuredCommit> points = new ArrayList<>();
        List<MeasuredCommit> all = new ArrayList<>();
        int start = startAtNewestReset(history, resets);
        for (int i = 0; i < history.size(); i++) {
            CommitNode c = history.get(i);
            List<RunValue> runs = levels.get(c.id());
            if (runs == null) {
                continue;
            }
            MeasuredCommit point = new MeasuredCommit(c.sha(), runs);
            all.add(point);
            if (i >= start) {
                commits.add(c);
                points.add(point);
            }
        }
        List<RunValue> runs = all.stream().flatMap(c -> c.runs().stream()).toList();
        return new SeriesHistory(commits, points, CalibratedNoise.floor(StepDetector.noiseOf(all), calibration, runs));
    }

    private void record(UUID runId, long seriesId, Finding finding, List<CommitNode> commits, List<OpenRegression> open) {
        Judgement j = finding.judgement();
        if (!j.verdict().isChange()) {
            return;
        }
        CommitNode firstBad = commits.get(finding.firstBad());
        Long lastGood = finding.firstBad() > 0 ? commits.get(finding.firstBad() - 1).id() : null;
        if (j.verdict() == Verdict.REGRESSION && redate(open, commits, finding, runId)) {
            return;
        }
        jdbc.sql("""
                        insert into regression (series_id, kind, first_bad_commit_id, last_good_commit_id, detected_in_run,
                                                change_percent, p_value, threshold_percent, baseline_median)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (series_id, first_bad_commit_id) do nothing
                        returning id
                        """)
                .params(seriesId, j.verdict().wireName(), firstBad.id(), lastGood, runId, j.changePercent(), j.pValue(),
                        j.thresholdPercent(), j.baseLevel())
                .query(Long.class).optional()
                .ifPresent(id -> log.record(id, null, "open", "hostgap", String.format(Locale.ROOT,
                        "detected in run %s: %s from %s on", runId, change(j), firstBad.sha())));
    }

    /**
     * The same step seen again with more evidence may be dated a few commits away from where it
     * was first seen (a noisy first bad run hides part of it). An open regression of the series that
     * began within {@link #REDATE_WINDOW} measured commits of the new estimate is that step: it moves
     * to the better-supported commit instead of a second record being opened.
     */
    private boolean redate(List<OpenRegression> open, List<CommitNode> commits, Finding finding, UUID runId) {
        int firstBad = finding.firstBad();
        for (OpenRegression regression : open) {
            int index = indexOf(commits, regression.firstBadCommitId());
            if (index < 0 || Math.abs(index - firstBad) > REDATE_WINDOW) {
                continue;
            }
            if (index != firstBad) {
                CommitNode moved = commits.get(firstBad);
                // only while nobody changed its status meanwhile, and never onto another record's commit
                int updated = jdbc.sql("""
                                update regression set first_bad_commit_id = :commit, last_good_commit_id = :lastGood,
                                       change_percent = :change, p_value = :p, threshold_percent = :threshold,
                                       baseline_median = :baseline, detected_in_run = :run
                                where id = :id and status = :status
                                  and not exists (select 1 from regression o where o.series_id = regression.series_id
                                                  and o.first_bad_commit_id = :commit)
                                """)
                        .param("commit", moved.id()).param("lastGood", firstBad > 0 ? commits.get(firstBad - 1).id() : null)
                        .param("change", finding.judgement().changePercent()).param("p", finding.judgement().pValue())
                        .param("threshold", finding.judgement().thresholdPercent())
                        .param("baseline", finding.judgement().baseLevel()).param("run", runId)
                        .param("id", regression.id()).param("status", regression.status())
                        .update();
                if (updated > 0) {
                    log.record(regression.id(), regression.status(), regression.status(), "hostgap",
                            "first bad commit re-dated from " + commits.get(index).sha() + " to " + moved.sha() + " (run " + runId + ")");
                }
            }
            return true;
        }
        return false;
    }

    private static int indexOf(List<CommitNode> commits, long commitId) {
        for (int i = 0; i < commits.size(); i++) {
            if (commits.get(i).id() == commitId) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Closes an open or acknowledged regression when the series' first-parent history from this run
     * shows, with the evidence it took to open it, a later return to the level before it. Needs the
     * first bad commit in this run's history (so the run descends from it) and no newer measured
     * commit on the branch (a backfill does not close).
     */
    private void closeIfRecovered(OpenRegression regression, RunContext run, SeriesInfo series, SeriesHistory measured,
                                  Thresholds t) {
        int firstBad = indexOf(measured.commits(), regression.firstBadCommitId());
        if (firstBad < 0 || !detector.recovered(measured.points(), firstBad, measured.noise(), series.direction(), t)
                || measurements.isBackfill(series.id(), run.commitId(), run.branch())) {
            return;
        }
        String sha = measured.commits().get(measured.commits().size() - 1).sha();
        int updated = jdbc.sql("""
                        update regression set status = 'fixed', status_changed_by = 'hostgap', status_changed_at = now(),
                               note = ? where id = ? and status = ?
                        """)
                .params("back at the earlier level, confirmed at " + sha, regression.id(), regression.status()).update();
        if (updated > 0) {
            log.record(regression.id(), regression.status(), "fixed", "hostgap",
                    "back at the earlier level, confirmed at " + sha + " (run " + run.runId() + ")");
        }
    }

    private Map<Long, List<OpenRegression>> openRegressions(List<Long> seriesIds) {
        Map<Long, List<OpenRegression>> open = new HashMap<>();
        jdbc.sql("""
                        select id, series_id, first_bad_commit_id, status from regression
                        where series_id = any(?) and kind = 'regression' and status in ('open', 'acknowledged')
                        """)
                .param(seriesIds.toArray(Long[]::new))
                .query((rs, i) -> new OpenRegression(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4)))
                .list().forEach(r -> open.computeIfAbsent(r.seriesId(), k -> new ArrayList<>()).add(r));
        return open;
    }

    /** For each series, the commits where its baseline was reset. */
    private Map<Long, Set<Long>> resets(List<Long> seriesIds) {
        Map<Long, Set<Long>> resets = new HashMap<>();
        jdbc.sql("select series_id, commit_id from baseline_reset where series_id = any(?)")
                .param(seriesIds.toArray(Long[]::new))
                .query(rs -> {
                    resets.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getLong(2));
                });
        return resets;
    }

    /** History (oldest first) starts at the newest reset commit in it: earlier commits are no baseline. */
    private static int startAtNewestReset(List<CommitNode> history, Set<Long> resetCommits) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (resetCommits.contains(history.get(i).id())) {
                return i;
            }
        }
        return 0;
    }

    private static String change(Judgement j) {
        return j.changePercent() == null ? "a change" : String.format(Locale.ROOT, "%+.2f%%", j.changePercent());
    }
}
