package dev.hostgap.platform.compare;

import java.util.Locale;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static dev.hostgap.platform.Api.sha;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Compare with runs as replicates: eight commits of history give each series its run-to-run noise,
 * then commit 9 changes some of them.
 */
@PlatformTest
class CompareTest {

    @Autowired
    MockMvc mvc;
    Api api;
    String project;

    /** Run-level shifts of the noisy series, as large as those measured between runs on an H200 (±4%). */
    static final double[] SHIFTS = {0.96, 1.04, 0.97, 1.03, 0.96, 1.04, 0.98, 1.02};

    /** Ten forks around a run level, tightly packed: the forks of one run agree far better than runs do. */
    static double[] forks(double level) {
        double[] forks = new double[10];
        for (int f = 0; f < forks.length; f++) {
            forks[f] = level * (1 + (f - 4.5) * 0.0005);
        }
        return forks;
    }

    @BeforeEach
    void uploadHistoryAndHead() throws Exception {
        api = new Api(mvc);
        project = api.newProject("compare");
        for (int n = 1; n <= 8; n++) {
            double quiet = 1 + ((n * 3) % 5 - 2) * 0.002;
            Run run = new Run(project, sha(n)).at(time(n))
                    .result("launch.empty", "{\"args\":\"0\"}", "host_us", forks(3.50 * quiet))
                    .result("launch.empty", "{\"args\":\"4\"}", "host_us", forks(3.50 * quiet))
                    .result("launch.empty", "{\"args\":\"16\"}", "host_us", forks(3.50 * SHIFTS[n - 1]))
                    .result("graph.replay", "{\"K\":\"100\"}", "replays_per_s", "higher_is_better", forks(100 * quiet));
            if (n == 8) {
                run.result("fusion.unfused", "{}", "host_us", forks(70));
            }
            if (n > 1) {
                run.parent(sha(n - 1));
            }
            api.upload(run.json()).andExpect(status().isCreated());
        }
        api.upload(new Run(project, sha(9)).parent(sha(8)).at(time(9))
                .result("launch.empty", "{\"args\":\"0\"}", "host_us", forks(4.20))
                .result("launch.empty", "{\"args\":\"4\"}", "host_us", forks(3.50))
                .result("launch.empty", "{\"args\":\"16\"}", "host_us", forks(3.50 * 1.05))
                .result("graph.replay", "{\"K\":\"100\"}", "replays_per_s", "higher_is_better", forks(120))
                .result("fusion.unfused", "{}", "host_us", forks(90))
                .result("transfer.positions", "{}", "host_us", forks(9))
                .json()).andExpect(status().isCreated());
    }

    static String time(int n) {
        return String.format(Locale.ROOT, "2026-01-01T%02d:00:00Z", n);
    }

    String compare(int base, int head) {
        return "/api/v1/projects/" + project + "/compare?base=" + sha(base) + "&head=" + sha(head);
    }

    @Test
    void judgesEachSeriesAgainstItsOwnRunToRunNoise() throws Exception {
        api.get(compare(8, 9))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rows", hasSize(6)))
                .andExpect(jsonPath("$.rows[0].verdict", is("regression")))
                .andExpect(jsonPath("$.rows[0].params.args", is("0")))
                .andExpect(jsonPath("$.rows[0].changePercent", closeTo(20.0, 0.6)))
                .andExpect(jsonPath("$.rows[0].ciLowPercent", lessThan(20.0), Double.class))
                .andExpect(jsonPath("$.rows[0].baseRuns", is(1)))
                .andExpect(jsonPath("$.rows[0].historyRuns", is(9)))
                .andExpect(jsonPath("$.rows[1].verdict", is("improvement")))
                .andExpect(jsonPath("$.rows[1].benchmark", is("graph.replay")))
                .andExpect(jsonPath("$.rows[2].verdict", is("unchanged")))
                .andExpect(jsonPath("$.rows[3].verdict", is("unchanged")))
                .andExpect(jsonPath("$.rows[4].verdict", is("insufficient_history")))
                .andExpect(jsonPath("$.rows[4].benchmark", is("fusion.unfused")))
                .andExpect(jsonPath("$.rows[4].changePercent", closeTo(28.6, 0.1)))
                .andExpect(jsonPath("$.rows[4].pValue", nullValue()))
                .andExpect(jsonPath("$.rows[5].verdict", is("insufficient_data")))
                .andExpect(jsonPath("$.rows[5].benchmark", is("transfer.positions")));
    }

    /** +5% with ten forks that do not overlap at all: a fork-level test says p < 0.001; runs of this series move by 4%. */
    @Test
    void aShiftWithinTheSeriesRunToRunNoiseIsUnchangedHoweverCleanlyTheForksSeparate() throws Exception {
        api.get(compare(8, 9) + "&format=json")
                .andExpect(jsonPath("$.rows[?(@.params.args == '16')].verdict", everyItem(is("unchanged"))))
                .andExpect(jsonPath("$.rows[?(@.params.args == '16')].noisePercent", everyItem(greaterThan(2.0))))
                .andExpect(jsonPath("$.rows[?(@.params.args == '16')].thresholdPercent", everyItem(greaterThan(10.0))));
    }

