package dev.hostgap.platform.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The project list, a project's dashboard and a series chart, on real H200 runs and on the README's example. */
class WebUiTest extends UiTestSupport {

    private static final String FAILED_RUN = """
            {"schemaVersion":"1.0","runId":"%s","project":"%s",
             "commit":{"sha":"4444444444444444444444444444444444444444","branch":"main",
                       "parents":["3333333333333333333333333333333333333333"],"timestamp":"2026-11-23T10:00:00Z",
                       "message":"graph replay with 4096 nodes"},
             "environment":{"gpu":"NVIDIA H200","driver":"580.159.04","cuda":"13.0","runtime":"jcuda-12.6.0","jvm":"17","host":"node-7",
                            "attributes":{"cpus_allowed":"2-5","sm_clock_mhz_before":"1980","throttled":"false"}},
             "results":[
               {"benchmark":"launch.empty","version":1,"params":{"args":"4"},"metric":"host_us_per_launch","unit":"us",
                "direction":"lower_is_better","samples":[3.9,3.8,3.85]},
               {"benchmark":"graph.replay","version":1,"params":{"nodes":"4096"},"metric":"host_us_per_replay","unit":"us",
                "direction":"lower_is_better","error":"CUDA_ERROR_OUT_OF_MEMORY: out of memory while instantiating the graph"}]}
            """;

    @Test
    void dashboardShowsLatestCommitsWithVerdictsOpenRegressionsAndAFailedWorkloadsError() throws Exception {
        String project = data.newProject("dash");
        data.uploadReadmeExample(project);
        data.send("POST", "/api/v1/runs", FAILED_RUN.formatted(UUID.randomUUID(), project), 201);
        data.awaitJudged(project, UiData.README_RUNS + 1);

        ui.open("#/", "#projects");
        ui.driver.findElement(By.linkText(project)).click();
        ui.waitFor("#runs");

        List<WebElement> commits = ui.all("#commits tbody tr");
        assertThat(commits).hasSize(4); // 4444…, 3333…, 2222…, 1111… along main
        for (WebElement row : commits) {
            String sha = row.getDomAttribute("data-sha");
            JsonNode verdict = data.get("/api/v1/projects/" + project + "/commits/" + sha + "/verdict");
            assertThat(row.findElement(By.cssSelector("[data-verdict]")).getText()).isEqualTo(verdict.get("verdict").asString());
        }
        assertThat(commits.get(2).getText()).contains("2222222222", "regression");
        assertThat(ui.find("#regressions tbody").getText()).contains("launch.empty v1", "args=4", UiData.README_DETECTED);
        WebElement failures = ui.find("#runs tr.failures"); // the newest run's failed workload (the README's runs each have one too)
        assertThat(failures.getText()).contains("graph.replay v1", "nodes=4096",
                "CUDA_ERROR_OUT_OF_MEMORY: out of memory while instantiating the graph");
        assertThat(ui.all("#runs tbody tr.has-failures")).hasSize(UiData.README_RUNS + 1);
        assertThat(new Select(ui.find("#branch")).getFirstSelectedOption().getText()).isEqualTo("main (default)");
        ui.assertNoErrors("dashboard");
        ui.screenshotWholePage("dashboard", 1280);

        // the failed run's detail: environment and the error
        ui.find("#runs tr.has-failures a").click(); // the newest run
        ui.waitFor("#environment");
        ui.waitFor("#failed-workloads");
        assertThat(ui.find("#failed-workloads").getText()).contains("graph.replay v1", "CUDA_ERROR_OUT_OF_MEMORY");
        ui.find("#environment-details summary").click(); // the environment is folded below the results
        assertThat(ui.find("#environment").getText()).contains("NVIDIA H200", "580.159.04", "pinned CPUs 2-5", "SM clock before (MHz) 1980");
        assertThat(ui.all("#results tbody tr")).hasSize(1);
        ui.assertNoErrors("run detail");
    }

    @Test
    void aBranchPickedOnTheDashboardShowsThatBranchsCommitsAndRuns() throws Exception {
        String project = data.newProject("branch");
        data.uploadReadmeExample(project);
        String feature = FAILED_RUN.formatted(UUID.randomUUID(), project).replace("\"branch\":\"main\"", "\"branch\":\"feature/graphs\"");
        data.send("POST", "/api/v1/runs", feature, 201);

        ui.open("#/p/" + project, "#runs");
        new Select(ui.find("#branch")).selectByValue("feature/graphs");
        ui.waitUntil(d -> d.getCurrentUrl().endsWith("?branch=feature%2Fgraphs"));
        ui.waitUntil(d -> ui.all("#runs tbody tr:not(.failures)").size() == 1);
        assertThat(ui.find("#runs tr.failures").getText()).contains("CUDA_ERROR_OUT_OF_MEMORY: out of memory while instantiating the graph");
        assertThat(ui.find("#commits tbody tr").getDomAttribute("data-sha")).isEqualTo("4444444444444444444444444444444444444444");
        ui.assertNoErrors("dashboard of a branch");
    }

