package dev.hostgap.platform.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Latency of compare (200 series at two commits) and of a 1,000-commit series query over real
 * HTTP, with a history of {@code commits} commits on one first-parent chain. Every commit has a
 * run of 10 series x 10 forks (a rotating tenth of the suite, so each series is measured every
 * 20th commit) and every 100th commit a nightly run of all 200 series: 10,000 commits hold
 * 1.2 million samples. The data is written by SQL, not the API, to keep setup short.
 * SampleTime mode gives the median and p95 per call.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class QueryBenchmark {

    static final int SERIES = 200;

    @Param({"1000", "10000"})
    int commits;

    BenchPlatform platform;
    String comparePath;
    String seriesPath;

    @Setup(Level.Trial)
    public void start() throws Exception {
        platform = new BenchPlatform();
        platform.createProject("q");
        long project = platform.projectId("q");
        generate(project);
        String head = SyntheticHistory.sha(commits - commits % 100);
        String base = SyntheticHistory.sha(commits - commits % 100 - 100);
        comparePath = "/api/v1/projects/q/compare?base=" + base + "&head=" + head;
        seriesPath = "/api/v1/projects/q/series?benchmark=launch.empty&metric=host_us&params=args=7&limit=1000";
        explain(project, base, head);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        platform.close();
    }

    @Benchmark
    public int compare200Series() throws Exception {
        return expectOk(platform.get(comparePath));
    }

    @Benchmark
    public int series1000Commits() throws Exception {
        return expectOk(platform.get(seriesPath));
    }

    private static int expectOk(java.net.http.HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.body());
        }
        return response.body().length();
    }


    /** Every commit: a rotating tenth of the suite (each series every 20th commit); every 100th: all of it. */
    private void generate(long project) {
        SyntheticHistory.generate(platform.jdbc, project, SERIES, commits);
        SyntheticHistory.results(platform.jdbc, project, 10, 0.1, "k.commit_no % 100 = 0 or k.args / 10 = k.commit_no % 20");
    }

    /** Plans of the queries behind both endpoints, with the data size, for docs/performance.md. */
    private void explain(long project, String base, String head) throws IOException {
        var jdbc = platform.jdbc;
        long samples = jdbc.sql("select sum(n) from result").query(Long.class).single();
        long results = jdbc.sql("select count(*) from result").query(Long.class).single();
        long baseId = jdbc.sql("select id from git_commit where sha = ?").param(base).query(Long.class).single();
        long headId = jdbc.sql("select id from git_commit where sha = ?").param(head).query(Long.class).single();
        long headOfBranch = jdbc.sql("select id from git_commit where sha = ?").param(SyntheticHistory.sha(commits)).query(Long.class).single();
        StringBuilder out = new StringBuilder();
        long linked = jdbc.sql("""
                select count(*) from commit_parent cp join git_commit p on p.sha = cp.parent_sha
                """).query(Long.class).single();
        if (linked != commits - 1) {
            throw new IllegalStateException("generated history is not one chain: " + linked + " parent links");
        }
        out.append("commits=").append(commits).append(" results=").append(results).append(" samples=").append(samples).append("\n\n");
        out.append("-- compare: results of two commits\n");
        plan(out, """
                select s.id, b.name, b.version, b.params::text, s.metric, s.unit, s.direction, s.environment_class, r.commit_id, r.samples
                from result r join series s on s.id = r.series_id join benchmark b on b.id = s.benchmark_id
                where r.commit_id in (%d, %d) and r.error is null
                """.formatted(baseId, headId));
        out.append("\n-- history: first-parent chain of 1000 commits\n");
        plan(out, """
                with recursive chain (id, depth) as (
                  select cast(%d as bigint), 0
                  union all
                  select parent.id, chain.depth + 1 from chain
                  join commit_parent cp on cp.commit_id = chain.id and cp.position = 0
                  join git_commit parent on parent.project_id = %d and parent.sha = cp.parent_sha
                  where chain.depth + 1 < 1000)
                select c.id, c.sha from chain join git_commit c on c.id = chain.id order by chain.depth
                """.formatted(headOfBranch, project));
        out.append("\n-- series: results of one series at those commits\n");
        long seriesId = jdbc.sql("select s.id from series s join benchmark b on b.id = s.benchmark_id where b.params_key = 'args=7'")
                .query(Long.class).single();
        List<Long> ids = jdbc.sql("select id from git_commit where project_id = ? order by id desc limit 1000")
                .param(project).query(Long.class).list();
        plan(out, "select r.commit_id, r.series_id, r.samples from result r where r.series_id = any('{%d}') and r.commit_id = any('{%s}') and r.error is null"
                .formatted(seriesId, String.join(",", ids.stream().map(String::valueOf).toList())));
        Files.writeString(Path.of("target/explain-" + commits + ".txt"), out);
    }

    private void plan(StringBuilder out, String sql) {
        platform.jdbc.sql("explain (analyze, buffers) " + sql).query(String.class).list()
                .forEach(line -> out.append(line).append('\n'));
    }
}
