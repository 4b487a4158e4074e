package dev.hostgap.platform.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One hostgap per data directory, from before anything touches it: zonky takes its own lock only
 * after initdb, so two starts on one new directory could both run initdb, and one would take the
 * other's initdb for leftovers of a dead server and stop it. Held (an OS file lock beside the
 * data directory) until the server is stopped; released with the process, whatever ends it.
 */
final class InstanceLock {

    private static final Map<Path, FileLock> HELD = new ConcurrentHashMap<>();

    private InstanceLock() {
    }

    static void acquire(Path dataDirectory) throws IOException {
        Path data = dataDirectory.toAbsolutePath();
        Path file = data.resolveSibling(data.getFileName() + "-instance.lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new EmbeddedDatabaseUnavailable("hostgap is already running with the embedded database in " + data
                    + ": stop that instance first, or give this one another hostgap.embedded-database.data-directory.");
        }
        HELD.put(data, lock);
    }

    static void release(Path dataDirectory) {
        FileLock lock = HELD.remove(dataDirectory.toAbsolutePath());
        if (lock != null) {
            try {
                lock.channel().close(); // closing the channel releases the lock
            } catch (IOException ignored) {
                // the process's end releases it anyway
            }
        }
    }
}
