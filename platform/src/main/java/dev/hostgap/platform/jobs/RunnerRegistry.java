package dev.hostgap.platform.jobs;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;

import dev.hostgap.platform.support.Hashes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Runners an admin registered: their labels, hashed tokens, last heartbeat and current job. */
@Repository
class RunnerRegistry {

    private static final SecureRandom RANDOM = new SecureRandom();

    record Registered(long id, String name, List<String> labels, String token) {
    }

    record RunnerView(long id, String name, List<String> labels, OffsetDateTime createdAt, OffsetDateTime lastHeartbeatAt,
                      OffsetDateTime revokedAt, Long currentJob) {
    }

    private final JdbcClient jdbc;

    RunnerRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Null when the name is taken. The token is returned once and stored only as its SHA-256. */
    Registered register(String name, List<String> labels) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = "hgr_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return jdbc.sql("""
                        insert into runner (name, labels, token_hash) values (?, ?, ?)
                        on conflict (name) do nothing returning id
                        """)
                .params(name, labels.toArray(String[]::new), Hashes.sha256Hex(token))
                .query(Long.class).optional()
                .map(id -> new Registered(id, name, labels, token))
                .orElse(null);
    }

    List<String> labels(long runnerId) {
        return List.of(jdbc.sql("select labels from runner where id = ?").param(runnerId)
                .query((rs, i) -> (String[]) rs.getArray(1).getArray()).single());
    }

    void sawAlive(long runnerId) {
        jdbc.sql("update runner set last_heartbeat_at = now() where id = ?").param(runnerId).update();
    }

    List<RunnerView> list() {
        return jdbc.sql("""
                        select r.id, r.name, r.labels, r.created_at, r.last_heartbeat_at, r.revoked_at,
                               (select j.id from job j where j.runner_id = r.id and j.state = 'leased' order by j.id limit 1) as job
                        from runner r order by r.name
                        """)
                .query((rs, i) -> new RunnerView(rs.getLong("id"), rs.getString("name"),
                        List.of((String[]) rs.getArray("labels").getArray()), rs.getObject("created_at", OffsetDateTime.class),
                        rs.getObject("last_heartbeat_at", OffsetDateTime.class), rs.getObject("revoked_at", OffsetDateTime.class),
                        rs.getObject("job", Long.class)))
                .list();
    }

    boolean revoke(long id) {
        return jdbc.sql("update runner set revoked_at = coalesce(revoked_at, now()) where id = ?").param(id).update() > 0;
    }
}
