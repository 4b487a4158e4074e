package dev.hostgap.platform.regressions;

import java.time.Duration;
import java.util.Locale;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

import static dev.hostgap.platform.Api.sha;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@PlatformTest
class RegressionDetectionTest {

    private static final double[] WOBBLE = Api.WOBBLE;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    Api api;
    String project;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(mvc);
        project = api.newProject("detect");
    }

    /** Uploads commit {@code n} (child of n-1) with 5 forks around {@code level}, deterministic jitter. */
    void measure(int n, double level, String direction) throws Exception {
        double[] forks = new double[5];
        for (int f = 0; f < forks.length; f++) {
            forks[f] = level * (1 + (((n * 7 + f * 3) % 7) - 3) * 0.001);
        }
        Run run = new Run(project, sha(n)).at(String.format(Locale.ROOT, "2026-01-01T%02d:00:00Z", n))
                .result("launch.enqueue", "{\"args\":\"4\"}", "host_us_per_op", direction, forks);
        if (n > 1) {
            run.parent(sha(n - 1));
        }
        api.upload(run.json()).andExpect(status().isCreated());
        awaitJudged(); // detection runs off the upload's thread; judge each commit before the next arrives
    }

    void measure(int n, double level) throws Exception {
        measure(n, level, "lower_is_better");
    }

    @Test
    void opensARegressionAtTheStepAndFixesItWhenTheSeriesRecovers() throws Exception {
        for (int n = 1; n <= 12; n++) {
            measure(n, 100);
        }
        measure(13, 110);
        api.get("/api/v1/projects/" + project + "/regressions?status=open")
                .andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].benchmark", is("launch.enqueue")))
                .andExpect(jsonPath("$[0].params.args", is("4")))
                .andExpect(jsonPath("$[0].firstBadCommit", is(sha(13))))
                .andExpect(jsonPath("$[0].lastGoodCommit", is(sha(12))))
                .andExpect(jsonPath("$[0].changePercent", closeTo(10.0, 0.5)))
                .andExpect(jsonPath("$[0].status", is("open")));
        api.get("/api/v1/projects/" + project + "/commits/" + sha(13) + "/verdict")
                .andExpect(jsonPath("$.verdict", is("regression")))
                .andExpect(jsonPath("$.regressions", is(1)));

        // back at the old level: a one-commit excursion in an otherwise flat history takes a few
        // commits at the old level before the detector trusts the return as much as it trusted the step
        for (int n = 14; n <= 18; n++) {
            measure(n, 100);
        }
        api.get("/api/v1/projects/" + project + "/regressions")
                .andExpect(jsonPath("$[0].status", is("fixed")))
                .andExpect(jsonPath("$[0].statusChangedBy", is("hostgap")));
        long id = firstRegressionId();
        api.get("/api/v1/regressions/" + id)
                .andExpect(jsonPath("$.regression.status", is("fixed")))
                .andExpect(jsonPath("$.history", hasSize(2)))
                .andExpect(jsonPath("$.history[0].from", nullValue()))
                .andExpect(jsonPath("$.history[0].to", is("open")))
                .andExpect(jsonPath("$.history[1].from", is("open")))
                .andExpect(jsonPath("$.history[1].to", is("fixed")))
                .andExpect(jsonPath("$.history[1].by", is("hostgap")))
                .andExpect(jsonPath("$.history[1].reason", containsString("back at the earlier level")));
    }

    /** Runs of a series that move by ±2% around a level that stepped up 10% and stayed there. */
    @Test
    void aPersistentRegressionStaysOpenThroughNoisyLaterCommits() throws Exception {
        for (int n = 1; n <= 12; n++) {
            measure(n, 100 * WOBBLE[n - 1]);
        }
        for (int n = 13; n <= 23; n++) {
            measure(n, 115 * WOBBLE[(n * 5) % WOBBLE.length]);
        }
        api.get("/api/v1/projects/" + project + "/regressions")
                .andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].firstBadCommit", is(sha(13))))
                .andExpect(jsonPath("$[0].status", is("open")));
    }

    @Test
    void aBackfilledOlderCommitNeverClosesARegression() throws Exception {
        for (int n = 1; n <= 12; n++) {
            measure(n, 100);
        }
        for (int n = 13; n <= 16; n++) {
            measure(n, 110);
        }
        // commit 22 is newer than 16 and measured; then an old-level commit 20 (between them) arrives late
        measure(22, 110);
        Run backfill = new Run(project, sha(20)).parent(sha(16)).at("2026-01-01T20:00:00Z")
                .result("launch.enqueue", "{\"args\":\"4\"}", "host_us_per_op", "lower_is_better", 100, 100.1, 99.9, 100, 100);
        api.upload(backfill.json()).andExpect(status().isCreated());
        awaitJudged();
        // the step at 13 stays open (20 back at 100 and 22 at 110 again is, read in commit order, a step at 22 of its own)
        api.get("/api/v1/projects/" + project + "/regressions?status=open")
                .andExpect(jsonPath("$[?(@.firstBadCommit == '" + sha(13) + "')]", hasSize(1)));
        api.get("/api/v1/projects/" + project + "/regressions?status=fixed").andExpect(jsonPath("$", hasSize(0)));
    }

    /**
     * A step that compare's threshold calls from one commit, in runs that move by ±2%: the commit's
     * verdict (what its CI status shows) says regression at once, one look as compare, a suspected
     * change on record; the alarm,
     * which would look again on every later commit, waits for them to confirm it and then dates it
     * to that first commit.
     */
    @Test
    void aCommitsVerdictDoesNotWaitForTheAlarmsConfirmation() throws Exception {
        for (int n = 1; n <= 12; n++) {
            measure(n, 100 * WOBBLE[n - 1]);
        }
        measure(13, 115);
        api.get("/api/v1/projects/" + project + "/commits/" + sha(13) + "/verdict")
                .andExpect(jsonPath("$.verdict", is("regression")))
                .andExpect(jsonPath("$.regressions", is(1)));
        // on record as suspected from the commit's own run; no alarm yet
        api.get("/api/v1/projects/" + project + "/regressions?kind=all&status=open").andExpect(jsonPath("$", hasSize(0)));
        api.get("/api/v1/projects/" + project + "/regressions?status=suspected")
                .andExpect(jsonPath("$", hasSize(1))).andExpect(jsonPath("$[0].firstBadCommit", is(sha(13))));
        for (int n = 14; n <= 20; n++) {
            measure(n, 115 * WOBBLE[(n * 5) % WOBBLE.length]);
        }
        api.get("/api/v1/projects/" + project + "/regressions")
                .andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].firstBadCommit", is(sha(13))))
                .andExpect(jsonPath("$[0].status", is("open")));
    }

    @Test
    void severalRunsOfOneCommitCountOnceInItsVerdict() throws Exception {
        for (int n = 1; n <= 12; n++) {
            measure(n, 100);
        }
        measure(13, 110);
        measure(13, 110.2);
        api.get("/api/v1/projects/" + project + "/commits/" + sha(13) + "/verdict")
                .andExpect(jsonPath("$.verdict", is("regression")))
                .andExpect(jsonPath("$.regressions", is(1)))
                .andExpect(jsonPath("$.unchanged", is(0)));
    }

    @Test
    void aShortHistorySaysSoInsteadOfGuessing() throws Exception {
        measure(1, 100);
        measure(2, 100);
        measure(3, 130);
        api.get("/api/v1/projects/" + project + "/commits/" + sha(3) + "/verdict")
                .andExpect(jsonPath("$.verdict", is("insufficient_history")))
                .andExpect(jsonPath("$.insufficientHistory", is(1)));
        api.get("/api/v1/projects/" + project + "/regressions?kind=all").andExpect(jsonPath("$", hasSize(0)));
    }

    long firstRegressionId() throws Exception {
        return JsonMapper.builder().build()
                .readTree(api.get("/api/v1/projects/" + project + "/regressions").andReturn().getResponse().getContentAsString())
                .get(0).get("id").asLong();
    }

    void awaitJudged() {
        Api.awaitJudged(jdbc, project);
    }

    @Test
    void noiseAloneOpensNothing() throws Exception {
        for (int n = 1; n <= 15; n++) {
            measure(n, 100);
        }
        api.get("/api/v1/projects/" + project + "/regressions?kind=all").andExpect(jsonPath("$", hasSize(0)));
        api.get("/api/v1/projects/" + project + "/commits/" + sha(15) + "/verdict")
                .andExpect(jsonPath("$.verdict", is("unchanged")));
    }

    @Test
    void recordsImprovementsByTheMetricsDirection() throws Exception {
        for (int n = 1; n <= 12; n++) {
            measure(n, 50, "higher_is_better");
        }
        measure(13, 60, "higher_is_better");
        api.get("/api/v1/projects/" + project + "/regressions?kind=improvement")
                .andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].kind", is("improvement")));
        api.get("/api/v1/projects/" + project + "/regressions").andExpect(jsonPath("$", hasSize(0)));
    }

    @Test
    void aFalsePositiveResetsTheBaselineFromItsCommitOn() throws Exception {
        for (int n = 1; n <= 12; n++) {
            measure(n, 100);
        }
        measure(13, 110);
        long id = JsonMapper.builder().build()
                .readTree(api.get("/api/v1/projects/" + project + "/regressions").andReturn().getResponse().getContentAsString())
                .get(0).get("id").asLong();
        mvc.perform(patch("/api/v1/regressions/" + id).header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"status\":\"false_positive\",\"note\":\"new driver\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status", is("false_positive")))
                .andExpect(jsonPath("$.note", is("new driver")))
                .andExpect(jsonPath("$.statusChangedBy", is("admin")));
        api.get("/api/v1/regressions/" + id)
                .andExpect(jsonPath("$.history[1].from", is("open")))
                .andExpect(jsonPath("$.history[1].to", is("false_positive")))
                .andExpect(jsonPath("$.history[1].by", is("admin")))
                .andExpect(jsonPath("$.history[1].reason", is("new driver")));

        // judged against the new level from commit 13 on; without the reset, 14 would still show
        // the step against commits 1-12
        measure(14, 110);
        api.get("/api/v1/projects/" + project + "/commits/" + sha(14) + "/verdict")
                .andExpect(jsonPath("$.verdict", is("unchanged")));
        api.get("/api/v1/projects/" + project + "/regressions?status=open").andExpect(jsonPath("$", hasSize(0)));
    }

    /** A run stored just before a crash has no judgement yet; the poll finds it after the restart. */
    @Test
    void judgesRunsThatWereStoredButNeverJudged() throws Exception {
        measure(1, 100);
        jdbc.sql("delete from judgement j using run r, project p where j.run_id = r.id and r.project_id = p.id and p.name = ?")
                .param(project).update();
        jdbc.sql("update run r set judged_at = null from project p where r.project_id = p.id and p.name = ?").param(project).update();

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "select count(*) from judgement j join run r on r.id = j.run_id join project p on p.id = r.project_id where p.name = ?")
                .param(project).query(Long.class).single() == 1);
    }

    @Test
    void refusesInvalidStatusChanges() throws Exception {
        mvc.perform(patch("/api/v1/regressions/999999").header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"status\":\"acknowledged\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type", is("/problems/unknown-regression")));
        mvc.perform(patch("/api/v1/regressions/1").header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"status\":\"gone\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type", is("/problems/invalid-field")));
        mvc.perform(patch("/api/v1/regressions/1").contentType(MediaType.APPLICATION_JSON).content("{\"status\":\"fixed\"}"))
                .andExpect(status().isUnauthorized());
        api.get("/api/v1/projects/" + project + "/regressions?status=bogus").andExpect(status().isBadRequest());
    }
}
