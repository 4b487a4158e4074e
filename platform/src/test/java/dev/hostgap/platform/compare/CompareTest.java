package dev.hostgap.platform.compare;

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
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@PlatformTest
class CompareTest {

    @Autowired
    MockMvc mvc;
    Api api;
    String project;

    static final double[] BASE = {3.50, 3.52, 3.49, 3.51, 3.50, 3.53, 3.48, 3.50};

    @BeforeEach
    void uploadBaseAndHead() throws Exception {
        api = new Api(mvc);
        project = api.newProject("compare");
        api.upload(new Run(project, sha(1))
                .result("launch.empty", "{\"args\":\"0\"}", "host_us", BASE)
                .result("launch.empty", "{\"args\":\"4\"}", "host_us", BASE)
                .result("graph.replay", "{\"K\":\"100\"}", "replays_per_s", "higher_is_better", 100, 101, 99, 100, 102, 98)
                .result("fusion.unfused", "{}", "host_us", 70, 71, 72)
                .json()).andExpect(status().isCreated());
        api.upload(new Run(project, sha(2)).parent(sha(1))
                .result("launch.empty", "{\"args\":\"0\"}", "host_us", 4.20, 4.22, 4.19, 4.21, 4.20, 4.23, 4.18, 4.20)
                .result("launch.empty", "{\"args\":\"4\"}", "host_us", 3.51, 3.49, 3.50, 3.52, 3.50, 3.51, 3.49, 3.50)
                .result("graph.replay", "{\"K\":\"100\"}", "replays_per_s", "higher_is_better", 120, 121, 119, 120, 122, 118)
                .result("fusion.unfused", "{}", "host_us", 90, 91, 92)
                .json()).andExpect(status().isCreated());
    }

    @Test
    void flagsRegressionImprovementUnchangedAndInsufficientDataByDirection() throws Exception {
        api.get("/api/v1/projects/" + project + "/compare?base=" + sha(1) + "&head=" + sha(2))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rows", hasSize(4)))
                .andExpect(jsonPath("$.rows[0].verdict", is("regression")))
                .andExpect(jsonPath("$.rows[0].params.args", is("0")))
                .andExpect(jsonPath("$.rows[0].changePercent", closeTo(20.0, 0.3)))
                .andExpect(jsonPath("$.rows[0].ciLowPercent", lessThan(20.0), Double.class))
                .andExpect(jsonPath("$.rows[0].pValue", lessThan(0.001), Double.class))
                .andExpect(jsonPath("$.rows[1].verdict", is("improvement")))
                .andExpect(jsonPath("$.rows[1].benchmark", is("graph.replay")))
                .andExpect(jsonPath("$.rows[2].verdict", is("unchanged")))
                // 3 forks against 3 can never reach p < 0.05, however large the change
                .andExpect(jsonPath("$.rows[3].verdict", is("insufficient_data")))
                .andExpect(jsonPath("$.rows[3].benchmark", is("fusion.unfused")));
    }

    @Test
    void rendersMarkdownForAPullRequestComment() throws Exception {
        api.get("/api/v1/projects/" + project + "/compare?base=" + sha(1) + "&head=" + sha(2) + "&format=markdown")
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/markdown"))
                .andExpect(content().string(containsString("**1 regressions**, 1 improvements, 1 unchanged, 1 insufficient data")))
                .andExpect(content().string(containsString("| regression | launch.empty v1 | args=0 | host_us |")));
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
