package dev.hostgap.platform.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hostgap.platform.traces.TraceSummary.DeviceSummary;
import dev.hostgap.platform.traces.TraceSummary.GapCause;
import dev.hostgap.platform.traces.TraceSummary.StepMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-step trace of {@link KinetoTraceTest} as an Nsight Systems SQLite export (times in ns, names in
 * {@code StringIds}, steps and operators as NVTX ranges, no memset table) gives the same figures.
 */
class NsightTraceTest {

    private static final long THREAD = (1234L << 24) | 1;

    @TempDir
    Path tmp;

    @Test
    void givesTheSameFiguresAsTheEquivalentKinetoTrace() throws Exception {
        TraceSummary nsight = TraceReader.read(export(tmp.resolve("trace.sqlite")), TraceLimits.defaults(tmp));
        TraceSummary kineto = TraceReader.read(KinetoTraceTest.twoSteps().write(tmp, "trace.json"), TraceLimits.defaults(tmp));

        assertThat(nsight.format()).isEqualTo("nsys");
        assertThat(nsight.steps()).isEqualTo(2);
        DeviceSummary device = nsight.devices().get(0);
        DeviceSummary expected = kineto.devices().get(0);
        assertThat(device).usingRecursiveComparison().ignoringFields("steps", "gapCauses").isEqualTo(expected);
        for (int s = 0; s < 2; s++) {
            StepMetrics step = device.steps().get(s);
            assertThat(step).usingRecursiveComparison().isEqualTo(expected.steps().get(s));
        }
        assertThat(device.gapCauses()).containsExactly(
                new GapCause("aten::mm", null, 30.0, 1, 60.0),
                new GapCause("aten::copy_", null, 2.5, 1, 5.0));
        assertThat(nsight.timeline().step()).isEqualTo(1);
        assertThat(nsight.timeline().gaps()).isEqualTo(kineto.timeline().gaps());
    }

