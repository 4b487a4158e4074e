package dev.hostgap.platform.compare;

import java.util.ArrayList;
import java.util.List;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What a compare row rests on: the environments of both commits' runs and what differs between them,
 * and one series' fork samples run by run, asked for apart from the compare answer. The base is
 * measured twice (3 and 5 forks) on driver 580, the head once on it (4 forks) and once on driver 575, throttled.
 */
@PlatformTest
class CompareDetailTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String OLD_DRIVER = "580.159.04", NEW_DRIVER = "575.57.08";

    @Autowired
    MockMvc mvc;
    Api api;
    String project;

    @BeforeEach
    void uploadBaseTwiceAndHeadOnAnotherDriver() throws Exception {
        api = new Api(mvc);
        project = api.newProject("compare-detail");
        api.upload(new Run(project, sha(1)).result("launch.empty", "{}", "host_us", 3.0, 3.1, 3.2)
                .result("launch.enqueue", "{}", "host_us", 5.0, 5.1, 5.2).json()).andExpect(status().isCreated());
        api.upload(new Run(project, sha(1)).result("launch.empty", "{}", "host_us", 3.3, 3.4, 3.5, 3.6, 3.7)
                .result("launch.enqueue", "{}", "host_us", 5.0, 5.1, 5.2).json()).andExpect(status().isCreated());
        api.upload(new Run(project, sha(2)).parent(sha(1)).result("launch.empty", "{}", "host_us", 4.0, 4.1, 4.2, 4.3)
                .result("launch.enqueue", "{}", "host_us", 5.0, 5.1, 5.2).json()).andExpect(status().isCreated());
        // the head also on a node whose driver was updated: its series are other series (the driver is in the class)
        api.upload(new Run(project, sha(2)).parent(sha(1)).result("launch.empty", "{}", "host_us", 9.0, 9.1)
                .result("launch.enqueue", "{}", "host_us", 5.0, 5.1, 5.2).json()
                .replace(OLD_DRIVER, NEW_DRIVER).replace("\"sm_clock_mhz\":\"1980\"", "\"sm_clock_mhz\":\"1980\",\"throttled\":\"true\""))
                .andExpect(status().isCreated());
    }

    JsonNode get(String url) throws Exception {
        return JSON.readTree(api.get(url).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    @Test
    void listsBothEnvironmentsAndOnlyWhatDiffers() throws Exception {
        JsonNode env = get("/api/v1/projects/" + project + "/compare?base=" + sha(1) + "&head=" + sha(2)).get("environments");
        assertThat(env.get("base").get("driver").asString()).isEqualTo(OLD_DRIVER);
        assertThat(env.get("head").get("driver").asString()).as("in upload order").isEqualTo(OLD_DRIVER + ", " + NEW_DRIVER);
        assertThat(env.get("head").get("gpu").asString()).isEqualTo(env.get("base").get("gpu").asString());
        assertThat(env.get("head").get("throttled").asString()).isEqualTo("true");
        assertThat(env.get("base").has("throttled")).isFalse();
        List<String> differing = new ArrayList<>();
        env.get("differing").forEach(d -> differing.add(d.asString()));
        assertThat(differing).as("fields first, then attributes").containsExactly("driver", "throttled");

        JsonNode same = get("/api/v1/projects/" + project + "/compare?base=" + sha(1) + "&head=" + sha(1)).get("environments");
        assertThat(same.get("differing")).isEmpty();
        assertThat(same.get("base").get("sm_clock_mhz").asString()).isEqualTo("1980");
    }

    @Test
    void answersOneSeriesSamplesRunByRunForBothSides() throws Exception {
        JsonNode report = get("/api/v1/projects/" + project + "/compare?base=" + sha(1) + "&head=" + sha(2));
        JsonNode row = null;
        for (JsonNode r : report.get("rows")) {
            if (r.get("benchmark").asString().equals("launch.empty") && r.get("environment").asString().contains(OLD_DRIVER)) {
                row = r;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.has("baseRuns")).isTrue();
        long series = row.get("series").asLong();
        assertThat(series).isPositive();

        JsonNode samples = get("/api/v1/projects/" + project + "/compare/samples?base=" + sha(1)
                + "&head=" + sha(2) + "&series=" + series);
        assertThat(samples.get("benchmark").asString()).isEqualTo("launch.empty");
        assertThat(samples.get("unit").asString()).isEqualTo("us");
        assertThat(samples.get("base").asString()).isEqualTo(sha(1));
        assertThat(samples.get("baseRuns")).hasSize(2);
        assertThat(samples.get("baseRuns").get(0).get("samples")).hasSize(3);
        assertThat(samples.get("baseRuns").get(1).get("samples")).hasSize(5);
        assertThat(samples.get("baseRuns").get(1).get("samples").get(4).asDouble()).isEqualTo(3.7);
        assertThat(samples.get("headRuns")).hasSize(1);
        assertThat(samples.get("headRuns").get(0).get("samples")).hasSize(4);
        assertThat(samples.get("headRuns").get(0).get("machine").asString()).isEqualTo("node-7");
        assertThat(samples.get("headRuns").get(0).get("median").asDouble()).isEqualTo(4.15);
    }

    @Test
    void refusesASeriesOfAnotherProject() throws Exception {
        JsonNode row = get("/api/v1/projects/" + project + "/compare?base=" + sha(1) + "&head=" + sha(2)).get("rows").get(0);
        String other = api.newProject("compare-detail-other");
        api.upload(new Run(other, sha(1)).result("launch.empty", "{}", "host_us", 1.0).json()).andExpect(status().isCreated());
        api.get("/api/v1/projects/" + other + "/compare/samples?base=" + sha(1) + "&head=" + sha(1) + "&series="
                        + row.get("series").asLong())
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.type", is("/problems/unknown-series")));
    }
}
