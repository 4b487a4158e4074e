package dev.hostgap.platform.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The series index on the H200 runs of one build (21 series) and three later commits that add nine
 * copy series and make graph.replay's host time 50% slower: every series a row, the search narrowing
 * the rows as it is typed and kept in the URL, each sparkline with one point a run, the stepped series
 * linking to its open change, every row to its chart, and on a phone.
 */
class SeriesIndexViewTest extends UiTestSupport {

    private static final int STEPPED_COMMITS = 3;

    /** How many changes await a decision in the project (graph.replay's, and any the machine starts made). */
    private int openChanges;

    @Test
    void listsEverySeriesSearchableWithSparklinesOpenChangesAndChartLinks() throws Exception {
        String project = data.newProject("series-index");
        List<String> shas = data.uploadH200Chain(project);
        uploadSlowerGraphReplay(project, shas.get(shas.size() - 1));
        JsonNode change = awaitOpenChange(project);
        JsonNode index = data.get("/api/v1/projects/" + project + "/series-index");
        assertThat(index.size()).as("21 H200 series and 9 copy series").isEqualTo(30);

        ui.open("#/p/" + project + "/series", "#series-list li.series-row[data-id]");
        assertThat(ui.all("#series-list li.series-row[data-id]")).hasSize(30);
        assertThat(ui.find("#series-count").getText()).isEqualTo("30 series");

        // one sparkline point a run level the API gives, the newest marked
        for (JsonNode s : index) {
            int levels = s.get("levels").size();
            WebElement row = ui.find("li.series-row[data-id='" + s.get("id").asLong() + "']");
            WebElement spark = row.findElement(org.openqa.selenium.By.cssSelector("svg.spark"));
            assertThat(spark.getDomAttribute("data-points")).isEqualTo(String.valueOf(levels));
            String points = (String) ui.script("return arguments[0].querySelector('polyline').getAttribute('points')", spark);
            assertThat(points.trim().split("\\s+")).as("polyline of " + s.get("benchmark").asString()).hasSize(levels);
            assertThat(row.getText()).contains(s.get("unit").asString());
        }
        JsonNode graph = find(index, "graph.replay", "host_us_per_op");
        assertThat(graph.get("levels").size()).isEqualTo(shas.size() + STEPPED_COMMITS);

        // the stepped series links to its change; every row to its chart
        WebElement graphRow = ui.find("li.series-row[data-id='" + graph.get("id").asLong() + "']");
        WebElement triage = graphRow.findElement(org.openqa.selenium.By.cssSelector(".change-cell a.triage"));
        assertThat(triage.getDomAttribute("href")).isEqualTo("#/p/" + project + "/regressions/" + change.get("id").asLong());
        assertThat(ui.all("#series-list .change-cell a.triage")).as("one link a change awaiting a decision").hasSize(openChanges);
        WebElement chart = graphRow.findElement(org.openqa.selenium.By.cssSelector("a.chart"));
        assertThat(chart.getDomAttribute("href")).isEqualTo("#/p/" + project + "/series/graph.replay/host_us_per_op/kernels%3D100");
        assertThat(ui.all("#series-list a.chart")).hasSize(30);
        ui.screenshotWholePage("series-index", 1280);
        ui.assertNoErrors("series index");

        // the search narrows the rows as typed, and the URL keeps it
        ui.find("#series-search").sendKeys("launch.ENQUEUE");
        ui.waitUntil(d -> ui.all("#series-list li.series-row[data-id]").size() == 6);
        assertThat(ui.driver.getCurrentUrl()).endsWith("#/p/" + project + "/series?q=launch.ENQUEUE");
        ui.find("#series-search").sendKeys(" args=4 host_us");
        ui.waitUntil(d -> ui.all("#series-list li.series-row[data-id]").size() == 1);
        assertThat(ui.find("#series-list li.series-row[data-id]").getText()).contains("launch.enqueue v", "args=4", "host_us_per_op");
        assertThat(ui.find("#series-count").getText()).isEqualTo("1 series match “launch.ENQUEUE args=4 host_us”");
        ui.find("#series-search").sendKeys(" nothing");
        ui.waitFor("#series-none");
        ui.assertNoErrors("series search");

        // a URL with a search opens narrowed; a row's links lead to its change and its chart
        ui.open("#/p/" + project + "/series?q=graph%20host", "#series-list li.series-row[data-id]");
        assertThat(ui.find("#series-search").getDomProperty("value")).isEqualTo("graph host");
        assertThat(ui.all("#series-list li.series-row[data-id]")).hasSize(2);
        ui.find("#series-list .change-cell a.triage").click();
        ui.waitUntil(d -> d.getCurrentUrl().endsWith("#/p/" + project + "/regressions/" + change.get("id").asLong()));
        ui.open("#/p/" + project + "/series?q=copy.h2d%20bytes=4096%20host_us", "#series-list li.series-row[data-id]");
        ui.find("#series-list a.chart").click();
        ui.waitUntil(d -> d.getCurrentUrl().endsWith("#/p/" + project + "/series/copy.h2d/host_us_per_op/bytes%3D4096"));

        // on a phone: nothing to scroll sideways
        ui.phone();
        ui.open("#/p/" + project + "/series", "#series-list li.series-row[data-id]");
        assertThat(ui.overflowsHorizontally()).as("the series index fits 390 px").isFalse();
        ui.screenshot("series-index-phone");
        ui.assertNoErrors("series index on a phone");
    }

