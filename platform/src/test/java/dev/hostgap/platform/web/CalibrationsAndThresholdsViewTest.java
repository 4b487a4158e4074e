package dev.hostgap.platform.web;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calibrations and threshold rules pages on the README's example (its base commit measured twelve
 * times): a calibration declared from the page with the admin token, listed with its runs and series
 * and shown per series, then removed; threshold rules added and removed from the page, the most
 * specific first; and a visitor without a token sees both pages without a control to change them.
 */
class CalibrationsAndThresholdsViewTest extends UiTestSupport {

    @Test
    void declaresListsShowsAndRemovesACalibrationFromThePage() throws Exception {
        String project = data.newProject("calibrations");
        data.uploadReadmeExample(project);
        String base = UiData.JSON.readTree(Files.readString(Path.of("../docs/examples/run-base.json"))).get("commit").get("sha").asString();

        // a visitor: no calibration, and nothing to declare or remove with
        ui.open("#/p/" + project + "/calibrations", "#no-calibrations");
        assertThat(ui.all("#declare-form")).isEmpty();
        ui.find("#token-input").sendKeys(PlatformTest.ADMIN_TOKEN);
        ui.find("#save-token").click();
        ui.waitFor("#declare-commit");

        // declared from the page: listed with its runs and series, its noise per series shown
        ui.find("#declare-commit").sendKeys(base);
        ui.find("#declare-note").sendKeys("twelve runs of the base");
        ui.find("#declare-submit").click();
        ui.waitFor("#calibration-detail #calibration-series tbody tr");
        assertThat(ui.driver.getCurrentUrl()).endsWith("#/p/" + project + "/calibrations?commit=" + base);
        JsonNode declared = data.get("/api/v1/projects/" + project + "/calibrations/" + base);
        int series = declared.get("seriesCount").asInt();
        assertThat(series).as("series measured 6 or more times at the base").isPositive();
        assertThat(declared.get("updatedBy").asString()).isEqualTo("admin");
        var row = ui.find("#calibrations tr[data-commit='" + base + "']");
        assertThat(row.findElement(org.openqa.selenium.By.cssSelector("td.runs")).getText()).isEqualTo(String.valueOf(UiData.README_BASE_RUNS));
        assertThat(row.findElement(org.openqa.selenium.By.cssSelector("td.covered")).getText()).startsWith(String.valueOf(series));
        assertThat(row.findElement(org.openqa.selenium.By.cssSelector("td.origin")).getText()).isEqualTo("manual");
        assertThat(row.getText()).contains("twelve runs of the base", "by admin");
        assertThat(row.findElement(org.openqa.selenium.By.cssSelector("a.commit")).getDomAttribute("href"))
                .isEqualTo("#/p/" + project + "/commits/" + base);
        assertThat(ui.all("#calibration-series tbody tr")).hasSize(series);
        assertThat(ui.find("#calibration-series").getText()).contains("launch.empty v1", "args=4", "host_us_per_launch", "±");
        ui.screenshotWholePage("calibrations", 1280);
        ui.assertNoErrors("calibrations");

        // a visitor sees the list and the detail, without the controls
        ui.script("sessionStorage.clear()");
        ui.open("#/p/" + project + "/calibrations?commit=" + base, "#calibration-series tbody tr");
        assertThat(ui.all("#calibrations tr[data-commit]")).hasSize(1);
        assertThat(ui.all("#declare-form")).isEmpty();
        assertThat(ui.all("#calibrations button.remove")).isEmpty();

        // removed from the page with the token
        ui.find("#token-input").sendKeys(PlatformTest.ADMIN_TOKEN);
        ui.find("#save-token").click();
        ui.waitFor("#calibrations button.remove");
        ui.script("window.confirm = () => true");
        ui.find("#calibrations button.remove").click();
        ui.waitFor("#no-calibrations");
        assertThat(data.get("/api/v1/projects/" + project + "/calibrations")).isEmpty();

        // a phone: nothing to scroll sideways
        ui.phone();
        ui.open("#/p/" + project + "/calibrations", "#declare-form");
        assertThat(ui.overflowsHorizontally()).as("the calibrations page fits 390 px").isFalse();
        ui.assertNoErrors("calibration removed");
    }

    @Test
    void addsAndRemovesThresholdRulesFromThePageMostSpecificFirst() throws Exception {
        String project = data.newProject("thresholds");
        data.uploadReadmeExample(project);
        String rules = "/api/v1/projects/" + project + "/thresholds";

        // a visitor: the defaults and the precedence, nothing to change them with
        ui.open("#/p/" + project + "/thresholds", "#threshold-defaults");
        assertThat(ui.find("#precedence").getText()).contains("The most specific rule wins");
        assertThat(ui.find("#threshold-defaults").getText()).contains("defaults", "2.00%", "4.0×", "6 runs");
        assertThat(ui.all("#rule-form")).isEmpty();
        ui.find("#token-input").sendKeys(PlatformTest.ADMIN_TOKEN);
        ui.find("#save-token").click();
        ui.waitFor("#rule-form");

        // a project-wide rule, then one for a benchmark's metric: the specific one listed first
        ui.find("#rule-min-change").sendKeys("3");
        ui.find("#rule-submit").click();
        ui.waitUntil(d -> ui.all("#thresholds tr.rule").size() == 1);
        ui.find("#rule-benchmark").sendKeys("launch.empty");
        ui.find("#rule-metric").sendKeys("host_us_per_launch");
        ui.find("#rule-min-change").sendKeys("5");
        ui.find("#rule-history").sendKeys("8");
        ui.find("#rule-submit").click();
        ui.waitUntil(d -> ui.all("#thresholds tr.rule").size() == 2);
        var rows = ui.all("#thresholds tr.rule");
        assertThat(rows.get(0).getText()).contains("host_us_per_launch of launch.empty", "5.00%", "4.0×", "8 runs", "by admin");
        assertThat(rows.get(1).getText()).contains("every series of the project", "3.00%", "6 runs");
        JsonNode stored = data.get(rules).get("rules");
        assertThat(stored).hasSize(2);
        ui.screenshotWholePage("thresholds", 1280);
        ui.assertNoErrors("thresholds");

        // an invalid rule is refused with the API's words
        ui.find("#rule-multiplier").sendKeys("0.5");
        ui.find("#rule-submit").click();
        assertThat(ui.waitFor("#rule-error").getText()).contains("noiseMultiplier must be from 1 to 100");
        ui.drainLogs(); // the 422 the page asked for on purpose

        // removed from the page
        ui.find("#thresholds tr.rule[data-benchmark='launch.empty'] button.remove").click();
        ui.waitUntil(d -> ui.all("#thresholds tr.rule").size() == 1);
        assertThat(data.get(rules).get("rules")).hasSize(1);
        assertThat(data.get(rules).get("rules").get(0).get("benchmark").isNull()).isTrue();

        // a visitor sees the rule, without the controls
        ui.script("sessionStorage.clear()");
        ui.open("#/p/" + project + "/thresholds", "#thresholds tr.rule");
        assertThat(ui.all("#rule-form")).isEmpty();
        assertThat(ui.all("#thresholds button.remove")).isEmpty();
        ui.phone();
        ui.open("#/p/" + project + "/thresholds", "#thresholds tr.rule");
        assertThat(ui.overflowsHorizontally()).as("the thresholds page fits 390 px").isFalse();
        ui.assertNoErrors("thresholds as a visitor");
    }
}
