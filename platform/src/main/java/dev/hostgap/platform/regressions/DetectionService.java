package dev.hostgap.platform.regressions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.hostgap.platform.projects.CiProject;
import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.projects.ProjectDirectory;
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
    private final ChangeRecords records;
    private final DetectionProperties properties;
    private final StepDetector detector;
    private final ProjectDirectory projects;
    private final BatchReader reader;

    DetectionService(JdbcClient jdbc, Measurements measurements, Calibrations calibrations, CommitGraph graph, ThresholdBook thresholds,
                     ChangeRecords records, DetectionProperties properties, ProjectDirectory projects, BatchReader reader) {
        this.projects = projects;
        this.reader = reader;
        this.jdbc = jdbc;
        this.measurements = measurements;
        this.calibrations = calibrations;
        this.graph = graph;
        this.thresholds = thresholds;
        this.records = records;
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

    /**
     * Reads, for the caller's transaction, what judging these runs needs and does not change while
     * they are judged ({@link BatchReader}).
     */
    BatchReads read(List<UUID> runIds) {
        return reader.read(runIds);
    }

    /** Judges one run on its own: {@link #judge(UUID, BatchReads)} with what it alone reads. */
    Set<Long> judge(UUID runId) {
        return judge(runId, read(List.of(runId)));
    }

    /**
     * Judges one run with what was read for its batch; the caller holds the transaction and marks the
     * run judged. Returns the commits whose answer changed (a change put on record, moved, confirmed,
     * dismissed or closed there), so that what shows their answer can be told. A pull-request run is
     * not judged here: it is never part of a branch's history, and its answer is its head against its
     * base (compare).
     */
    Set<Long> judge(UUID runId, BatchReads reads) {
        BatchReads.JudgedRun judged = reads.runs().get(runId);
        if (judged == null) {
            return Set.of();
        }
        RunContext run = judged.run();
        List<SeriesInfo> series = judged.series();
        List<CommitNode> history = judged.history();
        List<Long> seriesIds = series.stream().map(SeriesInfo::id).toList();
        // the levels of the whole batch's series and commits: this run looks up only its own
        Measurements.RunLevels levels = reads.levelsOf(judged);
        boolean byProbe = confirmsByProbe(run.projectId());
        Map<Long, Set<Long>> resets = records.resets(seriesIds);
        Map<Long, List<ChangeRecords.OpenRegression>> open = records.open(seriesIds);
        Map<Long, CalibratedNoise> calibrated = calibrations.noiseOf(seriesIds);
        ThresholdBook.Resolver resolver = thresholds.forProject(run.projectId());
        Map<Long, Judgement> judgements = new java.util.LinkedHashMap<>();
        Set<Long> touched = new HashSet<>();
        for (SeriesInfo s : series) {
            SeriesHistory measured = measuredHistory(history, levels.all().getOrDefault(s.id(), Map.of()),
                    levels.ordinary().getOrDefault(s.id(), Map.of()), resets.getOrDefault(s.id(), Set.of()), calibrated.get(s.id()));
            Thresholds t = resolver.forSeries(s.benchmark(), s.metric());
            Finding finding = detector.examine(measured.points(), measured.noise(), s.direction(), t);
            judgements.put(s.id(), finding.commitJudgement());
            if (run.paired()) {
                continue; // a probe's run is evidence of its commit's level; the probe, not this run, decides
            }
            List<ChangeRecords.OpenRegression> records = open.getOrDefault(s.id(), List.of());
            // where a probe confirms what is suspected, a commit is suspected more readily: the probe weeds out flukes
            Judgement suspicion = byProbe ? detector.ownJudgement(measured.points(), measured.noise(), s.direction(), suspicious(t))
                    : finding.commitJudgement();
            record(runId, s.id(), finding, suspicion, measured.commits(), records, byProbe, touched);
            dismissUnconfirmed(runId, records, measured, touched);
            for (ChangeRecords.OpenRegression regression : records) {
                if (regression.kind().equals("regression") && (regression.status().equals("open") || regression.status().equals("acknowledged"))) {
                    closeIfRecovered(regression, run, s, measured, t, touched);
                }
            }
        }
        storeJudgements(runId, judgements);
        return touched;
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
                        on conflict (run_id, series_id) do update set kind = excluded.kind, p_value = excluded.p_value,
                            change_percent = excluded.change_percent, threshold_percent = excluded.threshold_percent,
                            noise_percent = excluded.noise_percent, history_runs = excluded.history_runs
                        """)
                .params(runId, series, kinds, p, change, threshold, noise, historyRuns)
                .update();
    }

    /**
     * Every run of a commit is evidence of its level; only the ordinary ones tell the series' noise
     * (a probe's paired runs, back to back on one machine, would make it look smaller than it is).
     */
    private static SeriesHistory measuredHistory(List<CommitNode> history, Map<Long, List<RunValue>> levels,
                                                 Map<Long, List<RunValue>> ordinaryLevels, Set<Long> resets,
                                                 CalibratedNoise calibration) {
        List<CommitNode> commits = new ArrayList<>();
        List<MeasuredCommit> points = new ArrayList<>();
        List<MeasuredCommit> ordinary = new ArrayList<>();
        int start = startAtNewestReset(history, resets);
        for (int i = 0; i < history.size(); i++) {
            CommitNode c = history.get(i);
            List<RunValue> runs = levels.get(c.id());
            if (runs == null) {
                continue;
            }
            List<RunValue> ordinaryRuns = ordinaryLevels.get(c.id());
            if (ordinaryRuns != null) {
                ordinary.add(new MeasuredCommit(c.sha(), ordinaryRuns));
            }
            if (i >= start) {
                commits.add(c);
                points.add(new MeasuredCommit(c.sha(), runs));
            }
        }
        List<RunValue> runs = ordinary.stream().flatMap(c -> c.runs().stream()).toList();
        return new SeriesHistory(commits, points, CalibratedNoise.floor(StepDetector.noiseOf(ordinary), calibration, runs));
    }

    /**
     * Whether a change suspected in this project is confirmed by a probe (it has runners to measure
     * one: a benchmark command and runner labels) rather than by later commits (an uploads-only project).
     */
    private boolean confirmsByProbe(long projectId) {
        if (!properties.confirmWithRunners()) {
            return false;
        }
        CiProject ci = projects.requireCiById(projectId);
        return ci.benchmarkCommand() != null && !ci.runnerLabels().isEmpty();
    }

    /**
     * Puts the run's answer on record. An alarm (a change at this look's boundary) opens the change
     * at the commit where it began, or confirms and re-dates the record already kept for that step;
     * otherwise, when the run's own commit crossed compare's threshold, that commit's change is kept
     * as suspected until later commits confirm or dismiss it.
     */
    /** The thresholds at which a commit's own run is suspected where probes confirm: the noise multiplier times the suspicion factor. */
    private Thresholds suspicious(Thresholds t) {
        return new Thresholds(t.minChangePercent(), Math.max(1, t.noiseMultiplier() * properties.suspicionFactor()), t.minHistoryRuns());
    }

    private void record(UUID runId, long seriesId, Finding finding, Judgement own, List<CommitNode> commits,
                        List<ChangeRecords.OpenRegression> open, boolean byProbe, Set<Long> touched) {
        Judgement alarm = finding.judgement();
        if (alarm.verdict().isChange()) {
            // a change a probe confirmed stays where the probe (or its bisection) dated it: detection does not move it
            long kept = byProbe ? records.nearestOfTheStep(open, commits, finding) : records.redate(open, commits, finding, runId, touched);
            if (kept < 0) {
                CommitNode firstBad = commits.get(finding.firstBad());
                Long lastGood = finding.firstBad() > 0 ? commits.get(finding.firstBad() - 1).id() : null;
                records.upsert(runId, seriesId, alarm, firstBad, lastGood, byProbe ? "confirming" : "open", touched);
            }
            if (!byProbe) {
                records.mergeLaterRecordsOfTheStep(open, commits, finding, kept, touched);
            }
            return;
        }
        int newest = commits.size() - 1;
        if (own.verdict().isChange() && newest >= 0) {
            records.upsert(runId, seriesId, own, commits.get(newest), newest > 0 ? commits.get(newest - 1).id() : null,
                    byProbe ? "confirming" : "suspected", touched);
        } else if (newest >= 0) {
            // judged again with more history before it (a backfill): its own suspicion may no longer hold
            open.stream().filter(r -> r.status().equals("suspected") && r.firstBadCommitId() == commits.get(newest).id())
                    .forEach(r -> records.dismiss(r, commits.get(newest).sha(), runId, touched));
        }
    }

    /**
     * Suspected changes of the series at earlier commits of this history that it no longer bears out
     * (the level came back, or it never stood out before it settled) are dismissed: their commits
     * pass again.
     */
    private void dismissUnconfirmed(UUID runId, List<ChangeRecords.OpenRegression> present, SeriesHistory measured,
                                    Set<Long> touched) {
        for (ChangeRecords.OpenRegression r : present) {
            int index = ChangeRecords.indexOf(measured.commits(), r.firstBadCommitId());
            if (!r.status().equals("suspected") || index < 0 || index == measured.commits().size() - 1
                    || detector.stillSuspected(measured.points(), index, measured.noise())) {
                continue;
            }
            records.dismiss(r, measured.commits().get(measured.commits().size() - 1).sha(), runId, touched);
        }
    }

    /**
     * Closes an open or acknowledged regression when the series' first-parent history from this run
     * shows, with the evidence it took to open it, a later return to the level before it. Needs the
     * first bad commit in this run's history (so the run descends from it) and no newer measured
     * commit on the branch (a backfill does not close).
     */
    private void closeIfRecovered(ChangeRecords.OpenRegression regression, RunContext run, SeriesInfo series, SeriesHistory measured,
                                  Thresholds t, Set<Long> touched) {
        int firstBad = ChangeRecords.indexOf(measured.commits(), regression.firstBadCommitId());
        if (firstBad < 0 || !detector.recovered(measured.points(), firstBad, measured.noise(), series.direction(), t)
                || measurements.isBackfill(series.id(), run.commitId(), run.branch())) {
            return;
        }
        String sha = measured.commits().get(measured.commits().size() - 1).sha();
        records.markFixed(regression, sha, run.runId(), touched);
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
}
