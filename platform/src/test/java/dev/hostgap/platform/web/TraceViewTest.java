package dev.hostgap.platform.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace views in the browser, on real PyTorch traces from an H100 (docs/gpu/2026-12-07-traces): a
 * training step run eagerly at one commit, and at the next the same step with a host sync each step.
 */
class TraceViewTest extends UiTestSupport {

    private static final String NAME = "train-step";
    private static final Path TRACES = Path.of("../docs/gpu/2026-12-07-traces");
    /** Layout of the timeline (js/timeline.js): a lane's header above its rows, GPU rows 20 px high. */
    private static final int LANE_HEADER = 15, GPU_ROW = 20;

    record Uploaded(String project, String base, String head, String baseRun, String headRun) {
    }

    @Test
    void showsTheIdlePercentTimelineAndGapCausesOfATrace() throws Exception {
        Uploaded up = uploadEagerThenSync();
        JsonNode trace = data.get("/api/v1/runs/" + up.baseRun() + "/trace");
        JsonNode device = trace.get("summary").get("devices").get(0);
        JsonNode timeline = trace.get("summary").get("timeline");

        ui.open("#/trace/" + up.baseRun(), "#timeline-canvas");
        ui.waitFor("#device-0 .gap-causes tbody tr");
        assertThat(ui.find("h1").getText()).isEqualTo("Trace " + NAME);
        assertThat(ui.find("#device-0 .idle-percent").getText())
                .isEqualTo(String.format(Locale.ROOT, "%.2f%%", device.get("idlePercent").asDouble())).isEqualTo("87.14%");
        assertThat(ui.all("#device-0 .step-figures tbody tr")).hasSize(device.get("steps").size());
        assertThat(ui.find("#device-0 .gap-causes tbody tr td.operator").getText())
                .isEqualTo(device.get("gapCauses").get(0).get("operator").asString()).isEqualTo("aten::native_layer_norm");
        assertThat(ui.find("#trace-download").getDomAttribute("href")).isEqualTo(trace.get("fileUrl").asString());
        assertThat(ui.find("#trace-commit").getDomAttribute("href")).endsWith("/commits/" + up.base());

        // drawn: one label per lane, and thousands of pixels that are not the background
        assertThat(ui.all(".lane-label")).hasSize(timeline.get("lanes").size());
        assertThat(ui.all(".lane-label.gpu")).hasSize(1);
        ui.waitUntil(d -> paintedPixels() > 5_000);

        // hovering the first kernel names it
        WebElement canvas = ui.find("#timeline-canvas");
        JsonNode kernel = gpuLane(timeline).get("events").get(0);
        int width = canvas.getSize().getWidth(), height = canvas.getSize().getHeight();
        int x = (int) Math.round((kernel.get("startUs").asDouble() + kernel.get("durationUs").asDouble() / 2)
                / timeline.get("durationUs").asDouble() * width);
        int y = ui.find(".lane-label.gpu").getLocation().getY() - canvas.getLocation().getY() + LANE_HEADER + GPU_ROW / 2;
        new Actions(ui.driver).moveToElement(canvas, x - width / 2, y - height / 2).perform();
        ui.waitUntil(d -> ui.find("#timeline-tip").isDisplayed());
        assertThat(ui.find("#timeline-tip .tip-category").getText()).isEqualTo("kernel");
        assertThat(ui.find("#timeline-tip .tip-name").getText()).isEqualTo(kernel.get("name").asString());

        // zoom by button, by keyboard on the button, by the wheel; pan by dragging; reset
        String whole = range();
        assertThat(whole).startsWith("0 µs – ").endsWith("of step " + timeline.get("step").asInt()
                + " (" + String.format(Locale.ROOT, "%,.1f", timeline.get("durationUs").asDouble()) + " µs)");
        ui.find("#zoom-in").click();
        String zoomed = range();
        assertThat(zoomed).isNotEqualTo(whole);
        ui.find("#zoom-in").sendKeys(Keys.ENTER);
        assertThat(range()).isNotEqualTo(zoomed);
        String keyed = range();
        new Actions(ui.driver).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(canvas, -width / 4, 0), 0, -200).perform();
        ui.waitUntil(d -> !range().equals(keyed));
        String wheeled = range();
        new Actions(ui.driver).moveToElement(canvas, 0, 0).clickAndHold().moveByOffset(-150, 0).release().perform();
        ui.waitUntil(d -> !range().equals(wheeled));
        new Actions(ui.driver).moveToElement(canvas, width / 8, y - height / 2).perform(); // a tooltip in the picture, if a kernel is there
        ui.screenshot("trace-timeline");
        ui.find("#zoom-reset").click();
        assertThat(range()).isEqualTo(whole);
        ui.assertNoErrors("trace view");

