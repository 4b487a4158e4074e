package dev.hostgap.platform.web;

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
import static org.assertj.core.api.Assertions.entry;

/**
 * The series chart with the benchmark's other parameter sets overlaid, a workload version bump joined
 * into one history and an environment change: launch.enqueue at args=0, 4 and 16 on eight commits; args=4
 * moves to version 2 at the fourth commit, every series moves from an H100 to an H200 at the sixth, and
 * args=16 was not measured at the second.
 */
class SeriesOverlayViewTest extends UiTestSupport {

    private static final int COMMITS = 8;
    private static final int VERSION_BUMP = 3;
    private static final int NEW_GPU = 5;
    private static final int ARGS16_MISSING = 1;

    private static final List<String> MESSAGES = List.of("enqueue: first cut", "enqueue: name the argument buffers",
            "docs: enqueue costs", "enqueue: pack arguments once (launch.enqueue args=4 is version 2)", "enqueue: fewer branches",
            "runner moved to an H200 node", "enqueue: inline the small path", "tests: enqueue edge cases");

    private static final String RUN = """
            {"schemaVersion":"1.0","runId":"%s","project":"%s",
             "commit":{"sha":"%s","branch":"main","parents":[%s],"timestamp":"%s","message":"%s"},
             "environment":{"gpu":"%s","driver":"580.159.04","cuda":"13.0","runtime":"jcuda-12.6.0","jvm":"17","host":"node-7"},
             "results":[%s]}
            """;
    private static final String RESULT = """
            {"benchmark":"launch.enqueue","version":%d,"params":{"args":"%s"},"metric":"host_us_per_op","unit":"us",
             "direction":"lower_is_better","samples":[%s]}
            """;

    private List<String> shas;

    @Test
    void overlaysOtherParamsAndMarksVersionAndEnvironmentChanges() throws Exception {
        String project = data.newProject("overlay");
        shas = uploadHistory(project);

        ui.open("#/p/" + project + "/series/launch.enqueue/host_us_per_op/args=4", "#series-chart .uplot canvas");
        assertThat(ui.find("h1").getText()).isEqualTo("launch.enqueue v1, v2");
        assertThat(ui.all("#overlay input[type=checkbox]")).hasSize(3);
        assertThat(ui.find("#overlay input[value='args=4']").isSelected()).isTrue();
        assertThat(ui.find("#overlay input[value='args=4']").isEnabled()).isFalse();
        assertThat(pointsPerLine()).containsOnly(entry("median", (long) COMMITS)); // v1 and v2 as one line
        assertChangesAt("args=4");
        ui.assertNoErrors("series chart with a version and an environment change");

        ui.find("#overlay input[value='args=0']").click();
        ui.waitUntil(d -> d.getCurrentUrl().endsWith("?with=args=0"));
        ui.waitUntil(d -> pointsPerLine().size() == 2);
        ui.find("#overlay input[value='args=16']").click();
        ui.waitUntil(d -> d.getCurrentUrl().endsWith("?with=args=0&with=args=16"));
        ui.waitUntil(d -> pointsPerLine().size() == 3);
        assertOverlay();
        ui.assertNoErrors("series chart with three params");
        assertThat(hover(COMMITS - 1)).contains("args=4: 4.", "args=0: 2.", "args=16: 6.");
        ui.screenshot("series-overlay");

        // drag to zoom onto the commits around the version bump, double-click to see them all again
        WebElement over = ui.find("#series-chart .u-over");
        new Actions(ui.driver).moveToElement(over, xOffset(VERSION_BUMP - 1), 0).clickAndHold()
                .moveToElement(over, xOffset(NEW_GPU), 0).release().perform();
        ui.waitUntil(d -> xRange().get(0) >= 1 && xRange().get(1) <= 6);
        new Actions(ui.driver).moveToElement(over, 0, 0).doubleClick().perform();
        ui.waitUntil(d -> xRange().get(0) < 0 && xRange().get(1) > COMMITS - 1);

        // unticking a line takes it off the chart and out of the address
        ui.find("#overlay input[value='args=0']").click();
        ui.waitUntil(d -> d.getCurrentUrl().endsWith("?with=args=16"));
        ui.waitUntil(d -> pointsPerLine().keySet().equals(java.util.Set.of("args=4", "args=16")));
        ui.driver.navigate().back();
        ui.waitUntil(d -> pointsPerLine().size() == 3);
        ui.assertNoErrors("series chart, zoomed and unticked");

        // the address is the view: opened afresh, it shows the same three lines
        String route = ui.driver.getCurrentUrl().substring(ui.driver.getCurrentUrl().indexOf('#'));
        ui.open(route, "#series-chart .uplot canvas");
        assertOverlay();
        ui.assertNoErrors("series chart with three params, from its address");

        ui.colorScheme("dark");
        ui.open(route, "#series-chart .uplot canvas");
        assertThat(pointsPerLine()).hasSize(3);
        ui.screenshot("series-overlay-dark");
        ui.assertNoErrors("series chart with three params, dark");
        ui.colorScheme("light");
    }

    private void assertOverlay() {
        assertThat(pointsPerLine()).containsOnly(entry("args=4", (long) COMMITS), entry("args=0", (long) COMMITS), entry("args=16", (long) COMMITS - 1));
        assertThat(ui.find("#series-chart").getDomAttribute("data-points")).isEqualTo(String.valueOf(COMMITS));
        assertThat(ui.all("#series-chart .u-legend .u-series:not(.edge) .u-label").stream().map(WebElement::getText))
                .containsExactly("commit", "args=4", "args=0", "args=16");
        assertThat(ui.all("#overlay input:checked")).hasSize(3);
        assertChangesAt("args=4; args=0; args=16");
        assertThat(ui.all("#points tr")).hasSize(1 + 3 * COMMITS - 1);

        // hovering the commit that moved to the H200: each line's value and the change
        assertThat(hover(NEW_GPU)).contains(shas.get(NEW_GPU).substring(0, 10), "args=4: 4.", "args=0: 2.", "args=16: 6.", ", v2",
                "environment change: NVIDIA H100 80GB HBM3 → NVIDIA H200");
    }

