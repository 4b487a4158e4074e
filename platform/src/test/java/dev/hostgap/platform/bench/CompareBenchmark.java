package dev.hostgap.platform.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The worst compare the issue names: 950 series with 1,000 forks on each side, every series with 58
 * earlier runs of 10 forks for its noise history (the newest 200 runs of a series are read). Over
 * real HTTP against the embedded PostgreSQL; the fork-level Hodges-Lehmann interval this replaced
 * took 102 s here. SampleTime mode gives the median and p95 per call.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
@State(Scope.Benchmark)
public class CompareBenchmark {

    static final int SERIES = 950;
    static final int COMMITS = 60;

    BenchPlatform platform;
    String comparePath;

    @Setup(Level.Trial)
    public void start() throws Exception {
        platform = new BenchPlatform();
        platform.createProject("c");
        long project = platform.projectId("c");
        SyntheticHistory.generate(platform.jdbc, project, SERIES, COMMITS);
        SyntheticHistory.results(platform.jdbc, project, 10, 0.1, "k.commit_no <= " + (COMMITS - 2));
        SyntheticHistory.results(platform.jdbc, project, 1000, 0.1, "k.commit_no > " + (COMMITS - 2));
        comparePath = "/api/v1/projects/c/compare?base=" + SyntheticHistory.sha(COMMITS - 1) + "&head=" + SyntheticHistory.sha(COMMITS);
        var response = platform.get(comparePath);
        if (response.statusCode() != 200 || !response.body().contains("\"baseSamples\":1000")) {
            throw new IllegalStateException("compare did not see 1,000 forks a side: " + response.body().substring(0, 300));
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        platform.close();
    }

    @Benchmark
    public int compare950SeriesOf1000Forks() throws Exception {
        var response = platform.get(comparePath);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.body());
        }
        return response.body().length();
    }
}
