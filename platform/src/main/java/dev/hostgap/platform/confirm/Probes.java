package dev.hostgap.platform.confirm;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The probe tables: probes, the changes each one measures, and their results as judged. */
@Repository
class Probes {

    private static final String SELECT = """
            select id, project_id, kind, state, outcome, branch, base_sha, middle_sha, head_sha, pull_request, rounds, job_group,
                   bisection_id, requested_by, note, created_at, ended_at from probe
            """;

    private final JdbcClient jdbc;

    Probes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long projectId, String kind, String branch, String baseSha, String middleSha, String headSha, Integer pullRequest,
                int rounds, long group, Long bisectionId, String requestedBy) {
        return jdbc.sql("""
                        insert into probe (project_id, kind, branch, base_sha, middle_sha, head_sha, pull_request, rounds, job_group,
                                           bisection_id, requested_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id
                        """)
                .params(projectId, kind, branch, baseSha, middleSha, headSha, pullRequest, rounds, group, bisectionId, requestedBy)
                .query(Long.class).single();
    }

    /** Raises a measuring probe's rounds from {@code from} to {@code to}; false when another instance got there first. */
    boolean addRounds(long probeId, int from, int to) {
        return jdbc.sql("update probe set rounds = ? where id = ? and rounds = ? and state = 'measuring'")
                .params(to, probeId, from).update() == 1;
    }

    void attach(long probeId, Collection<Long> changeIds) {
        jdbc.sql("insert into probe_change (probe_id, regression_id) select ?, unnest(cast(? as bigint[])) on conflict do nothing")
                .params(probeId, changeIds.toArray(Long[]::new)).update();
    }

    List<Long> changesOf(long probeId) {
        return jdbc.sql("select regression_id from probe_change where probe_id = ? order by regression_id").param(probeId)
                .query(Long.class).list();
    }

    Optional<Probe> find(long id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query(Probes::probe).optional();
    }

    Optional<Probe> byGroup(long group) {
        return jdbc.sql(SELECT + " where job_group = ?").param(group).query(Probes::probe).optional();
    }

    /** A project's probes, newest first; of one change only when {@code changeId} is given. */
    List<Probe> list(long projectId, Long changeId, int limit) {
        return jdbc.sql(SELECT + """
                         where project_id = ? and (cast(? as bigint) is null
                               or id in (select probe_id from probe_change where regression_id = ?)
                               or bisection_id in (select b.id from bisection b join probe_change c on c.probe_id = b.confirm_probe_id
                                                   where c.regression_id = ?))
                        order by id desc limit ?
                        """)
                .params(projectId, changeId, changeId, changeId, limit).query(Probes::probe).list();
    }

    List<Probe> ofBisection(long bisectionId) {
        return jdbc.sql(SELECT + " where bisection_id = ? order by id").param(bisectionId).query(Probes::probe).list();
    }

    /** The newest confirmation of each of these changes that is measuring. */
    List<ChangeProbe> measuringConfirmations(Collection<Long> changeIds) {
        return jdbc.sql("""
                        select c.regression_id, p.id, p.job_group from probe_change c join probe p on p.id = c.probe_id
                        where c.regression_id = any(?) and p.kind = 'confirm' and p.state = 'measuring'
                        order by p.id
                        """)
                .param(changeIds.toArray(Long[]::new))
                .query((rs, i) -> new ChangeProbe(rs.getLong(1), rs.getLong(2), rs.getLong(3))).list();
    }

    record ChangeProbe(long changeId, long probeId, long group) {
    }

    List<Probe> measuring(int limit) {
        return jdbc.sql(SELECT + " where state = 'measuring' order by id limit ?").param(limit).query(Probes::probe).list();
    }

    /** Ends a measuring probe; false when it had ended already (another instance, a cancel): the caller then does nothing. */
    boolean end(long id, String state, String outcome, String resultsJson, String note) {
        return jdbc.sql("""
                        update probe set state = ?, outcome = ?, results = cast(? as jsonb), note = ?, ended_at = now()
                        where id = ? and state = 'measuring'
                        """)
                .params(state, outcome, resultsJson, note, id).update() > 0;
    }

    Optional<String> results(long id) {
        return jdbc.sql("select results::text from probe where id = ?").param(id).query(String.class).optional();
    }

    private static Probe probe(ResultSet rs, int row) throws SQLException {
        return new Probe(rs.getLong("id"), rs.getLong("project_id"), rs.getString("kind"), rs.getString("state"),
                rs.getString("outcome"), rs.getString("branch"), trim(rs.getString("base_sha")), trim(rs.getString("middle_sha")),
                trim(rs.getString("head_sha")), rs.getObject("pull_request", Integer.class), rs.getInt("rounds"),
                rs.getLong("job_group"), rs.getObject("bisection_id", Long.class), rs.getString("requested_by"),
                rs.getString("note"), rs.getObject("created_at", OffsetDateTime.class), rs.getObject("ended_at", OffsetDateTime.class));
    }

    private static String trim(String sha) {
        return sha == null ? null : sha.trim();
    }
}
