package dev.hostgap.platform.confirm;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The bisection table. */
@Repository
class Bisections {

    private static final String SELECT = """
            select id, project_id, branch, state, good_sha, bad_sha, first_bad_sha, skipped, max_jobs, max_gpu_seconds, note,
                   confirm_probe_id, created_at, ended_at from bisection
            """;

    private final JdbcClient jdbc;

    Bisections(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new bisection of the changes a confirmation confirmed; empty when that confirmation has one already. */
    Optional<Long> insert(long projectId, String branch, String goodSha, String badSha, int maxJobs, int maxRunnerSeconds,
                          long confirmProbeId) {
        return jdbc.sql("""
                        insert into bisection (project_id, branch, good_sha, bad_sha, max_jobs, max_gpu_seconds, confirm_probe_id)
                        values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing returning id
                        """)
                .params(projectId, branch, goodSha, badSha, maxJobs, maxRunnerSeconds, confirmProbeId).query(Long.class).optional();
    }

    Optional<Bisection> find(long id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query(Bisections::bisection).optional();
    }

    /** Locks the bisection for one step's decision; the caller holds the transaction. */
    Optional<Bisection> lock(long id) {
        return jdbc.sql(SELECT + " where id = ? for update").param(id).query(Bisections::bisection).optional();
    }

    List<Bisection> list(long projectId, Long changeId, int limit) {
        return jdbc.sql(SELECT + """
                         where project_id = ? and (cast(? as bigint) is null
                               or confirm_probe_id in (select probe_id from probe_change where regression_id = ?))
                        order by id desc limit ?
                        """)
                .params(projectId, changeId, changeId, limit).query(Bisections::bisection).list();
    }

    void narrow(long id, String goodSha, String badSha) {
        jdbc.sql("update bisection set good_sha = ?, bad_sha = ? where id = ?").params(goodSha, badSha, id).update();
    }

    void skip(long id, String sha) {
        jdbc.sql("update bisection set skipped = array_append(skipped, ?) where id = ?").params(sha, id).update();
    }

    boolean end(long id, String state, String firstBadSha, String note) {
        return jdbc.sql("""
                        update bisection set state = ?, first_bad_sha = ?, note = ?, ended_at = now()
                        where id = ? and state = 'bisecting'
                        """)
                .params(state, firstBadSha, note, id).update() > 0;
    }

    private static Bisection bisection(ResultSet rs, int row) throws SQLException {
        String[] skipped = (String[]) rs.getArray("skipped").getArray();
        return new Bisection(rs.getLong("id"), rs.getLong("project_id"), rs.getString("branch"), rs.getString("state"),
                rs.getString("good_sha").trim(), rs.getString("bad_sha").trim(),
                rs.getString("first_bad_sha") == null ? null : rs.getString("first_bad_sha").trim(), Arrays.asList(skipped),
                rs.getInt("max_jobs"), rs.getInt("max_gpu_seconds"), rs.getString("note"), rs.getLong("confirm_probe_id"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("ended_at", OffsetDateTime.class));
    }
}
