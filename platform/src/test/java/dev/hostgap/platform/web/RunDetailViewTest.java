package dev.hostgap.platform.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's page explains a failure: the failed workloads and their errors come first, each distinct
 * error once with how often it came, every result shows how detection judged its series in this
 * run and links to that series' chart, and the environment waits folded below.
 */
class RunDetailViewTest extends UiTestSupport {

    private static final String CUDA = "CUDA_ERROR_ILLEGAL_ADDRESS: an illegal memory access was encountered";
    private static final String TRACE = "jcuda.CudaException: CUDA_ERROR_LAUNCH_FAILED\\n"
            + "\\tat jcuda.driver.JCudaDriver.checkResult(JCudaDriver.java:359)\\n"
            + "\\tat dev.hostgap.workloads.GraphReplay.replay(GraphReplay.java:88)\\n";

    @Autowired
    JdbcClient jdbc;

    @Test
    void failuresComeFirstOnceEachAndResultsShowTheirVerdictAndChart() throws Exception {
        String project = data.newProject("rundetail");
        List<String> shas = data.uploadStep(project, 6, 1);
        String runId = UUID.randomUUID().toString();
        String results = UiData.results(7, 1.15);
        String failed = String.join(",", failedWorkload("graph.replay", "nodes", "64", CUDA),
                failedWorkload("graph.replay", "nodes", "512", CUDA), failedWorkload("graph.replay", "nodes", "4096", CUDA),
                failedWorkload("launch.graph", "nodes", "8", TRACE + TRACE + TRACE));
        data.send("POST", "/api/v1/runs", """
                {"schemaVersion":"1.0","runId":"%s","project":"%s",
                 "commit":{"sha":"%s","branch":"main","parents":["%s"],"timestamp":"2026-12-01T20:00:00Z","message":"graphs: replay"},
                 "environment":%s,
                 "results":%s}
                """.formatted(runId, project, UiData.sha1(project + " failing"), shas.get(shas.size() - 1),
                UiData.ENVIRONMENT,
                results.substring(0, results.length() - 1) + "," + failed + "]"), 201);
        data.awaitJudged(project, shas.size() + 1);
        Map<String, String> stored = storedVerdicts(runId);
        assertThat(stored).as("detection judged both series of the run").containsOnlyKeys("args=4", "args=0");

        ui.open("#/runs/" + runId, "#results tbody tr");
        assertThat((Boolean) ui.script("""
                const order = (a, b) => Boolean(document.querySelector(a).compareDocumentPosition(document.querySelector(b))
                                                & Node.DOCUMENT_POSITION_FOLLOWING);
                return order('#failures', '#results') && order('#results', '#environment-details');""")).as("failures, results, environment").isTrue();
        assertThat(ui.find("#environment-details").getDomAttribute("open")).as("the environment is folded").isNull();
        assertThat(ui.find("#environment").isDisplayed()).isFalse();
        assertThat(ui.find("#environment-details summary").getText()).contains("Environment", "NVIDIA H200");

        List<WebElement> errors = ui.all("#failed-workloads li.failure");
        assertThat(errors).as("one entry per distinct error").hasSize(2);
        assertThat(ui.find("#failures h2").getText()).isEqualTo("Failed workloads (4)");
        String failures = ui.find("#failed-workloads").getText();
        assertThat(failures.split(java.util.regex.Pattern.quote(CUDA), -1)).as("the CUDA error once").hasSize(2);
        assertThat(errors.get(0).getText()).contains("nodes=64", "nodes=512", "nodes=4096");
        assertThat(errors.get(0).findElement(By.cssSelector(".repeat-count")).getText()).isEqualTo("×3");
        assertThat(failures.split("CUDA_ERROR_LAUNCH_FAILED", -1)).as("the stack trace once").hasSize(2);
        assertThat(errors.get(1).findElement(By.cssSelector(".repeat-count.printed")).getText()).isEqualTo("printed ×3");
        assertThat(errors.get(1).getText()).contains("launch.graph v1", "GraphReplay.java:88");

        List<WebElement> rows = ui.all("#results tbody tr");
        assertThat(rows).hasSize(2);
        for (WebElement row : rows) {
            String params = row.findElements(By.tagName("td")).get(1).getText();
            assertThat(row.findElement(By.cssSelector("[data-verdict]")).getDomAttribute("data-verdict"))
                    .as("the verdict of " + params).isEqualTo(stored.get(params));
            assertThat(row.findElement(By.cssSelector("a.series-link")).getDomAttribute("href"))
                    .isEqualTo("#/p/" + project + "/series/launch.enqueue/host_us_per_op/" + params.replace("=", "%3D"));
        }
        ui.assertNoErrors("run detail with failures");
        ui.screenshotWholePage("run-detail-failures", 1280);

        ui.find("#environment-details summary").click();
        assertThat(ui.find("#environment").getText()).contains("NVIDIA H200", "580.159.04", "host node-7");

        ui.phone();
        ui.open("#/runs/" + runId, "#results tbody tr");
        assertThat(ui.overflowsHorizontally()).as("the run page fits 390 px").isFalse();
        ui.screenshotWholePage("run-detail-phone", 390);
        ui.assertNoErrors("run detail on a phone");

        ui.desktop();
        ui.open("#/runs/" + runId, "#results tbody tr");
        ui.find("#results a.series-link").click();
        ui.waitFor("#series-chart");
        assertThat(ui.driver.getCurrentUrl()).contains("/series/launch.enqueue/host_us_per_op/args");
        ui.assertNoErrors("the series chart a result links to");
    }

    @Test
    void aRunWithoutFailuresSaysSoAndResultsNotYetJudgedSayThat() throws Exception {
        String project = data.newProject("rundetail-ok");
        String runId = UUID.randomUUID().toString();
        data.send("POST", "/api/v1/runs", """
                {"schemaVersion":"1.0","runId":"%s","project":"%s",
                 "commit":{"sha":"%s","branch":"main","parents":[],"timestamp":"2026-12-01T20:00:00Z","message":"first"},
                 "environment":%s,"results":%s}
                """.formatted(runId, project, UiData.sha1(project), UiData.ENVIRONMENT, UiData.results(0, 1.0)), 201);
        data.awaitJudged(project, 1);
        jdbc.sql("delete from judgement where run_id = ?::uuid").param(runId).update(); // as a run judged before verdicts were kept
        ui.open("#/runs/" + runId, "#results tbody tr");
        assertThat(ui.all("#failures")).isEmpty();
        assertThat(ui.find("#failed-workloads-none").getText()).startsWith("None");
        assertThat(ui.all("#results [data-verdict]")).isEmpty();
        assertThat(ui.find("#results tbody").getText()).contains("not judged");
        ui.assertNoErrors("run detail without failures");
    }

    private static String failedWorkload(String benchmark, String param, String value, String error) {
        return """
                {"benchmark":"%s","version":1,"params":{"%s":"%s"},"metric":"host_us_per_replay","unit":"us",
                 "direction":"lower_is_better","error":"%s"}""".formatted(benchmark, param, value, error);
    }

    /** The judgements detection stored for the run, by the params of their series. */
    private Map<String, String> storedVerdicts(String runId) {
        Map<String, String> verdicts = new HashMap<>();
        jdbc.sql("""
                        select 'args=' || (b.params ->> 'args'), j.kind from judgement j
                        join series s on s.id = j.series_id join benchmark b on b.id = s.benchmark_id
                        where j.run_id = ?::uuid and b.name = 'launch.enqueue'""")
                .param(runId).query(rs -> {
                    verdicts.put(rs.getString(1), rs.getString(2));
                });
        return verdicts;
    }
}
