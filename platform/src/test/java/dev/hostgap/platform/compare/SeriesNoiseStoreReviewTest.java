package dev.hostgap.platform.compare;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import dev.hostgap.platform.runs.Measurements;
import dev.hostgap.platform.stats.RunNoise;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Two runs of one series whose transactions commit out of id order (an independent review's case):
 * the second commit leaves the series' newest result unchanged, so the store's mark alone cannot see
 * it. The upload answer reads the runs themselves, and of two stored estimates with the same mark the
 * one read later wins.
 */
@PlatformTest
class SeriesNoiseStoreReviewTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    SeriesNoiseStore store;
    @Autowired
    Measurements measurements;
    @Autowired
    NoiseCache cache;

    private String project;
    private long series;

    @BeforeEach
    void tenRuns() throws Exception {
        Api api = new Api(mvc);
        project = api.newProject("noise-review");
        for (int n = 1; n <= 10; n++) {
            double level = 3.5 * (1 + 0.01 * ((n * 7) % 5));
            Run run = new Run(project, sha(n)).at(String.format(Locale.ROOT, "2026-11-%02dT10:00:00Z", n))
                    .result("launch.empty", "{\"args\":\"0\"}", "host_us", level, level * 1.001);
            api.upload((n > 1 ? run.parent(sha(n - 1)) : run).json()).andExpect(status().isCreated());
        }
        series = jdbc.sql("""
                        select s.id from series s join benchmark b on b.id = s.benchmark_id join project p on p.id = b.project_id
                        where p.name = ?""").param(project).query(Long.class).single();
        await().atMost(Duration.ofSeconds(30)).until(cache::idle);
    }

    /** An ordinary run of sha(10) with one result in the series, on {@code c} (its transaction); the result id. */
    private long insertRun(Connection c, double median) throws Exception {
        UUID run = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement("""
                insert into run (id, project_id, commit_id, branch, environment_id, schema_version, source, content_hash, judged_at)
                select ?, r.project_id, r.commit_id, r.branch, r.environment_id, r.schema_version, r.source, repeat('1', 64), now()
                from run r join git_commit c on c.id = r.commit_id where c.sha = ? and c.project_id = r.project_id
                  and r.project_id = (select id from project where name = ?)
                limit 1""")) {
            ps.setObject(1, run);
            ps.setString(2, sha(10));
            ps.setString(3, project);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        try (PreparedStatement ps = c.prepareStatement("""
                insert into result (run_id, series_id, commit_id, samples, n, median, mean, p10, p90, min, max)
                select ?, ?, commit_id, array[?::float8 - 0.01, ?::float8 + 0.01], 2, ?, ?, ? - 0.008, ? + 0.008, ? - 0.01, ? + 0.01
                from run where id = ?
                returning id""")) {
            ps.setObject(1, run);
            ps.setLong(2, series);
            for (int i = 3; i <= 10; i++) {
                ps.setDouble(i, median);
            }
            ps.setObject(11, run);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private RunNoise readFromTheRuns() {
        return RunNoise.estimate(measurements.noiseHistory(List.of(series)).get(series));
    }

    /**
     * Upload A takes a result id, upload B of the same series a higher one and commits first; an
     * estimate is stored (mark = B) before A commits. After A commits, the series' newest ordinary result
     * is still B: A's upload answer must still hold A.
     */
    @Test
    void aRunCommittedAfterANewerRunOfItsSeriesIsInTheNextEstimate() throws Exception {
        try (Connection a = dataSource.getConnection(); Connection b = dataSource.getConnection()) {
            a.setAutoCommit(false);
            long idA = insertRun(a, 4.4);
            long idB = insertRun(b, 3.6); // autocommit: committed now, with the higher id
            assertThat(idB).isGreaterThan(idA);

            // a compare (or B's refresh) while A is not committed yet: stores mark = B, without A
            assertThat(cache.current(List.of(series)).get(series).noise().runs()).isEqualTo(11);
            a.commit();
        }
        assertThat(readFromTheRuns().runs()).as("A and B are both in the series' history now").isEqualTo(12);
        // what the upload answer of A (and a compare on any instance without it in memory) reads
        assertThat(cache.current(List.of(series)).get(series).noise()).isEqualTo(readFromTheRuns());
    }

    /**
     * The refresh after A's commit stores the right estimate; a reader that read the series before A
     * committed (B's refresh, a compare on another instance) and stores after it must not replace it,
     * though both marks are B's.
     */
    @Test
    void anEstimateReadBeforeTheLowerIdRunCommittedDoesNotReplaceTheOneReadAfter() throws Exception {
        try (Connection a = dataSource.getConnection(); Connection refresh = dataSource.getConnection()) {
            a.setAutoCommit(false);
            refresh.setAutoCommit(false);
            insertRun(a, 4.4);
            long idB;
            try (Connection b = dataSource.getConnection()) {
                idB = insertRun(b, 3.6);
            }
            // the row the refresh after A's commit will write, locked so the early reader's upsert waits for it
            try (PreparedStatement ps = refresh.prepareStatement("select 1 from series_noise where series_id = ? for update")) {
                ps.setLong(1, series);
                ps.executeQuery().close();
            }
            CompletableFuture<?> early = CompletableFuture.runAsync(() -> store.reestimate(List.of(series)));
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                    select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like '%series_noise%'""")
                    .query(Long.class).single() > 0);
            a.commit(); // A commits after the early reader read the series

            RunNoise right = readFromTheRuns();
            assertThat(right.runs()).isEqualTo(12);
            try (PreparedStatement ps = refresh.prepareStatement("""
                    update series_noise set within_machine = ?, between_machines = ?, runs = ?, machines = ?,
                                            newest_result_id = ?, read_at = clock_timestamp() where series_id = ?""")) {
                ps.setDouble(1, right.within());
                ps.setDouble(2, right.between());
                ps.setInt(3, right.runs());
                ps.setInt(4, right.machines());
                ps.setLong(5, idB);
                ps.setLong(6, series);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            refresh.commit(); // the refresh after A's commit stored the right estimate
            early.get(20, TimeUnit.SECONDS);
        }
        assertThat(store.estimates(List.of(series)).get(series).noise()).isEqualTo(readFromTheRuns());
    }
}