    /** Three more commits of the build: graph.replay's host time 50% slower, and nine copy series. */
    private void uploadSlowerGraphReplay(String project, String parent) throws Exception {
        String last;
        try (var listing = Files.list(Path.of("../docs/gpu/2026-11-28-h200"))) {
            last = listing.map(f -> f.getFileName().toString()).filter(f -> f.matches("start\\d-\\d\\.json")).sorted()
                    .reduce((a, b) -> b).orElseThrow();
        }
        for (int i = 0; i < STEPPED_COMMITS; i++) {
            ObjectNode body = (ObjectNode) UiData.JSON.readTree(Files.readString(Path.of("../docs/gpu/2026-11-28-h200", last)));
            String sha = UiData.sha1(project + " slower " + i);
            body.put("project", project);
            body.put("runId", UUID.randomUUID().toString());
            ObjectNode commit = (ObjectNode) body.get("commit");
            commit.put("sha", sha);
            commit.put("timestamp", String.format(Locale.ROOT, "2026-11-%02dT09:00:00Z", 25 + i));
            commit.put("message", "graph: rebuild the graph on every replay " + i);
            commit.putArray("parents").add(parent);
            ArrayNode results = (ArrayNode) body.get("results");
            for (JsonNode r : results) {
                if (r.get("benchmark").asString().equals("graph.replay") && r.get("metric").asString().equals("host_us_per_op")) {
                    ArrayNode samples = (ArrayNode) r.get("samples");
                    for (int k = 0; k < samples.size(); k++) {
                        samples.set(k, samples.get(k).asDouble() * 1.5);
                    }
                }
            }
            for (String bytes : List.of("4096", "65536", "1048576")) {
                for (String metric : List.of("host_us_per_op", "gpu_us_per_op", "host_overhead_fraction")) {
                    results.add(UiData.JSON.readTree("""
                            {"benchmark":"copy.h2d","version":1,"params":{"bytes":"%s"},"metric":"%s","unit":"us",
                             "direction":"lower_is_better","samples":[%s,%s,%s]}""".formatted(bytes, metric,
                            1 + i * 0.01, 1.01 + i * 0.01, 0.99 + i * 0.01)));
                }
            }
            data.send("POST", "/api/v1/runs", body.toString(), 201);
            parent = sha;
        }
    }

    private JsonNode awaitOpenChange(String project) {
        List<JsonNode> found = new ArrayList<>();
        Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
            found.clear();
            for (JsonNode r : data.get("/api/v1/projects/" + project + "/regressions?kind=all&status=suspected,confirming,open")) {
                found.add(r);
            }
            return found.stream().anyMatch(r -> r.get("benchmark").asString().equals("graph.replay")
                    && r.get("metric").asString().equals("host_us_per_op"));
        });
        openChanges = found.size();
        return found.stream().filter(r -> r.get("benchmark").asString().equals("graph.replay")
                && r.get("metric").asString().equals("host_us_per_op")).findFirst().orElseThrow();
    }

    private static JsonNode find(JsonNode index, String benchmark, String metric) {
        for (JsonNode s : index) {
            if (s.get("benchmark").asString().equals(benchmark) && s.get("metric").asString().equals(metric)) {
                return s;
            }
        }
        throw new AssertionError("no series " + benchmark + " " + metric + " in " + index);
    }

}
