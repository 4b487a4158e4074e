package dev.hostgap.platform.regressions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.projects.CommitNode;
import dev.hostgap.platform.regressions.detection.BenjaminiHochberg;
import dev.hostgap.platform.regressions.detection.MeasuredCommit;
import dev.hostgap.platform.regressions.detection.StepDetector;
import dev.hostgap.platform.regressions.detection.StepDetector.Finding;
import dev.hostgap.platform.regressions.detection.StepDetector.Kind;
import dev.hostgap.platform.stats.Direction;
import dev.hostgap.platform.stats.SampleSummary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Judges every series of a run: history along first parents from the run's commit (cut at the
 * newest baseline reset), the step detector per series, Benjamini-Hochberg across the run's
 * series. Records a judgement per series, opens a regression or improvement at the commit where
 * the change began, and closes open regressions whose series is back at its old level. Runs come
 * from {@link DetectionQueue}, never from the upload's own thread.
 */
@Service
class DetectionService {

    private final JdbcClient jdbc;
    private final CommitGraph graph;
    private final DetectionProperties properties;
    private final StepDetector detector;

    DetectionService(JdbcClient jdbc, CommitGraph graph, DetectionProperties properties) {
        this.jdbc = jdbc;
        this.graph = graph;
        this.properties = properties;
        this.detector = new StepDetector(properties.settings());
    }

    private record SeriesInfo(long id, Direction direction) {
    }

    /** Judges one run; the caller holds the transaction and marks the run judged. */
    void judge(UUID runId) {
        var run = jdbc.sql("""
                        select r.project_id, r.commit_id, coalesce(r.branch, p.default_branch) as branch
                        from run r join project p on p.id = r.project_id where r.id = ?
                        """).param(runId).query().singleRow();
        long projectId = (Long) run.get("project_id");
        long commitId = (Long) run.get("commit_id");
        List<SeriesInfo> series = jdbc.sql("""
                        select s.id, s.direction from result r join series s on s.id = r.series_id
                        where r.run_id = ? and r.error is null order by s.id
                        """).param(runId)
                .query((rs, i) -> new SeriesInfo(rs.getLong(1), Direction.fromWireName(rs.getString(2)).orElseThrow()))
                .list();
        if (series.isEmpty()) {
            return;
        }
        List<CommitNode> history = new ArrayList<>(graph.historyFrom(projectId, commitId, (String) run.get("branch"),
                properties.historyCommits()));
        Collections.reverse(history); // oldest first
        Map<Long, Map<Long, List<Double>>> samples = samples(series, history);
        Map<Long, Set<Long>> resets = resets(series);

        List<Finding> findings = new ArrayList<>();
        List<List<CommitNode>> measured = new ArrayList<>();
        for (SeriesInfo s : series) {
            List<CommitNode> commits = new ArrayList<>();
            List<MeasuredCommit> points = new ArrayList<>();
            Map<Long, List<Double>> bySeries = samples.getOrDefault(s.id(), Map.of());
            int start = startAtNewestReset(history, resets.getOrDefault(s.id(), Set.of()));
            for (CommitNode c : history.subList(start, history.size())) {
                List<Double> values = bySeries.get(c.id());
                if (values != null) {
                    commits.add(c);
                    points.add(new MeasuredCommit(c.sha(), values.stream().mapToDouble(Double::doubleValue).toArray()));
                }
            }
            findings.add(detector.examine(points, s.direction()));
            measured.add(commits);
        }
        double[] q = adjust(findings);
        for (int i = 0; i < series.size(); i++) {
            Finding f = findings.get(i).adjusted(q[i], properties.alpha());
            record(runId, series.get(i).id(), f, q[i], measured.get(i));
            closeRecovered(series.get(i).id(), measured.get(i), samples.get(series.get(i).id()));
        }
    }

    private double[] adjust(List<Finding> findings) {
        double[] p = findings.stream().mapToDouble(f -> f.kind() == Kind.INSUFFICIENT_DATA ? 1.0 : f.pValue()).toArray();
        return BenjaminiHochberg.adjust(p);
    }

    private void record(UUID runId, long seriesId, Finding f, double q, List<CommitNode> commits) {
        String kind = switch (f.kind()) {
            case REGRESSION -> "regression";
            case IMPROVEMENT -> "improvement";
            case NONE -> "unchanged";
            case INSUFFICIENT_DATA -> "insufficient_data";
        };
        boolean judged = f.kind() != Kind.INSUFFICIENT_DATA;
        jdbc.sql("""
                        insert into judgement (run_id, series_id, kind, p_value, q_value, change_percent, threshold_percent)
                        values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing
                        """)
                .params(runId, seriesId, kind, judged ? f.pValue() : null, judged ? q : null,
                        judged ? f.changePercent() : null, judged ? f.thresholdPercent() : null)
                .update();
        if (f.kind() == Kind.REGRESSION || f.kind() == Kind.IMPROVEMENT) {
            CommitNode firstBad = commits.get(f.firstBad());
            Long lastGood = f.firstBad() > 0 ? commits.get(f.firstBad() - 1).id() : null;
            jdbc.sql("""
                            insert into regression (series_id, kind, first_bad_commit_id, last_good_commit_id, detected_in_run,
                                                    change_percent, p_value, q_value, threshold_percent, baseline_median)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            on conflict (series_id, first_bad_commit_id) do nothing
                            """)
                    .params(seriesId, kind, firstBad.id(), lastGood, runId, f.changePercent(), f.pValue(), q,
                            f.thresholdPercent(), f.baselineMedian())
                    .update();
        }
    }

    /** An open regression whose series measures within its threshold of the old level again is fixed. */
    private void closeRecovered(long seriesId, List<CommitNode> commits, Map<Long, List<Double>> samplesByCommit) {
        if (commits.isEmpty()) {
            return;
        }
        CommitNode newest = commits.get(commits.size() - 1);
        double median = SampleSummary.of(samplesByCommit.get(newest.id()).stream().mapToDouble(Double::doubleValue).toArray())
                .median();
        jdbc.sql("""
                        update regression set status = 'fixed', status_changed_by = 'hostgap', status_changed_at = now(),
                               note = 'back at the earlier level at ' || :sha
                        where series_id = :series and kind = 'regression' and status in ('open', 'acknowledged')
                          and first_bad_commit_id <> :commit
                          and abs(:median - baseline_median) * 100 < threshold_percent * abs(baseline_median)
                        """)
                .param("sha", newest.sha()).param("series", seriesId).param("commit", newest.id()).param("median", median)
                .update();
    }

    private Map<Long, Map<Long, List<Double>>> samples(List<SeriesInfo> series, List<CommitNode> history) {
        Map<Long, Map<Long, List<Double>>> samples = new HashMap<>();
        jdbc.sql("""
                        select series_id, commit_id, samples from result
                        where series_id = any(?) and commit_id = any(?) and error is null
                        """)
                .params(series.stream().map(SeriesInfo::id).toArray(Long[]::new), history.stream().map(CommitNode::id).toArray(Long[]::new))
                .query(rs -> {
                    Collections.addAll(samples.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
                            .computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()), (Double[]) rs.getArray(3).getArray());
                });
        return samples;
    }

    /** For each series, the commits where its baseline was reset. */
    private Map<Long, Set<Long>> resets(List<SeriesInfo> series) {
        Map<Long, Set<Long>> resets = new HashMap<>();
        jdbc.sql("select series_id, commit_id from baseline_reset where series_id = any(?)")
                .param(series.stream().map(SeriesInfo::id).toArray(Long[]::new))
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
}
