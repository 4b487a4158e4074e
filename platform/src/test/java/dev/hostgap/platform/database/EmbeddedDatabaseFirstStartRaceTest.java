package dev.hostgap.platform.database;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another local user races the first start of the embedded server: from before initdb until the
 * platform has its server, they try to log in as the superuser without its password on the port the
 * server will listen on (on a real machine they find it in /proc/net/tcp within milliseconds). The
 * cluster must need the password from its first byte: not one of those logins may succeed, while
 * enough of them reach the server to show the race was run.
 */
class EmbeddedDatabaseFirstStartRaceTest {

    private static final int FIRST_STARTS = 10;

    @TempDir
    Path home;

    @Test
    void noLoginWithoutThePasswordSucceedsWhileANewClusterStarts() throws Exception {
        int reachedTheServer = 0;
        for (int attempt = 0; attempt < FIRST_STARTS; attempt++) {
            Path data = home.resolve("race-" + attempt).resolve("pgdata");
            Files.createDirectories(data.getParent());
            int port = freePort();
            AtomicBoolean racing = new AtomicBoolean(true);
            AtomicInteger intrusions = new AtomicInteger();
            AtomicInteger refusedByTheServer = new AtomicInteger();
            Thread intruder = new Thread(() -> {
                while (racing.get()) {
                    for (String password : new String[] {"", "guess"}) {
                        try (Connection ignored = connect(port, password)) {
                            intrusions.incrementAndGet();
                        } catch (SQLException e) {
                            // 28P01/28000: the server answered and refused; 08001: nothing listens yet
                            if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
                                refusedByTheServer.incrementAndGet();
                            }
                        }
                    }
                }
            }, "intruder-" + attempt);
            intruder.start();
            EmbeddedPostgres postgres = null;
            try {
                EmbeddedDatabaseFiles files = EmbeddedDatabaseFiles.prepare(data);
                postgres = new EmbeddedDatabaseConfiguration()
                        .embeddedPostgres(new EmbeddedDatabaseProperties(data, port, Duration.ofSeconds(60)), files);
                // the intruder goes on a moment after the platform has its server
                Thread.sleep(200);
                racing.set(false);
                intruder.join(10_000);
                assertThat(intrusions.get()).as("logins without the password during first start %d", attempt).isZero();
                assertThat(Files.readString(files.hbaFile())).doesNotContain("trust");
                try (Connection owner = connect(port, files.password())) {
                    assertThat(owner.isValid(2)).isTrue();
                }
            } finally {
                racing.set(false);
                intruder.join(10_000);
                if (postgres != null) {
                    postgres.close();
                }
            }
            reachedTheServer += refusedByTheServer.get();
        }
        assertThat(reachedTheServer).as("logins the server itself refused: the race reached it").isGreaterThan(FIRST_STARTS);
    }

    private static Connection connect(int port, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "1");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", properties);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
