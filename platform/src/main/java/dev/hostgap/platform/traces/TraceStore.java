package dev.hostgap.platform.traces;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code trace} and {@code trace_chunk} tables. The uploaded file is kept in the database, in 1 MB
 * chunks written and read one at a time, so every instance can serve it and none holds it whole.
 */
@Repository
class TraceStore {

    static final int CHUNK_BYTES = 1 << 20;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    TraceStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** A stored trace, without its summary. */
    record StoredTrace(UUID runId, long projectId, String name, String format, long fileBytes, String fileSha256,
                       boolean gzipped, java.time.OffsetDateTime uploadedAt, java.time.OffsetDateTime rawKeptUntil, Long jobId,
                       String sha) {
    }

    private static final String COLUMNS = "t.run_id, t.project_id, t.name, t.format, t.file_bytes, t.file_sha256, t.gzipped,"
            + " t.uploaded_at, t.raw_kept_until, t.job_id, c.sha";

    private static StoredTrace trace(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new StoredTrace(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getBoolean(7), rs.getObject(8, java.time.OffsetDateTime.class),
                rs.getObject(9, java.time.OffsetDateTime.class), (Long) rs.getObject(10), rs.getString(11).trim());
    }

    Optional<StoredTrace> find(UUID runId) {
        return jdbc.sql("select " + COLUMNS
                        + " from trace t join run r on r.id = t.run_id join git_commit c on c.id = r.commit_id where t.run_id = ?")
                .param(runId)
                .query(TraceStore::trace)
                .optional();
    }

    Optional<String> summaryJson(UUID runId) {
        return jdbc.sql("select summary::text from trace where run_id = ?").param(runId).query(String.class).optional();
    }

    /** Inserts the trace and its file; inside the run's transaction, so a failure stores neither. */
    void insert(UUID runId, long projectId, Long jobId, String name, String format, Path file, long fileBytes, String sha256,
                boolean gzipped, String summaryJson, Duration keepRawFor) {
        jdbc.sql("""
                        insert into trace (run_id, project_id, job_id, name, format, file_bytes, file_sha256, gzipped, summary, raw_kept_until)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, now() + ?::interval)""")
                .params(runId, projectId, jobId, name, format, fileBytes, sha256, gzipped, summaryJson, keepRawFor.toSeconds() + " seconds")
                .update();
        byte[] buffer = new byte[CHUNK_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            int seq = 0;
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                byte[] chunk = n == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n);
                template.update("insert into trace_chunk (run_id, seq, data) values (?, ?, ?)", runId, seq++, chunk);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the stored file to {@code out}, chunk by chunk; false when it is no longer kept. */
    boolean copyFile(UUID runId, OutputStream out) throws IOException {
        int chunks = jdbc.sql("select count(*) from trace_chunk where run_id = ?").param(runId).query(Integer.class).single();
        if (chunks == 0) {
            return false;
        }
        for (int seq = 0; seq < chunks; seq++) {
            byte[] data = jdbc.sql("select data from trace_chunk where run_id = ? and seq = ?").params(runId, seq)
                    .query(byte[].class).single();
            out.write(data);
        }
        return true;
    }

    /** The traces of a commit's runs (of one name when given), newest first, at most {@code limit}. */
    List<StoredTrace> ofCommit(long projectId, String sha, String name, int limit) {
        return jdbc.sql("select " + COLUMNS + " from trace t join run r on r.id = t.run_id join git_commit c on c.id = r.commit_id"
                        + " where t.project_id = ? and c.project_id = ? and c.sha = ? and (?::text is null or t.name = ?)"
                        + " order by t.uploaded_at desc limit ?")
                .params(projectId, projectId, sha, name, name, limit)
                .query(TraceStore::trace)
                .list();
    }

    /**
     * The summaries of a commit's newest traces of one name, without their timelines (a compare reads the
     * figures and causes only, and a timeline is most of a summary's size).
     */
    List<String> figuresOfCommit(long projectId, String sha, String name, int limit) {
        return jdbc.sql("""
                        select (t.summary - 'timeline')::text
                        from trace t join run r on r.id = t.run_id join git_commit c on c.id = r.commit_id
                        where t.project_id = ? and c.project_id = ? and c.sha = ? and t.name = ?
                        order by t.uploaded_at desc limit ?""")
                .params(projectId, projectId, sha, name, limit)
                .query(String.class).list();
    }

    /** Deletes the files (never the summaries) of traces kept past their time; how many. */
    int dropExpiredFiles(int batch) {
        List<UUID> expired = jdbc.sql("""
                        select run_id from trace where raw_kept_until < now() order by raw_kept_until limit ? for update skip locked""")
                .param(batch).query(UUID.class).list();
        for (UUID id : expired) {
            jdbc.sql("delete from trace_chunk where run_id = ?").param(id).update();
            jdbc.sql("update trace set raw_kept_until = null where run_id = ?").param(id).update();
        }
        return expired.size();
    }
}