    @Test
    void readsAGzipExportThroughATemporaryFileItDeletes() throws Exception {
        Path plain = export(tmp.resolve("trace.sqlite"));
        Path scratch = Files.createDirectory(tmp.resolve("scratch"));
        Path gzip = tmp.resolve("upload.bin");
        try (InputStream in = Files.newInputStream(plain); OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            in.transferTo(out);
        }

        TraceSummary summary = TraceReader.read(gzip, TraceLimits.defaults(scratch));

        assertThat(summary.devices().get(0).busyUs()).isEqualTo(70.0);
        try (var left = Files.list(scratch)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void rejectsAGzipExportThatInflatesPastTheLimitAndLeavesNoTemporaryFile() throws Exception {
        Path plain = export(tmp.resolve("trace.sqlite"));
        Path scratch = Files.createDirectory(tmp.resolve("scratch"));
        Path gzip = tmp.resolve("upload.bin");
        try (InputStream in = Files.newInputStream(plain); OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            in.transferTo(out);
        }
        TraceLimits limits = new TraceLimits(Files.size(plain) / 2, 64, 1024, 1000, scratch);

        assertThatThrownBy(() -> TraceReader.read(gzip, limits)).isInstanceOf(TraceRejected.class)
                .hasMessageStartingWith("the trace expands to more than ");
        try (var left = Files.list(scratch)) {
            assertThat(left).isEmpty();
        }
    }

    /** Writes the export with the columns Nsight Systems 2021.5+ documents for these tables. */
    static Path export(Path file) throws SQLException, IOException {
        Files.deleteIfExists(file);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE StringIds (id INTEGER PRIMARY KEY, value TEXT NOT NULL)");
            sql.execute("CREATE TABLE CUPTI_ACTIVITY_KIND_KERNEL (start INT NOT NULL, end INT NOT NULL, deviceId INT NOT NULL,"
                    + " contextId INT NOT NULL, streamId INT NOT NULL, correlationId INT, globalPid INT, demangledName INT NOT NULL,"
                    + " shortName INT NOT NULL, gridX INT, blockX INT)");
            sql.execute("CREATE TABLE CUPTI_ACTIVITY_KIND_MEMCPY (start INT NOT NULL, end INT NOT NULL, deviceId INT NOT NULL,"
                    + " contextId INT NOT NULL, streamId INT NOT NULL, correlationId INT, globalPid INT, bytes INT NOT NULL,"
                    + " copyKind INT NOT NULL, srcKind INT, dstKind INT)");
            sql.execute("CREATE TABLE CUPTI_ACTIVITY_KIND_RUNTIME (start INT NOT NULL, end INT NOT NULL, eventClass INT NOT NULL,"
                    + " globalTid INT, correlationId INT, nameId INT NOT NULL, returnValue INT NOT NULL, callchainId INT)");
            sql.execute("CREATE TABLE NVTX_EVENTS (start INT NOT NULL, end INT, eventType INT NOT NULL, rangeId INT, category INT,"
                    + " color INT, text TEXT, globalTid INT, endGlobalTid INT, textId INT, domainId INT, uint64Value INT)");
            String[] names = {"", "gemm_A", "gemm_B", "graph_1", "graph_2", "graph_3", "cudaLaunchKernel_v7000",
                "cudaMemcpyAsync_v3020", "cudaStreamSynchronize_v3020", "cudaGraphLaunch_v10000", "aten::mm"};
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO StringIds VALUES (?, ?)")) {
                for (int id = 1; id < names.length; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, names[id]);
                    insert.executeUpdate();
                }
            }
            kernel(sql, 20, 40, 7, 1, 1);
            kernel(sql, 30, 50, 8, 2, 2);
            sql.execute("INSERT INTO CUPTI_ACTIVITY_KIND_MEMCPY VALUES (55000, 65000, 0, 1, 7, 3, 0, 1024, 1, 0, 2)");
            kernel(sql, 120, 130, 7, 10, 3);
            kernel(sql, 130, 140, 7, 10, 4);
            kernel(sql, 200, 210, 7, 10, 5);
            runtime(sql, 10, 15, 1, 6);
            runtime(sql, 20, 22, 2, 6);
            runtime(sql, 42, 45, 3, 7);
            runtime(sql, 60, 90, 4, 8);
            runtime(sql, 110, 112, 10, 9);
            nvtx(sql, 0, 100, "'ProfilerStep#1'", "NULL");
            nvtx(sql, 5, 30, "'aten::linear'", "NULL");
            nvtx(sql, 40, 60, "'aten::copy_'", "NULL");
            nvtx(sql, 100, 200, "'ProfilerStep#2'", "NULL");
            nvtx(sql, 105, 190, "NULL", "10");
            sql.execute("INSERT INTO NVTX_EVENTS (start, end, eventType, text, globalTid) VALUES (50000, NULL, 34, 'a mark', "
                    + THREAD + ")");
        }
        return file;
    }

    private static void kernel(Statement sql, long startUs, long endUs, int stream, int correlation, int name) throws SQLException {
        sql.execute("INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL VALUES (" + startUs * 1000 + ", " + endUs * 1000 + ", 0, 1, "
                + stream + ", " + correlation + ", 0, " + name + ", " + name + ", 1, 128)");
    }

    private static void runtime(Statement sql, long startUs, long endUs, int correlation, int name) throws SQLException {
        sql.execute("INSERT INTO CUPTI_ACTIVITY_KIND_RUNTIME VALUES (" + startUs * 1000 + ", " + endUs * 1000 + ", 1, "
                + THREAD + ", " + correlation + ", " + name + ", 0, 0)");
    }

    private static void nvtx(Statement sql, long startUs, long endUs, String text, String textId) throws SQLException {
        sql.execute("INSERT INTO NVTX_EVENTS (start, end, eventType, text, globalTid, textId) VALUES (" + startUs * 1000 + ", "
                + endUs * 1000 + ", 59, " + text + ", " + THREAD + ", " + textId + ")");
    }
}
