package dev.hostgap.platform.database;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.hostgap.platform.HostgapApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * After kill -9 of the JVM its PostgreSQL server lives on, holding the data directory: the first
 * restart must still come up. A second hostgap on the same data directory must say so in a line.
 */
class EmbeddedDatabaseRecoveryTest {

    @TempDir
    Path home;

    @Test
    void theFirstStartAfterAKilledJvmStopsTheOrphanedServerAndASecondInstanceIsRefused() throws Exception {
        Path data = home.resolve("pgdata");
        Path pgCtl;
        try (ConfigurableApplicationContext first = start(data)) {
            first.getBean(JdbcClient.class)
                    .sql("insert into project (name, repo_url, default_branch) values ('survivor', 'u', 'main')").update();
            // the binaries this JVM's server runs from (zonky unpacks them once per JVM)
            pgCtl = Path.of(OrphanedServer.postmaster(data).orElseThrow().info().command().orElseThrow()).resolveSibling("pg_ctl");
        }
        // what a killed JVM leaves: a postmaster of this data directory that no hostgap owns
        // output to files, not pipes: the server outlives pg_ctl and would hold a pipe open forever
        Path log = home.resolve("orphan.log");
        Process started = new ProcessBuilder(pgCtl.toString(), "-D", data.toString(), "-w", "-l", log.toString(), "-o",
                "-p " + freePort() + " -c unix_socket_directories=" + home.resolve("pgdata-run"), "start")
                .redirectErrorStream(true).redirectOutput(home.resolve("pg_ctl.out").toFile()).start();
        assertThat(started.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(started.exitValue()).as(Files.readString(home.resolve("pg_ctl.out"))).isZero();
        ProcessHandle orphan = OrphanedServer.postmaster(data).orElseThrow();
        assertThat(orphan.isAlive()).isTrue();

        try (ConfigurableApplicationContext restarted = start(data)) {
            assertThat(orphan.isAlive()).isFalse();
            assertThat(restarted.getBean(JdbcClient.class).sql("select count(*) from project where name = 'survivor'")
                    .query(Long.class).single()).isEqualTo(1);

            assertThatThrownBy(() -> start(data)).hasRootCauseInstanceOf(EmbeddedDatabaseUnavailable.class)
                    .rootCause().hasMessageContaining("hostgap is already running with the embedded database in " + data);
            assertThat(restarted.getBean(JdbcClient.class).sql("select 1").query(Integer.class).single())
                    .as("the running instance is untouched").isEqualTo(1);
        }
    }

    /**
     * On SIGTERM zonky's own hook calls close() at once, beside Spring's graceful shutdown: that call
     * must leave the server running, and the context's close must stop it, last.
     */
    @Test
    void theServerOutlivesZonkysShutdownHookAndStopsWithTheContext() throws Exception {
        Path data = home.resolve("pgdata");
        ProcessHandle server;
        try (ConfigurableApplicationContext platform = start(data)) {
            server = OrphanedServer.postmaster(data).orElseThrow();
            platform.getBean(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.class).close(); // what zonky's hook does
            assertThat(server.isAlive()).isTrue();
            assertThat(platform.getBean(JdbcClient.class).sql("select 1").query(Integer.class).single()).isEqualTo(1);
        }
        server.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(server.isAlive()).isFalse();
    }

    /**
     * A backend busy in a query when its postmaster is killed notices only at its next wait, and
     * keeps the old shared memory attached meanwhile: the first restart used to fail on it ("pre-
     * existing shared memory block is still in use") and the platform answered again only at a later
     * attempt. The watchdog must bring the server back at its first attempt.
     */
    @Test
    void aServerKilledUnderARunningPlatformIsStartedAgainAtTheFirstAttemptAndRequestsRecover() throws Exception {
        Path data = home.resolve("pgdata");
        try (ConfigurableApplicationContext platform = new SpringApplicationBuilder(HostgapApplication.class)
                .run("--server.port=0", "--hostgap.embedded-database.data-directory=" + data,
                        "--hostgap.security.admin-token=recovery-test-admin-token",
                        "--hostgap.embedded-database.watch-interval=1s")) {
            JdbcClient jdbc = platform.getBean(JdbcClient.class);
            jdbc.sql("insert into project (name, repo_url, default_branch) values ('before-the-crash', 'u', 'main')").update();
            Thread busy = new Thread(() -> {
                try (var connection = platform.getBean(javax.sql.DataSource.class).getConnection();
                     var statement = connection.createStatement()) {
                    statement.execute("set statement_timeout = '60s'");
                    statement.execute("do $$ begin loop end loop; end $$"); // CPU only: never waits, never checks
                } catch (java.sql.SQLException endedByTheKill) {
                    // expected: the server under it went away
                }
            }, "busy-backend");
            busy.start();
            Thread.sleep(500); // the loop is running in its backend
            ProcessHandle killed = OrphanedServer.postmaster(data).orElseThrow();
            long killedAt = System.nanoTime();
            killed.destroyForcibly();
            killed.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);

            long deadline = killedAt + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
            Long count = null;
            while (count == null && System.nanoTime() < deadline) {
                try {
                    count = jdbc.sql("select count(*) from project where name = 'before-the-crash'").query(Long.class).single();
                } catch (RuntimeException stillDown) {
                    Thread.sleep(200);
                }
            }
            assertThat(count).as("the platform answers again after the server was killed").isEqualTo(1);
            assertThat(OrphanedServer.postmaster(data).orElseThrow().pid()).isNotEqualTo(killed.pid());
            EmbeddedServerWatchdog watchdog = platform.getBean(EmbeddedServerWatchdog.class);
            assertThat(watchdog.failedRestarts()).as("restart attempts that failed").isZero();
            assertThat(watchdog.restarts()).isEqualTo(1);
            busy.join(70_000);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(HostgapApplication.class)
                .run("--server.port=0", "--hostgap.embedded-database.data-directory=" + data,
                        "--hostgap.security.admin-token=recovery-test-admin-token");
    }
}
