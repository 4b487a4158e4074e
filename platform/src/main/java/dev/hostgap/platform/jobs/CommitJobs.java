package dev.hostgap.platform.jobs;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the queue knows about a commit, for the features that answer for it: the newest job that
 * measures it (for a pull request, the newest of that pull request) and how its last attempt ended.
 */
@Repository
public class CommitJobs {

    /**
     * A commit's newest job as its answer needs it: whether it (or another measurement of the same
     * commit, a pull request's replicate) is still waiting or being measured, or whether every one
     * failed for good, and why the newest did.
     */
    public record JobStatus(long id, String state, int attempts, int maxAttempts, Integer pullRequest, String baseSha,
                            String lastReason, boolean anyWaiting, boolean anyCompleted) {

        public boolean waiting() {
            return anyWaiting;
        }

        public boolean failed() {
            return state.equals("failed") && !anyWaiting && !anyCompleted;
        }
    }

    private final JdbcClient jdbc;

    CommitJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest job of the commit that is not cancelled; of the pull request only, when one is given. */
    public Optional<JobStatus> newest(long projectId, String sha, Integer pullRequest) {
        return jdbc.sql("""
                        select j.id, j.state, j.attempts, j.max_attempts, j.pull_request, j.base_sha,
                               (select a.reason from job_attempt a where a.job_id = j.id order by a.attempt desc limit 1),
                               bool_or(j.state in ('awaiting_approval', 'queued', 'leased')) over (), bool_or(j.state = 'completed') over ()
                        from job j
                        where j.project_id = ? and j.sha = ? and j.state <> 'cancelled'
                          -- a probe's or a calibration's measurement of the commit is not the commit's answer
                          and j.job_group is null and j.trigger <> 'calibrate'
                          and (cast(? as integer) is null or j.pull_request = ?)
                        order by j.id desc limit 1
                        """)
                .params(projectId, sha, pullRequest, pullRequest)
                .query((rs, i) -> new JobStatus(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                        rs.getObject(5, Integer.class), rs.getString(6) == null ? null : rs.getString(6).trim(), rs.getString(7),
                        rs.getBoolean(8), rs.getBoolean(9)))
                .optional();
    }

    /** A new project's calibration under way: the commit repeated, and how many of its repeats have ended. */
    public record Calibrating(String sha, int ended, int total) {
    }

    /** The project's calibration jobs while any of them waits or measures; empty otherwise. */
    public Optional<Calibrating> calibrating(long projectId) {
        return jdbc.sql("""
                        select min(sha), count(*) filter (where state in ('completed', 'failed')), count(*)
                        from job where project_id = ? and trigger = 'calibrate' and state <> 'cancelled'
                        having count(*) filter (where state in ('awaiting_approval', 'queued', 'leased')) > 0
                        """)
                .param(projectId)
                .query((rs, i) -> new Calibrating(rs.getString(1).trim(), rs.getInt(2), rs.getInt(3)))
                .optional();
    }
}
