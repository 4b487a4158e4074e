package dev.hostgap.platform.runs;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.projects.ProjectRef;
import dev.hostgap.platform.runs.RunUpload.ResultUpload;
import dev.hostgap.platform.stats.SampleSummary;
import dev.hostgap.platform.support.Caller;
import dev.hostgap.platform.support.Hashes;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores one run in a single transaction: a rejected run leaves no rows. The same runId twice
 * stores one run; the same runId with different content is a conflict, not a silent overwrite.
 */
@Service
class RunIngestService {

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final ProjectDirectory projects;
    private final CommitGraph graph;
    private final SeriesCatalog catalog;
    private final UploadVerdicts verdicts;
    private final ApplicationEventPublisher events;
    private final JsonMapper canonicalJson;

    RunIngestService(JdbcClient jdbc, JdbcTemplate jdbcTemplate, ProjectDirectory projects, CommitGraph graph,
                     SeriesCatalog catalog, UploadVerdicts verdicts, ApplicationEventPublisher events, JsonMapper json) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.projects = projects;
        this.graph = graph;
        this.catalog = catalog;
        this.verdicts = verdicts;
        this.events = events;
        this.canonicalJson = json.rebuild().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    }

    /** What was stored (or found stored), for the answer that is computed after the commit. */
    record Stored(UUID runId, boolean duplicate, ProjectRef project, long commitId, String branch, List<Long> seriesIds) {
    }

    @Transactional
    public Stored ingest(RunUpload upload, String source, Caller caller) {
        RunValidator.validate(upload);
        ProjectRef project = projects.require(upload.project());
        caller.requireWriteAccess(project.id(), project.name());

        boolean clientRunId = upload.runId() != null;
        UUID runId = clientRunId ? UUID.fromString(upload.runId()) : UUID.randomUUID();
        String contentHash = Hashes.sha256Hex(canonicalJson.writeValueAsString(upload));
        if (clientRunId) {
            // the same runId sent concurrently waits here for the first to commit, then answers as a repeat
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))").param(runId.toString()).query().singleRow();
            Optional<Stored> earlier = earlierUpload(runId, project, contentHash, upload);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }

        var commit = upload.commit();
        OffsetDateTime committedAt = commit.timestamp() == null ? null : OffsetDateTime.parse(commit.timestamp());
        long commitId = graph.record(project.id(), commit.sha(),
                commit.parents() == null ? List.of() : commit.parents(), committedAt, commit.message());
        var environment = catalog.environment(upload.environment());

        List<Long> seriesIds = new ArrayList<>(upload.results().size());
        for (int i = 0; i < upload.results().size(); i++) {
            seriesIds.add(catalog.series(project.id(), upload.results().get(i), environment.environmentClass(),
                    "results[" + i + "]"));
        }
        RunUpload.PullRequestInfo pullRequest = upload.pullRequest();
        // a pull request's run is stored on a branch of its own, which no push can name, so that it never moves one
        String branch = pullRequest == null ? commit.branch() : "pull-request:" + pullRequest.number();
        // the counts the run list shows: its results are all stored below, in this transaction, and never change
        int inserted = jdbc.sql("""
                        insert into run (id, project_id, commit_id, branch, environment_id, schema_version, source, content_hash,
                                         pull_request, base_sha, result_count, failed_count)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing
                        """)
                .params(runId, project.id(), commitId, branch, environment.id(), upload.schemaVersion(), source, contentHash,
                        pullRequest == null ? null : pullRequest.number(), pullRequest == null ? null : pullRequest.baseSha(),
                        upload.results().size(), (int) upload.results().stream().filter(RunIngestService::storesError).count())
                .update();
        if (inserted == 0) {
            // a concurrent request with the same runId committed first; roll ours back and report a conflict
            throw new ApiProblem(ProblemType.RUN_ID_CONFLICT, "Run " + runId + " was uploaded concurrently; retry to get its result.");
        }
        insertResults(runId, commitId, upload.results(), seriesIds);
        if (branch != null) {
            // last, because it serializes the uploads of one branch until this transaction commits
            graph.advanceBranch(project.id(), branch, commit.sha());
        }
        events.publishEvent(new RunIngested(runId, project.id(), commit.sha(), branch));
        return new Stored(runId, false, project, commitId, branch, seriesIds);
    }

    private Optional<Stored> earlierUpload(UUID runId, ProjectRef project, String contentHash, RunUpload upload) {
        record Earlier(long projectId, long commitId, String branch, String contentHash) {
        }
        Optional<Earlier> stored = jdbc.sql("select project_id, commit_id, branch, content_hash from run where id = ?")
                .param(runId)
                .query((rs, i) -> new Earlier(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)))
                .optional();
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (stored.get().projectId() != project.id() || !stored.get().contentHash().equals(contentHash)) {
            throw new ApiProblem(ProblemType.RUN_ID_CONFLICT, "Run " + runId + " is already stored with different content. "
                    + "A runId names one run: send a new runId for a new measurement.");
        }
        List<Long> seriesIds = jdbc.sql("select series_id from result where run_id = ?").param(runId).query(Long.class).list();
        return Optional.of(new Stored(runId, true, project, stored.get().commitId(), stored.get().branch(), seriesIds));
    }

    /** The upload's answer: its series judged against the nearest measured ancestor, read outside any write transaction. */
    IngestResult answer(Stored stored) {
        Optional<CommitGraph.Baseline> baseline = graph.nearestMeasuredAncestor(stored.project().id(), stored.commitId(),
                stored.branch() == null ? stored.project().defaultBranch() : stored.branch());
        return new IngestResult(stored.runId(), stored.duplicate(), stored.seriesIds().size(),
                baseline.map(CommitGraph.Baseline::sha).orElse(null),
                baseline.map(b -> verdicts.judge(stored.project().id(), b.commitId(), stored.commitId(),
                        new HashSet<>(stored.seriesIds()))).orElse(List.of()));
    }

    private void insertResults(UUID runId, long commitId, List<ResultUpload> results, List<Long> seriesIds) {
        jdbcTemplate.batchUpdate("""
                insert into result (run_id, series_id, commit_id, samples, n, median, mean, p10, p90, min, max, error, kernel_hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                ResultUpload r = results.get(i);
                boolean failed = failed(r);
                Double[] samples = failed ? new Double[0] : r.samples().toArray(Double[]::new);
                Array array = ps.getConnection().createArrayOf("float8", samples);
                ps.setObject(1, runId);
                ps.setLong(2, seriesIds.get(i));
                ps.setLong(3, commitId);
                ps.setArray(4, array);
                ps.setInt(5, samples.length);
                SampleSummary s = failed ? null : SampleSummary.of(r.samples().stream().mapToDouble(Double::doubleValue).toArray());
                setNullable(ps, 6, s == null ? null : s.median());
                setNullable(ps, 7, s == null ? null : s.mean());
                setNullable(ps, 8, s == null ? null : s.p10());
                setNullable(ps, 9, s == null ? null : s.p90());
                setNullable(ps, 10, s == null ? null : s.min());
                setNullable(ps, 11, s == null ? null : s.max());
                ps.setString(12, failed ? r.error() : null);
                ps.setString(13, r.kernelHash());
            }

            @Override
            public int getBatchSize() {
                return results.size();
            }
        });
    }

    private static boolean failed(ResultUpload r) {
        return r.samples() == null || r.samples().isEmpty();
    }

    /** Whether the result's row gets an error: what the run's {@code failed_count} counts. */
    private static boolean storesError(ResultUpload r) {
        return failed(r) && r.error() != null;
    }

    private static void setNullable(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }
}
