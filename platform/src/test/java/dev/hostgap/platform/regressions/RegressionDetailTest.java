package dev.hostgap.platform.regressions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * One regression as the triage page reads it: both commits' subjects and the series' levels around
 * the change, without asking for them, in the series' units. Thirty flat commits, then a 20% step
 * at commit 31 (more history than the detail's levels cover, so they are cut around the change).
 */
@PlatformTest
class RegressionDetailTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int STEP_AT = 31, LAST = 34;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    @Test
    void answersBothSubjectsAndTheLevelsAroundTheChange() throws Exception {
        Api api = new Api(mvc);
        String project = api.newProject("regression-detail");
        for (int n = 1; n <= LAST; n++) {
            double level = n >= STEP_AT ? 120 : 100;
            double[] forks = new double[5];
            for (int f = 0; f < forks.length; f++) {
                forks[f] = level * (1 + (((n * 7 + f * 3) % 7) - 3) * 0.001);
            }
            Run run = new Run(project, sha(n)).at(String.format(Locale.ROOT, "2026-03-%02dT%02d:00:00Z", 1 + n / 24, n % 24))
                    .result("launch.enqueue", "{\"args\":\"4\"}", "host_us", forks);
            api.upload((n > 1 ? run.parent(sha(n - 1)) : run).json()
                    .replace("\"message\":\"test\"", "\"message\":\"change " + n + "\\n\\nbody of " + n + "\""))
                    .andExpect(status().isCreated());
            Api.awaitJudged(jdbc, project);
        }
        long id = JSON.readTree(api.get("/api/v1/projects/" + project + "/regressions").andReturn().getResponse()
                .getContentAsString()).get(0).get("id").asLong();

        JsonNode r = detail(api, id);
        assertThat(r.get("firstBadCommit").asString()).isEqualTo(sha(STEP_AT));
        assertThat(r.get("lastGoodCommit").asString()).isEqualTo(sha(STEP_AT - 1));
        assertThat(r.get("firstBadMessage").asString()).isEqualTo("change " + STEP_AT);
        assertThat(r.get("lastGoodMessage").asString()).as("the subject line only").isEqualTo("change " + (STEP_AT - 1));
        assertThat(r.get("unit").asString()).isEqualTo("us");
        assertThat(r.get("baseLevel").asDouble()).isCloseTo(100, within(1.0));
        assertThat(r.get("headLevel").asDouble()).isCloseTo(120, within(1.2));

        List<String> shas = new ArrayList<>();
        r.get("levels").forEach(l -> shas.add(l.get("sha").asString()));
        int before = RegressionController.DETAIL_LEVELS / 2;
        assertThat(shas).as("half the levels before the change, the rest from it on (only %d measured)", LAST - STEP_AT + 1)
                .hasSize(before + LAST - STEP_AT + 1)
                .startsWith(sha(STEP_AT - before)).endsWith(sha(LAST)).contains(sha(STEP_AT - 1), sha(STEP_AT));
        JsonNode first = r.get("levels").get(shas.indexOf(sha(STEP_AT)));
        assertThat(first.get("median").asDouble()).isCloseTo(120, within(1.2));
        assertThat(r.get("levels").get(shas.indexOf(sha(STEP_AT - 1))).get("median").asDouble()).isCloseTo(100, within(1.0));

        // a status change answers the regression as before: its subjects, and no levels it was not asked for
        JsonNode changed = JSON.readTree(mvc.perform(patch("/api/v1/regressions/" + id)
                        .header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"status\":\"acknowledged\"}"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(changed.get("lastGoodMessage").asString()).isEqualTo("change " + (STEP_AT - 1));
        assertThat(changed.get("levels").isNull()).isTrue();
        assertThat(detail(api, id).get("levels")).hasSize(shas.size());
    }

    private static JsonNode detail(Api api, long id) throws Exception {
        return JSON.readTree(api.get("/api/v1/regressions/" + id).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString()).get("regression");
    }
}
