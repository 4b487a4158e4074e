package dev.hostgap.platform.database;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The reliability harness's long version of {@link EmbeddedDatabaseFirstStartRaceTest}: many first
 * starts of the embedded server on fresh data directories, through the platform's own configuration
 * class, each raced by an intruder who tries to log in as {@code postgres} with an empty and a wrong
 * password over 127.0.0.1 from before initdb until 200 ms after the server is up. Lives in this
 * package because the configuration class is package-private; the harness calls {@link #run}.
 */
public final class FirstStartRace {

    /**
     * @param starts               first starts done
     * @param intrusions           logins without the password that succeeded (must be 0)
     * @param refusedByTheServer   logins the server answered and refused (the race reached it)
     * @param startsReached        first starts during which at least one login was refused by the server
     * @param failedStarts         starts that threw (the server did not come up)
     * @param meanStartSeconds     mean time of one first start (initdb, configuration, server up)
     */
    public record Outcome(int starts, int intrusions, int refusedByTheServer, int startsReached, int failedStarts,
                          double meanStartSeconds) {
    }

    private FirstStartRace() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("hostgap-first-start-race");
        System.out.println(run(home, args.length > 0 ? Integer.parseInt(args[0]) : 200));
    }

    public static Outcome run(Path home, int starts) throws Exception {
        int intrusions = 0, refused = 0, reached = 0, failed = 0;
        long startNanos = 0;
        for (int attempt = 0; attempt < starts; attempt++) {
            // a fresh data directory each time; the extracted binaries (pgdata-bin) are kept, as on a real machine
            Path data = home.resolve("pgdata");
            Files.createDirectories(home);
            int port = freePort();
            LoginIntruder intruder = LoginIntruder.start(port, "intruder-" + attempt);
            EmbeddedPostgres postgres = null;
            long began = System.nanoTime();
            try {
                EmbeddedDatabaseFiles files = EmbeddedDatabaseFiles.prepare(data);
                postgres = new EmbeddedDatabaseConfiguration()
                        .embeddedPostgres(new EmbeddedDatabaseProperties(data, port, Duration.ofSeconds(60)), files);
                startNanos += System.nanoTime() - began;
                Thread.sleep(200); // the intruder goes on a moment after the platform has its server
            } catch (Exception e) {
                failed++;
                System.out.println("first start " + attempt + " failed: " + e);
            } finally {
                intruder.close();
                if (postgres != null) {
                    postgres.close();
                }
                // what the platform's shutdown does after stopping the server: the next start may take the directory
                InstanceLock.release(data);
            }
            intrusions += intruder.intrusions();
            refused += intruder.refusedByTheServer();
            reached += intruder.refusedByTheServer() > 0 ? 1 : 0;
            deleteQuietly(data);
            deleteQuietly(home.resolve("pgdata-run"));
            if ((attempt + 1) % 20 == 0) {
                System.out.printf("first-start-race: %d starts, %d intrusions, %d refused by the server%n", attempt + 1,
                        intrusions, refused);
            }
        }
        int started = starts - failed;
        return new Outcome(starts, intrusions, refused, reached, failed, started == 0 ? 0 : startNanos / 1e9 / started);
    }


    private static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // a leftover temporary directory costs only disk
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
