package dev.hostgap.platform.runs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.hostgap.platform.PlatformTest;
import dev.hostgap.platform.stats.RunNoise;
import dev.hostgap.platform.stats.RunValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The noise history compare and confirmation read is numbered in history order within each series (issue
 * 23: one ORDER BY over 200 series x 200 runs spilled to disk). On a history that has everything the
 * order depends on, it is exactly what the single sorted query answered, and so is every noise.
 */
@PlatformTest
class NoiseHistoryTest {

    /** The query as it was before issue 23, sorted by the database. */
    private static final String SORTED_BY_THE_DATABASE = """
            select s.id, x.median, x.p10, x.p90, x.n, x.machine
            from unnest(cast(? as bigint[])) as s(id)
            cross join lateral (
                select r.median, r.p10, r.p90, r.n, coalesce(e.attributes ->> 'gpu_uuid', e.host) as machine,
                       coalesce(c.committed_at, c.first_seen_at) as at, run.uploaded_at, r.id
                from result r
                join run on run.id = r.run_id
                join environment e on e.id = run.environment_id
                join git_commit c on c.id = r.commit_id
                where r.series_id = s.id and r.error is null and run.pull_request is null and not run.paired
                order by r.commit_id desc, r.id desc
                limit ?
            ) x
            order by s.id, x.at, x.uploaded_at, x.id""";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Measurements measurements;

    private long project;
    private final List<Long> environments = new ArrayList<>();

    /** Its 300 runs would weigh on the statistics of the run table that other tests' plans are checked on. */
    @AfterEach
    void removeHistory() {
        jdbc.sql("delete from project where id = ?").param(project).update();
        jdbc.sql("delete from environment where id = any(?)").param(environments.toArray(Long[]::new)).update();
    }

    @Test
    void readsTheSameRunsInTheSameOrderAsTheSortedQuery() {
        List<Long> series = history();
        Map<Long, List<RunValue>> sorted = new HashMap<>();
        jdbc.sql(SORTED_BY_THE_DATABASE).params(series.toArray(Long[]::new), Measurements.NOISE_HISTORY_RUNS)
                .query(rs -> {
                    sorted.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(RunValue.of(rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getInt(5), rs.getString(6)));
                });

        Map<Long, List<RunValue>> read = measurements.noiseHistory(series);

        assertThat(read).isEqualTo(sorted);
        assertThat(read.get(series.get(0))).hasSize(Measurements.NOISE_HISTORY_RUNS);
        assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(series.subList(0, series.size() - 1));
        for (Long id : sorted.keySet()) {
            assertThat(RunNoise.estimate(read.get(id))).as("noise of series %d", id).isEqualTo(RunNoise.estimate(sorted.get(id)));
        }
    }

    /**
     * 260 commits whose commit times do not follow the order hostgap saw them in (backfills, one commit
     * without a time), a second run of every fifth commit and of each of commits 60 to 120 (where the newest 200 runs end),
     * runs sharing an upload time, three machines (one told by its GPU's UUID), pull requests' and
     * paired runs (left out), failed results (left out), and a series with no results at all. The runs
     * count as judged, so that detection has no backlog behind the other tests' uploads.
     */
    private List<Long> history() {
        String name = "noise-" + UUID.randomUUID().toString().substring(0, 8);
        project = jdbc.sql("insert into project (name, repo_url, default_branch) values (?, 'https://example.org/n.git', 'main') returning id")
                .param(name).query(Long.class).single();
        for (String attributes : List.of("{}", "{}", "{\"gpu_uuid\":\"GPU-1\"}")) {
            environments.add(jdbc.sql("""
                            insert into environment (fingerprint, environment_class, gpu, driver, cuda, runtime, jvm, host, attributes)
                            values (?, 'H100', 'H100', '580', '13.0', 'jcuda', '17', ?, cast(? as jsonb)) returning id
                            """)
                    .params(UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", ""),
                            "host-" + environments.size(), attributes)
                    .query(Long.class).single());
        }
        List<Long> series = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long benchmark = jdbc.sql("""
                            insert into benchmark (project_id, name, version, params, params_key)
                            values (?, 'launch.empty', 1, cast(? as jsonb), ?) returning id
                            """).params(project, "{\"args\":\"" + i + "\"}", "args=" + i).query(Long.class).single();
            series.add(jdbc.sql("""
                            insert into series (benchmark_id, metric, unit, direction, environment_class)
                            values (?, 'host_us', 'us', 'lower_is_better', 'H100') returning id
                            """).param(benchmark).query(Long.class).single());
        }
        jdbc.sql("""
                insert into git_commit (project_id, sha, committed_at)
                select ?, lpad(to_hex(i), 40, '0'),
                       case when i = 77 then null
                            else timestamptz '2026-01-01' + ((i * 7919) % 260) * interval '1 hour' end
                from generate_series(1, 260) i
                """).param(project).update();
        jdbc.sql("""
                insert into run (id, project_id, commit_id, branch, environment_id, schema_version, source, content_hash,
                                 uploaded_at, pull_request, paired, judged_at)
                select gen_random_uuid(), ?, c.id, 'main', (array[?, ?, ?])[1 + (k.i + k.repeat) % 3], '1.0', 'hostgap',
                       repeat('0', 64), timestamptz '2026-06-01' + (k.i / 4) * interval '1 minute',
                       case when k.i % 23 = 0 then 5 end, k.i % 29 = 0, now()
                from git_commit c
                cross join lateral (select ('x' || right(c.sha, 8))::bit(32)::int as i) n
                cross join lateral (select n.i as i, r as repeat from generate_series(0, case when n.i % 5 = 0 or n.i between 60 and 120 then 1 else 0 end) r) k
                where c.project_id = ?
                order by c.id, k.repeat
                """).params(project, environments.get(0), environments.get(1), environments.get(2), project).update();
        jdbc.sql("""
                insert into result (run_id, series_id, commit_id, samples, n, median, mean, p10, p90, min, max, error)
                select run.id, s.id, run.commit_id,
                       case when failed then '{}' else array[v - 0.1, v, v + 0.1] end, case when failed then 0 else 3 end,
                       case when failed then null else v end, case when failed then null else v end,
                       case when failed then null else v - 0.1 end, case when failed then null else v + 0.1 end,
                       case when failed then null else v - 0.1 end, case when failed then null else v + 0.1 end,
                       case when failed then 'CUDA_ERROR_LAUNCH_FAILED' end
                from run
                join unnest(cast(? as bigint[])) with ordinality as s(id, o) on s.o <= 3
                -- "where run.id is not null" ties the draw to the row: an uncorrelated subquery is evaluated once
                -- per series, which failed a whole series in 3% of runs of this test and gave each series one value
                cross join lateral (select 3.0 + s.o + random() as v, random() < 0.03 as failed where run.id is not null) x
                where run.project_id = ?
                order by run.commit_id, run.uploaded_at
                """).params(series.toArray(Long[]::new), project).update();
        return series;
    }
}
