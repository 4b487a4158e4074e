package dev.hostgap.platform.calibration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import dev.hostgap.platform.stats.RunNoise;
import dev.hostgap.platform.stats.RunValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A/A calibrations: six runs of one commit, moving by about 4% from run to run as runs on different
 * machine starts do, then ten commits measured once each on a quiet day. The quiet history alone
 * would call a +6% commit a regression; the calibration says runs of the same code move that much.
 */
@PlatformTest
class CalibrationTest {

    static final double[] CALIBRATION_RUNS = {1.04, 0.96, 1.03, 0.97, 1.04, 0.96};

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    Api api;
    String project;

    static double[] forks(double level) {
        double[] forks = new double[5];
        for (int f = 0; f < forks.length; f++) {
            forks[f] = level * (1 + (f - 2) * 0.0005);
        }
        return forks;
    }

    static String time(int n) {
        return java.time.Instant.parse("2026-11-01T00:00:00Z").plus(java.time.Duration.ofHours(n)).toString();
    }

    Run run(int commit, int parent, double level) {
        Run run = new Run(project, sha(commit)).at(time(commit)).result("launch.empty", "{\"args\":\"0\"}", "host_us",
                forks(3.5 * level));
        return parent > 0 ? run.parent(sha(parent)) : run;
    }

    @BeforeEach
    void uploadCalibrationRunsAndQuietHistory() throws Exception {
        api = new Api(mvc);
        project = api.newProject("calibration");
        for (double level : CALIBRATION_RUNS) {
            api.upload(run(1, 0, level).json()).andExpect(status().isCreated());
        }
        for (int n = 2; n <= 11; n++) {
            api.upload(run(n, n - 1, n % 2 == 0 ? 1.001 : 0.999).json()).andExpect(status().isCreated());
        }
        api.upload(run(12, 11, 1.06).json()).andExpect(status().isCreated());
    }

    /** What the model makes of the six calibration runs, in percent of their level (3.5 x 1.0). */
    static double calibrationNoisePercent() {
        List<RunValue> runs = java.util.Arrays.stream(CALIBRATION_RUNS).mapToObj(l -> RunValue.of(forks(3.5 * l), "node-7")).toList();
        return 100 * RunNoise.estimate(runs).sigma() / 3.5;
    }

    ResultActions declare(String body, String token) throws Exception {
        var request = post("/api/v1/projects/" + project + "/calibrations").contentType(MediaType.APPLICATION_JSON).content(body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return mvc.perform(request);
    }

    ResultActions declare(String body) throws Exception {
        return declare(body, PlatformTest.ADMIN_TOKEN);
    }

    String compareVerdict() throws Exception {
        String body = api.get("/api/v1/projects/" + project + "/compare?base=" + sha(11) + "&head=" + sha(12))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return body.replaceAll("(?s).*\"verdict\":\"([a-z_]+)\".*", "$1");
    }

    @Test
    void aCalibrationKeepsTheNoiseAtWhatRunsOfTheSameCodeShowed() throws Exception {
        assertThat(compareVerdict()).as("quiet history alone").isEqualTo("regression");

        declare("{\"commit\":\"" + sha(1) + "\",\"note\":\"six runs, three machine starts\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.commit", is(sha(1))))
                .andExpect(jsonPath("$.note", is("six runs, three machine starts")))
                .andExpect(jsonPath("$.seriesCount", is(1)))
                .andExpect(jsonPath("$.series[0].benchmark", is("launch.empty")))
                .andExpect(jsonPath("$.series[0].params.args", is("0")))
                .andExpect(jsonPath("$.series[0].runs", is(6)))
                .andExpect(jsonPath("$.series[0].noisePercent", closeTo(calibrationNoisePercent(), 1e-6)));

        assertThat(compareVerdict()).as("with the calibration's noise").isEqualTo("unchanged");
        // the compare row's noise is the calibration's (relative to the compared base level, 3.5 x 0.999)
        api.get("/api/v1/projects/" + project + "/compare?base=" + sha(11) + "&head=" + sha(12))
                .andExpect(jsonPath("$.rows[0].noisePercent", closeTo(calibrationNoisePercent() / 0.999, 0.05)));
    }

