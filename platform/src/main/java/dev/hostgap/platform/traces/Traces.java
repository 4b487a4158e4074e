package dev.hostgap.platform.traces;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.runs.JobResults;
import dev.hostgap.platform.support.BodyLimitProperties;
import dev.hostgap.platform.support.Permits;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes a profiler trace in as one run of a commit: the body is written to a spool file as it arrives
 * (never held in memory), read once by {@link TraceReader}, and only then, in one transaction, its
 * figures are stored as the run's results and the file and summary beside them. A trace that cannot be
 * read stores nothing. The public face of this feature for the jobs feature, whose runners upload the
 * traces a job leaves behind.
 */
@Service
public class Traces {

    /**
     * Where a trace belongs: the commit it measured (and, for a pull request's job, the pull request), who
     * sent it, and the run id that makes a repeated upload answer the same instead of storing twice.
     */
    public record Upload(String project, long projectId, String sha, String branch, List<String> parents, Integer pullRequest,
                         String baseSha, boolean paired, Long jobId, String uploader, UUID runId, String name,
                         JsonNode environment) {
    }

    private final TraceStore store;
    private final JobResults results;
    private final TraceProperties properties;
    private final JsonMapper json;
    private final Permits permits;

    Traces(TraceStore store, JobResults results, TraceProperties properties, BodyLimitProperties limits, JsonMapper json) {
        this.store = store;
        this.results = results;
        this.properties = properties;
        this.json = json;
        this.permits = new Permits(properties.maxConcurrent(), limits.uploadWait());
    }

    /** Stores the trace read from {@code body}; {@code inSameTransaction} runs with the run's insert (a job's bookkeeping). */
    public TraceAnswer ingest(Upload upload, InputStream body, Consumer<UUID> inSameTransaction) {
        TraceNames.requireValid(upload.name());
        Path spool = spoolFile();
        try {
            // written before a permit is taken: a slow sender must not hold up the traces that are being read
            Spooled spooled = spool(body, spool);
            return permits.run("Too many traces are being read at once; this one was not stored. Retry in a few seconds.",
                    () -> store(upload, spool, spooled, inSameTransaction));
        } finally {
            try {
                TraceReader.deleteWithCompanions(spool);
            } catch (IOException ignored) {
                // the spool directory is a temp directory; a file left behind is removed with it
            }
        }
    }

    private TraceAnswer store(Upload upload, Path spool, Spooled spooled, Consumer<UUID> inSameTransaction) {
        var earlier = store.find(upload.runId());
        if (earlier.isPresent()) {
            return repeated(upload, earlier.get(), spooled);
        }
        TraceSummary summary = read(spool);
        JsonNode runFile = TraceSeries.runFile(json, upload.name(), summary);
        requireInRange(runFile);
        if (runFile.get("results").isEmpty()) {
            throw new ApiProblem(ProblemType.INVALID_TRACE, "The trace has GPU activity but none inside a profiler step "
                    + "it marks (ProfilerStep#N); nothing was stored.");
        }
        String summaryJson = json.writeValueAsString(summary);
        var stored = results.store(new JobResults.JobResult(upload.project(), upload.projectId(), upload.sha(), upload.branch(),
                upload.runId(), runFile, upload.environment(), upload.uploader(), upload.parents(), upload.pullRequest(),
                upload.baseSha(), upload.paired()), "trace", run -> {
            if (!run.duplicate()) {
                store.insert(run.runId(), upload.projectId(), upload.jobId(), upload.name(), summary.format(), spool,
                        spooled.bytes(), spooled.sha256(), spooled.gzipped(), summaryJson, properties.keepRawFor());
            }
            inSameTransaction.accept(run.runId());
        });
        return TraceAnswer.of(stored.runId(), stored.duplicate(), upload.name(), spooled.bytes(), summary);
    }

    /** Largest figure a run holds (its validation's bound): a trace whose times reach past it is not one to judge. */
    private static final double MAX_FIGURE = 1e15;

    private static void requireInRange(JsonNode runFile) {
        for (JsonNode result : runFile.get("results")) {
            for (JsonNode sample : result.get("samples")) {
                if (!(sample.asDouble() >= 0 && sample.asDouble() <= MAX_FIGURE)) {
                    throw new ApiProblem(ProblemType.INVALID_TRACE, "The trace's " + result.get("metric").asString() + " of "
                            + result.at("/params/device").asString() + " is " + sample.asDouble() + ", outside 0 to 1e15: "
                            + "its timestamps span more than 31 years or its byte counts are absurd. Nothing was stored.");
                }
            }
        }
    }

    /** Whether {@code runId} is a trace uploaded for {@code jobId}: such a run may complete a job that left no result file. */
    public boolean isTraceOfJob(UUID runId, long jobId) {
        return store.find(runId).map(t -> t.jobId() != null && t.jobId() == jobId).orElse(false);
    }

    private TraceAnswer repeated(Upload upload, TraceStore.StoredTrace earlier, Spooled spooled) {
        if (earlier.projectId() != upload.projectId() || !earlier.fileSha256().equals(spooled.sha256())
                || !earlier.name().equals(upload.name()) || !earlier.sha().equals(upload.sha())) {
            throw new ApiProblem(ProblemType.RUN_ID_CONFLICT, "Run " + upload.runId() + " is already stored with another trace. "
                    + "A runId names one run: send a new runId for a new trace.");
        }
        TraceSummary summary = json.readValue(store.summaryJson(upload.runId()).orElseThrow(), TraceSummary.class);
        return TraceAnswer.of(upload.runId(), true, earlier.name(), earlier.fileBytes(), summary);
    }

    private TraceSummary read(Path spool) {
        try {
            return TraceReader.read(spool, new TraceLimits(properties.maxExpandedSize().toBytes(), properties.maxDevices(),
                    4096, 1_000_000, spool.getParent()));
        } catch (TraceRejected e) {
            throw new ApiProblem(ProblemType.INVALID_TRACE, e.getMessage() + " Nothing was stored.");
        }
    }

    private record Spooled(long bytes, String sha256, boolean gzipped) {
    }

    /** Writes the body to {@code file} as it arrives; its size is capped by the request body limit filter. */
    private static Spooled spool(InputStream body, Path file) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long bytes;
            try (var out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
                bytes = body.transferTo(out);
            }
            if (bytes == 0) {
                throw new ApiProblem(ProblemType.INVALID_TRACE, "The request body is empty: send the trace file as the body "
                        + "(curl -X POST -T trace.json.gz).");
            }
            byte[] head = new byte[2];
            try (InputStream in = Files.newInputStream(file)) {
                in.readNBytes(head, 0, 2);
            }
            boolean gzipped = (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
            return new Spooled(bytes, HexFormat.of().formatHex(digest.digest()), gzipped);
        } catch (IOException e) {
            throw new UncheckedIOException("could not spool the trace", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path spoolFile() {
        try {
            Path dir = properties.spoolDirectory().isBlank() ? Path.of(System.getProperty("java.io.tmpdir"))
                    : Path.of(properties.spoolDirectory());
            Files.createDirectories(dir);
            return Files.createTempFile(dir, "hostgap-trace-", ".upload");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a spool file for the trace", e);
        }
    }
}
