package dev.hostgap.platform.compare;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Compare keeps each series' noise estimate, and a new run of the series replaces it at once. */
@PlatformTest
class NoiseCacheTest {

    @Autowired
    MockMvc mvc;

    static double[] forks(double level) {
        return new double[] {level * 0.999, level, level * 1.001};
    }

    double noisePercent(Api api, String project) throws Exception {
        String body = api.get("/api/v1/projects/" + project + "/compare?base=" + sha(9) + "&head=" + sha(10))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return Double.parseDouble(body.replaceAll("(?s).*\"noisePercent\":([0-9.Ee+-]+).*", "$1"));
    }

    @Test
    void aNewRunOfTheSeriesIsInTheNextComparesNoise() throws Exception {
        Api api = new Api(mvc);
        String project = api.newProject("noise-cache");
        for (int n = 1; n <= 10; n++) {
            Run run = new Run(project, sha(n)).at(String.format(java.util.Locale.ROOT, "2026-11-%02dT10:00:00Z", n))
                    .result("launch.empty", "{\"args\":\"0\"}", "host_us", forks(3.5 * (n % 2 == 0 ? 1.002 : 0.998)));
            api.upload((n > 1 ? run.parent(sha(n - 1)) : run).json()).andExpect(status().isCreated());
        }
        double quiet = noisePercent(api, project);
        assertThat(noisePercent(api, project)).as("the same answer from the kept estimate").isEqualTo(quiet);
        // runs of the head commit that move by 10%: the noise of the series grows
        for (double level : new double[] {1.10, 0.90, 1.10, 0.90}) {
            api.upload(new Run(project, sha(10)).parent(sha(9)).at("2026-11-10T10:00:00Z")
                    .result("launch.empty", "{\"args\":\"0\"}", "host_us", forks(3.5 * level)).json())
                    .andExpect(status().isCreated());
        }
        assertThat(noisePercent(api, project)).isGreaterThan(3 * quiet);
    }
}
