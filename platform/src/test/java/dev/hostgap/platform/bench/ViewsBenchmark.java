package dev.hostgap.platform.bench;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

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
 * Every API call the web UI's views make, over real HTTP, at 10^7 samples: 5,000 commits on one
 * first-parent chain, each with a run of all 200 series x 10 forks (1,000,000 results), a judgement
 * of every result, a change in every series every 500 commits (2,000 regressions and improvements)
 * and a completed CI job per commit. SampleTime mode gives p50, p95 and p99 per call.
 *
 * <p>Building the history takes minutes, so with {@code HOSTGAP_BENCH_DB=<directory>} the database
 * is kept there and reused by the next trial (Flyway migrates it to the build's schema on start);
 * without it every trial builds a fresh one in a temporary directory.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class ViewsBenchmark {

    static final int SERIES = 200;
    static final int COMMITS = 5000;
    static final int FORKS = 10;
    static final int CHANGE_EVERY = 500;
    static final String PROJECT = "views";

    BenchPlatform platform;
    String p;
    String series;
    String runId;
    long regressionId;
    long seriesId;

    @Setup(Level.Trial)
    public void start() throws Exception {
        String kept = System.getenv("HOSTGAP_BENCH_DB");
        platform = kept == null ? new BenchPlatform() : BenchPlatform.reusing(Path.of(kept));
        try {
            prepare(kept);
        } catch (Exception | Error e) {
            platform.close(); // JMH skips the tear-down of a failed set-up: the kept database must not stay locked
            throw e;
        }
    }

    private void prepare(String kept) throws Exception {
        boolean built = platform.jdbc.sql("select count(*) from project where name = ?").param(PROJECT)
                .query(Long.class).single() > 0;
        if (!built) {
            build();
        }
        long samples = platform.jdbc.sql("select coalesce(sum(n), 0) from result").query(Long.class).single();
        if (samples != (long) COMMITS * SERIES * FORKS) {
            throw new IllegalStateException("the kept database holds " + samples + " samples, not 10^7: delete " + kept);
        }
        p = "/api/v1/projects/" + PROJECT;
        series = p + "/series?benchmark=launch.empty&metric=host_us&params=args=7";
        runId = platform.jdbc.sql("select r.id from run r join git_commit c on c.id = r.commit_id where c.sha = ?")
                .param(SyntheticHistory.sha(COMMITS)).query(UUID.class).single().toString();
        regressionId = platform.jdbc.sql("select max(id) from regression").query(Long.class).single();
        seriesId = platform.jdbc.sql("select min(id) from series").query(Long.class).single();
        Path plans = Path.of("target/explain-views.txt");
        if (!Files.exists(plans)) {
            Files.writeString(plans, SeriesPlans.explain(platform.app.getBean(DataSource.class), COMMITS));
        }
    }

    private void build() throws Exception {
        platform.createProject(PROJECT);
        long project = platform.projectId(PROJECT);
        SyntheticHistory.generate(platform.jdbc, project, SERIES, COMMITS);
        SyntheticHistory.results(platform.jdbc, project, FORKS, 0.1, "true");
        SyntheticHistory.detections(platform.jdbc, project, CHANGE_EVERY);
        SyntheticHistory.jobs(platform.jdbc, project);
        SyntheticHistory.vacuum(platform.jdbc);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        platform.close();
    }

    /** The floor under every call: one HTTP round trip that reads no table. */
    @Benchmark
    public int baselineHealth() throws Exception {
        return ok("/actuator/health");
    }

    @Benchmark
    public int projects() throws Exception {
        return ok("/api/v1/projects");
    }

    /** Project page: the commit pickers. */
    @Benchmark
    public int commits200() throws Exception {
        return ok(p + "/commits?limit=200");
    }

    /** Series page: commit messages and times for the tooltips. */
    @Benchmark
    public int commits1000() throws Exception {
        return ok(p + "/commits?limit=1000");
    }

    /** Project page: the newest commit against its parent, 200 series. */
    @Benchmark
    public int compareHeadToParent() throws Exception {
        return ok(p + "/compare?base=" + SyntheticHistory.sha(COMMITS - 1) + "&head=" + SyntheticHistory.sha(COMMITS));
    }

    @Benchmark
    public int commitVerdict() throws Exception {
        return ok(p + "/commits/" + SyntheticHistory.sha(COMMITS) + "/verdict");
    }

    /** Series page as the UI asks for it: the default window. */
    @Benchmark
    public int seriesDefaultWindow() throws Exception {
        return ok(series);
    }

    /** A window of older history, as a chart scrolled back asks for it. */
    @Benchmark
    public int seriesOlderWindow() throws Exception {
        return ok(series + "&limit=500&before=" + SyntheticHistory.sha(COMMITS / 2));
    }

    /** Every one of the 5,000 commits in one answer. */
    @Benchmark
    public int seriesFullHistory() throws Exception {
        return ok(series + "&limit=10000");
    }

    /** Project page: open regressions. */
    @Benchmark
    public int regressionsOpen() throws Exception {
        return ok(p + "/regressions?status=open");
    }

    /** Series page: regressions and improvements of every status, for the chart's markers. */
    @Benchmark
    public int regressionsAllKinds() throws Exception {
        return ok(p + "/regressions?kind=all");
    }

    /** One page of 50 of every kind and status. */
    @Benchmark
    public int regressionsPage() throws Exception {
        return ok(p + "/regressions?kind=all&limit=50");
    }

    /** Run detail: 200 results with their forks. */
    @Benchmark
    public int runDetail() throws Exception {
        return ok("/api/v1/runs/" + runId);
    }

    @Benchmark
    public int jobs() throws Exception {
        return ok(p + "/jobs");
    }

    /** Dashboard: the default branch's newest 20 runs with their failed workloads. */
    @Benchmark
    public int recentRuns() throws Exception {
        return ok(p + "/runs?branch=main&limit=20");
    }

    /** Triage: one regression with its status history. */
    @Benchmark
    public int regressionDetail() throws Exception {
        return ok("/api/v1/regressions/" + regressionId);
    }

    /** Series page: the benchmark's other params and versions, for overlays. */
    @Benchmark
    public int seriesChoices() throws Exception {
        return ok(p + "/series-choices?benchmark=launch.empty");
    }

    /** Dashboard: the changes inbox, every kind and state by size over threshold, with 24 levels for each sparkline. */
    @Benchmark
    public int changesInbox() throws Exception {
        return ok(p + "/regressions?kind=all&sort=size&levels=24&limit=50");
    }

    /** Dashboard: the newest change still awaiting a decision, shown above the fold. */
    @Benchmark
    public int newestOpenChange() throws Exception {
        return ok(p + "/regressions?kind=all&status=suspected,confirming,open&limit=1");
    }

    /** Series index: the first 200 of 200 series with their 30 newest levels. */
    @Benchmark
    public int seriesIndex() throws Exception {
        return ok(p + "/series-index?limit=200&points=30");
    }

    /** Series index searched as typed. */
    @Benchmark
    public int seriesIndexSearch() throws Exception {
        return ok(p + "/series-index?limit=200&points=30&q=launch");
    }

    /** Compare: one row unfolded to both sides' fork samples. */
    @Benchmark
    public int compareSamples() throws Exception {
        return ok(p + "/compare/samples?base=" + SyntheticHistory.sha(COMMITS - 1) + "&head=" + SyntheticHistory.sha(COMMITS)
                + "&series=" + seriesId);
    }

    /** Commit page: the commit's profiler traces. */
    @Benchmark
    public int commitTraces() throws Exception {
        return ok(p + "/commits/" + SyntheticHistory.sha(COMMITS) + "/traces");
    }

    /** Calibrations page. */
    @Benchmark
    public int calibrations() throws Exception {
        return ok(p + "/calibrations");
    }

    /** Threshold rules page. */
    @Benchmark
    public int thresholds() throws Exception {
        return ok(p + "/thresholds");
    }

    private int ok(String path) throws Exception {
        HttpResponse<String> response = platform.get(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().length();
    }
}
