package dev.hostgap.platform.traces;

import java.nio.file.Path;

/**
 * What reading one uploaded trace may cost: a gzip member may not inflate past {@code maxExpandedBytes}
 * (a small upload must not become a disk-filling or heap-filling file), and the numbers of GPU devices,
 * CPU threads and distinct names are bounded so that the analysis' per-device and per-thread tables stay
 * small. Names past {@code maxNames} are not rejected but share one name. A gzip SQLite export is
 * inflated into {@code tempDirectory} and deleted afterwards.
 */
public record TraceLimits(long maxExpandedBytes, int maxDevices, int maxThreads, int maxNames, Path tempDirectory) {

    public TraceLimits {
        if (maxExpandedBytes <= 0 || maxDevices <= 0 || maxThreads <= 0 || maxNames <= 0) {
            throw new IllegalArgumentException("trace limits must be positive");
        }
        if (tempDirectory == null) {
            throw new IllegalArgumentException("a temporary directory is required");
        }
    }

    /** 4 GiB expanded, 64 devices, 16384 threads, 500 000 names. */
    public static TraceLimits defaults(Path tmp) {
        return new TraceLimits(4L << 30, 64, 16_384, 500_000, tmp);
    }
}
