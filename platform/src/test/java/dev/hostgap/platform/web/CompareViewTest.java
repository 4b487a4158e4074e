package dev.hostgap.platform.web;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Compare in the browser: the API's verdicts, a shareable link, and 1,500 rows filtered, sorted and paged. */
class CompareViewTest extends UiTestSupport {

    private static final String BASE = "1111111111111111111111111111111111111111";
    private static final String HEAD = "2222222222222222222222222222222222222222";
    private static final int SERIES = 1_500;

    @Test
    void showsTheSameVerdictsAsTheApiAtAShareableLink() throws Exception {
        String project = data.newProject("compare");
        data.uploadReadmeExample(project);

        ui.open("#/p/" + project, "#runs");
        ui.find("#commits tbody tr[data-sha='" + HEAD + "'] a[href*='compare?base=']").click(); // the head against its parent
        ui.waitFor("#compare tbody tr");
        assertThat(ui.driver.getCurrentUrl()).endsWith("#/p/" + project + "/compare?base=" + BASE + "&head=" + HEAD);

        JsonNode report = data.get("/api/v1/projects/" + project + "/compare?base=" + BASE + "&head=" + HEAD);
        Map<String, Integer> api = new HashMap<>();
        report.get("rows").forEach(r -> api.merge(r.get("verdict").asString(), 1, Integer::sum));
        Map<String, Integer> shown = new HashMap<>();
        ui.all("#compare tbody [data-verdict]").forEach(v -> shown.merge(v.getText(), 1, Integer::sum));
        assertThat(shown).isEqualTo(api).containsEntry("regression", 1).containsEntry("improvement", 1);
        // regressions first, as the API orders them
        assertThat(ui.find("#compare tbody tr").getDomAttribute("class")).isEqualTo("regression");
        assertThat(ui.find("#compare tbody tr").getText()).contains("launch.empty v1", "args=4", UiData.README_REGRESSION,
                UiData.README_BASE_RUNS + " → 1");
        assertThat(ui.find("#summary").getText()).isEqualTo("1 regressions, 1 improvements, 2 unchanged, "
                + "0 insufficient history, 0 insufficient data");
        ui.screenshot("compare");
        ui.assertNoErrors("compare");
        ui.phone();
        ui.open("#/p/" + project + "/compare?base=" + BASE + "&head=" + HEAD, "#compare tbody tr.regression");
        assertThat(ui.overflowsHorizontally()).as("compare fits 390 px; its table scrolls inside").isFalse();
        ui.screenshot("compare-phone");
        ui.desktop();

        // the link alone opens the same comparison
        ui.open("#/", "#projects");
        ui.open("#/p/" + project + "/compare?base=" + BASE + "&head=" + HEAD, "#compare tbody tr.regression");
        assertThat(ui.all("#compare tbody tr")).hasSize(report.get("rows").size());
        ui.assertNoErrors("compare from a link");
    }

    @Test
    void pagesSortsAndFiltersFifteenHundredRows() throws Exception {
        String project = data.newProject("compare-many");
        data.send("POST", "/api/v1/runs", manySeries(project, BASE, null, i -> 10.0), 201);
        data.send("POST", "/api/v1/runs", manySeries(project, HEAD, BASE, i -> 10.0 + (i % 50) * 0.1), 201);

        ui.open("#/p/" + project + "/compare?base=" + BASE + "&head=" + HEAD, "#compare tbody tr");
        assertThat(ui.all("#compare tbody tr")).hasSize(100);
        assertThat(pageInfo()).isEqualTo("rows 1–100 of 1,500 · page 1 of 15");
        ui.find("#compare-next").click();
        assertThat(pageInfo()).startsWith("rows 101–200 of 1,500");
        assertThat(ui.all("#compare tbody tr")).hasSize(100);

        // verdict counts: every option of the verdict filter against the API's rows
        JsonNode report = data.get("/api/v1/projects/" + project + "/compare?base=" + BASE + "&head=" + HEAD);
        Map<String, Integer> api = new HashMap<>();
        report.get("rows").forEach(r -> api.merge(r.get("verdict").asString(), 1, Integer::sum));
        Select verdict = new Select(ui.find("#verdict-filter"));
        for (String v : List.of("regression", "improvement", "unchanged", "insufficient_history", "insufficient_data")) {
            verdict.selectByValue(v);
            int count = api.getOrDefault(v, 0);
            assertThat(pageInfo()).as(v)
                    .isEqualTo(count == 0 ? "0 rows" : "rows 1–" + Math.min(count, 100) + " of " + String.format(Locale.ROOT, "%,d", count)
                            + " · page 1 of " + ((count + 99) / 100));
        }
        verdict.selectByValue("");

        // sort by change: smallest first, then largest first
        ui.find("button.sort[data-column='change']").click();
        assertThat(changeOfFirstRow()).isEqualTo("0.00%");
        ui.find("button.sort[data-column='change']").click();
        assertThat(changeOfFirstRow()).isEqualTo("+49.00%");

        // a text filter on params
        WebElement filter = ui.find("#compare-filter");
        filter.sendKeys("i=1499");
        ui.waitUntil(d -> ui.all("#compare tbody tr").size() == 1);
        assertThat(ui.find("#compare tbody tr").getText()).contains("synthetic.op v1", "i=1499");
        assertThat(ui.find("#compare-shown").getText()).isEqualTo("1 of 1,500 rows match");
        ui.assertNoErrors("compare of 1,500 rows");
    }

    /** The pager's line, also while the pager is hidden (one page or none). */
    private String pageInfo() {
        return ui.find("#compare-page-info").getDomProperty("textContent");
    }

    private String changeOfFirstRow() {
        return ui.find("#compare tbody tr td:nth-child(7)").getText();
    }

    private static String manySeries(String project, String sha, String parent, java.util.function.IntToDoubleFunction level) {
        StringBuilder results = new StringBuilder();
        for (int i = 0; i < SERIES; i++) {
            double v = level.applyAsDouble(i);
            results.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"benchmark\":\"synthetic.op\",\"version\":1,"
                    + "\"params\":{\"i\":\"%d\"},\"metric\":\"host_us\",\"unit\":\"us\",\"direction\":\"lower_is_better\","
                    + "\"samples\":[%s,%s,%s]}", i, v, v, v));
        }
        return "{\"schemaVersion\":\"1.0\",\"runId\":\"" + UUID.randomUUID() + "\",\"project\":\"" + project + "\","
                + "\"commit\":{\"sha\":\"" + sha + "\",\"branch\":\"main\",\"parents\":[" + (parent == null ? "" : "\"" + parent + "\"") + "]},"
                + "\"environment\":{\"gpu\":\"NVIDIA H200\",\"driver\":\"580.159.04\",\"cuda\":\"13.0\",\"runtime\":\"jcuda-12.6.0\","
                + "\"jvm\":\"17\",\"host\":\"node-7\"},\"results\":[" + results + "]}";
    }
}
