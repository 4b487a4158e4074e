package dev.hostgap.platform.runs;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.runs.RunUpload.CommitInfo;
import dev.hostgap.platform.runs.RunUpload.EnvironmentInfo;
import dev.hostgap.platform.support.Caller;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores the result file a runner sends back for a job: a hostgap run file or JMH's {@code -rf json}
 * output, with the commit taken from the job whatever the file says. It goes through the same gate,
 * validation and ingest as an upload, in one transaction with the caller's own bookkeeping (marking
 * the job completed), so a job is completed exactly when its run is stored.
 */
@Service
public class JobResults {

    /**
     * Where a job's result belongs; {@code environment} is what the agent reports of its node, and
     * {@code parents} the parents of the commit it checked out (a fork's pull-request head enters the
     * commit graph this way). {@code pullRequest} and {@code baseSha} are set for a pull request's job.
     */
    public record JobResult(String project, long projectId, String sha, String branch, UUID runId, JsonNode result,
                            JsonNode environment, String runnerName, List<String> parents, Integer pullRequest, String baseSha,
                            boolean paired) {
    }

    /** The stored run: its id, and whether this runId was already stored (a repeated completion). */
    public record StoredRun(UUID runId, boolean duplicate) {
    }

    private final RunIngestService ingest;
    private final UploadGate gate;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    JobResults(RunIngestService ingest, UploadGate gate, TransactionTemplate transactions, JsonMapper json,
               org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.ingest = ingest;
        this.gate = gate;
        this.transactions = transactions;
        this.json = json;
    }

    /** Stores the run and runs {@code inSameTransaction} with it; an exception there stores nothing. */
    public StoredRun store(JobResult job, Consumer<StoredRun> inSameTransaction) {
        return store(job, source(job), inSameTransaction);
    }

    /**
     * The same, for a run made from something else than a result file ({@code source} says what, e.g.
     * {@code trace}): {@code job.result()} is then the hostgap run file made from it.
     */
    public StoredRun store(JobResult job, String source, Consumer<StoredRun> inSameTransaction) {
        RunUpload upload = upload(job);
        Caller caller = new Caller(job.runnerName(), false, job.projectId());
        return gate.through(() -> transactions.execute(status -> {
            RunIngestService.Stored stored = ingest.ingest(upload, source, caller);
            if (job.paired() && !stored.duplicate()) {
                // before the transaction commits: detection never sees it as an ordinary run
                jdbc.sql("update run set paired = true where id = ?").param(stored.runId()).update();
            }
            StoredRun run = new StoredRun(stored.runId(), stored.duplicate());
            inSameTransaction.accept(run);
            return run;
        }));
    }

    private static String source(JobResult job) {
        return job.result() != null && job.result().isArray() ? "jmh" : "hostgap";
    }

    private RunUpload upload(JobResult job) {
        EnvironmentInfo environment = environment(job.environment());
        if (job.result() != null && job.result().isArray()) {
            RunUpload converted = JmhConverter.convert(job.result(), new JmhConverter.Context(job.project(), job.sha(),
                    job.branch(), job.parents(), job.runId().toString(), 1, environment.gpu(), environment.driver(),
                    environment.cuda(), environment.runtime(), environment.host()));
            return new RunUpload(converted.schemaVersion(), converted.runId(), converted.project(), converted.commit(),
                    new EnvironmentInfo(environment.gpu(), environment.driver(), environment.cuda(),
                            converted.environment().runtime(), converted.environment().jvm(), environment.host(),
                            environment.attributes()),
                    converted.results(), pullRequest(job));
        }
        if (job.result() == null || !job.result().isObject()) {
            throw new ApiProblem(ProblemType.INVALID_RUN, "result must be a hostgap run file (a JSON object) "
                    + "or JMH's -rf json output (a JSON array).");
        }
        RunUpload file;
        try {
            file = json.treeToValue(job.result(), RunUpload.class);
        } catch (RuntimeException e) {
            throw new ApiProblem(ProblemType.INVALID_RUN, "result is not a hostgap run file: " + e.getMessage());
        }
        CommitInfo commit = file.commit();
        // the job says which commit was measured; the file's own commit fields only add the message and time
        CommitInfo fromJob = new CommitInfo(job.sha(), job.branch(), job.parents(),
                commit == null || !job.sha().equals(commit.sha()) ? null : commit.timestamp(),
                commit == null || !job.sha().equals(commit.sha()) ? null : commit.message());
        return new RunUpload(file.schemaVersion() == null ? "1.0" : file.schemaVersion(), job.runId().toString(),
                job.project(), fromJob, file.environment() != null ? file.environment() : environment, file.results(),
                pullRequest(job));
    }

    /** A pull request's job makes a pull-request run, whatever the file says: the job knows what it measured. */
    private static RunUpload.PullRequestInfo pullRequest(JobResult job) {
        return job.pullRequest() == null ? null : new RunUpload.PullRequestInfo(job.pullRequest(), job.baseSha());
    }

    private EnvironmentInfo environment(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new EnvironmentInfo("unknown", null, null, null, null, null, Map.of());
        }
        try {
            return json.treeToValue(node, EnvironmentInfo.class);
        } catch (RuntimeException e) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "environment is not valid: " + e.getMessage());
        }
    }
}
