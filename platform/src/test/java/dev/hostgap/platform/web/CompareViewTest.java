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
        assertThat(ui.find("#summary").getText()).isEqualTo("1 regression, 1 improvement, 2 unchanged, "
                + "0 insufficient history, 0 insufficient data");
        // each threshold says why it is what it is, and the machine column names the one host of both sides
        assertThat(ui.find("#compare tbody tr .threshold-reason").getText()).isEqualTo(
                report.get("rows").get(0).get("thresholdReason").asString()).isNotBlank();
        assertThat(ui.find("#compare tbody tr td.machine").getText()).isEqualTo("gpu-node-1 → gpu-node-1");
        ui.screenshot("compare");
        ui.assertNoErrors("compare");
        ui.phone();
        ui.open("#/p/" + project + "/compare?base=" + BASE + "&head=" + HEAD, "#compare tbody tr.regression");
        assertThat(ui.overflowsHorizontally()).as("compare fits 390 px").isFalse();
        assertFits("390 px");
        assertVerdictAndChangeLeadEachRow();
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

    /**
     * The H200 runs of one build on three machines: a comparison across two of them, opened from a link
     * with 10- and 7-character shas, gives each row its threshold's reason and its machines, in the
     * API's order (by how far each change came against its threshold), and fits 1280 px, 1440 px and a phone.
     */
    @Test
    void explainsEachThresholdInTheApisOrderAndFitsEveryWidth() throws Exception {
        String project = data.newProject("compare-h200");
        List<String> shas = data.uploadH200Chain(project);
        String base = shas.get(3), head = shas.get(4); // start1-4 → start2-1: another GPU
        JsonNode report = data.get("/api/v1/projects/" + project + "/compare?base=" + base + "&head=" + head);

        ui.open("#/p/" + project + "/compare?base=" + base.substring(0, 10) + "&head=" + head.substring(0, 7).toUpperCase(Locale.ROOT),
                "#compare tbody tr");
        assertThat(ui.find("#base").getDomProperty("value")).isEqualTo(base);
        assertThat(ui.find("#head").getDomProperty("value")).isEqualTo(head);
        List<WebElement> rows = ui.all("#compare tbody tr");
        assertThat(rows).hasSize(report.get("rows").size()).hasSizeGreaterThan(10);
        List<String> apiOrder = new java.util.ArrayList<>();
        List<String> apiReasons = new java.util.ArrayList<>();
        report.get("rows").forEach(r -> {
            apiOrder.add(r.get("benchmark").asString() + " v" + r.get("version").asInt());
            apiReasons.add(r.get("thresholdReason").isNull() ? "" : r.get("thresholdReason").asString());
        });
        assertThat(rows).extracting(r -> r.findElement(org.openqa.selenium.By.cssSelector("td.series a")).getText())
                .containsExactlyElementsOf(apiOrder);
        assertThat(rows).extracting(r -> r.findElements(org.openqa.selenium.By.cssSelector(".threshold-reason")).stream()
                .map(WebElement::getText).findFirst().orElse("")).containsExactlyElementsOf(apiReasons);
        assertThat(apiReasons).anyMatch(reason -> reason.startsWith("different hosts"));
        assertThat(rows.get(0).findElement(org.openqa.selenium.By.cssSelector("td.machine")).getText())
                .isEqualTo("GPU-0870f3d2 → GPU-b48b9072");
        // the unchanged rows closest to their thresholds first, not by name
        double previous = Double.POSITIVE_INFINITY;
        int unchanged = 0;
        for (JsonNode r : report.get("rows")) {
            if (r.get("verdict").asString().equals("unchanged") && !r.get("thresholdPercent").isNull()) {
                double closeness = Math.abs(r.get("changePercent").asDouble()) / r.get("thresholdPercent").asDouble();
                assertThat(closeness).as(r.get("benchmark").asString()).isLessThanOrEqualTo(previous);
                previous = closeness;
                unchanged++;
            }
        }
        assertThat(unchanged).isGreaterThan(5);

        assertFits("1280 px");
        ui.screenshot("compare-h200-1280");
        ui.screenshotWholePage("compare-h200-1440", 1440); // leaves the viewport 1440 px wide
        assertThat((Long) ui.script("return window.innerWidth")).isEqualTo(1440L);
        assertFits("1440 px");
        ui.phone();
        assertThat(ui.overflowsHorizontally()).as("compare fits 390 px").isFalse();
        assertFits("390 px");
        assertVerdictAndChangeLeadEachRow();
        ui.screenshot("compare-h200-phone");
        ui.desktop();
        ui.assertNoErrors("compare across machines");
    }

    /** No column hidden behind a scroll: the table no wider than its frame, every header inside the viewport. */
    private void assertFits(String width) {
        assertThat((Boolean) ui.script("const t = document.getElementById('compare');"
                + "return t.scrollWidth <= t.parentElement.clientWidth + 1 && t.parentElement.scrollWidth <= t.parentElement.clientWidth + 1"))
                .as("the compare table fits its frame at " + width).isTrue();
        assertThat((Boolean) ui.script("return [...document.querySelectorAll('#compare th, #compare tbody tr:first-child td')]"
                + ".every(c => c.getBoundingClientRect().right <= window.innerWidth + 1)"))
                .as("every column inside the viewport at " + width).isTrue();
    }

    /** On a phone each row starts with its verdict and its change, side by side, above everything else in it. */
    private void assertVerdictAndChangeLeadEachRow() {
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) ui.script("""
                const cells = [...document.querySelector('#compare tbody tr').children];
                const box = c => c.getBoundingClientRect();
                const verdict = box(cells[0]), change = box(cells[2]);
                return { verdictTop: verdict.top, changeTop: change.top, changeRight: change.right, width: window.innerWidth,
                         others: Math.min(...cells.filter((c, i) => i !== 0 && i !== 2).map(c => box(c).top)),
                         change: cells[2].innerText };""");
        double verdictTop = ((Number) first.get("verdictTop")).doubleValue(), changeTop = ((Number) first.get("changeTop")).doubleValue();
        assertThat(Math.abs(verdictTop - changeTop)).as("verdict and change on one line").isLessThan(4);
        assertThat(((Number) first.get("others")).doubleValue()).as("the rest below them").isGreaterThan(changeTop + 4);
        assertThat(((Number) first.get("changeRight")).doubleValue()).isLessThanOrEqualTo(((Number) first.get("width")).doubleValue());
        assertThat((String) first.get("change")).matches("[+-]?\\d+\\.\\d\\d%|–");
        assertThat(ui.find("#compare tbody tr [data-verdict]").isDisplayed()).isTrue();
    }

    /** The pager's line, also while the pager is hidden (one page or none). */
    private String pageInfo() {
        return ui.find("#compare-page-info").getDomProperty("textContent");
    }

    private String changeOfFirstRow() {
        return ui.find("#compare tbody tr td:nth-child(3)").getText();
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
