package dev.hostgap.platform.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Compare says why each threshold is what it is, and orders rows by how far each change came
 * against it. Twelve commits alternate between two hosts whose levels differ by 10%, then two heads:
 * one on the base's host, one on the other.
 */
@PlatformTest
class CompareExplainsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    Api api;
    String project;

    static String host(int n) {
        return n % 2 == 1 ? "node-7" : "node-8";
    }

    /** How run n moves around its level, in percent: irregular, as runs are (a repeating pattern has a MAD of 0). */
    static final double[] MOVES = {0, 1.5, -1.0, 2.0, -2.0, 0.5, -1.5, 1.0, -0.5, 2.5, -2.5, 0.8, -0.8, 1.2, -1.2};

    static double wobble(int n) {
        return 1 + MOVES[n] / 100;
    }

    static double[] forks(double level) {
        return new double[] {level * 0.999, level, level * 1.001};
    }

    @BeforeEach
    void uploadHistoryAndHeads() throws Exception {
        api = new Api(mvc);
        project = api.newProject("compare-explains");
        for (int n = 1; n <= 14; n++) {
            int m = n > 12 ? 11 : n; // both heads measure what commit 11 measured
            boolean otherHost = n == 14;
            Run run = new Run(project, sha(n)).at(String.format(Locale.ROOT, "2026-02-01T%02d:00:00Z", n))
                    .result("hosts", "{}", "host_us", forks((otherHost || host(n).equals("node-8") ? 11.0 : 10.0) * wobble(m)))
                    .result("quiet", "{}", "host_us", forks(5.0 * (1 + ((n * 3) % 5 - 2) * 0.0005)));
            if (n >= 7) {
                run.result("young", "{}", "host_us", forks(8.0 * wobble(n)));
            }
            if (n == 11 || n > 12) {
                run.result("newborn", "{}", "host_us", forks(n == 11 ? 2.0 : 2.2));
                // unchanged series in name order a, m, z; their changes against their thresholds in the order z, m, a
                run.result("a.flat", "{}", "host_us", forks(6.0));
                run.result("m.some", "{}", "host_us", forks(n == 11 ? 6.0 : 6.03));
                run.result("z.close", "{}", "host_us", forks(n == 11 ? 6.0 : 6.09));
                run.result("b.slower", "{}", "host_us", forks(n == 11 ? 6.0 : 7.8));
                run.result("c.faster", "{}", "host_us", forks(n == 11 ? 6.0 : 4.2));
            } else if (n > 1) {
                for (String name : new String[] {"a.flat", "m.some", "z.close", "b.slower", "c.faster"}) {
                    run.result(name, "{}", "host_us", forks(6.0 * (1 + ((n * 3) % 5 - 2) * 0.0005)));
                }
            }
            if (n > 1) {
                run.parent(sha(n == 14 ? 12 : n - 1));
            }
            api.upload(run.json().replace("\"host\":\"node-7\"", "\"host\":\"" + (otherHost ? "node-8" : host(n)) + "\""))
                    .andExpect(status().isCreated());
        }
    }

    JsonNode compare(int base, int head) throws Exception {
        return JSON.readTree(api.get("/api/v1/projects/" + project + "/compare?base=" + sha(base) + "&head=" + sha(head))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    static JsonNode row(JsonNode report, String benchmark) {
        for (JsonNode row : report.get("rows")) {
            if (row.get("benchmark").asString().equals(benchmark)) {
                return row;
            }
        }
        throw new AssertionError("no row " + benchmark + " in " + report);
    }

    @Test
    void saysWhetherBothSidesRanOnOneHostAndWidensTheThresholdOnlyWhereTheyDidNot() throws Exception {
        JsonNode sameHost = row(compare(11, 13), "hosts");
        JsonNode otherHost = row(compare(11, 14), "hosts");
        assertThat(sameHost.get("thresholdReason").asString()).isEqualTo("same host: run-to-run noise only");
        assertThat(otherHost.get("thresholdReason").asString()).isEqualTo("different hosts: host-to-host noise added");
        assertThat(otherHost.get("thresholdPercent").asDouble()).isGreaterThan(2 * sameHost.get("thresholdPercent").asDouble());
        assertThat(sameHost.get("baseMachines").values()).extracting(JsonNode::asString).containsExactly("node-7");
        assertThat(otherHost.get("headMachines").values()).extracting(JsonNode::asString).containsExactly("node-8");
    }

    @Test
    void saysWhenFewRunsWidenTheThresholdWhenThePracticalMinimumSetsItAndWhenTheNoiseIsUnknown() throws Exception {
        JsonNode report = compare(11, 13);
        assertThat(row(report, "young").get("historyRuns").asInt()).isEqualTo(8);
        assertThat(row(report, "young").get("thresholdReason").asString())
                .isEqualTo("same host: run-to-run noise only; few runs (8): widened for an uncertain noise");
        assertThat(row(report, "quiet").get("thresholdPercent").asDouble()).isEqualTo(2.0);
        assertThat(row(report, "quiet").get("thresholdReason").asString()).isEqualTo("practical minimum: the noise bound is below 2%");
        assertThat(row(report, "newborn").get("verdict").asString()).isEqualTo("insufficient_history");
        assertThat(row(report, "newborn").get("thresholdReason").asString()).isEqualTo("few runs: noise unknown below 6 runs (3 on record)");
    }

    @Test
    void ordersRowsByHowFarTheirChangeCameAgainstTheirThreshold() throws Exception {
        JsonNode report = compare(11, 13);
        List<String> names = new ArrayList<>();
        report.get("rows").forEach(r -> names.add(r.get("benchmark").asString()));
        assertThat(names.subList(0, 2)).containsExactly("b.slower", "c.faster");
        assertThat(names).containsSubsequence("z.close", "m.some", "a.flat");
        assertThat(names.get(names.size() - 1)).isEqualTo("newborn");
        String previousVerdict = "";
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode r : report.get("rows")) {
            if (r.get("thresholdPercent").isNull()) {
                continue;
            }
            double closeness = Math.abs(r.get("changePercent").asDouble()) / r.get("thresholdPercent").asDouble();
            if (r.get("verdict").asString().equals(previousVerdict)) {
                assertThat(closeness).as(r.get("benchmark").asString()).isLessThanOrEqualTo(previous);
            }
            previousVerdict = r.get("verdict").asString();
            previous = closeness;
        }
    }
}
