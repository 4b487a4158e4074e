package dev.hostgap.platform.regressions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.hostgap.platform.projects.CommitNode;
import dev.hostgap.platform.regressions.detection.StepDetector.Finding;
import dev.hostgap.platform.stats.Judgement;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The changes on record as detection writes them: put on record (suspected or open), confirmed,
 * re-dated, merged, dismissed, fixed, each move logged. {@link DetectionService} decides; this class
 * keeps the one row per series and first bad commit true to the decision, guarding every update by
 * the status it was read with, so a person's triage in between is never overwritten.
 */
@Repository
class ChangeRecords {

    /** How many measured commits before a step's estimated first commit an earlier dating of it may be. */
    private static final int REDATE_WINDOW = 3;

    /** A change on record that detection may still move (suspected, open or acknowledged), or that a probe is confirming. */
    record OpenRegression(long id, long seriesId, long firstBadCommitId, String status, String kind) {
    }

    private final JdbcClient jdbc;
    private final RegressionLog log;

    ChangeRecords(JdbcClient jdbc, RegressionLog log) {
        this.jdbc = jdbc;
        this.log = log;
    }

    Map<Long, List<OpenRegression>> open(List<Long> seriesIds) {
        Map<Long, List<OpenRegression>> open = new HashMap<>();
        jdbc.sql("""
                        select id, series_id, first_bad_commit_id, status, kind from regression
                        where series_id = any(?) and status in ('suspected', 'confirming', 'open', 'acknowledged')
                        order by id
                        """)
                .param(seriesIds.toArray(Long[]::new))
                .query((rs, i) -> new OpenRegression(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5)))
                .list().forEach(r -> open.computeIfAbsent(r.seriesId(), k -> new ArrayList<>()).add(r));
        return open;
    }


    /** For each series, the commits where its baseline was reset. */
    Map<Long, Set<Long>> resets(List<Long> seriesIds) {
        Map<Long, Set<Long>> resets = new HashMap<>();
        jdbc.sql("select series_id, commit_id from baseline_reset where series_id = any(?)")
                .param(seriesIds.toArray(Long[]::new))
                .query(rs -> {
                    resets.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getLong(2));
                });
        return resets;
    }


    /** How many times a change that a probe did not confirm is put to a probe again when an alarm dates a change to its commit. */
    static final int REPROBES = 1;

    /**
     * Inserts the change at its first bad commit, or takes over the record already there when that one
     * was dismissed (or is suspected and this is the alarm, or was unconfirmed at most {@link #REPROBES}
     * times and an alarm suspects it again): one record per series and commit.
     */
    void upsert(UUID runId, long seriesId, Judgement j, CommitNode firstBad, Long lastGood, String status,
                        Set<Long> touched) {
        record Written(long id, String previous) {
        }
        jdbc.sql("""
                        with previous as (select id, status from regression where series_id = :series and first_bad_commit_id = :commit)
                        insert into regression (series_id, kind, first_bad_commit_id, last_good_commit_id, detected_in_run,
                                                change_percent, p_value, threshold_percent, baseline_median, status)
                        values (:series, :kind, :commit, :lastGood, :run, :change, :p, :threshold, :baseline, :status)
                        on conflict (series_id, first_bad_commit_id) do update set
                            kind = excluded.kind, status = excluded.status, last_good_commit_id = excluded.last_good_commit_id,
                            detected_in_run = excluded.detected_in_run, change_percent = excluded.change_percent,
                            p_value = excluded.p_value, threshold_percent = excluded.threshold_percent,
                            baseline_median = excluded.baseline_median, status_changed_by = 'hostgap', status_changed_at = now()
                        where regression.status = 'dismissed'
                           or (regression.status = 'suspected' and excluded.status in ('open', 'confirming'))
                           -- a probe that missed a real step (its pairs fell short of the threshold) is not the last word:
                           -- an alarm at that commit from later runs has it measured again, once
                           or (regression.status = 'unconfirmed' and excluded.status = 'confirming'
                               and (select count(*) from regression_event e
                                    where e.regression_id = regression.id and e.to_status = 'unconfirmed') <= :reprobes)
                        returning id, (select status from previous)
                        """)
                .param("series", seriesId).param("kind", j.verdict().wireName()).param("commit", firstBad.id())
                .param("lastGood", lastGood).param("run", runId).param("change", j.changePercent()).param("p", j.pValue())
                .param("threshold", j.thresholdPercent()).param("baseline", j.baseLevel()).param("status", status)
                .param("reprobes", REPROBES)
                .query((rs, i) -> new Written(rs.getLong(1), rs.getString(2))).optional()
                .ifPresent(w -> {
                    touched.add(firstBad.id());
                    log.record(w.id(), w.previous(), status, "hostgap", String.format(Locale.ROOT, "%s in run %s: %s from %s on",
                            status.equals("open") ? "detected" : "suspected from its own run", runId, change(j), firstBad.sha()));
                });
    }


    /**
     * The same step seen again with more evidence may be dated a few commits away from where it
     * was first seen (a noisy first bad run hides part of it), or later than its first commit when
     * that commit's run arrived after the runs on top of it (a burst judged out of order). A record
     * of the series of the same kind at the new estimate, else the nearest one on the new level
     * (after the estimate: no level change lies between them) or within {@link #REDATE_WINDOW}
     * measured commits before it, is that step: it moves to the better-supported commit (and a
     * suspected one is confirmed) instead of a second record being opened. Returns the id of the
     * record kept, or -1 when none was.
     */
    long redate(List<OpenRegression> open, List<CommitNode> commits, Finding finding, UUID runId, Set<Long> touched) {
        int firstBad = finding.firstBad();
        String kind = finding.verdict().wireName();
        OpenRegression nearest = null;
        int nearestIndex = -1;
        for (OpenRegression regression : open) {
            int index = indexOf(commits, regression.firstBadCommitId());
            if (!regression.kind().equals(kind) || index < 0 || index < firstBad - REDATE_WINDOW) {
                continue; // the finding's first bad commit is the last level change: later records are on its level
            }
            if (nearest == null || Math.abs(index - firstBad) < Math.abs(nearestIndex - firstBad)) {
                nearest = regression;
                nearestIndex = index;
            }
        }
        if (nearest == null) {
            return -1;
        }
        String status = nearest.status().equals("suspected") ? "open" : nearest.status();
        if (nearestIndex == firstBad && status.equals(nearest.status())) {
            return nearest.id(); // already on record where it began
        }
        CommitNode moved = commits.get(firstBad);
        Judgement j = finding.judgement();
        if (nearestIndex != firstBad) {
            // a suspicion dismissed there earlier gives way to the step confirmed there now
            jdbc.sql("delete from regression where series_id = ? and first_bad_commit_id = ? and status = 'dismissed'")
                    .params(nearest.seriesId(), moved.id()).update();
        }
        // only while nobody changed its status meanwhile, and never onto another record's commit
        int updated = jdbc.sql("""
                        update regression set first_bad_commit_id = :commit, last_good_commit_id = :lastGood,
                               change_percent = :change, p_value = :p, threshold_percent = :threshold,
                               baseline_median = :baseline, detected_in_run = :run, status = :newStatus
                        where id = :id and status = :status
                          and not exists (select 1 from regression o where o.series_id = regression.series_id
                                          and o.first_bad_commit_id = :commit and o.id <> regression.id)
                        """)
                .param("commit", moved.id()).param("lastGood", firstBad > 0 ? commits.get(firstBad - 1).id() : null)
                .param("change", j.changePercent()).param("p", j.pValue()).param("threshold", j.thresholdPercent())
                .param("baseline", j.baseLevel()).param("run", runId).param("newStatus", status)
                .param("id", nearest.id()).param("status", nearest.status())
                .update();
        if (updated > 0) {
            touched.add(nearest.firstBadCommitId());
            touched.add(moved.id());
            String what = nearestIndex == firstBad ? "confirmed at " + moved.sha()
                    : "first bad commit re-dated from " + commits.get(nearestIndex).sha() + " to " + moved.sha()
                    + (status.equals(nearest.status()) ? "" : ", confirmed");
            log.record(nearest.id(), nearest.status(), status, "hostgap", what + " (run " + runId + ")");
        }
        return nearest.id();
    }


    /**
     * The record of the series of the same kind that the finding's step already is, where a probe
     * confirms changes: one at the finding's first bad commit or up to {@link #REDATE_WINDOW} measured
     * commits from it (before it, or after it on its level). It is kept where it is. -1 when none.
     */
    long nearestOfTheStep(List<OpenRegression> open, List<CommitNode> commits, Finding finding) {
        int firstBad = finding.firstBad();
        return open.stream().filter(r -> r.kind().equals(finding.verdict().wireName()))
                .filter(r -> {
                    int index = indexOf(commits, r.firstBadCommitId());
                    return index >= 0 && Math.abs(index - firstBad) <= REDATE_WINDOW;
                })
                .mapToLong(OpenRegression::id).findFirst().orElse(-1);
    }

    /**
     * Other records of the same kind on the level that begins at the finding's first bad commit are
     * that same step seen from a history that lacked its first commits (judged out of order): they
     * give way to the one kept there. Records a person acknowledged are left as they are.
     */
    void mergeLaterRecordsOfTheStep(List<OpenRegression> open, List<CommitNode> commits, Finding finding, long kept,
                                            Set<Long> touched) {
        CommitNode firstBad = commits.get(finding.firstBad());
        for (OpenRegression r : open) {
            int index = indexOf(commits, r.firstBadCommitId());
            if (r.id() == kept || index <= finding.firstBad() || !r.kind().equals(finding.verdict().wireName())
                    || r.status().equals("acknowledged")) {
                continue;
            }
            String note = "the same step as the change dated to " + firstBad.sha();
            int updated = jdbc.sql("""
                            update regression set status = 'dismissed', status_changed_by = 'hostgap', status_changed_at = now(), note = ?
                            where id = ? and status in ('suspected', 'open')
                            """)
                    .params(note, r.id()).update();
            if (updated > 0) {
                touched.add(r.firstBadCommitId());
                log.record(r.id(), r.status(), "dismissed", "hostgap", note);
            }
        }
    }


    void dismiss(OpenRegression r, String upTo, UUID runId, Set<Long> touched) {
        String note = "not confirmed by the commits up to " + upTo;
        int updated = jdbc.sql("""
                        update regression set status = 'dismissed', status_changed_by = 'hostgap', status_changed_at = now(),
                               note = ? where id = ? and status = 'suspected'
                        """)
                .params(note, r.id()).update();
        if (updated > 0) {
            touched.add(r.firstBadCommitId());
            log.record(r.id(), "suspected", "dismissed", "hostgap", note + " (run " + runId + ")");
        }
    }


    static int indexOf(List<CommitNode> commits, long commitId) {
        for (int i = 0; i < commits.size(); i++) {
            if (commits.get(i).id() == commitId) {
                return i;
            }
        }
        return -1;
    }


    private static String change(Judgement j) {
        return j.changePercent() == null ? "a change" : String.format(Locale.ROOT, "%+.2f%%", j.changePercent());
    }
    /** Closes the change as back at its earlier level, confirmed at {@code confirmedAt}. */
    void markFixed(OpenRegression regression, String confirmedAt, UUID runId, Set<Long> touched) {
        int updated = jdbc.sql("""
                        update regression set status = 'fixed', status_changed_by = 'hostgap', status_changed_at = now(),
                               note = ? where id = ? and status = ?
                        """)
                .params("back at the earlier level, confirmed at " + confirmedAt, regression.id(), regression.status()).update();
        if (updated > 0) {
            touched.add(regression.firstBadCommitId());
            log.record(regression.id(), regression.status(), "fixed", "hostgap",
                    "back at the earlier level, confirmed at " + confirmedAt + " (run " + runId + ")");
        }
    }
}
