package dev.hostgap.platform.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;

import dev.hostgap.platform.HostgapApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The default start on a machine other users share: another local user must not get into the
 * database, and an acknowledged upload must survive a power cut.
 */
class EmbeddedDatabaseSecurityTest {

    @TempDir
    Path home;

    @Test
    void theEmbeddedServerNeedsItsPasswordKeepsItsFilesPrivateAndCommitsDurably() throws Exception {
        Path data = home.resolve("pgdata");
        try (ConfigurableApplicationContext platform = new SpringApplicationBuilder(HostgapApplication.class)
                .run("--server.port=0", "--hostgap.embedded-database.data-directory=" + data,
                        "--hostgap.security.admin-token=security-test-admin-token")) {
            int port = platform.getBean(EmbeddedPostgres.class).getPort();
            String url = "jdbc:postgresql://localhost:" + port + "/postgres";

            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "guess")).isInstanceOf(SQLException.class);
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust").contains("scram-sha-256");

            assertThat(permissions(home.resolve("pgdata-secret"))).isEqualTo("rw-------");
            assertThat(permissions(home.resolve("pgdata-run"))).isEqualTo("rwx------");
            assertThat(permissions(home.resolve("pgdata-bin"))).isEqualTo("rwx------");
            String password = Files.readString(home.resolve("pgdata-secret")).trim();
            try (var connection = DriverManager.getConnection(url, "postgres", password)) {
                assertThat(connection.isValid(2)).isTrue();
            }

            JdbcClient jdbc = platform.getBean(JdbcClient.class);
            assertThat(jdbc.sql("show fsync").query(String.class).single()).isEqualTo("on");
            assertThat(jdbc.sql("show synchronous_commit").query(String.class).single()).isEqualTo("on");
            assertThat(jdbc.sql("show unix_socket_directories").query(String.class).single())
                    .isEqualTo(home.resolve("pgdata-run").toString());
        }
    }

    /**
     * A data directory an older hostgap made with zonky's defaults (trust rules, no password on the
     * superuser): the platform gives the superuser its password in single-user mode before the
     * first postmaster start, then requires it, and keeps the data.
     */
    @Test
    void aDataDirectoryOfAnOlderVersionWithTrustRulesGetsItsPasswordAndKeepsItsData() throws Exception {
        Path data = home.resolve("pgdata");
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(Files.createDirectories(home.resolve("old-bin")).toFile()).start();
             var connection = old.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
            statement.execute("create schema older_data");
            statement.execute("create table older_data.kept_from_before (id int)");
        }
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).contains("trust");

        try (ConfigurableApplicationContext platform = new SpringApplicationBuilder(HostgapApplication.class)
                .run("--server.port=0", "--hostgap.embedded-database.data-directory=" + data,
                        "--hostgap.security.admin-token=security-test-admin-token")) {
            int port = platform.getBean(EmbeddedPostgres.class).getPort();
            String url = "jdbc:postgresql://localhost:" + port + "/postgres";
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "")).isInstanceOf(SQLException.class);
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust");
            assertThat(platform.getBean(JdbcClient.class).sql("select count(*) from older_data.kept_from_before").query(Long.class).single())
                    .isZero();
        }
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
