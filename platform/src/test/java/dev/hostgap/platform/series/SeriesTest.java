package dev.hostgap.platform.series;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static dev.hostgap.platform.Api.sha;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@PlatformTest
class SeriesTest {

    @Autowired
    MockMvc mvc;
    Api api;
    String project;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(mvc);
        project = api.newProject("series");
    }

    @Test
    void followsFirstParentsOldestFirstAndSkipsOtherBranches() throws Exception {
        api.upload(new Run(project, sha(1)).at("2026-01-01T00:00:00Z").result("launch.empty", "{\"args\":\"4\"}", "host_us", 3, 3, 3).json());
        api.upload(new Run(project, sha(2)).parent(sha(1)).at("2026-01-02T00:00:00Z").result("launch.empty", "{\"args\":\"4\"}", "host_us", 4, 4, 5).json());
        // a feature branch off sha(1) must not appear in main's history
        api.upload(new Run(project, sha(50)).branch("feature").parent(sha(1)).at("2026-01-02T12:00:00Z")
                .result("launch.empty", "{\"args\":\"4\"}", "host_us", 9, 9, 9).json());
        api.upload(new Run(project, sha(3)).parent(sha(2)).parent(sha(50)).at("2026-01-03T00:00:00Z")
                .result("launch.empty", "{\"args\":\"4\"}", "host_us", 5, 5, 5).json());

        api.get("/api/v1/projects/" + project + "/series?benchmark=launch.empty&metric=host_us&params=args=4")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.params.args", is("4")))
                .andExpect(jsonPath("$.unit", is("us")))
                .andExpect(jsonPath("$.points[*].sha", contains(sha(1), sha(2), sha(3))))
                .andExpect(jsonPath("$.points[1].median", is(4.0)))
                .andExpect(jsonPath("$.points[1].n", is(3)))
                .andExpect(jsonPath("$.points[0].environment", containsString("NVIDIA H100")));
        api.get("/api/v1/projects/" + project + "/commits?branch=main")
                .andExpect(jsonPath("$[*].sha", contains(sha(3), sha(2), sha(1))))
                .andExpect(jsonPath("$[0].parents", contains(sha(2), sha(50))));
    }

    @Test
    void bridgesCommitsThatWereNeverUploaded() throws Exception {
        api.upload(new Run(project, sha(1)).at("2026-01-01T00:00:00Z").result("b", "{}", "m", 1, 1, 1).json());
        // sha(2) was never measured: sha(3)'s parent is unknown to hostgap
        api.upload(new Run(project, sha(3)).parent(sha(2)).at("2026-01-03T00:00:00Z").result("b", "{}", "m", 2, 2, 2).json());
        api.get("/api/v1/projects/" + project + "/series?benchmark=b")
                .andExpect(jsonPath("$.points[*].sha", contains(sha(1), sha(3))));
    }

    @Test
    void poolsForksOfSeveralRunsAtOneCommit() throws Exception {
        api.upload(new Run(project, sha(1)).result("b", "{}", "m", 1, 2, 3).json());
        api.upload(new Run(project, sha(1)).result("b", "{}", "m", 4, 5).json());
        api.get("/api/v1/projects/" + project + "/series?benchmark=b")
                .andExpect(jsonPath("$.points[0].n", is(5)))
                .andExpect(jsonPath("$.points[0].median", is(3.0)));
    }

    @Test
    void asksWhichSeriesWhenSeveralMatch() throws Exception {
        api.upload(new Run(project, sha(1)).result("launch.empty", "{\"args\":\"0\"}", "m", 1, 1)
                .result("launch.empty", "{\"args\":\"4\"}", "m", 1, 1).json());
        api.get("/api/v1/projects/" + project + "/series?benchmark=launch.empty")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type", is("/problems/ambiguous-series")))
                .andExpect(jsonPath("$.detail", containsString("params=args=0 | params=args=4")));
        api.get("/api/v1/projects/" + project + "/series?benchmark=nope")
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type", is("/problems/unknown-series")));
    }

    @Test
    void windowsTheNewestCommitsAndNamesTheNextOlderWindow() throws Exception {
        for (int n = 1; n <= 5; n++) {
            Run run = new Run(project, sha(n)).at("2026-01-0" + n + "T00:00:00Z").result("b", "{}", "m", n, n, n);
            api.upload((n > 1 ? run.parent(sha(n - 1)) : run).json());
        }
        String series = "/api/v1/projects/" + project + "/series?benchmark=b&limit=2";
        api.get(series)
                .andExpect(jsonPath("$.points[*].sha", contains(sha(4), sha(5))))
                .andExpect(jsonPath("$.nextBefore", is(sha(4))));
        api.get(series + "&before=" + sha(4))
                .andExpect(jsonPath("$.points[*].sha", contains(sha(2), sha(3))))
                .andExpect(jsonPath("$.points[0].median", is(2.0)))
                .andExpect(jsonPath("$.nextBefore", is(sha(2))));
        api.get(series + "&before=" + sha(2))
                .andExpect(jsonPath("$.points[*].sha", contains(sha(1))))
                .andExpect(jsonPath("$.nextBefore", nullValue()));
        api.get(series + "&before=" + sha(1))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.points", hasSize(0)))
                .andExpect(jsonPath("$.nextBefore", nullValue()));
        api.get("/api/v1/projects/" + project + "/series?benchmark=b")
                .andExpect(jsonPath("$.points", hasSize(5)))
                .andExpect(jsonPath("$.nextBefore", nullValue()));
    }

    @Test
    void drawsOneRunFromItsSummaryAndPoolsTheForksOfSeveralSkippingFailures() throws Exception {
        api.upload(new Run(project, sha(1)).at("2026-01-01T00:00:00Z").result("b", "{}", "m", 1, 2, 3, 4, 10).json());
        api.upload(new Run(project, sha(2)).parent(sha(1)).at("2026-01-02T00:00:00Z").result("b", "{}", "m", 1, 2, 3).json());
        api.upload(new Run(project, sha(2)).at("2026-01-02T00:00:00Z").result("b", "{}", "m", 4, 5).json());
        api.upload(new Run(project, sha(2)).at("2026-01-02T00:00:00Z")
                .rawResult("{\"benchmark\":\"b\",\"version\":1,\"params\":{},\"metric\":\"m\",\"unit\":\"us\","
                        + "\"direction\":\"lower_is_better\",\"error\":\"CUDA_ERROR_LAUNCH_FAILED\"}").json());
        api.get("/api/v1/projects/" + project + "/series?benchmark=b")
                .andExpect(jsonPath("$.points[0].n", is(5)))
                .andExpect(jsonPath("$.points[0].median", is(3.0)))
                .andExpect(jsonPath("$.points[0].p10", closeTo(1.4, 1e-9)))
                .andExpect(jsonPath("$.points[0].p90", closeTo(7.6, 1e-9)))
                .andExpect(jsonPath("$.points[1].n", is(5)))
                .andExpect(jsonPath("$.points[1].median", is(3.0)))
                .andExpect(jsonPath("$.points[1].p90", closeTo(4.6, 1e-9)));
    }

    @Test
    void namesFailedWorkloadsAndTheRunAndMachineBehindEachPoint() throws Exception {
        api.upload(new Run(project, sha(1)).at("2026-01-01T00:00:00Z").result("b", "{}", "m", 1, 2, 3).json());
        api.upload(new Run(project, sha(2)).parent(sha(1)).at("2026-01-02T00:00:00Z")
                .rawResult("{\"benchmark\":\"b\",\"version\":1,\"params\":{},\"metric\":\"m\",\"unit\":\"us\","
                        + "\"direction\":\"lower_is_better\",\"error\":\"CUDA_ERROR_LAUNCH_FAILED\"}").json());
        api.get("/api/v1/projects/" + project + "/series?benchmark=b")
                .andExpect(jsonPath("$.points[*].sha", contains(sha(1))))
                .andExpect(jsonPath("$.points[0].runId", org.hamcrest.Matchers.notNullValue()))
                .andExpect(jsonPath("$.points[0].machine", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString())))
                .andExpect(jsonPath("$.points[0].throttled", is(false)))
                .andExpect(jsonPath("$.failures", hasSize(1)))
                .andExpect(jsonPath("$.failures[0].sha", is(sha(2))))
                .andExpect(jsonPath("$.failures[0].error", is("CUDA_ERROR_LAUNCH_FAILED")));
    }

    @Test
    void refusesHostileWindowValues() throws Exception {
        api.upload(new Run(project, sha(1)).result("b", "{}", "m", 1, 2).json());
        String series = "/api/v1/projects/" + project + "/series?benchmark=b";
        for (String bad : new String[] {"limit=0", "limit=-1", "limit=10001", "limit=1000000000000", "limit=ten", "before=",
                "limit=1%00", "before=-1", "before=1000000000000", "before=" + "ABCDEF".repeat(6) + "ABCD",
                "before=" + sha(1) + "%00", "before=" + sha(1).substring(1), "before=x%27%20or%201=1"}) {
            api.get(series + "&" + bad)
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type", is("/problems/invalid-parameter")));
        }
        api.get(series + "&before=" + sha(999))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type", is("/problems/unknown-commit")));
    }
}
