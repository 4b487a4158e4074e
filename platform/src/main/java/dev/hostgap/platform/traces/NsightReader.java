package dev.hostgap.platform.traces;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Reads an Nsight Systems SQLite export ({@code nsys export --type sqlite}), opened read-only, one
 * streaming result set per table. Follows the "SQLite Export Schema Reference" of Nsight Systems
 * 2021.5 and later (export schema 2.x/3.x): {@code CUPTI_ACTIVITY_KIND_KERNEL} (start, end, deviceId,
 * streamId, correlationId, demangledName/shortName as {@code StringIds} ids), {@code CUPTI_ACTIVITY_KIND_MEMCPY}
 * and {@code _MEMSET} (start, end, deviceId, streamId, correlationId, bytes), {@code CUPTI_ACTIVITY_KIND_RUNTIME}
 * (start, end, globalTid, correlationId, nameId) and {@code NVTX_EVENTS} (start, end, globalTid, text or
 * textId). Times are already nanoseconds. Missing tables are read as empty; {@code ProfilerStep#N} NVTX
 * ranges are steps and every other NVTX range is a CPU operator.
 */
final class NsightReader {

    private NsightReader() {
    }

    static void read(Path database, TraceData data) throws TraceRejected {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        // immutable: SQLite writes nothing beside the file (no -wal/-shm), and trusts it not to change while read
        try (Connection connection = config.createConnection("jdbc:sqlite:file:" + database.toAbsolutePath() + "?immutable=1")) {
            // tables only: a view named like an export's table could compute rows without end
            Set<String> tables = tables(connection);
            boolean strings = tables.contains("STRINGIDS");
            if (tables.contains("CUPTI_ACTIVITY_KIND_KERNEL")) {
                String name = hasColumn(connection, "CUPTI_ACTIVITY_KIND_KERNEL", "demangledName") ? "demangledName" : "shortName";
                readGpu(connection, data, "SELECT k.start, k.\"end\", k.deviceId, k.streamId, k.correlationId, "
                        + (strings ? "s.value" : "NULL") + ", 0 FROM CUPTI_ACTIVITY_KIND_KERNEL k"
                        + (strings ? " LEFT JOIN StringIds s ON s.id = k." + name : ""), TraceData.KERNEL);
            }
            if (tables.contains("CUPTI_ACTIVITY_KIND_MEMCPY")) {
                readGpu(connection, data, "SELECT start, \"end\", deviceId, streamId, correlationId, 'Memcpy', bytes"
                        + " FROM CUPTI_ACTIVITY_KIND_MEMCPY", TraceData.MEMCPY);
            }
            if (tables.contains("CUPTI_ACTIVITY_KIND_MEMSET")) {
                readGpu(connection, data, "SELECT start, \"end\", deviceId, streamId, correlationId, 'Memset', 0"
                        + " FROM CUPTI_ACTIVITY_KIND_MEMSET", TraceData.MEMSET);
            }
            if (tables.contains("CUPTI_ACTIVITY_KIND_RUNTIME")) {
                readCalls(connection, data, strings);
            }
            if (tables.contains("NVTX_EVENTS")) {
                readRanges(connection, data, strings);
            }
        } catch (SQLException e) {
            throw new TraceRejected("the Nsight Systems SQLite export could not be read: " + e.getMessage());
        }
    }

    private static void readGpu(Connection connection, TraceData data, String sql, int kind)
            throws SQLException, TraceRejected {
        eachEvent(connection, data, sql, (rows, start, end) -> {
            String name = rows.getString(6);
            data.addGpu(start, end, rows.getInt(3), rows.getInt(4), rows.getLong(5), kind, name == null ? "" : name,
                    rows.getLong(7));
        });
    }

    private static void readCalls(Connection connection, TraceData data, boolean strings) throws SQLException, TraceRejected {
        String sql = "SELECT r.start, r.\"end\", r.globalTid, r.correlationId, " + (strings ? "s.value" : "NULL")
                + " FROM CUPTI_ACTIVITY_KIND_RUNTIME r" + (strings ? " LEFT JOIN StringIds s ON s.id = r.nameId" : "");
        eachEvent(connection, data, sql, (rows, start, end) -> {
            String name = rows.getString(5);
            data.addCall(start, end, thread(rows.getLong(3)), rows.getLong(4), name == null ? "" : name);
        });
    }

    private static void readRanges(Connection connection, TraceData data, boolean strings) throws SQLException, TraceRejected {
        boolean textIds = strings && hasColumn(connection, "NVTX_EVENTS", "textId");
        String text = textIds ? "COALESCE(n.text, s.value)" : "n.text";
        String join = textIds ? " LEFT JOIN StringIds s ON s.id = n.textId" : "";
        String sql = "SELECT n.start, n.\"end\", n.globalTid, " + text + " FROM NVTX_EVENTS n" + join
                + " WHERE n.\"end\" IS NOT NULL AND n.\"end\" > n.start";
        eachEvent(connection, data, sql, (rows, start, end) -> {
            String name = rows.getString(4);
            if (!data.addStepIfNamed(start, end, name)) {
                data.addRange(start, end, thread(rows.getLong(3)), name == null ? "" : name, TraceData.OPERATOR);
            }
        });
    }

    /** One event row whose columns 1 and 2 are its start and end in nanoseconds, already checked. */
    private interface EventRow {
        void accept(ResultSet rows, long start, long end) throws SQLException, TraceRejected;
    }

    /**
     * Streams the rows of {@code sql}, counting each as an event; a row that ends before it starts or lies
     * outside 0 to {@link Micros#MAX_NANOS} is counted as skipped, the others are handed to {@code row}.
     */
    private static void eachEvent(Connection connection, TraceData data, String sql, EventRow row)
            throws SQLException, TraceRejected {
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(10_000);
            try (ResultSet rows = statement.executeQuery(sql)) {
                while (rows.next()) {
                    data.events++;
                    long start = rows.getLong(1);
                    long end = rows.getLong(2);
                    if (end < start || start < 0 || end > Micros.MAX_NANOS) {
                        data.skippedEvents++;
                    } else {
                        row.accept(rows, start, end);
                    }
                }
            }
        }
    }

    /** Nsight serialises a thread as (pid << 24) | tid; the pair names the thread as Kineto's pid/tid does. */
    private static String thread(long globalTid) {
        return ((globalTid >> 24) & 0xFFFFFF) + "/" + (globalTid & 0xFFFFFF);
    }

    private static Set<String> tables(Connection connection) throws SQLException {
        Set<String> tables = new HashSet<>();
        try (ResultSet rows = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                tables.add(rows.getString("TABLE_NAME").toUpperCase(Locale.ROOT));
            }
        }
        return tables;
    }

    private static boolean hasColumn(Connection connection, String table, String column) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        try (ResultSet rows = metadata.getColumns(null, null, table, column)) {
            return rows.next();
        }
    }
}