    /** Moves the mouse onto the commit at the index and answers the tooltip's text. */
    private String hover(int index) {
        new Actions(ui.driver).moveToElement(ui.find("#series-chart .u-over"), xOffset(index), 0).perform();
        ui.waitUntil(d -> ui.find("#series-chart .chart-tip").isDisplayed()
                && ui.find("#series-chart .chart-tip").getText().contains(shas.get(index).substring(0, 10)));
        return ui.find("#series-chart .chart-tip").getText();
    }

    /** The offset from the plot's centre, as Selenium moves the mouse, of the commit at the index. */
    private int xOffset(int index) {
        long x = (Long) ui.script("return Math.round(document.getElementById('series-chart').uplot.valToPos(arguments[0], 'x'));", index);
        return (int) x - ui.find("#series-chart .u-over").getSize().getWidth() / 2;
    }

    @SuppressWarnings("unchecked")
    private List<Double> xRange() {
        return ((List<Number>) ui.script("const x = document.getElementById('series-chart').uplot.scales.x; return [x.min, x.max];"))
                .stream().map(Number::doubleValue).toList();
    }

    /** The version change of args=4 and the environment change of every line, at their commits on the x axis. */
    private void assertChangesAt(String environmentParams) {
        JsonNode changes = UiData.JSON.readTree(ui.find("#series-chart").getDomAttribute("data-changes"));
        assertThat(changes).hasSize(2);
        String suffix = environmentParams.contains(";") ? " (" + environmentParams + ")" : "";
        assertThat(changes.get(0).get("kind").asString()).isEqualTo("version");
        assertThat(changes.get(0).get("sha").asString()).isEqualTo(shas.get(VERSION_BUMP));
        assertThat(changes.get(0).get("index").asInt()).isEqualTo(VERSION_BUMP);
        assertThat(changes.get(0).get("text").asString()).isEqualTo("v1 → v2" + (suffix.isEmpty() ? "" : " (args=4)"));
        assertThat(changes.get(1).get("kind").asString()).isEqualTo("environment");
        assertThat(changes.get(1).get("sha").asString()).isEqualTo(shas.get(NEW_GPU));
        assertThat(changes.get(1).get("index").asInt()).isEqualTo(NEW_GPU);
        assertThat(changes.get(1).get("text").asString()).isEqualTo("NVIDIA H100 80GB HBM3 → NVIDIA H200" + suffix);
        // the chart's x value at those indexes is the commit: the axis is the commits measured by any line
        assertThat(ui.script("const u = document.getElementById('series-chart').uplot; return [u.data[0][arguments[0]], u.data[0][arguments[1]], u.data[0].length];",
                VERSION_BUMP, NEW_GPU)).isEqualTo(List.of((long) VERSION_BUMP, (long) NEW_GPU, (long) COMMITS));
        assertThat(ui.find("#changes li[data-kind=version]").getDomAttribute("data-sha")).isEqualTo(shas.get(VERSION_BUMP));
        assertThat(ui.find("#changes li[data-kind=environment]").getText())
                .isEqualTo("environment change at " + shas.get(NEW_GPU).substring(0, 10) + ": NVIDIA H100 80GB HBM3 → NVIDIA H200" + suffix);
    }

    /** Per drawn median line (uPlot's series label), how many commits it has a value at, read from the uPlot instance. */
    @SuppressWarnings("unchecked")
    private Map<String, Long> pointsPerLine() {
        return (Map<String, Long>) ui.script("""
                const u = document.getElementById('series-chart')?.uplot;
                if (!u) return {};
                const lines = {};
                u.series.forEach((s, i) => { if (i > 0 && s.class !== 'edge') lines[s.label] = u.data[i].filter(v => v != null).length; });
                return lines;
                """);
    }

    /** Eight commits, a day apart: levels 2, 4 and 6 us at args=0, 4 and 16 (4.5 from args=4's version 2). */
    private List<String> uploadHistory(String project) throws Exception {
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < COMMITS; i++) {
            String sha = UiData.sha1(project + " " + i);
            List<String> results = new ArrayList<>();
            results.add(RESULT.formatted(1, "0", samples(2.0, i)));
            results.add(RESULT.formatted(i < VERSION_BUMP ? 1 : 2, "4", samples(i < VERSION_BUMP ? 4.0 : 4.5, i)));
            if (i != ARGS16_MISSING) {
                results.add(RESULT.formatted(1, "16", samples(6.0, i)));
            }
            data.send("POST", "/api/v1/runs", RUN.formatted(UUID.randomUUID(), project, sha,
                    shas.isEmpty() ? "" : "\"" + shas.get(i - 1) + "\"", String.format(Locale.ROOT, "2026-11-%02dT09:00:00Z", 10 + i),
                    MESSAGES.get(i),
                    i < NEW_GPU ? "NVIDIA H100 80GB HBM3" : "NVIDIA H200", String.join(",", results)), 201);
            shas.add(sha);
        }
        data.awaitJudged(project, COMMITS);
        return shas;
    }

    private static String samples(double level, int commit) {
        double at = level + 0.02 * (commit % 3);
        return String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%.3f,%.3f", at, at + 0.12, at - 0.1, at + 0.05, at - 0.04);
    }
}
