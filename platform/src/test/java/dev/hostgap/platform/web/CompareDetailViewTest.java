package dev.hostgap.platform.web;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a compare row rests on, in the browser: the environment fields that differ between base and
 * head (a driver update, not the GPU they share), and each row's fork samples of both sides unfolded
 * by its button, with the mouse or the keyboard. The base is measured twice, the head once on its driver
 * and once on a newer one.
 */
class CompareDetailViewTest extends UiTestSupport {

    private static final String OLD_DRIVER = "580.159.04", NEW_DRIVER = "580.201.01";

    private String run(String project, String sha, String parent, String driver, int n, double factor) {
        return """
                {"schemaVersion":"1.0","runId":"%s","project":"%s",
                 "commit":{"sha":"%s","branch":"main","parents":[%s],"timestamp":"2026-12-01T0%d:00:00Z","message":"commit %d"},
                 "environment":%s,
                 "results":%s}
                """.formatted(UUID.randomUUID(), project, sha, parent == null ? "" : "\"" + parent + "\"", n, n,
                UiData.ENVIRONMENT.strip().replace(OLD_DRIVER, driver), UiData.results(n, factor));
    }

    @Test
    void showsTheEnvironmentThatDiffersAndUnfoldsEachRowsSamples() throws Exception {
        String project = data.newProject("compare-detail");
        String base = UiData.sha1(project + " base"), head = UiData.sha1(project + " head");
        data.send("POST", "/api/v1/runs", run(project, base, null, OLD_DRIVER, 1, 1.0), 201);
        data.send("POST", "/api/v1/runs", run(project, base, null, OLD_DRIVER, 2, 1.0), 201);
        data.send("POST", "/api/v1/runs", run(project, head, base, OLD_DRIVER, 3, 1.15), 201);
        // the head also on a node with a newer driver: other series (the driver is in the environment class)
        data.send("POST", "/api/v1/runs", run(project, head, base, NEW_DRIVER, 4, 1.15), 201);
        data.awaitJudged(project, 4);

        ui.open("#/p/" + project + "/compare?base=" + base + "&head=" + head, "#compare tbody tr");
        // the environment: the driver differs, the GPU both share is not listed as a difference
        WebElement diff = ui.find("#environment-diff");
        assertThat(ui.all("#environment-diff tbody tr")).hasSize(1);
        assertThat(ui.find("#environment-diff tr[data-field='driver']").getText())
                .isEqualTo("driver " + OLD_DRIVER + " " + OLD_DRIVER + ", " + NEW_DRIVER);
        assertThat(diff.getText()).doesNotContain("gpu", "NVIDIA H200");
        assertThat(ui.find("#environment-same-fields").getDomProperty("textContent")).contains("gpu", "NVIDIA H200", "node-7");

        // the mouse: the stepped row's samples, both sides, 2 base runs and 1 head run of 5 forks each
        WebElement toggle = toggleOf("args=4");
        assertThat(toggle.getDomAttribute("aria-expanded")).isEqualTo("false");
        toggle.click();
        String series = toggle.getDomAttribute("data-series");
        ui.waitFor("#samples-" + series + " svg.strip-plot");
        assertThat(toggleOf("args=4").getDomAttribute("aria-expanded")).isEqualTo("true");
        assertThat(ui.all("#samples-" + series + " circle.sample.base")).hasSize(10);
        assertThat(ui.all("#samples-" + series + " circle.sample.head")).hasSize(5);
        assertThat(ui.all("#samples-" + series + " g.lane")).as("a lane per run").hasSize(3);
        assertThat(ui.find("#samples-" + series + " .samples-summary").getText())
                .isEqualTo("base: 2 runs, 10 fork samples · head: 1 run, 5 fork samples");
        ui.assertNoErrors("compare samples");
        ui.screenshotWholePage("compare-detail", 1280);

        // the keyboard: Enter unfolds the other row, Space folds it again
        WebElement other = toggleOf("args=0");
        String otherSeries = other.getDomAttribute("data-series");
        ui.script("arguments[0].focus()", other);
        ui.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        ui.waitFor("#samples-" + otherSeries + " svg.strip-plot");
        assertThat(ui.all("#samples-" + otherSeries + " circle.sample")).hasSize(15);
        ui.driver.switchTo().activeElement().sendKeys(Keys.SPACE);
        ui.waitUntil(d -> ui.all("#samples-" + otherSeries).isEmpty());
        assertThat(toggleOf("args=0").getDomAttribute("aria-expanded")).isEqualTo("false");
        assertThat(ui.all("#samples-" + series)).as("the first row stays unfolded").hasSize(1);
        ui.assertNoErrors("compare samples by keyboard");

        ui.phone();
        assertThat(ui.overflowsHorizontally()).as("compare with samples fits 390 px").isFalse();
        ui.desktop();
    }

    /** The samples button of the row whose series has these params, on the driver both sides ran (2 runs → 1). */
    private WebElement toggleOf(String params) {
        return ui.all("#compare tbody tr").stream().filter(tr -> tr.getText().contains(params) && tr.getText().contains("2 → 1"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row with " + params)).findElement(org.openqa.selenium.By.cssSelector(
                        "button.samples-toggle"));
    }
}
