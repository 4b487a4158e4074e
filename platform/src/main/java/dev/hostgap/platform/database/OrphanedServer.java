package dev.hostgap.platform.database;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start finds in the data directory from an earlier one. zonky holds {@code epg-lock} in the
 * data directory while its JVM lives: if another process holds it, hostgap is already running on
 * these files and this start must stop with that one line. If nobody holds it but a postmaster of
 * this data directory still runs, the JVM that owned it was killed (kill -9, OOM): that postmaster is
 * an orphan, and is stopped (SIGTERM, then SIGKILL after a grace period) so that the new start does
 * not fail on its {@code postmaster.pid}.
 */
final class OrphanedServer {

    private static final Logger log = LoggerFactory.getLogger(OrphanedServer.class);
    private static final Duration GRACE = Duration.ofSeconds(30);

    private OrphanedServer() {
    }

    static void clear(EmbeddedDatabaseFiles files) throws IOException {
        Path dataDirectory = files.dataDirectory();
        Path lockFile = dataDirectory.resolve("epg-lock");
        if (Files.exists(lockFile)) {
            try (FileOutputStream stream = new FileOutputStream(lockFile.toFile(), true);
                 FileLock lock = stream.getChannel().tryLock()) {
                if (lock == null) {
                    throw alreadyRunning(dataDirectory);
                }
            } catch (OverlappingFileLockException e) {
                throw alreadyRunning(dataDirectory);
            }
        }
        Optional<ProcessHandle> postmaster = postmaster(dataDirectory);
        if (postmaster.isEmpty()) {
            stopLeftoverBackends(dataDirectory);
            return;
        }
        ProcessHandle orphan = postmaster.get();
        log.warn("Stopping PostgreSQL server {} left running on {} by a hostgap that did not shut down", orphan.pid(), dataDirectory);
        orphan.destroy(); // SIGTERM: smart shutdown, no clients are left
        try {
            try {
                orphan.onExit().get(GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                orphan.destroyForcibly(); // SIGKILL: the next start recovers from the write-ahead log
                orphan.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the orphaned PostgreSQL server " + orphan.pid(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not stop the orphaned PostgreSQL server " + orphan.pid() + " of " + dataDirectory, e);
        }
    }

    /**
     * Kills what is left of a server whose postmaster died: backends busy in a query (and auxiliary
     * processes) notice their postmaster's death only at their next wait, and while any of them is
     * attached to the old shared memory a new postmaster refuses to start ("pre-existing shared
     * memory block is still in use"); that cost the first restart after a kill -9 and 20 s of
     * answers. They are the postgres processes whose working directory is this data directory, as
     * every process of its server's is (only this hostgap's server works there; {@link InstanceLock}
     * keeps another start's initdb away). Killing them is safe: with the postmaster gone they
     * can commit nothing, and the next start recovers from the write-ahead log.
     */
    static void stopLeftoverBackends(Path dataDirectory) throws IOException {
        Path data = dataDirectory.toRealPath();
        List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(command -> command.endsWith("/postgres")).orElse(false))
                .filter(p -> workingIn(p, data))
                .toList();
        if (leftovers.isEmpty()) {
            return;
        }
        log.warn("Stopping {} PostgreSQL processes left by a server whose postmaster died", leftovers.size());
        for (ProcessHandle leftover : leftovers) {
            leftover.destroyForcibly();
        }
        for (ProcessHandle leftover : leftovers) {
            try {
                leftover.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping PostgreSQL process " + leftover.pid(), e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("could not stop PostgreSQL process " + leftover.pid() + " left by a dead server", e);
            }
        }
    }

    /** A server process works in its data directory (it changes into it at start). */
    private static boolean workingIn(ProcessHandle process, Path dataDirectory) {
        try {
            return Path.of("/proc", Long.toString(process.pid()), "cwd").toRealPath().equals(dataDirectory);
        } catch (IOException | SecurityException gone) {
            return false;
        }
    }

    /** The live process named in postmaster.pid, if it is a PostgreSQL server. */
    static Optional<ProcessHandle> postmaster(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        if (!first.matches("\\d{1,10}")) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(first))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
    }

    private static EmbeddedDatabaseUnavailable alreadyRunning(Path dataDirectory) {
        return new EmbeddedDatabaseUnavailable("hostgap is already running with the embedded database in " + dataDirectory
                + ": stop that instance first, or give this one another hostgap.embedded-database.data-directory.");
    }
}