    @Test
    void aCommitAgainstItselfIsUnchangedEverywhere() throws Exception {
        api.get(compare(9, 9))
                .andExpect(jsonPath("$.rows[*].verdict", everyItem(is("unchanged"))))
                .andExpect(jsonPath("$.rows[*].changePercent", everyItem(is(0.0))))
                .andExpect(jsonPath("$.rows[*].pValue", everyItem(is(1.0))));
    }

    @Test
    void severalRunsOfOneCommitPoolAtTheRunLevel() throws Exception {
        api.upload(new Run(project, sha(9)).parent(sha(8)).at(time(9))
                .result("launch.empty", "{\"args\":\"0\"}", "host_us", forks(4.22)).json()).andExpect(status().isCreated());
        api.get(compare(8, 9))
                .andExpect(jsonPath("$.rows[0].params.args", is("0")))
                .andExpect(jsonPath("$.rows[0].headRuns", is(2)))
                .andExpect(jsonPath("$.rows[0].headSamples", is(20)))
                .andExpect(jsonPath("$.rows[0].headMedian", closeTo(4.21, 0.001)));
    }

    /** Bencher-style thresholds as data: the most specific rule wins, and only where it applies. */
    @Test
    void aProjectThresholdForOneBenchmarkChangesOnlyThatBenchmarksVerdicts() throws Exception {
        put("{\"benchmark\":\"launch.empty\",\"minChangePercent\":25}").andExpect(status().isOk())
                .andExpect(jsonPath("$.benchmark", is("launch.empty")))
                .andExpect(jsonPath("$.minChangePercent", is(25.0)))
                .andExpect(jsonPath("$.noiseMultiplier", is(4.0)))
                .andExpect(jsonPath("$.updatedBy", is("admin")));
        api.get(compare(8, 9))
                .andExpect(jsonPath("$.rows[?(@.params.args == '0')].verdict", everyItem(is("unchanged"))))
                .andExpect(jsonPath("$.rows[?(@.params.args == '0')].thresholdPercent", everyItem(is(25.0))))
                .andExpect(jsonPath("$.rows[?(@.benchmark == 'graph.replay')].verdict", everyItem(is("improvement"))));
        api.get("/api/v1/projects/" + project + "/thresholds")
                .andExpect(jsonPath("$.defaults.minChangePercent", is(2.0)))
                .andExpect(jsonPath("$.defaults.minHistoryRuns", is(6)))
                .andExpect(jsonPath("$.rules", hasSize(1)));
    }

    @Test
    void refusesThresholdsOutsideTheirRangesAndUnknownOnes() throws Exception {
        put("{\"noiseMultiplier\":0.5}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type", is("/problems/invalid-field")))
                .andExpect(jsonPath("$.detail", containsString("noiseMultiplier")));
        put("{\"minHistoryRuns\":5000}").andExpect(status().isUnprocessableContent());
        put("{\"metric\":\"a\\u0000b\"}").andExpect(status().isUnprocessableContent());
        put("{\"benchmark\":\"" + "x".repeat(10_000) + "\"}").andExpect(status().isUnprocessableContent());
        put("{\"minChangePercent\":1e308}").andExpect(status().isUnprocessableContent());
        put("not json").andExpect(status().isBadRequest());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete(
                        "/api/v1/projects/" + project + "/thresholds/999999")
                        .header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.type", is("/problems/unknown-threshold")));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/projects/" + project + "/thresholds")
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnauthorized());
        api.get("/api/v1/projects/" + project + "/thresholds").andExpect(jsonPath("$.rules", hasSize(0)));
    }

    org.springframework.test.web.servlet.ResultActions put(String body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/projects/" + project + "/thresholds")
                .header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void rendersMarkdownForAPullRequestComment() throws Exception {
        api.get(compare(8, 9) + "&format=markdown")
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/markdown"))
                .andExpect(content().string(containsString(
                        "**1 regression**, 1 improvement, 2 unchanged, 1 insufficient history, 1 insufficient data")))
                .andExpect(content().string(containsString("| regression | launch.empty v1 | args=0 | host_us |")))
                .andExpect(content().string(containsString("The replicate is the run")));
    }

    @Test
    void answersUnknownCommitAndBadShaWithProblems() throws Exception {
        api.get("/api/v1/projects/" + project + "/compare?base=" + sha(1) + "&head=" + sha(99))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type", is("/problems/unknown-commit")));
        api.get("/api/v1/projects/" + project + "/compare?base=main&head=" + sha(2))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type", is("/problems/invalid-sha")));
        api.get("/api/v1/projects/" + project + "/compare?base=" + sha(1))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type", is("/problems/invalid-parameter")));
    }
}
