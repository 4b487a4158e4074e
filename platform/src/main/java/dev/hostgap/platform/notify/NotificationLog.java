package dev.hostgap.platform.notify;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code notification} table: one row per job and kind of message, sent again whenever the
 * job's answer moves; the claim and the outcome of the latest send.
 */
@Repository
class NotificationLog {

    private final JdbcClient jdbc;

    NotificationLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A message leased for sending; {@code lastSent} is what was last delivered for it (to skip an
     * identical one), {@code attempts} those already made and {@code expiredOwner} the lease that
     * expired (both only when a message is taken over); {@code lease} names this claim: the owner
     * followed by a token of its own, so that a claim that lost its lease never acts as the claim
     * that took it over, even one of the same instance.
     */
    record Claim(long id, String kind, String lastSent, int attempts, String expiredOwner, String lease) {
    }

    /** What an operator sees: {@code GET /projects/{p}/jobs/{id}/notifications}. */
    record NotificationView(String kind, String state, int attempts, Integer lastStatus, String lastError,
                            OffsetDateTime updatedAt) {
    }

    /**
     * Asks for the job's messages of these kinds to be sent: a message being sent right now is sent
     * once more after it ({@code resend}), so the last word is always the newest answer.
     */
    void request(long jobId, List<String> kinds) {
        jdbc.sql("""
                        insert into notification (job_id, kind, state) select ?, k, 'queued' from unnest(?) k
                        on conflict (job_id, kind) do update set
                            state = case when notification.state = 'pending' then 'pending' else 'queued' end,
                            resend = notification.state = 'pending',
                            -- a row an instance of the version before V21 is sending (no lease) keeps the time it
                            -- was claimed: that version's 15-minute takeover counts from it
                            updated_at = case when notification.state = 'pending' and notification.lease_expires_at is null
                                              then notification.updated_at else now() end
                        """)
                .params(jobId, kinds.toArray(String[]::new)).update();
    }

    /**
     * Leases the job's queued messages, and those whose lease expired (their instance was killed or
     * stalled), to {@code owner} for {@code lease}: each is sent by one worker of one instance at a time.
     */
    List<Claim> claim(long jobId, String owner, Duration lease) {
        return jdbc.sql("""
                        with taken as (
                            select id, lease_owner as expired_owner from notification
                            where job_id = :job and (state = 'queued' or (state = 'pending'
                                  -- no lease: claimed by an instance of the version before V21 (a rolling upgrade)
                                  and coalesce(lease_expires_at, updated_at + interval '15 minutes') < now()))
                            for update skip locked)
                        update notification n set state = 'pending', lease_owner = :owner || '#' || gen_random_uuid(),
                               lease_expires_at = now() + make_interval(secs => :lease),
                               attempts = case when n.state = 'queued' then 0 else n.attempts end, updated_at = now()
                        from taken where n.id = taken.id
                        returning n.id, n.kind, n.last_description, n.attempts, taken.expired_owner, n.lease_owner
                        """)
                .param("owner", owner).param("lease", seconds(lease)).param("job", jobId)
                .query((rs, i) -> new Claim(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                        rs.getString(6))).list();
    }

    /**
     * Extends the lease before an attempt; false when it is no longer {@code owner}'s (it expired and
     * another instance took the message over): the caller leaves the message to it.
     */
    boolean renew(long id, String claimLease, Duration lease) {
        return jdbc.sql("""
                        update notification set lease_expires_at = now() + make_interval(secs => ?)
                        where id = ? and state = 'pending' and lease_owner = ?
                        """)
                .params(seconds(lease), id, claimLease).update() == 1;
    }

    /** An attempt that will be followed by another, {@code lease} from now; false when the lease was lost. */
    boolean retrying(long id, String claimLease, int attempts, Integer status, String error, Duration lease) {
        return jdbc.sql("""
                        update notification set attempts = ?, last_status = ?, last_error = ?, updated_at = now(),
                               lease_expires_at = now() + make_interval(secs => ?)
                        where id = ? and state = 'pending' and lease_owner = ?
                        """)
                .params(attempts, status, error == null ? null : truncate(error), seconds(lease), id, claimLease).update() == 1;
    }

    /**
     * Ends the claim's send as {@code delivered} or {@code failed}; {@code sent} is what was delivered.
     * Returns whether another send was asked for meanwhile (the row is queued again), or empty when
     * the lease is no longer this claim's ({@link #sentAfterLosingTheLease}).
     */
    Optional<Boolean> finish(long id, String claimLease, int attempts, String state, Integer status, String error, String sent) {
        return jdbc.sql("""
                        update notification set attempts = ?, state = case when resend then 'queued' else ? end, resend = false,
                               last_status = ?, last_error = ?,
                               last_description = coalesce(?, last_description),
                               lease_owner = null, lease_expires_at = null, updated_at = now()
                        where id = ? and state = 'pending' and lease_owner = ? returning state = 'queued'
                        """)
                .params(attempts, state, status, error == null ? null : truncate(error), sent, id, claimLease)
                .query(Boolean.class).optional();
    }

    /**
     * A claim delivered a message after it had lost its lease: what it sent may be older than what
     * the claim that took over sent, and may have landed last. The message is sent once more, whatever
     * was last recorded as sent: at once when it is done with, after the current send when one runs.
     */
    void sentAfterLosingTheLease(long id) {
        jdbc.sql("""
                        update notification set last_description = null, resend = state = 'pending',
                               state = case when state = 'pending' then 'pending' else 'queued' end, updated_at = now()
                        where id = ?
                        """)
                .param(id).update();
    }

    /**
     * Hands every message {@code owner} holds back to the queue (the instance is stopping): another
     * instance's sweep sends them, and a send that was cut short, whose outcome is unknown, is sent
     * again (a status posted twice is harmless; the comment is edited in place).
     */
    int release(String owner) {
        return jdbc.sql("""
                        update notification set state = 'queued', resend = false, lease_owner = null, lease_expires_at = null,
                               updated_at = now()
                        where state = 'pending' and left(lease_owner, length(:owner) + 1) = :owner || '#'
                        """)
                .param("owner", owner).update();
    }

    List<NotificationView> ofJob(long projectId, long jobId) {
        return jdbc.sql("""
                        select n.kind, n.state, n.attempts, n.last_status, n.last_error, n.updated_at
                        from notification n join job j on j.id = n.job_id
                        where j.project_id = ? and n.job_id = ? order by n.kind
                        """)
                .params(projectId, jobId)
                .query((rs, i) -> new NotificationView(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getObject(4, Integer.class), rs.getString(5), rs.getObject(6, OffsetDateTime.class)))
                .list();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static String truncate(String error) {
        return error.length() <= 1000 ? error : error.substring(0, 1000) + "…";
    }
}
