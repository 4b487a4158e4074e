package dev.hostgap.platform.traces;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * Reads one uploaded trace and analyses it. The format is told by the file's first bytes, never by its
 * name: gzip's magic number, then SQLite's header ({@code SQLite format 3}) for an Nsight Systems
 * export, else JSON for a PyTorch profiler (Kineto) trace. A gzip file is inflated through a cap on its
 * expanded size, as a stream for JSON and into a temporary file for SQLite.
 */
public final class TraceReader {

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER = 1 << 16;

    private TraceReader() {
    }

    /**
     * Deletes a file that may have been opened as SQLite, and the files SQLite may have made beside it
     * ({@code -wal}, {@code -shm}, {@code -journal}; none are expected, as exports are opened immutable).
     */
    public static void deleteWithCompanions(Path file) throws IOException {
        for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        }
        Files.deleteIfExists(file);
    }

    /** Reads the trace file (plain JSON, gzip JSON, SQLite, or gzip SQLite - detected from its first bytes, never from its name) and analyses it. */
    public static TraceSummary read(Path file, TraceLimits limits) throws TraceRejected {
        return TraceAnalysis.analyse(load(file, limits));
    }

    private static TraceData load(Path file, TraceLimits limits) throws TraceRejected {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
            byte[] head = peek(raw, 2);
            if (head.length == 0) {
                throw new TraceRejected("the trace file is empty");
            }
            if (head.length == 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
                InputStream inflated = new BufferedInputStream(
                        new CappedInputStream(new GZIPInputStream(raw, BUFFER), limits.maxExpandedBytes()), BUFFER);
                return readContent(inflated, file, limits, true);
            }
            return readContent(raw, file, limits, false);
        } catch (IOException e) {
            throw rejection(e);
        }
    }

    private static TraceData readContent(InputStream in, Path file, TraceLimits limits, boolean gzip)
            throws TraceRejected, IOException {
        byte[] head = peek(in, SQLITE_HEADER.length);
        if (Arrays.equals(head, SQLITE_HEADER)) {
            TraceData data = new TraceData("nsys", limits);
            if (!gzip) {
                NsightReader.read(file, data);
                return data;
            }
            Path inflated = Files.createTempFile(limits.tempDirectory(), "trace-", ".sqlite");
            try {
                Files.copy(in, inflated, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                NsightReader.read(inflated, data);
                return data;
            } finally {
                deleteWithCompanions(inflated);
            }
        }
        if (head.length == 0) {
            throw new TraceRejected(gzip ? "the gzip file holds an empty trace" : "the trace file is empty");
        }
        int first = firstNonBlank(head);
        if (first != '{' && first != '[' && first != -1) {
            throw new TraceRejected("the file is not a trace: expected PyTorch profiler JSON, an Nsight Systems"
                    + " SQLite export, or either one gzipped");
        }
        TraceData data = new TraceData("kineto", limits);
        try {
            KinetoReader.read(in, data);
        } catch (JacksonException e) {
            throw rejection(e);
        }
        return data;
    }

    private static byte[] peek(InputStream in, int length) throws IOException {
        in.mark(length);
        byte[] head = in.readNBytes(length);
        in.reset();
        return head;
    }

    private static int firstNonBlank(byte[] head) {
        for (byte b : head) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b;
            }
        }
        return -1;
    }

    private static TraceRejected rejection(Throwable e) {
        if (e instanceof StreamConstraintsException limit) {
            return new TraceRejected("the trace exceeds a JSON limit: " + limit.getOriginalMessage());
        }
        if (e instanceof JacksonIOException io && io.getCause() != null) {
            return rejection(io.getCause());
        }
        if (e instanceof JacksonException json) {
            String where = json.getLocation() == null ? "" : " at byte " + json.getLocation().getByteOffset();
            return new TraceRejected("the trace is not valid JSON" + where + ": " + json.getOriginalMessage());
        }
        if (e instanceof CappedInputStream.CapExceeded cap) {
            return new TraceRejected(cap.getMessage());
        }
        if (e instanceof EOFException) {
            return new TraceRejected("truncated gzip: the compressed file ends before its data does");
        }
        if (e instanceof ZipException zip) {
            return new TraceRejected("the gzip data is corrupt: " + zip.getMessage());
        }
        // never e.getMessage(): an I/O message names server paths
        return new TraceRejected("the trace file could not be read");
    }
}
