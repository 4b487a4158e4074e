package dev.hostgap.platform.database;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;

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
            LoginIntruder intruder = LoginIntruder.start(port, "intruder-" + attempt);
            EmbeddedPostgres postgres = null;
            try {
                EmbeddedDatabaseFiles files = EmbeddedDatabaseFiles.prepare(data);
                postgres = new EmbeddedDatabaseConfiguration()
                        .embeddedPostgres(new EmbeddedDatabaseProperties(data, port, Duration.ofSeconds(60)), files);
                // the intruder goes on a moment after the platform has its server
                Thread.sleep(200);
                intruder.close();
                assertThat(intruder.intrusions()).as("logins without the password during first start %d", attempt).isZero();
                assertThat(Files.readString(files.hbaFile())).doesNotContain("trust");
                try (Connection owner = LoginIntruder.connect(port, files.password())) {
                    assertThat(owner.isValid(2)).isTrue();
                }
            } finally {
                intruder.close();
                if (postgres != null) {
                    postgres.close();
                }
            }
            reachedTheServer += intruder.refusedByTheServer();
        }
        assertThat(reachedTheServer).as("logins the server itself refused: the race reached it").isGreaterThan(FIRST_STARTS);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
