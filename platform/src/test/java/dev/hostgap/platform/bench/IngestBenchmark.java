package dev.hostgap.platform.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Results per second stored through {@code POST /api/v1/runs} (runs of 50 results x 10 forks,
 * over HTTP, validated, summarized, one transaction) against the same rows written by a plain JDBC
 * batch into the same tables (commit, run, 50 results with their summaries precomputed). One
 * operation is one result, so the two scores compare directly. {@link #httpRoundTrip} (one
 * operation = one request) is the floor that HTTP alone puts under every upload.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(2)
@State(Scope.Benchmark)
public class IngestBenchmark {

    static final int RESULTS_PER_RUN = 50;
    static final int FORKS_PER_RESULT = 10;

    BenchPlatform platform;
    DataSource dataSource;
    long projectId;
    long environmentId;
    long[] seriesIds;
    int commit;
    final SplittableRandom random = new SplittableRandom(42);
    /** Bodies are built before the trial: JSON formatting on the client is not the server's cost. */
    final String[] bodies = new String[64];
    static final String SHA_PLACEHOLDER = "@".repeat(40);

    @Setup(Level.Trial)
    public void start() throws Exception {
        platform = new BenchPlatform();
        platform.createProject("ingest");
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = runBody(SHA_PLACEHOLDER);
        }
        // one API upload creates the environment, benchmarks and series that the JDBC path reuses
        if (platform.post("/api/v1/runs", runBody(nextSha())).statusCode() != 201) {
            throw new IllegalStateException("first upload failed");
        }
        dataSource = platform.app.getBean(DataSource.class);
        projectId = platform.projectId("ingest");
        environmentId = platform.jdbc.sql("select id from environment").query(Long.class).single();
        seriesIds = platform.jdbc.sql("select id from series order by id").query(Long.class).list()
                .stream().mapToLong(Long::longValue).toArray();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        platform.close();
    }

    @Benchmark
    @OperationsPerInvocation(RESULTS_PER_RUN)
    public int apiUpload() throws Exception {
        var response = platform.post("/api/v1/runs", bodies[commit % bodies.length].replace(SHA_PLACEHOLDER, nextSha()));
        if (response.statusCode() != 201) {
            throw new IllegalStateException(response.body());
        }
        return response.body().length();
    }

    /** The floor of any API call here: one HTTP round trip that touches no table. */
    @Benchmark
    public int httpRoundTrip() throws Exception {
        return platform.get("/actuator/health").body().length();
    }

    @Benchmark
    @OperationsPerInvocation(RESULTS_PER_RUN)
    public int jdbcBatchInsert() throws Exception {
        String sha = nextSha();
        double[][] samples = new double[RESULTS_PER_RUN][];
        for (int i = 0; i < RESULTS_PER_RUN; i++) {
            samples[i] = forks();
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long commitId;
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into git_commit (project_id, sha) values (?, ?) returning id")) {
                ps.setLong(1, projectId);
                ps.setString(2, sha);
                var rs = ps.executeQuery();
                rs.next();
                commitId = rs.getLong(1);
            }
            UUID runId = UUID.randomUUID();
            try (PreparedStatement ps = c.prepareStatement("insert into run (id, project_id, commit_id, branch, environment_id,"
                    + " schema_version, source, content_hash) values (?, ?, ?, 'main', ?, '1.0', 'hostgap', ?)")) {
                ps.setObject(1, runId);
                ps.setLong(2, projectId);
                ps.setLong(3, commitId);
                ps.setLong(4, environmentId);
                ps.setString(5, "0".repeat(64));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into result (run_id, series_id, commit_id, samples, n,"
                    + " median, mean, p10, p90, min, max) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < RESULTS_PER_RUN; i++) {
                    Double[] boxed = java.util.Arrays.stream(samples[i]).boxed().toArray(Double[]::new);
                    Array array = c.createArrayOf("float8", boxed);
                    ps.setObject(1, runId);
                    ps.setLong(2, seriesIds[i]);
                    ps.setLong(3, commitId);
                    ps.setArray(4, array);
                    ps.setInt(5, boxed.length);
                    for (int k = 6; k <= 11; k++) {
                        ps.setDouble(k, samples[i][0]);
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return samples.length;
    }

    private String nextSha() {
        return String.format(Locale.ROOT, "%040x", ++commit);
    }

    private double[] forks() {
        double[] values = new double[FORKS_PER_RESULT];
        for (int i = 0; i < values.length; i++) {
            values[i] = 3.2 + random.nextDouble() * 0.1;
        }
        return values;
    }

    String runBody(String sha) {
        StringBuilder body = new StringBuilder(8192);
        body.append("{\"schemaVersion\":\"1.0\",\"project\":\"ingest\",\"commit\":{\"sha\":\"").append(sha)
                .append("\",\"branch\":\"main\"},\"environment\":{\"gpu\":\"NVIDIA H100\",\"driver\":\"580.159.04\",")
                .append("\"cuda\":\"13.0\",\"runtime\":\"jcuda-12.6.0\",\"jvm\":\"17\",\"host\":\"n1\"},\"results\":[");
        List<String> results = new ArrayList<>(RESULTS_PER_RUN);
        for (int i = 0; i < RESULTS_PER_RUN; i++) {
            StringBuilder r = new StringBuilder("{\"benchmark\":\"launch.empty\",\"version\":1,\"params\":{\"args\":\"")
                    .append(i).append("\"},\"metric\":\"host_us\",\"unit\":\"us\",\"direction\":\"lower_is_better\",\"samples\":[");
            double[] f = forks();
            for (int k = 0; k < f.length; k++) {
                r.append(k == 0 ? "" : ",").append(f[k]);
            }
            results.add(r.append("]}").toString());
        }
        return body.append(String.join(",", results)).append("]}").toString();
    }
}
