package dev.hostgap.platform.notify;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code notification} table: one row per job and kind of message, the claim and every attempt's outcome. */
@Repository
class NotificationLog {

    private final JdbcClient jdbc;

    NotificationLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Claim(long id, String kind) {
    }

    /** What an operator sees: {@code GET /projects/{p}/jobs/{id}/notifications}. */
    record NotificationView(String kind, String state, int attempts, Integer lastStatus, String lastError,
                            OffsetDateTime updatedAt) {
    }

    /** Claims these kinds of message for the job; returns those nobody claimed before (each is sent by one worker, once). */
    List<Claim> claim(long jobId, List<String> kinds) {
        return jdbc.sql("""
                        insert into notification (job_id, kind) select ?, k from unnest(?) k
                        on conflict (job_id, kind) do nothing returning id, kind
                        """)
                .params(jobId, kinds.toArray(String[]::new))
                .query((rs, i) -> new Claim(rs.getLong(1), rs.getString(2))).list();
    }

    void record(long id, int attempts, String state, Integer status, String error) {
        jdbc.sql("""
                        update notification set attempts = ?, state = ?, last_status = ?, last_error = ?, updated_at = now()
                        where id = ?
                        """)
                .params(attempts, state, status, error == null ? null : truncate(error), id).update();
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
