package dev.hostgap.platform.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The series chart shows the decision: graph.replay on three H200s that sit 1% apart (a sawtooth),
 * a +12% step at commit 12, a throttled run at 5, a failed workload at 8 and version 2 from 20 on.
 * The band is the level ± detection's threshold, the step has its before and after levels labelled
 * with its size and threshold, points are coloured by machine, and a click opens the point's links.
 */
class SeriesChartViewTest extends UiTestSupport {

    private static final int COMMITS = 22, STEP = 12, THROTTLED = 5, FAILED = 8, VERSION_BUMP = 20;
    private static final double[] MACHINE_LEVEL = {1.0, 1.01, 1.02};
    private static final double[] WOBBLE = {1.0, 1.004, 0.996, 1.002, 0.998};

    @Test
    void showsThresholdBandLevelsMachinesMarksAndLinks() throws Exception {
        String project = data.newProject("chart");
        List<String> shas = upload(project);
        JsonNode changes = data.get("/api/v1/projects/" + project + "/regressions?kind=all&benchmark=graph.replay");
        assertThat(changes).as("the step is detected").isNotEmpty();
        JsonNode change = changes.get(0);
        assertThat(change.get("firstBadCommit").asString()).isEqualTo(shas.get(STEP));
        data.send("PATCH", "/api/v1/regressions/" + change.get("id").asLong(),
                "{\"status\":\"acknowledged\",\"note\":\"replay re-records the graph\"}", 200);
        JsonNode series = data.get("/api/v1/projects/" + project + "/series?benchmark=graph.replay&metric=host_us_per_replay&params=nodes=64&version=1");
        double threshold = series.get("noise").get("thresholdPercent").asDouble();
        assertThat(threshold).isPositive();
        assertThat(series.get("failures")).hasSize(1);
        assertThat(series.get("failures").get(0).get("sha").asString()).isEqualTo(shas.get(FAILED));
        assertThat(series.get("points").get(THROTTLED).get("throttled").asBoolean()).isTrue();
        assertThat(series.get("points").get(0).get("throttled").asBoolean()).isFalse();
        assertThat(series.get("points").get(0).get("machine").asString()).isEqualTo("vm · GPU-00000000");

        ui.open("#/p/" + project + "/series/graph.replay/host_us_per_replay/nodes=64", "#series-chart .uplot canvas");
        // the band: the level ± the API's threshold, at every commit
        List<Map<String, Object>> band = bandAt();
        assertThat(band).hasSize(COMMITS);
        for (Map<String, Object> b : band) {
            double hi = ((Number) b.get("hi")).doubleValue(), lo = ((Number) b.get("lo")).doubleValue();
            assertThat(100 * (hi - lo) / (hi + lo)).isCloseTo(threshold, within(1e-6));
        }
        JsonNode levels = json("data-levels");
        assertThat(levels).hasSize(1);
        assertThat(levels.get(0).get("sha").asString()).isEqualTo(shas.get(STEP));
        assertThat(levels.get(0).get("head").asDouble()).isGreaterThan(levels.get(0).get("base").asDouble() * 1.08);
        assertThat(levels.get(0).get("label").asString()).isEqualTo(String.format(Locale.ROOT, "%+.1f%% (threshold ±%.1f%%)",
                change.get("changePercent").asDouble(), change.get("thresholdPercent").asDouble()));
        assertThat(json("data-machines")).hasSize(3);
        assertThat(ui.all("#series-chart .chart-key .machine")).hasSize(3);
        assertThat(json("data-throttled").toString()).isEqualTo("[" + THROTTLED + "]");
        assertThat(json("data-failures").toString()).isEqualTo("[" + FAILED + "]");
        assertThat(json("data-notes").get(0).get("note").asString()).isEqualTo("replay re-records the graph");
        assertThat(json("data-changes").get(0).get("kind").asString()).isEqualTo("version");
        assertThat(json("data-changes").get(0).get("index").asInt()).isEqualTo(VERSION_BUMP);
        assertThat(ui.find("#failures").getText()).contains(shas.get(FAILED).substring(0, 10), "cudaErrorLaunchTimeout");
        // y ticks: one number of decimals on every label
        JsonNode ticks = json("data-yticks");
        assertThat(ticks.size()).isGreaterThan(2);
        int decimals = decimals(ticks.get(0).asString());
        ticks.forEach(t -> assertThat(decimals(t.asString())).as(ticks.toString()).isEqualTo(decimals));

        // the tooltip, at the first bad commit, covers none of the points after it
        hover(STEP);
        assertThat(ui.find("#series-chart .chart-tip").getText()).contains(shas.get(STEP).substring(0, 10));
        assertThat((Boolean) ui.script("""
                const c = document.getElementById('series-chart'), u = c.uplot, tip = c.querySelector('.chart-tip').getBoundingClientRect();
                const o = u.over.getBoundingClientRect();
                for (let i = arguments[0]; i < u.data[0].length; i++) {
                  const v = u.data[1][i]; if (v == null) continue;
                  const x = o.left + u.valToPos(i, 'x'), y = o.top + u.valToPos(v, 'y');
                  if (x >= tip.left - 4 && x <= tip.right + 4 && y >= tip.top - 4 && y <= tip.bottom + 4) return true;
                }
                return false;""", STEP)).as("tooltip over a point after the step").isFalse();
        ui.assertNoErrors("series chart");
        ui.screenshot("series-chart");
        Files.createDirectories(Path.of("../docs/screenshots"));
        Files.copy(BrowserUi.SCREENSHOTS.resolve("series-chart.png"), Path.of("../docs/screenshots/series-chart.png"),
                StandardCopyOption.REPLACE_EXISTING);

        // a click on the first bad commit: its links
        new Actions(ui.driver).moveToElement(ui.find("#series-chart .u-over"), xOffset(STEP), 0).click().perform();
        ui.waitUntil(d -> ui.find("#point-panel").isDisplayed());
        assertThat(ui.find("#pick-run").getDomAttribute("href")).startsWith("#/runs/");
        assertThat(ui.find("#pick-commit").getDomAttribute("href")).isEqualTo("#/p/" + project + "/commits/" + shas.get(STEP));
        assertThat(ui.find("#pick-repo").getDomAttribute("href")).isEqualTo("https://github.com/acme/" + project + "/commit/" + shas.get(STEP));
        assertThat(ui.find("#pick-triage").getDomAttribute("href")).isEqualTo("#/p/" + project + "/regressions/" + change.get("id").asLong());
        assertThat(ui.find("#pick-compare").getDomAttribute("href"))
                .isEqualTo("#/p/" + project + "/compare?base=" + shas.get(STEP - 1) + "&head=" + shas.get(STEP));
        ui.find("#pick-compare").click();
        ui.waitUntil(d -> d.getCurrentUrl().contains("/compare?"));
        ui.waitFor("#base");
        ui.waitUntil(d -> shas.get(STEP - 1).equals(ui.find("#base").getDomProperty("value")));
        assertThat(ui.find("#head").getDomProperty("value")).isEqualTo(shas.get(STEP));
        ui.assertNoErrors("compare from the chart");

        ui.phone();
        ui.open("#/p/" + project + "/series/graph.replay/host_us_per_replay/nodes=64", "#series-chart .uplot canvas");
        assertThat((Boolean) ui.script("return document.documentElement.scrollWidth <= window.innerWidth")).as("no horizontal scroll").isTrue();
        ui.assertNoErrors("series chart on a phone");
    }

