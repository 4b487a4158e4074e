package dev.hostgap.platform.notify;

import java.time.OffsetDateTime;
import java.util.List;

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

    /** A message claimed for sending; {@code lastSent} is what was last delivered for it (to skip an identical one). */
    record Claim(long id, String kind, String lastSent) {
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
                            -- a row being sent keeps the time it was claimed: a send a stop cut short is taken up again
                            updated_at = case when notification.state = 'pending' then notification.updated_at else now() end
                        """)
                .params(jobId, kinds.toArray(String[]::new)).update();
    }

    /** Claims the job's queued messages (and those a stop left half-sent): each is sent by one worker at a time. */
    List<Claim> claim(long jobId) {
        return jdbc.sql("""
                        update notification set state = 'pending', attempts = 0, updated_at = now()
                        where job_id = ? and (state = 'queued' or (state = 'pending' and updated_at < now() - interval '15 minutes'))
                        returning id, kind, last_description
                        """)
                .param(jobId).query((rs, i) -> new Claim(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    /** An attempt that will be followed by another. */
    void retrying(long id, int attempts, Integer status, String error) {
        jdbc.sql("update notification set attempts = ?, last_status = ?, last_error = ?, updated_at = now() where id = ?")
                .params(attempts, status, error == null ? null : truncate(error), id).update();
    }

    /**
     * Ends the message's send as {@code delivered} or {@code failed}; {@code sent} is what was
     * delivered. Returns true when another send was asked for meanwhile: the row is queued again.
     */
    boolean finish(long id, int attempts, String state, Integer status, String error, String sent) {
        return jdbc.sql("""
                        update notification set attempts = ?, state = case when resend then 'queued' else ? end, resend = false,
                               last_status = ?, last_error = ?, last_description = coalesce(?, last_description), updated_at = now()
                        where id = ? returning state = 'queued'
                        """)
                .params(attempts, state, status, error == null ? null : truncate(error), sent, id)
                .query(Boolean.class).optional().orElse(false);
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

    private static String truncate(String error) {
        return error.length() <= 1000 ? error : error.substring(0, 1000) + "…";
    }
}
