package dev.hostgap.platform.regressions;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.hostgap.platform.bench.BenchPlatform;
import dev.hostgap.platform.bench.SyntheticHistory;
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
 * Time to judge one run of 200 series whose every series has 1,000 measured commits of history
 * (5 forks each: 200,000 results, 1 million samples), by how far back detection reads.
 * Judging again is idempotent (its rows exist), so every invocation does the same work. It lives
 * beside {@link DetectionService} to call it directly.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 4, time = 5)
@Fork(1)
@State(Scope.Benchmark)
public class DetectionBenchmark {

    @Param({"200", "1000"})
    int historyCommits;

    BenchPlatform platform;
    DetectionService detection;
    UUID headRun;

    @Setup(Level.Trial)
    public void start() throws Exception {
        platform = new BenchPlatform("--hostgap.detection.history-commits=" + historyCommits);
        detection = platform.app.getBean(DetectionService.class);
        platform.createProject("d");
        long project = platform.projectId("d");
        SyntheticHistory.generate(platform.jdbc, project, 200, 1000);
        SyntheticHistory.results(platform.jdbc, project, 5, 0.05, "true");
        headRun = platform.jdbc.sql("select r.id from run r join git_commit c on c.id = r.commit_id where c.sha = ?")
                .param(SyntheticHistory.sha(1000)).query(UUID.class).single();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        platform.close();
    }

    @Benchmark
    public UUID judgeRunOf200Series() {
        detection.judge(headRun);
        return headRun;
    }
}
