package dev.hostgap.platform.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first call of a page after a platform restart: each fork starts the platform (and its embedded
 * PostgreSQL) on a database {@link ViewsBenchmark} built and kept, and times one call, the first one
 * that JVM and that database server answer. The JIT has compiled nothing and PostgreSQL's shared
 * buffers are empty; the operating system's file cache is as the previous fork left it, as it is
 * after a restart of the service on the same machine. Set-up reads nothing the call reads.
 *
 * <p>Needs {@code HOSTGAP_BENCH_DB} pointing at ViewsBenchmark's kept databases ({@code commits-<n>}).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1, batchSize = 1)
@Fork(3)
@State(Scope.Benchmark)
public class FirstCallBenchmark {

    @Param({"5000"})
    int commits;

    BenchPlatform platform;
    String p;

    @Setup(Level.Trial)
    public void start() throws Exception {
        String root = System.getenv("HOSTGAP_BENCH_DB");
        if (root == null) {
            throw new IllegalStateException("set HOSTGAP_BENCH_DB to the folder of ViewsBenchmark's kept databases");
        }
        platform = BenchPlatform.reusing(Path.of(root, "commits-" + commits));
        p = "/api/v1/projects/" + ViewsBenchmark.PROJECT;
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        platform.close();
    }

    /** The floor: the first HTTP round trip, which reads no table. */
    @Benchmark
    public int health() throws Exception {
        return ok("/actuator/health");
    }

    /** The dashboard's first call. */
    @Benchmark
    public int dashboardRuns() throws Exception {
        return ok(p + "/runs?limit=200");
    }

    @Benchmark
    public int seriesIndex() throws Exception {
        return ok(p + "/series-index?limit=200&points=30");
    }

    /** What a CI status links to. */
    @Benchmark
    public int commitVerdict() throws Exception {
        return ok(p + "/commits/" + SyntheticHistory.sha(commits) + "/verdict");
    }

    /** The estimates kept in the table survive the restart; nothing is in memory. */
    @Benchmark
    public int compareHeadToParent() throws Exception {
        return ok(p + "/compare?base=" + SyntheticHistory.sha(commits - 1) + "&head=" + SyntheticHistory.sha(commits));
    }

    private int ok(String path) throws Exception {
        return platform.ok(path);
    }
}
