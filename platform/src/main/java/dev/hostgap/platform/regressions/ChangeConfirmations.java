package dev.hostgap.platform.regressions;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the confirm feature reads and decides about the changes detection suspects in a project with
 * runners: the changes waiting for a probe ({@code confirming}), and the moves a probe or a bisection
 * makes — confirmed ({@code open}), unconfirmed, left suspected when no probe could measure it, and
 * re-dated to the first bad commit a bisection pinned. Each move is guarded by the status it was read
 * with (a person's triage in between wins), logged, and announced ({@link ChangesRecorded}) so that
 * the commits' answers are told again.
 */
@Repository
public class ChangeConfirmations {

    /**
     * A change as a probe measures it: the series and the commits it is dated to ({@code lastGoodSha}
     * is null for a change at the first commit of a history), on the branch of the run that raised it.
     */
    public record Suspicion(long id, long projectId, long seriesId, String branch, String kind, String status,
                            String firstBadSha, String lastGoodSha, Double changePercent) {
    }

    private static final String SELECT = """
            select g.id, run.project_id, g.series_id, coalesce(run.branch, p.default_branch) as branch, g.kind, g.status,
                   fb.sha as first_bad, lg.sha as last_good, g.change_percent
            from regression g
            join run on run.id = g.detected_in_run
            join project p on p.id = run.project_id
            join git_commit fb on fb.id = g.first_bad_commit_id
            left join git_commit lg on lg.id = g.last_good_commit_id
            """;

    private final JdbcClient jdbc;
    private final RegressionLog log;
    private final ApplicationEventPublisher events;

    ChangeConfirmations(JdbcClient jdbc, RegressionLog log, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.log = log;
        this.events = events;
    }

    /** Changes a probe is to confirm, oldest first. */
    public List<Suspicion> confirming(int limit) {
        return jdbc.sql(SELECT + " where g.status = 'confirming' order by g.id limit ?").param(limit).query(ChangeConfirmations::suspicion)
                .list();
    }

    public List<Suspicion> byIds(Collection<Long> ids) {
        return jdbc.sql(SELECT + " where g.id = any(?) order by g.id").param(ids.toArray(Long[]::new))
                .query(ChangeConfirmations::suspicion).list();
    }

    /** The probe bore it out: it counts from now on (open), at the commit it is dated to. */
    public boolean confirmed(long id, String note) {
        return move(id, "confirming", "open", note);
    }

    /** The probe did not bear it out: recorded, visible, closed; its commit passes. */
    public boolean unconfirmed(long id, String note) {
        return move(id, "confirming", "unconfirmed", note);
    }

    /**
     * No probe could measure it (no base to pair with, its jobs failed, someone cancelled it): it is
     * kept as suspected, which fails its commit, as in a project without runners.
     */
    public boolean leftSuspected(long id, String note) {
        return move(id, "confirming", "suspected", note);
    }

    /**
     * A bisection pinned the change's first bad commit: it is dated there (and to its first-parent
     * predecessor as the last good commit) unless another record of the series is already there.
     */
    public boolean redate(long id, long firstBadCommitId, long lastGoodCommitId, String note) {
        Long previous = jdbc.sql("select first_bad_commit_id from regression where id = ?").param(id).query(Long.class).optional()
                .orElse(null);
        if (previous == null) {
            return false;
        }
        int updated = jdbc.sql("""
                        update regression set first_bad_commit_id = :firstBad, last_good_commit_id = :lastGood,
                               status_changed_by = 'hostgap', status_changed_at = now()
                        where id = :id and status in ('open', 'acknowledged')
                          and not exists (select 1 from regression o where o.series_id = regression.series_id
                                          and o.first_bad_commit_id = :firstBad and o.id <> regression.id)
                        """)
                .param("firstBad", firstBadCommitId).param("lastGood", lastGoodCommitId).param("id", id).update();
        if (updated == 0) {
            return false;
        }
        String status = jdbc.sql("select status from regression where id = ?").param(id).query(String.class).single();
        log.record(id, status, status, "hostgap", note);
        events.publishEvent(new ChangesRecorded(Set.of(previous, firstBadCommitId)));
        return true;
    }

    /**
     * The change is another record of a step already on record at the commit its bisection pinned
     * (a burst judged out of order suspected the step at two of its commits): it gives way to that
     * one. Returns the id it gave way to, or -1 when there is none.
     */
    public long giveWayAtCommit(long id, long firstBadCommitId, String note) {
        Long other = jdbc.sql("""
                        select o.id from regression o join regression me on me.id = ? and o.series_id = me.series_id
                        where o.first_bad_commit_id = ? and o.id <> me.id and o.kind = me.kind
                          and o.status in ('confirming', 'open', 'acknowledged')
                        """)
                .params(id, firstBadCommitId).query(Long.class).optional().orElse(null);
        if (other == null) {
            return -1;
        }
        for (String from : List.of("open", "confirming")) {
            if (move(id, from, "dismissed", "the same step as change #" + other + ": " + note)) {
                return other;
            }
        }
        return -1;
    }

    private boolean move(long id, String from, String to, String note) {
        Long commit = jdbc.sql("""
                        update regression set status = ?, status_changed_by = 'hostgap', status_changed_at = now(), note = ?
                        where id = ? and status = ?
                        returning first_bad_commit_id
                        """)
                .params(to, note, id, from).query(Long.class).optional().orElse(null);
        if (commit == null) {
            return false;
        }
        log.record(id, from, to, "hostgap", note);
        events.publishEvent(new ChangesRecorded(Set.of(commit)));
        return true;
    }

    private static Suspicion suspicion(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Suspicion(rs.getLong("id"), rs.getLong("project_id"), rs.getLong("series_id"), rs.getString("branch"),
                rs.getString("kind"), rs.getString("status"), rs.getString("first_bad").trim(),
                rs.getString("last_good") == null ? null : rs.getString("last_good").trim(), rs.getObject("change_percent", Double.class));
    }
}