    @Test
    void dashboardOfRealH200RunsAndTheSeriesChartDrawAPointPerCommit() throws Exception {
        String project = data.newProject("h200");
        List<String> shas = data.uploadH200Chain(project);

        ui.open("#/p/" + project, "#runs");
        assertThat(ui.all("#commits tbody tr")).hasSize(shas.size());
        assertThat(ui.all("#runs tbody tr")).hasSize(shas.size());
        ui.assertNoErrors("dashboard of H200 runs");
        ui.screenshotWholePage("dashboard-h200", 1280);

        // a real run's detail: the environment the runner recorded and its 21 results
        ui.find("#runs tbody tr a").click();
        ui.waitFor("#environment");
        ui.find("#environment-details summary").click(); // the environment is folded below the results
        assertThat(ui.find("#environment").getText()).contains("NVIDIA H200", "580.159.04", "pinned CPUs",
                "SM clock before (MHz)", "throttled false");
        assertThat(ui.all("#results tbody tr")).hasSize(21);
        assertThat(ui.find("#failed-workloads-none").getText()).startsWith("None");
        ui.assertNoErrors("run detail of an H200 run");
        ui.screenshotWholePage("run", 1280);

        ui.colorScheme("dark");
        ui.open("#/p/" + project + "?branch=main", "#runs");
        ui.screenshotWholePage("dashboard-dark", 1280);
        ui.colorScheme("light");

        ui.phone();
        ui.open("#/p/" + project, "#runs");
        assertThat(ui.overflowsHorizontally()).as("the page fits 390 px; wide tables scroll inside it").isFalse();
        ui.screenshot("dashboard-phone");
        ui.desktop();

        ui.open("#/p/" + project + "/series/launch.enqueue/host_us_per_op/args=0", "#series-chart .uplot canvas");
        WebElement chart = ui.find("#series-chart");
        assertThat(chart.getDomAttribute("data-points")).isEqualTo(String.valueOf(shas.size()));
        assertThat(ui.all("#points tr")).hasSize(shas.size() + 1);
        ui.assertNoErrors("series chart of H200 runs");

        // the chart follows the window: narrower viewport, narrower canvas
        int wide = ui.find("#series-chart .uplot").getSize().getWidth();
        ui.phone();
        ui.waitUntil(d -> ui.find("#series-chart .uplot").getSize().getWidth() < 390);
        assertThat(wide).isGreaterThan(1000);
        ui.screenshot("series-phone");
        ui.desktop();
    }

    @Test
    void seriesChartMarksTheRegressionAndShowsTheCommitOnHover() throws Exception {
        String project = data.newProject("series");
        data.uploadReadmeExample(project);
        String change = UiData.README_DETECTED;

        ui.open("#/p/" + project, "#regressions");
        ui.find("#regressions tbody tr.regression a").click();
        ui.waitFor("#series-chart .uplot canvas");
        assertThat(ui.all("#points tr")).hasSize(4); // header + 3 commits
        assertThat(ui.find("h1").getText()).isEqualTo("launch.empty v1");
        WebElement chart = ui.find("#series-chart");
        assertThat(chart.getDomAttribute("data-points")).isEqualTo("3"); // one x per measured commit
        assertThat(chart.getDomAttribute("data-marks")).isEqualTo("1"); // the regression's first bad commit
        assertThat(chart.findElements(By.cssSelector(".u-legend .u-series"))).hasSize(4); // commit, median, p10, p90

        // hovering over the middle commit, the regression's first bad one, shows its sha, message and the regression
        WebElement over = chart.findElement(By.cssSelector(".u-over"));
        new Actions(ui.driver).moveToElement(over, 0, 0).perform();
        WebElement tip = new WebDriverWait(ui.driver, java.time.Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#series-chart .chart-tip")));
        assertThat(tip.getText()).contains("2222222222", "marshal kernel args per launch", "2026-11-21 10:00", "median", "forks", "regression " + change);
        ui.screenshot("series");
        ui.assertNoErrors("series chart");
        assertThat(ui.find("#flagged").getText()).contains("regression " + change + " at 2222222222 (open) triage");

        ui.colorScheme("dark");
        ui.open("#/p/" + project + "/series/launch.empty/host_us_per_launch/args=4", "#series-chart .uplot canvas");
        ui.screenshot("series-dark");
        ui.assertNoErrors("series chart, dark");
        ui.colorScheme("light");
        ui.find("#flagged a").click();
        ui.waitFor("#regression-facts");
        assertThat(ui.find("h1").getText()).startsWith("Regression #");
        ui.driver.navigate().back();
        ui.waitFor("#series-chart .uplot canvas");

        WebElement back = ui.find("#back");
        assertThat(back.getDomAttribute("href")).isEqualTo("#/p/" + project);
        back.click();
        ui.waitFor("#runs");
        assertThat(ui.find("h1").getText()).isEqualTo(project);
    }

    @Test
    void servesItsOwnSvgFaviconWhichThePageNames() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/favicon.svg")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
        assertThat(response.body()).startsWith("<svg");
        ui.open("#/", "#projects");
        assertThat(ui.find("link[rel=icon]").getDomAttribute("href")).isEqualTo("/favicon.svg");
        ui.assertNoErrors("project list");
        ui.screenshot("projects");
    }

    @Test
    void anEmptyProjectSaysHowToUploadAndAnUnknownOneSaysItIsUnknown() throws Exception {
        String project = data.newProject("empty");
        ui.open("#/p/" + project, "#empty-project");
        assertThat(ui.find("#empty-project").getText()).contains("No runs uploaded yet", "curl -X POST", "/api/v1/runs",
                "hostgap-runner run", "--project " + project);
        assertThat(ui.all(".error")).isEmpty();
        ui.screenshot("empty-project");
        ui.assertNoErrors("empty project");

        ui.open("#/p/no-such-project-" + UUID.randomUUID().toString().substring(0, 8), ".error");
        assertThat(ui.find(".error").getText()).contains("No project named");
        ui.open("#/runs/" + UUID.randomUUID(), ".error");
        assertThat(ui.find(".error").getText()).contains("Could not load", "No run", "is stored");
    }
}
