package dev.hostgap.platform.security;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import dev.hostgap.platform.support.Caller;
import dev.hostgap.platform.support.Hashes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Bearer tokens. Only SHA-256 hashes are stored: a stolen database does not yield a usable token.
 * Tokens are 32 random bytes, so a plain hash (no salt, no slow KDF) is enough.
 */
@Repository
class TokenStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final SecurityProperties properties;

    TokenStore(JdbcClient jdbc, SecurityProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    record TokenInfo(long id, String name, String scope, String project, OffsetDateTime createdAt, OffsetDateTime revokedAt) {
    }

    Optional<Caller> authenticate(String token) {
        String configured = properties.adminToken();
        if (configured != null && !configured.isBlank() && MessageDigest.isEqual(
                configured.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(new Caller("admin", true, null));
        }
        if (token.startsWith("hgr_")) {
            // runner tokens live with the runners (jobs feature); authenticating them is this feature's job.
            // A token rotated out works until its grace ends; a revoked runner's tokens never do
            return jdbc.sql("""
                            select id, name from runner
                            where revoked_at is null
                              and (token_hash = :hash or (previous_token_hash = :hash and previous_token_expires_at > now()))
                            """)
                    .param("hash", Hashes.sha256Hex(token))
                    .query((rs, i) -> Caller.runner(rs.getLong(1), "runner " + rs.getString(2)))
                    .optional();
        }
        return jdbc.sql("select name, scope, project_id from api_token where token_hash = ? and revoked_at is null")
                .param(Hashes.sha256Hex(token))
                .query((rs, i) -> new Caller(rs.getString(1), rs.getString(2).equals("admin"),
                        rs.getObject(3, Long.class)))
                .optional();
    }

    boolean hasStoredAdminToken() {
        return jdbc.sql("select exists (select 1 from api_token where scope = 'admin' and revoked_at is null)")
                .query(Boolean.class).single();
    }

    /** Creates a token and returns its secret, which is never retrievable again. */
    String create(String name, Long projectId) {
        String secret = "hg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        jdbc.sql("insert into api_token (name, token_hash, scope, project_id) values (?, ?, ?, ?)")
                .params(name, Hashes.sha256Hex(secret), projectId == null ? "admin" : "upload", projectId)
                .update();
        return secret;
    }

    Optional<TokenInfo> findByName(long projectId, String name) {
        return list(projectId).stream().filter(t -> t.name().equals(name) && t.revokedAt() == null).findFirst();
    }

    List<TokenInfo> list(long projectId) {
        return jdbc.sql("""
                        select t.id, t.name, t.scope, p.name, t.created_at, t.revoked_at
                        from api_token t join project p on p.id = t.project_id
                        where t.project_id = ? order by t.id
                        """)
                .param(projectId)
                .query((rs, i) -> new TokenInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class)))
                .list();
    }

    boolean revoke(long id) {
        return jdbc.sql("update api_token set revoked_at = now() where id = ? and scope = 'upload' and revoked_at is null")
                .param(id).update() == 1;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