        ui.phone();
        ui.open("#/trace/" + up.baseRun(), "#timeline-canvas");
        ui.waitUntil(d -> paintedPixels() > 2_000);
        assertThat(ui.overflowsHorizontally()).as("the trace view fits 390 px; its tables and timeline scroll or zoom inside").isFalse();
        assertThat(ui.find("#timeline-canvas").getSize().getWidth()).isLessThanOrEqualTo(390);
        ui.screenshot("trace-phone");
        ui.desktop();
        ui.assertNoErrors("trace view on a phone");
    }

    @Test
    void comparesTheTracesOfTwoCommitsWithTheExplanation() throws Exception {
        Uploaded up = uploadEagerThenSync();
        JsonNode report = data.get("/api/v1/projects/" + up.project() + "/traces/compare?base=" + up.base() + "&head=" + up.head()
                + "&name=" + NAME);
        JsonNode device = report.get("devices").get(0);

        // the run, the commit and compare lead to the trace views
        ui.open("#/runs/" + up.headRun(), "#run-trace a");
        assertThat(ui.find("#run-trace a").getDomAttribute("href")).isEqualTo("#/trace/" + up.headRun());
        ui.open("#/p/" + up.project() + "/compare?base=" + up.base() + "&head=" + up.head(), "#compare tbody tr");
        assertThat(ui.find("#compare a.trace-compare").getDomAttribute("href"))
                .isEqualTo("#/p/" + up.project() + "/traces/compare?base=" + up.base() + "&head=" + up.head() + "&name=" + NAME);
        ui.open("#/p/" + up.project() + "/commits/" + up.head(), "#commit-traces a");
        assertThat(ui.find("#commit-traces a").getDomAttribute("href")).isEqualTo("#/trace/" + up.headRun());
        ui.find("#commit-traces a[href*='traces/compare']").click();

        ui.waitFor("#compare-device-0 .causes tbody tr");
        assertThat(ui.find("#compare-device-0 .explanation").getText()).isEqualTo(device.get("explanation").asString())
                .contains("idle per step", "aten::_local_scalar_dense");
        assertThat(ui.all("#compare-device-0 .breakdown-row .breakdown-bar")).hasSize(2);
        assertThat(ui.find(".breakdown-row[data-side='base']").getText()).contains(
                String.format(Locale.ROOT, "%.2f%% idle", device.get("base").get("idlePercent").asDouble()));
        assertThat(ui.find(".breakdown-row[data-side='head']").getText()).contains(
                String.format(Locale.ROOT, "%.2f%% idle", device.get("head").get("idlePercent").asDouble()));
        assertThat(ui.find("#compare-device-0 .breakdown tbody tr:nth-child(2)").getText()).isEqualTo(String.format(Locale.ROOT,
                "idle %.2f%% %.2f%% %+.1f pp", device.get("base").get("idlePercent").asDouble(),
                device.get("head").get("idlePercent").asDouble(),
                device.get("head").get("idlePercent").asDouble() - device.get("base").get("idlePercent").asDouble()));
        // the causes in the API's order, the largest change first
        assertThat(ui.all("#compare-device-0 .causes tbody tr")).hasSize(device.get("causes").size());
        assertThat(ui.find("#compare-device-0 .causes tbody tr td.operator").getText())
                .isEqualTo(device.get("causes").get(0).get("operator").asString());
        assertThat(ui.find("#compare-device-0 .causes tbody tr td:last-child").getText()).isEqualTo(String.format(Locale.ROOT,
                "+%.1f µs", device.get("causes").get(0).get("changeUs").asDouble()));
        ui.screenshot("trace-compare");
        ui.assertNoErrors("trace compare");

        ui.phone();
        ui.open("#/p/" + up.project() + "/traces/compare?base=" + up.base() + "&head=" + up.head() + "&name=" + NAME, ".explanation");
        assertThat(ui.overflowsHorizontally()).as("trace compare fits 390 px").isFalse();
        ui.desktop();
        ui.assertNoErrors("trace compare on a phone");
    }

    private String range() {
        return ui.find("#timeline-range").getText();
    }

    private long paintedPixels() {
        return (Long) ui.script("""
                const c = document.getElementById('timeline-canvas');
                if (!c || c.width === 0) return 0;
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) n++;
                return n;""");
    }

    private static JsonNode gpuLane(JsonNode timeline) {
        for (JsonNode lane : timeline.get("lanes")) {
            if (lane.get("kind").asString().equals("gpu")) {
                return lane;
            }
        }
        throw new AssertionError("no GPU lane in " + timeline);
    }

    /** eager-1 at a first commit, sync-1 at its child, through the REST upload with the project's own upload token. */
    private Uploaded uploadEagerThenSync() throws Exception {
        String project = data.newProject("traces");
        String token = UiData.JSON.readTree(data.send("POST", "/api/v1/projects/" + project + "/tokens", "{\"name\":\"ci\"}", 201))
                .get("token").asString();
        String base = UiData.sha1(project + " eager"), head = UiData.sha1(project + " sync");
        String baseRun = upload(project, token, base, null, "eager-1.json.gz").get("runId").asString();
        String headRun = upload(project, token, head, base, "sync-1.json.gz").get("runId").asString();
        return new Uploaded(project, base, head, baseRun, headRun);
    }

    private JsonNode upload(String project, String token, String sha, String parent, String file) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/v1/projects/" + project + "/traces?sha=" + sha + "&branch=main&name=" + NAME
                        + (parent == null ? "" : "&parent=" + parent)))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(TRACES.resolve(file))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(file + ": " + response.body()).isEqualTo(201);
        return UiData.JSON.readTree(response.body());
    }
}
