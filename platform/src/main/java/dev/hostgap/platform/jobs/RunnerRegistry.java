package dev.hostgap.platform.jobs;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.hostgap.platform.projects.ProjectRef;
import dev.hostgap.platform.support.Hashes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runners an admin registered: their scope (labels and projects), hashed tokens, last heartbeat and
 * current job. A token is stored only as its SHA-256; a rotated-out token keeps working until its
 * grace ends (the security feature's authentication reads {@code previous_token_hash}).
 */
@Repository
class RunnerRegistry {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@code projects} empty and {@code allProjects} true: the runner may work for every project. */
    record Registered(long id, String name, List<String> labels, List<String> projects, boolean allProjects, String token) {
    }

    /** {@code graceEndsAt}: when the replaced token stops working; null when it stopped at once. */
    record Rotated(long id, String name, String token, OffsetDateTime graceEndsAt) {
    }

    /** What a runner may lease: jobs whose labels it has, of its projects (any project when {@code allProjects}). */
    record Scope(List<String> labels, boolean allProjects, Set<Long> projectIds) {

        boolean covers(long projectId) {
            return allProjects || projectIds.contains(projectId);
        }
    }

    /**
     * {@code graceEndsAt}: while the token replaced by the last rotation still works, when it stops;
     * else null. No field holds or names a token: the list is shown to people.
     */
    record RunnerView(long id, String name, List<String> labels, List<String> projects, boolean allProjects,
                      OffsetDateTime createdAt, OffsetDateTime lastHeartbeatAt, OffsetDateTime revokedAt,
                      OffsetDateTime rotatedAt, OffsetDateTime graceEndsAt, Long currentJob) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    RunnerRegistry(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Empty when the name is taken. {@code projects} empty means every project. The runner and its
     * projects are written in one transaction; the token is returned once and stored only as its hash.
     */
    Optional<Registered> register(String name, List<String> labels, List<ProjectRef> projects) {
        String token = newToken();
        boolean all = projects.isEmpty();
        return transactions.execute(status -> {
            Optional<Long> id = jdbc.sql("""
                            insert into runner (name, labels, token_hash, all_projects) values (?, ?, ?, ?)
                            on conflict (name) do nothing returning id
                            """)
                    .params(name, labels.toArray(String[]::new), Hashes.sha256Hex(token), all)
                    .query(Long.class).optional();
            id.ifPresent(runner -> jdbc.sql("insert into runner_project (runner_id, project_id) select ?, unnest(cast(? as bigint[]))")
                    .params(runner, projects.stream().map(ProjectRef::id).toArray(Long[]::new)).update());
            return id.map(runner -> new Registered(runner, name, labels, projects.stream().map(ProjectRef::name).toList(),
                    all, token));
        });
    }

    /**
     * Issues a new token; the one it replaces keeps working for {@code grace} (none when zero). A
     * token rotated out earlier whose grace has not ended stops at once: at most two tokens work.
     * Empty when there is no such runner or it is revoked.
     */
    Optional<Rotated> rotate(long id, Duration grace) {
        String token = newToken();
        return jdbc.sql("""
                        update runner set
                            previous_token_hash = case when :grace > 0 then token_hash end,
                            previous_token_expires_at = case when :grace > 0 then now() + make_interval(secs => :grace) end,
                            token_hash = :hash, token_rotated_at = now()
                        where id = :id and revoked_at is null
                        returning name, previous_token_expires_at
                        """)
                .param("grace", (double) grace.toSeconds()).param("hash", Hashes.sha256Hex(token)).param("id", id)
                .query((rs, i) -> new Rotated(id, rs.getString(1), token, rs.getObject(2, OffsetDateTime.class)))
                .optional();
    }

    /** Whether the runner exists and is revoked (to tell "unknown" from "revoked" after a refused rotation). */
    Optional<Boolean> isRevoked(long id) {
        return jdbc.sql("select revoked_at is not null from runner where id = ?").param(id).query(Boolean.class).optional();
    }

    Scope scope(long runnerId) {
        return jdbc.sql("""
                        select r.labels, r.all_projects,
                               array(select project_id from runner_project where runner_id = r.id) as projects
                        from runner r where r.id = ?
                        """)
                .param(runnerId)
                .query((rs, i) -> new Scope(List.of((String[]) rs.getArray(1).getArray()), rs.getBoolean(2),
                        Set.of((Long[]) rs.getArray(3).getArray())))
                .single();
    }

    void sawAlive(long runnerId) {
        jdbc.sql("update runner set last_heartbeat_at = now() where id = ?").param(runnerId).update();
    }

    List<RunnerView> list() {
        return jdbc.sql("""
                        select r.id, r.name, r.labels, r.all_projects, r.created_at, r.last_heartbeat_at, r.revoked_at,
                               r.token_rotated_at,
                               case when r.previous_token_expires_at > now() then r.previous_token_expires_at end as grace_ends,
                               array(select p.name from runner_project rp join project p on p.id = rp.project_id
                                     where rp.runner_id = r.id order by p.name) as projects,
                               (select j.id from job j where j.runner_id = r.id and j.state = 'leased' order by j.id limit 1) as job
                        from runner r order by r.name
                        """)
                .query((rs, i) -> new RunnerView(rs.getLong("id"), rs.getString("name"),
                        List.of((String[]) rs.getArray("labels").getArray()), List.of((String[]) rs.getArray("projects").getArray()),
                        rs.getBoolean("all_projects"), rs.getObject("created_at", OffsetDateTime.class),
                        rs.getObject("last_heartbeat_at", OffsetDateTime.class), rs.getObject("revoked_at", OffsetDateTime.class),
                        rs.getObject("token_rotated_at", OffsetDateTime.class),
                        rs.getObject("grace_ends", OffsetDateTime.class), rs.getObject("job", Long.class)))
                .list();
    }

    /** Every token of the runner stops at once, a rotated-out one in its grace too. */
    boolean revoke(long id) {
        return jdbc.sql("""
                        update runner set revoked_at = coalesce(revoked_at, now()),
                                          previous_token_hash = null, previous_token_expires_at = null
                        where id = ?
                        """).param(id).update() > 0;
    }

    private static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return "hgr_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