    private static int decimals(String label) {
        return label.contains(".") ? label.length() - label.indexOf('.') - 1 : 0;
    }

    private JsonNode json(String attribute) {
        return UiData.JSON.readTree(ui.find("#series-chart").getDomAttribute(attribute));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> bandAt() {
        return (List<Map<String, Object>>) ui.script("""
                const c = document.getElementById('series-chart'), u = c.uplot, [h, l] = JSON.parse(c.dataset.band).series;
                return u.data[0].map(i => ({ hi: u.data[h][i], lo: u.data[l][i] }));""");
    }

    private void hover(int index) {
        new Actions(ui.driver).moveToElement(ui.find("#series-chart .u-over"), xOffset(index), 0).perform();
        ui.waitUntil(d -> ui.find("#series-chart .chart-tip").isDisplayed());
    }

    private int xOffset(int index) {
        long x = (Long) ui.script("return Math.round(document.getElementById('series-chart').uplot.valToPos(arguments[0], 'x'));", index);
        return (int) x - ui.find("#series-chart .u-over").getSize().getWidth() / 2;
    }

    /** One run a commit, on machines 0, 1, 2 in turn, each judged before the next arrives. */
    private List<String> upload(String project) throws Exception {
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < COMMITS; i++) {
            String sha = UiData.sha1(project + " " + i);
            int machine = i % 3;
            double level = 52.0 * MACHINE_LEVEL[machine] * WOBBLE[i % WOBBLE.length] * (i >= STEP ? 1.12 : 1.0);
            String result = i == FAILED
                    ? "{\"benchmark\":\"graph.replay\",\"version\":1,\"params\":{\"nodes\":\"64\"},\"metric\":\"host_us_per_replay\","
                      + "\"unit\":\"us\",\"direction\":\"lower_is_better\",\"error\":\"cudaErrorLaunchTimeout\"}"
                    : """
                    {"benchmark":"graph.replay","version":%d,"params":{"nodes":"64"},"metric":"host_us_per_replay","unit":"us",
                     "direction":"lower_is_better","samples":[%s]}""".formatted(i >= VERSION_BUMP ? 2 : 1, forks(level));
            data.send("POST", "/api/v1/runs", """
                    {"schemaVersion":"1.0","runId":"%s","project":"%s",
                     "commit":{"sha":"%s","branch":"main","parents":[%s],"timestamp":"%s","message":"replay: change %d"},
                     "environment":{"gpu":"NVIDIA H200","driver":"580.159.04","cuda":"13.0","runtime":"jcuda-12.6.0","jvm":"17","host":"vm",
                       "attributes":{"gpu_uuid":"GPU-%08d-aaaa","throttled":"%s"}},
                     "results":[%s]}
                    """.formatted(UUID.randomUUID(), project, sha, shas.isEmpty() ? "" : "\"" + shas.get(i - 1) + "\"",
                    String.format(Locale.ROOT, "2026-12-01T%02d:00:00Z", i), i, machine, i == THROTTLED, result), 201);
            shas.add(sha);
            data.awaitJudged(project, shas.size());
        }
        return shas;
    }

    private static String forks(double level) {
        StringBuilder s = new StringBuilder();
        for (int f = 0; f < 5; f++) {
            s.append(f == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", level * (1 + (f - 2) * 0.002)));
        }
        return s.toString();
    }
}
