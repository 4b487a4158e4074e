package dev.hostgap.platform.notify;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code pull_request_comment} table: hostgap's one comment per pull request. */
@Repository
class PullRequestComments {

    private final JdbcClient jdbc;

    PullRequestComments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The comment and the job it shows; both null before the first comment was posted. */
    record Held(Long commentId, Long jobId) {
    }

    /**
     * Locks the pull request's row, creating it first when needed, until the caller's transaction
     * ends: whoever posts or edits the comment holds it, so a second job of the same pull request
     * waits and then edits the comment the first one posted.
     */
    Held lock(CiJob job) {
        // bounded: a worker whose provider is slow holds the row across its calls; another waits at
        // most this long, then retries later instead of parking one of the two notifier threads
        jdbc.sql("set local lock_timeout = '5s'").update();
        jdbc.sql("""
                        insert into pull_request_comment (project_id, provider, provider_project, pull_request)
                        values (?, ?, ?, ?) on conflict do nothing
                        """)
                .params(job.projectId(), job.provider(), job.providerProject(), job.pullRequest()).update();
        return jdbc.sql("""
                        select comment_id, job_id from pull_request_comment
                        where project_id = ? and provider = ? and provider_project = ? and pull_request = ? for update
                        """)
                .params(job.projectId(), job.provider(), job.providerProject(), job.pullRequest())
                .query((rs, i) -> new Held(rs.getObject(1, Long.class), rs.getObject(2, Long.class))).single();
    }

    void store(CiJob job, long commentId) {
        jdbc.sql("""
                        update pull_request_comment set comment_id = ?, job_id = ?, updated_at = now()
                        where project_id = ? and provider = ? and provider_project = ? and pull_request = ?
                        """)
                .params(commentId, job.id(), job.projectId(), job.provider(), job.providerProject(), job.pullRequest())
                .update();
    }
}
