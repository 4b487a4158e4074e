package dev.hostgap.platform.database;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Brings the embedded PostgreSQL server back when it dies under a running platform (killed, OOM):
 * without it every request waited for a connection and failed until someone restarted the JVM. Every
 * few seconds it checks the server process; if it is gone it starts it again with the same binaries,
 * data directory, port and settings ({@code pg_ctl start}, which recovers from the write-ahead log),
 * and the connection pool reconnects by itself. Not while the platform shuts down.
 */
class EmbeddedServerWatchdog {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServerWatchdog.class);

    private final EmbeddedPostgres postgres;
    private final EmbeddedDatabaseFiles files;
    private final EmbeddedServerShutdown shutdown;
    private final Path pgCtl;
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicInteger failedRestarts = new AtomicInteger();

    EmbeddedServerWatchdog(EmbeddedPostgres postgres, EmbeddedDatabaseFiles files, EmbeddedServerShutdown shutdown)
            throws IOException {
        this.postgres = postgres;
        this.files = files;
        this.shutdown = shutdown;
        ProcessHandle server = OrphanedServer.postmaster(files.dataDirectory())
                .orElseThrow(() -> new IOException("the embedded PostgreSQL server is not running after its start"));
        this.pgCtl = Path.of(server.info().command().orElseThrow(() -> new IOException("cannot see the server's binary")))
                .resolveSibling("pg_ctl");
    }

    @Scheduled(fixedDelayString = "${hostgap.embedded-database.watch-interval:5s}")
    void watch() {
        if (shutdown.stopping()) {
            return;
        }
        try {
            if (OrphanedServer.postmaster(files.dataDirectory()).isEmpty()) {
                restart();
            }
        } catch (IOException | RuntimeException e) {
            failedRestarts.incrementAndGet();
            log.error("Could not restart the embedded PostgreSQL server; retrying", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Servers started again after their postmaster died. */
    int restarts() {
        return restarts.get();
    }

    /** Runs of pg_ctl start that failed (each is retried at once, a few times, then at the next check). */
    int failedRestarts() {
        return failedRestarts.get();
    }

    /**
     * Starts the server again: leftovers of the dead one stopped first, then {@code pg_ctl start}.
     * A run that fails is tried again after half a second, up to {@link #TRIES} times, before the
     * next check: a process of the dead server can take a moment to go. Every run's output is kept
     * (appended to {@code pg_ctl.out}) and the last lines are logged, so a failure says why.
     */
    private void restart() throws IOException, InterruptedException {
        log.warn("The embedded PostgreSQL server of {} is gone; starting it again on port {}", files.dataDirectory(),
                postgres.getPort());
        List<String> options = new ArrayList<>(List.of("-p", Integer.toString(postgres.getPort())));
        EmbeddedDatabaseConfiguration.serverConfig(files).forEach((key, value) -> {
            options.add("-c");
            options.add(key + "=" + value);
        });
        Path serverLog = files.socketDirectory().resolve("restart.log");
        Path output = files.socketDirectory().resolve("pg_ctl.out");
        for (int tryNumber = 1; ; tryNumber++) {
            OrphanedServer.stopLeftoverBackends(files.dataDirectory());
            Path thisTry = files.socketDirectory().resolve("pg_ctl.try");
            // output to a file: the server outlives pg_ctl and would hold a pipe open
            Process start = new ProcessBuilder(pgCtl.toString(), "-D", files.dataDirectory().toString(), "-w", "-t", "60",
                    "-l", serverLog.toString(), "-o", String.join(" ", options), "start")
                    .redirectErrorStream(true).redirectOutput(thisTry.toFile()).start();
            boolean started = start.waitFor(90, TimeUnit.SECONDS) && start.exitValue() == 0;
            String said = java.nio.file.Files.readString(thisTry);
            java.nio.file.Files.writeString(output, "--- " + java.time.Instant.now() + " try " + tryNumber + "\n" + said,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            if (started) {
                break;
            }
            failedRestarts.incrementAndGet();
            String tail = said.length() > 600 ? said.substring(said.length() - 600) : said;
            if (tryNumber >= TRIES) {
                throw new IOException("pg_ctl start failed " + TRIES + " times; last: " + tail.strip() + " (see " + output
                        + " and " + serverLog + ")");
            }
            EmbeddedServerWatchdog.log.warn("pg_ctl start failed (try {} of {}): {}", tryNumber, TRIES, tail.strip());
            Thread.sleep(500);
        }
        restarts.incrementAndGet();
        EmbeddedServerWatchdog.log.info("The embedded PostgreSQL server runs again");
    }

    private static final int TRIES = 5;
}