    @Test
    void declaringACommitAgainRecomputesItWithoutADuplicate() throws Exception {
        declare("{\"commit\":\"" + sha(1) + "\"}").andExpect(status().isCreated());
        api.upload(run(1, 0, 1.0).json()).andExpect(status().isCreated());
        declare("{\"commit\":\"" + sha(1) + "\"}").andExpect(status().isCreated())
                .andExpect(jsonPath("$.series[0].runs", is(7)));
        api.get("/api/v1/projects/" + project + "/calibrations").andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].commit", is(sha(1))));
        api.get("/api/v1/projects/" + project + "/calibrations/" + sha(1)).andExpect(status().isOk())
                .andExpect(jsonPath("$.series[0].runs", is(7)));
    }

    @Test
    void concurrentDeclarationsOfOneCommitStoreOneWholeCalibration() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<Integer> call = () -> declare("{\"commit\":\"" + sha(1) + "\"}").andReturn().getResponse().getStatus();
                answers.add(pool.submit(call));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.sql("""
                select count(*) from calibration c join project p on p.id = c.project_id where p.name = ?
                """).param(project).query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("""
                select count(*) from calibration_noise n join calibration c on c.id = n.calibration_id
                join project p on p.id = c.project_id where p.name = ?
                """).param(project).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void rejectsWhatCannotBeACalibrationAndStoresNothing() throws Exception {
        declare("{\"commit\":\"" + sha(1) + "\"}", null).andExpect(status().isUnauthorized());
        declare("{}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.detail", containsString("commit is required")));
        declare("{\"commit\":\"main\"}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.type", is("/problems/invalid-sha")));
        declare("{\"commit\":\"" + sha(999) + "\"}").andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type", is("/problems/unknown-commit")));
        declare("{\"commit\":\"" + sha(12) + "\"}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.detail", containsString("--repeat")));
        declare("{\"commit\":\"" + sha(1) + "\",\"note\":\"a\\u0000b\"}").andExpect(status().isUnprocessableEntity());
        declare("{\"commit\":\"" + sha(1) + "\",\"note\":\"" + "x".repeat(1001) + "\"}").andExpect(status().isUnprocessableEntity());
        declare("{\"commit\":").andExpect(status().isBadRequest());
        api.get("/api/v1/projects/" + project + "/calibrations/" + sha(1)).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type", is("/problems/unknown-calibration")));
        api.get("/api/v1/projects/" + project + "/calibrations/x%00y").andExpect(status().is4xxClientError());
        api.get("/api/v1/projects/" + project + "/calibrations").andExpect(jsonPath("$", hasSize(0)));
        assertThat(compareVerdict()).isEqualTo("regression");
    }

    @Test
    void aCommitMeasuredFewerThanSixTimesIsNoCalibration() throws Exception {
        for (double level : new double[] {1.0, 1.02, 0.99}) {
            api.upload(run(20, 0, level).json()).andExpect(status().isCreated());
        }
        declare("{\"commit\":\"" + sha(20) + "\"}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.detail", containsString("6 or more runs")));
        declare("{\"commit\":\"" + sha(1) + "\"}").andExpect(status().isCreated())
                .andExpect(jsonPath("$.seriesCount", is(1)))
                .andExpect(jsonPath("$.seriesWithTooFewRuns", is(0)));
    }

    @Test
    void deletingACalibrationGivesTheSeriesItsOwnNoiseBack() throws Exception {
        declare("{\"commit\":\"" + sha(1) + "\"}").andExpect(status().isCreated());
        assertThat(compareVerdict()).isEqualTo("unchanged");
        mvc.perform(delete("/api/v1/projects/" + project + "/calibrations/" + sha(1))).andExpect(status().isUnauthorized());
        mvc.perform(delete("/api/v1/projects/" + project + "/calibrations/" + sha(1))
                .header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)).andExpect(status().isNoContent());
        assertThat(compareVerdict()).isEqualTo("regression");
        mvc.perform(delete("/api/v1/projects/" + project + "/calibrations/" + sha(1))
                .header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)).andExpect(status().isNotFound());
    }

    @Test
    void theFloorFollowsTheSeriesLevelAfterItGotFaster() throws Exception {
        declare("{\"commit\":\"" + sha(1) + "\"}").andExpect(status().isCreated());
        // the series gets twice as fast and stays there: 40 quiet commits at half the level
        for (int n = 13; n <= 52; n++) {
            api.upload(run(n, n - 1, 0.5 * (n % 2 == 0 ? 1.001 : 0.999)).json()).andExpect(status().isCreated());
        }
        // a relative floor: the calibration's noise in percent, not twice that in percent of the new level
        api.get("/api/v1/projects/" + project + "/compare?base=" + sha(51) + "&head=" + sha(52))
                .andExpect(jsonPath("$.rows[0].noisePercent", closeTo(calibrationNoisePercent(), 0.2)));
    }
}
