package dev.hostgap.platform.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every view on the history issue 20 names: 60 commits of real H200 noise (each run one of the three
 * runs of docs/gpu/2026-11-28-h200's third machine start, moved by its own standard error, as
 * notify's ScriptedRuns.h200MachineStart replays them), launch.enqueue args=4 12% slower from commit 30,
 * graph.replay 8% faster from 45, launch.sync at version 2 from 20, a throttled run at 10, a failed
 * workload at 40 and commit 1 measured six times (a calibration). Each view is checked for what a
 * person looks at first and kept as target/screenshots/tour-&lt;view&gt;.png. Seed 2 draws the runs; with seed
 * 20 the two commits from 30 drew the start's fastest run and detection dated the step to 32.
 */
class ViewTourTest extends UiTestSupport {

    private static final int COMMITS = 60, VERSION_BUMP = 20, STEP_UP = 30, STEP_DOWN = 45, THROTTLED = 10, FAILED = 40;
    private static final int CALIBRATED = 1, CALIBRATION_RUNS = 6;
    private static final String STEPPED = "launch.enqueue", STEPPED_PARAMS = "args=4", IMPROVED = "graph.replay";
    private static final String METRIC = "host_us_per_op";
    private static final String ERROR = "CUDA_ERROR_LAUNCH_TIMEOUT: the launch timed out and was terminated";

    private final List<String> shas = new ArrayList<>();
    private String failedRunId;

    @Test
    void everyViewShowsWhatMattersOnARealNoiseHistory() throws Exception {
        String project = data.newProject("tour");
        upload(project);
        String p = "#/p/" + project;
        JsonNode regression = change(project, STEPPED, "\"args\":\"4\"");
        JsonNode improvement = change(project, IMPROVED, "\"kernels\":\"100\"");
        assertThat(regression.get("kind").asString()).isEqualTo("regression");
        assertThat(shas.indexOf(regression.get("firstBadCommit").asString())).as("the +12% step dated to its commit").isEqualTo(STEP_UP);
        assertThat(improvement.get("kind").asString()).isEqualTo("improvement");
        assertThat(shas.indexOf(improvement.get("firstBadCommit").asString())).as("the -8% step dated to its commit").isEqualTo(STEP_DOWN);
        long id = regression.get("id").asLong();
        data.send("POST", "/api/v1/projects/" + project + "/calibrations",
                "{\"commit\":\"" + shas.get(CALIBRATED) + "\",\"note\":\"commit 1 measured six times\"}", 201);

        // the dashboard: its changes inbox lists both steps, first screen and phone
        wide();
        ui.open(p, "#inbox-list li.inbox-row");
        ui.waitFor("#runs");
        assertThat(inboxRow(regression).getText()).contains("launch.enqueue v1 args=4", percent(regression), "regression");
        assertThat(inboxRow(improvement).getText()).contains("graph.replay v2 kernels=100", percent(improvement), "improvement");
        shoot("dashboard");
        ui.phone();
        ui.open(p, "#inbox-list li.inbox-row");
        assertThat(ui.overflowsHorizontally()).as("the dashboard fits 390 px").isFalse();
        ui.assertNoErrors("dashboard on a phone");
        ui.screenshot("tour-dashboard-390");

        // the +12% series' chart: the step's levels, the throttled run and the failed workload marked
        wide();
        ui.open(p + "/series/" + STEPPED + "/" + METRIC + "/args%3D4", "#series-chart .uplot canvas");
        JsonNode points = data.get("/api/v1/projects/" + project + "/series?benchmark=" + STEPPED + "&metric=" + METRIC
                + "&params=" + STEPPED_PARAMS + "&version=1").get("points");
        assertThat(chart("data-throttled").toString()).as("the throttled run marked")
                .isEqualTo("[" + indexOf(points, shas.get(THROTTLED)) + "]");
        assertThat(chart("data-failures")).as("the failed workload marked").hasSize(1);
        assertThat(ui.find("#failures").getText()).contains(shas.get(FAILED).substring(0, 10), "CUDA_ERROR_LAUNCH_TIMEOUT");
        assertThat(chart("data-levels").get(0).get("sha").asString()).isEqualTo(shas.get(STEP_UP));
        shoot("series");

        // compare of the step's commit with its parent: the stepped series first
        ui.open(p + "/compare?base=" + shas.get(STEP_UP - 1) + "&head=" + shas.get(STEP_UP), "#compare tbody tr");
        WebElement first = ui.find("#compare tbody tr");
        assertThat(first.getText()).contains("launch.enqueue v1", "args=4", METRIC);
        java.util.regex.Matcher change = java.util.regex.Pattern.compile("\\+(\\d+\\.\\d+)%").matcher(first.getText());
        assertThat(change.find()).as("the change shown").isTrue();
        assertThat(Double.parseDouble(change.group(1))).as("the stepped series' change").isGreaterThan(10);
        shoot("compare");

        // triage of the +12% change: both commits' messages
        ui.open(p + "/regressions/" + id, "#triage-chart svg");
        assertThat(ui.find("#triage-last-good").getText()).contains(shas.get(STEP_UP - 1).substring(0, 10), message(STEP_UP - 1));
        assertThat(ui.find("#triage-first-bad").getText()).contains(shas.get(STEP_UP).substring(0, 10), message(STEP_UP));
        shoot("triage");

        // the failed workload's run: the failure first
        ui.open("#/runs/" + failedRunId, "#results tbody tr");
        assertThat((Boolean) ui.script("return Boolean(document.querySelector('#failures').compareDocumentPosition("
                + "document.querySelector('#results')) & Node.DOCUMENT_POSITION_FOLLOWING)")).as("failures above results").isTrue();
        assertThat(ui.find("#failed-workloads").getText()).contains("launch.enqueue", "args=4", ERROR);
        shoot("run");

        // the series index: every series, the stepped one linking to its change
        int series = data.get("/api/v1/projects/" + project + "/series-index").size();
        ui.open(p + "/series", "#series-list li.series-row[data-id]");
        assertThat(ui.all("#series-list li.series-row[data-id]")).hasSize(series);
        assertThat(ui.all("#series-list .change-cell a.triage[href='" + p + "/regressions/" + id + "']")).hasSize(1);
        shoot("series-index");

        // calibrations: commit 1's six runs
        ui.open(p + "/calibrations?commit=" + shas.get(CALIBRATED), "#calibration-series tbody tr");
        assertThat(ui.find("#calibrations tr[data-commit='" + shas.get(CALIBRATED) + "'] td.runs").getText())
                .isEqualTo(String.valueOf(CALIBRATION_RUNS));
        shoot("calibrations");

        // threshold rules: the defaults detection judged with
        ui.open(p + "/thresholds", "#threshold-defaults");
        assertThat(ui.find("#threshold-defaults").getText()).contains("2.00%", "4.0×", "6 runs");
        shoot("thresholds");

        // the step's commit: a regression, the change dated to it
        ui.open(p + "/commits/" + shas.get(STEP_UP), "#changes");
        assertThat(ui.find("#verdict [data-verdict]").getText()).isEqualTo("regression");
        assertThat(ui.all("#changes tbody tr[data-id='" + id + "']")).hasSize(1);
        shoot("commit");
    }

    private void shoot(String view) throws Exception {
        ui.assertNoErrors(view);
        ui.screenshot("tour-" + view);
    }

    private void wide() {
        ui.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1440, "height", 900, "deviceScaleFactor", 1, "mobile", false));
    }

    private WebElement inboxRow(JsonNode change) {
        List<WebElement> rows = ui.all("#inbox-list li.inbox-row[data-id='" + change.get("id").asLong() + "']");
        assertThat(rows).as("the inbox lists change " + change.get("id")).hasSize(1);
        return rows.get(0);
    }

    private static String percent(JsonNode change) {
        return String.format(Locale.ROOT, "%+.2f%%", change.get("changePercent").asDouble());
    }

    private JsonNode chart(String attribute) {
        return UiData.JSON.readTree(ui.find("#series-chart").getDomAttribute(attribute));
    }

    private static int indexOf(JsonNode points, String sha) {
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).get("sha").asString().equals(sha)) {
                return i;
            }
        }
        throw new AssertionError("no point at " + sha);
    }

    /** The one change awaiting a decision that detection opened on a host_us_per_op series of {@code benchmark} whose params contain {@code param}. */
    private JsonNode change(String project, String benchmark, String param) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode c : data.get("/api/v1/projects/" + project + "/regressions?kind=all&benchmark=" + benchmark)) {
            if (c.get("metric").asString().equals(METRIC) && c.get("params").toString().contains(param)
                    && List.of("suspected", "confirming", "open").contains(c.get("status").asString())) {
                found.add(c);
            }
        }
        assertThat(found).as("changes on " + benchmark + " " + param).hasSize(1);
        return found.get(0);
    }

    private static String message(int i) {
        return switch (i) {
            case VERSION_BUMP -> "sync: measure with pinned streams (launch.sync v2)";
            case STEP_UP -> "enqueue: validate every argument on the host";
            case STEP_DOWN -> "graphs: replay without re-instantiating";
            default -> "change " + i;
        };
    }

    /** The 60 commits along main, one run each (commit 1 six), each judged before the next arrives. */
    private void upload(String project) throws Exception {
        List<JsonNode> measured = new ArrayList<>();
        for (int r = 1; r <= 3; r++) {
            measured.add(UiData.JSON.readTree(Files.readString(Path.of("../docs/gpu/2026-11-28-h200/start3-" + r + ".json"))));
        }
        Random random = new Random(2);
        int runs = 0;
        for (int i = 0; i < COMMITS; i++) {
            shas.add(UiData.sha1(project + " tour " + i));
            for (int repeat = 0; repeat < (i == CALIBRATED ? CALIBRATION_RUNS : 1); repeat++) {
                String runId = UUID.randomUUID().toString();
                data.send("POST", "/api/v1/runs", run(project, i, runId, measured.get(random.nextInt(measured.size())), random).toString(), 201);
                failedRunId = i == FAILED ? runId : failedRunId;
                data.awaitJudged(project, ++runs);
            }
        }
    }

    /** One run of commit {@code i}: a real run's results moved by their standard error, with the commit's changes. */
    private ObjectNode run(String project, int i, String runId, JsonNode real, Random random) {
        ObjectNode run = UiData.JSON.createObjectNode();
        run.put("schemaVersion", "1.0").put("runId", runId).put("project", project);
        ObjectNode commit = run.putObject("commit");
        commit.put("sha", shas.get(i)).put("branch", "main")
                .put("timestamp", Instant.parse("2026-11-01T00:00:00Z").plus(i * 6L, ChronoUnit.HOURS).toString())
                .put("message", message(i) + "\n\nreal H200 runner output");
        ArrayNode parents = commit.putArray("parents");
        if (i > 0) {
            parents.add(shas.get(i - 1));
        }
        ObjectNode environment = (ObjectNode) real.get("environment").deepCopy();
        ((ObjectNode) environment.get("attributes")).put("throttled", String.valueOf(i == THROTTLED));
        run.set("environment", environment);
        ArrayNode results = run.putArray("results");
        for (JsonNode r : real.get("results")) {
            ObjectNode copy = (ObjectNode) r.deepCopy();
            copy.remove("kernelHash");
            String benchmark = r.get("benchmark").asString(), metric = r.get("metric").asString();
            boolean host = metric.equals(METRIC);
            boolean stepped = host && benchmark.equals(STEPPED) && r.get("params").get("args").asString().equals("4");
            if (benchmark.equals("launch.sync") && i >= VERSION_BUMP) {
                copy.put("version", 2);
            }
            if (stepped && i == FAILED) {
                copy.remove("samples");
                copy.put("error", ERROR);
                results.add(copy);
                continue;
            }
            double factor = stepped && i >= STEP_UP ? 1.12 : host && benchmark.equals(IMPROVED) && i >= STEP_DOWN ? 0.92 : 1.0;
            ArrayNode samples = copy.putArray("samples");
            for (double fork : dev.hostgap.platform.RunJitter.jittered(r.get("samples"), factor, random)) {
                samples.add(fork);
            }
            results.add(copy);
        }
        return run;
    }
}
