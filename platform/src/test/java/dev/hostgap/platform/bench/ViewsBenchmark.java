package dev.hostgap.platform.bench;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Every API call the web UI's views make, over real HTTP, on a history of {@code commits} commits on
 * one first-parent chain, each with a run of all 200 series x 10 forks, a judgement of every result,
 * a change in every series every 500 commits (staggered) and a completed CI job per commit. At the
 * default 5,000 commits that is 10^7 samples (1,000,000 results, 2,000 changes); 500 commits is 10^6,
 * 50 is 10^5, and 700 is the young project whose walks PostgreSQL once planned as sequential scans.
 * SampleTime mode gives p50, p95 and p99 per call.
 *
 * <p>Building the history takes minutes at 10^7, so with {@code HOSTGAP_BENCH_DB=<directory>} each
 * size's database is kept in a folder of its own there ({@code commits-5000}) and reused by the next
 * trial (Flyway migrates it to the build's schema on start); without it every trial builds a fresh
 * one in a temporary directory.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class ViewsBenchmark {

    static final int SERIES = 200;
    static final int FORKS = 10;
    static final int CHANGE_EVERY = 500;
    static final String PROJECT = "views";

    /** 5000: 10^7 samples; 700 and 500: 10^6; 50: 10^5. */
    @Param({"5000"})
    int commits;

    BenchPlatform platform;
    Map<?, ?> noiseCache;
    String p;
    String series;
    String runId;
    long regressionId;
    long seriesId;

    @Setup(Level.Trial)
    public void start() throws Exception {
        String root = System.getenv("HOSTGAP_BENCH_DB");
        String kept = root == null ? null : Path.of(root, "commits-" + commits).toString();
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
        if (samples != (long) commits * SERIES * FORKS) {
            throw new IllegalStateException("the kept database holds " + samples + " samples, not "
                    + (long) commits * SERIES * FORKS + ": delete " + kept);
        }
        p = "/api/v1/projects/" + PROJECT;
        series = p + "/series?benchmark=launch.empty&metric=host_us&params=args=7";
        runId = platform.jdbc.sql("select r.id from run r join git_commit c on c.id = r.commit_id where c.sha = ?")
                .param(SyntheticHistory.sha(commits)).query(UUID.class).single().toString();
        regressionId = platform.jdbc.sql("select max(id) from regression").query(Long.class).single();
        seriesId = platform.jdbc.sql("select min(id) from series").query(Long.class).single();
        noiseCache = noiseCacheEntries(platform);
        Path plans = Path.of("target/explain-views-" + commits + ".txt");
        if (!Files.exists(plans)) {
            DataSource db = platform.app.getBean(DataSource.class);
            Files.writeString(plans, SeriesPlans.explain(db, commits) + ViewPlans.explain(db, commits));
        }
    }

    private void build() throws Exception {
        platform.createProject(PROJECT);
        long project = platform.projectId(PROJECT);
        SyntheticHistory.generate(platform.jdbc, project, SERIES, commits);
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
        return ok(p + "/compare?base=" + SyntheticHistory.sha(commits - 1) + "&head=" + SyntheticHistory.sha(commits));
    }

    /**
     * The first compare after the noise cache expired or an upload dropped its series: what every CI
     * status and pull request comment is. Emptying the cache (a map's clear) is inside the timed call.
     */
    @Benchmark
    public int compareHeadToParentCold() throws Exception {
        noiseCache.clear();
        return compareHeadToParent();
    }

    /**
     * The first compare where no estimate is kept anywhere: not in memory and not in
     * {@code series_noise} (the first after the upgrade that added it, or one that comes before the
     * refresh after an upload finished). Deleting the 200 stored rows is inside the timed call.
     */
    @Benchmark
    public int compareHeadToParentUnstored() throws Exception {
        noiseCache.clear();
        platform.jdbc.sql("delete from series_noise").update();
        return compareHeadToParent();
    }

    @Benchmark
    public int commitVerdict() throws Exception {
        return ok(p + "/commits/" + SyntheticHistory.sha(commits) + "/verdict");
    }

    /** Series page as the UI asks for it: the default window. */
    @Benchmark
    public int seriesDefaultWindow() throws Exception {
        return ok(series);
    }

    /** A window of older history, as a chart scrolled back asks for it. */
    @Benchmark
    public int seriesOlderWindow() throws Exception {
        return ok(series + "&limit=500&before=" + SyntheticHistory.sha(commits / 2));
    }

    /** Every commit of the history in one answer. */
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

    /** Dashboard: its first call, every branch's newest 200 runs with their result counts. */
    @Benchmark
    public int dashboardRuns() throws Exception {
        return ok(p + "/runs?limit=200");
    }

    /** Series page: the benchmark's changes of every kind and status, for the chart's markers. */
    @Benchmark
    public int seriesPageChanges() throws Exception {
        return ok(p + "/regressions?kind=all&benchmark=launch.empty&limit=1000");
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
        return ok(p + "/compare/samples?base=" + SyntheticHistory.sha(commits - 1) + "&head=" + SyntheticHistory.sha(commits)
                + "&series=" + seriesId);
    }

    /** Commit page: the commit's profiler traces. */
    @Benchmark
    public int commitTraces() throws Exception {
        return ok(p + "/commits/" + SyntheticHistory.sha(commits) + "/traces");
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

    /** The compare feature's noise cache (package-private there): a benchmark empties it for a cold compare. */
    private static Map<?, ?> noiseCacheEntries(BenchPlatform platform) throws ReflectiveOperationException {
        Object cache = platform.app.getBean(Class.forName("dev.hostgap.platform.compare.NoiseCache"));
        Field entries = cache.getClass().getDeclaredField("entries");
        entries.setAccessible(true);
        return (Map<?, ?>) entries.get(cache);
    }

    private int ok(String path) throws Exception {
        return platform.ok(path);
    }
}
