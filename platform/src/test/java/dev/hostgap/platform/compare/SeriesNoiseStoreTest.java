package dev.hostgap.platform.compare;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import dev.hostgap.platform.runs.Measurements;
import dev.hostgap.platform.runs.RunIngested;
import dev.hostgap.platform.stats.RunNoise;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The stored noise estimates (issue 23): one answers for its series exactly while the series has no
 * newer ordinary run, and is then the estimate read from the runs; the refresh after an upload stores
 * the new one without a compare asking for it.
 */
@PlatformTest
class SeriesNoiseStoreTest {

    /** A value RunNoise never estimates from these runs: where it comes back, the stored row answered. */
    private static final double MARKED = 123.0;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SeriesNoiseStore store;
    @Autowired
    Measurements measurements;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    NoiseCache cache;

    private Api api;
    private String project;
    private long series;

    @BeforeEach
    void tenRuns() throws Exception {
        api = new Api(mvc);
        project = api.newProject("noise-store");
        for (int n = 1; n <= 10; n++) {
            Run run = new Run(project, sha(n)).at(String.format(Locale.ROOT, "2026-11-%02dT10:00:00Z", n))
                    .result("launch.empty", "{\"args\":\"0\"}", "host_us", level(n), level(n) * 1.001);
            api.upload((n > 1 ? run.parent(sha(n - 1)) : run).json()).andExpect(status().isCreated());
        }
        series = jdbc.sql("""
                        select s.id from series s join benchmark b on b.id = s.benchmark_id join project p on p.id = b.project_id
                        where p.name = ?""").param(project).query(Long.class).single();
    }

    private static double level(int n) {
        return 3.5 * (1 + 0.01 * ((n * 7) % 5));
    }

    private RunNoise stored() {
        return store.estimates(List.of(series)).get(series).noise();
    }

    private RunNoise readFromTheRuns() {
        return RunNoise.estimate(measurements.noiseHistory(List.of(series)).get(series));
    }

    /** After the refreshes the uploads started: none may overwrite the mark below. */
    private void markTheStoredEstimate() {
        await().atMost(Duration.ofSeconds(30)).until(cache::idle);
        assertThat(jdbc.sql("update series_noise set within_machine = ? where series_id = ?").params(MARKED, series).update())
                .as("the upload stored its series' estimate").isEqualTo(1);
    }

    @Test
    void aStoredEstimateAnswersUntilTheSeriesHasANewerOrdinaryRun() throws Exception {
        assertThat(stored()).isEqualTo(readFromTheRuns());
        markTheStoredEstimate();
        assertThat(stored().within()).as("no new run: the stored row").isEqualTo(MARKED);

        // a pull request's run is not in the series' noise history: though its result is the series'
        // newest, the stored estimate still holds (its upload answer read the runs and stored them again)
        api.upload(new Run(project, sha(11)).parent(sha(10)).result("launch.empty", "{\"args\":\"0\"}", "host_us", 9.0, 9.1)
                .json().replaceFirst("\\{", "{\"pullRequest\":{\"number\":7,\"baseSha\":\"" + sha(10) + "\"},"))
                .andExpect(status().isCreated());
        markTheStoredEstimate();
        assertThat(stored().within()).isEqualTo(MARKED);

        // a rerun of an older commit (a backfill) is newer by id, though not by commit: read again
        api.upload(new Run(project, sha(4)).parent(sha(3)).at("2026-11-04T10:00:00Z")
                .result("launch.empty", "{\"args\":\"0\"}", "host_us", 4.5, 4.6).json()).andExpect(status().isCreated());
        RunNoise afterBackfill = stored();
        assertThat(afterBackfill.within()).isNotEqualTo(MARKED);
        assertThat(afterBackfill).isEqualTo(readFromTheRuns());
        assertThat(afterBackfill.runs()).isEqualTo(11);
    }

    @Test
    void anEstimateReadEarlierNeverReplacesOneReadLater() {
        stored();
        // as if another instance had stored an estimate it read after this one began to read
        jdbc.sql("update series_noise set within_machine = ?, read_at = clock_timestamp() + interval '1 minute' where series_id = ?")
                .params(MARKED, series).update();
        store.reestimate(List.of(series));
        assertThat(jdbc.sql("select within_machine from series_noise where series_id = ?").param(series)
                .query(Double.class).single()).isEqualTo(MARKED);
    }

    @Test
    void aRunStoredWithoutAnUploadAnswerIsEstimatedAgainAfterItCommits() {
        stored();
        markTheStoredEstimate();
        // as an agent's job result is stored: no upload answer reads the noise
        UUID run = UUID.randomUUID();
        jdbc.sql("""
                insert into run (id, project_id, commit_id, branch, environment_id, schema_version, source, content_hash, judged_at)
                select ?, r.project_id, r.commit_id, r.branch, r.environment_id, r.schema_version, r.source, repeat('1', 64), now()
                from run r join git_commit c on c.id = r.commit_id where c.sha = ? and c.project_id = r.project_id
                  and r.project_id = (select id from project where name = ?)
                limit 1""").params(run, sha(10), project).update();
        long result = jdbc.sql("""
                insert into result (run_id, series_id, commit_id, samples, n, median, mean, p10, p90, min, max)
                select ?, ?, commit_id, '{5.0,5.1}', 2, 5.05, 5.05, 5.01, 5.09, 5.0, 5.1 from run where id = ?
                returning id""").params(run, series, run).query(Long.class).single();
        events.publishEvent(new RunIngested(run, 0, sha(10), "main"));

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select newest_result_id from series_noise where series_id = ?")
                .param(series).query(Long.class).single() == result);
        RunNoise refreshed = jdbc.sql("select within_machine, between_machines, runs, machines from series_noise where series_id = ?")
                .param(series).query((rs, i) -> new RunNoise(rs.getDouble(1), rs.getDouble(2), rs.getInt(3), rs.getInt(4))).single();
        assertThat(refreshed).isEqualTo(readFromTheRuns());
        assertThat(refreshed.runs()).isEqualTo(11);
    }
}
