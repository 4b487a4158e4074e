package dev.hostgap.platform.regressions;

import java.io.IOException;
import java.nio.file.Files;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.hostgap.platform.HostgapApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Time to judge one run of 200 series whose every series has 1,000 measured commits of history
 * (5 forks each: 200,000 results, 1 million samples), by how far back detection reads.
 * Judging again is idempotent (its rows exist), so every invocation does the same work.
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

    EmbeddedPostgres postgres;
    ConfigurableApplicationContext app;
    DetectionService detection;
    UUID headRun;

    @Setup(Level.Trial)
    public void start() throws IOException {
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("hostgap-detect-pg"))
                .setCleanDataDirectory(true).start();
        app = new SpringApplicationBuilder(HostgapApplication.class)
                .run("--server.port=0", "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                        "--spring.datasource.username=postgres", "--hostgap.security.admin-token=bench",
                        "--hostgap.detection.history-commits=" + historyCommits, "--logging.level.root=WARN");
        detection = app.getBean(DetectionService.class);
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        long project = jdbc.sql("insert into project (name, repo_url, default_branch) values ('d', 'u', 'main') returning id")
                .query(Long.class).single();
        jdbc.sql("""
                insert into environment (fingerprint, environment_class, gpu, driver, cuda, runtime, jvm, host)
                values (repeat('b', 64), 'H100', 'H100', '580', '13.0', 'jcuda', '17', 'n')""").update();
        jdbc.sql("""
                insert into benchmark (project_id, name, version, params, params_key)
                select ?, 'launch.enqueue', 1, jsonb_build_object('args', i::text), 'args=' || i from generate_series(0, 199) i
                """).param(project).update();
        jdbc.sql("""
                insert into series (benchmark_id, metric, unit, direction, environment_class)
                select id, 'host_us', 'us', 'lower_is_better', 'H100' from benchmark where project_id = ?
                """).param(project).update();
        jdbc.sql("""
                insert into git_commit (project_id, sha, committed_at)
                select ?, lpad(to_hex(i), 40, '0'), timestamptz '2020-01-01' + i * interval '1 hour' from generate_series(1, 1000) i
                """).param(project).update();
        jdbc.sql("""
                insert into commit_parent (commit_id, position, parent_sha)
                select c.id, 0, lpad(to_hex(('x' || right(c.sha, 16))::bit(64)::bigint - 1), 40, '0')
                from git_commit c where c.project_id = ? and c.sha <> lpad('1', 40, '0')
                """).param(project).update();
        jdbc.sql("""
                insert into run (id, project_id, commit_id, branch, environment_id, schema_version, source, content_hash)
                select gen_random_uuid(), ?, c.id, 'main', (select id from environment), '1.0', 'hostgap', repeat('0', 64)
                from git_commit c where c.project_id = ?
                """).params(project, project).update();
        jdbc.sql("""
                insert into result (run_id, series_id, commit_id, samples, n, median, mean, p10, p90, min, max)
                select r.id, s.id, r.commit_id, x.samples, 5, x.samples[3], x.samples[3], x.samples[1], x.samples[5],
                       x.samples[1], x.samples[5]
                from run r cross join series s
                cross join lateral (select array(select 3.2 + random() * 0.05 + 0 * s.id from generate_series(1, 5)) as samples) x
                """).update();
        jdbc.sql("analyze").update();
        headRun = jdbc.sql("select r.id from run r join git_commit c on c.id = r.commit_id where c.sha = lpad(to_hex(1000), 40, '0')")
                .query(UUID.class).single();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        app.close();
        postgres.close();
    }

    @Benchmark
    public UUID judgeRunOf200Series() {
        detection.judge(headRun);
        return headRun;
    }
}
