package dev.hostgap.platform.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.hostgap.platform.PlatformTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Confirm, then bisect, on a change's page, driven through the platform as it runs: runs uploaded
 * over the API, a change the platform suspects and queues a probe for by itself, a runner leasing
 * and completing the probe's jobs over HTTP, and a push whose unmeasured commits are bisected. The
 * page shows the probe's progress, its verdict with the paired rounds, the bisection's steps and
 * bounds, the repro loop and a try job, and its Cancel buttons stop what they cancel.
 */
class ConfirmViewsTest extends UiTestSupport {

    private static final int FLAT = ConfirmWorld.FLAT;

    @Test
    void aSuspectedChangeShowsItsProbesProgressThenTheConfirmationWithItsPairedRounds() throws Exception {
        ConfirmWorld w = ConfirmWorld.quiet(data, "confirm");
        long id = w.suspectStep();
        String p = "/api/v1/projects/" + w.project;

        ui.open("#/p/" + w.project, "#regressions");
        WebElement listed = ui.find("#regressions tr[data-id='" + id + "']");
        assertThat(listed.findElement(By.cssSelector(".status")).getText()).isEqualTo("confirming");
        assertThat(listed.findElement(By.cssSelector(".status")).getCssValue("border-top-style")).as("its own badge").isEqualTo("dashed");
        assertThat(listed.getDomAttribute("class")).contains("not-counted");

        ui.open("#/p/" + w.project + "/regressions/" + id, "#confirm-state");
        assertThat(ui.find("#regression-status").getText()).isEqualTo("confirming");
        assertThat(ui.find("#confirm-state").getText()).startsWith("confirming: 0 of 8 runs")
                .contains("4 rounds of " + w.sha(FLAT - 1).substring(0, 10) + " and " + w.sha(FLAT).substring(0, 10));
        assertThat(ui.all("#cancel-probe")).hasSize(1);
        assertThat(ui.all("#paired-table")).isEmpty();

        assertThat(w.runner.run(3, w.slowerFrom(FLAT))).isEqualTo(3);
        ui.waitUntil(d -> ui.find("#confirm-state").getText().startsWith("confirming: 3 of 8 runs"));
        ui.screenshot("change-confirming");
        ui.assertNoErrors("a change being confirmed");

        assertThat(w.runner.run(20, w.slowerFrom(FLAT))).as("the probe's other runs; its range has nothing to bisect").isEqualTo(5);
        ui.waitUntil(d -> ui.find("#regression-status").getText().equals("open")); // the page is drawn again once the probe ended
        ui.waitFor("#paired-table");
        assertThat(ui.find("#confirm-state").getText()).startsWith("confirmed").contains("on runner " + w.runner.id);
        assertThat(ui.all("#cancel-probe")).isEmpty();
        JsonNode probe = data.get(p + "/probes/" + data.get(p + "/probes?change=" + id).get(0).get("id").asLong());
        JsonNode row = steppedRow(probe);
        List<WebElement> rounds = ui.all("#paired-table tbody tr");
        assertThat(rounds).hasSize(4);
        JsonNode first = row.get("rounds").get(0);
        assertThat(rounds.get(0).getText()).endsWith(percent((first.get("head").asDouble() - first.get("base").asDouble())
                / first.get("base").asDouble() * 100));
        assertThat(ui.find("#paired-summary").getText()).contains("launch.enqueue v1 args=4 host_us_per_op: mean change "
                        + percent(row.get("change").get("changePercent").asDouble()) + " over 4 pairs")
                .contains("threshold ±" + String.format(Locale.ROOT, "%.2f", row.get("change").get("thresholdPercent").asDouble()) + "%")
                .endsWith("verdict regression");
        assertThat(row.get("change").get("changePercent").asDouble()).isBetween(20.0, 40.0);
        assertThat(ui.find("#history").getText()).contains("confirmed by probe " + probe.get("id").asLong());
        ui.screenshotWholePage("change-confirmed", 1280);
        ui.phone();
        assertThat(ui.overflowsHorizontally()).as("the confirmation fits 390 px").isFalse();
        ui.desktop();
        ui.assertNoErrors("a confirmed change");

        // reproduce it: the shell loop, then a try job of the same commits
        assertThat(ui.find("#repro-shell").getText()).contains("for round in $(seq 1 4)", "for sha in " + w.sha(FLAT - 1) + " " + w.sha(FLAT),
                "./bench.sh", "HOSTGAP_PROJECT='" + w.project + "'");
        keepToken();
        ui.waitUntil(d -> ui.find("#try-run").isEnabled()); // once the repro loaded on the page drawn again
        ui.find("#try-runner").sendKeys("999999999");
        ui.find("#try-run").click();
        ui.waitFor("#try-outcome .error");
        assertThat(ui.find("#try-outcome").getText()).contains("no runner 999999999");
        assertThat(tryProbes(p)).as("a refused try job queues nothing").isEmpty();
        ui.drainLogs(); // the browser logs the refusal (422), as it should

        ui.find("#try-runner").clear();
        ui.find("#try-runner").sendKeys(String.valueOf(w.runner.id));
        ui.find("#try-run").click();
        ui.waitFor("#try-outcome .ok");
        List<JsonNode> tries = tryProbes(p);
        assertThat(tries).hasSize(1);
        long tryId = tries.get(0).get("id").asLong();
        assertThat(ui.find("#try-outcome").getText()).isEqualTo("Try job #" + tryId + " queued: 8 runs.");
        String tried = ".try-probe[data-id='" + tryId + "']";
        ui.waitFor(tried);
        assertThat(ui.find(tried).getText()).contains("try #" + tryId + " by admin", "measuring: 0 of 8 runs", "on runner " + w.runner.id);
        assertThat(w.runner.run(20, w.slowerFrom(FLAT))).isEqualTo(8);
        ui.waitUntil(d -> "concluded".equals(ui.find(tried).getDomAttribute("data-state")));
        WebElement stepped = ui.find(tried).findElements(By.cssSelector(".try-results tbody tr")).stream()
                .filter(r -> r.getText().startsWith("launch.enqueue v1 args=4 ")).findFirst().orElseThrow();
        assertThat(stepped.getText()).contains(percent(steppedRow(data.get(p + "/probes/" + tryId)).get("change").get("changePercent").asDouble()))
                .endsWith("regression");
        ui.screenshotWholePage("change-try-job", 1280);
        ui.assertNoErrors("a try job");
    }

    @Test
    void aSuspicionItsProbeDoesNotBearOutIsShownUnconfirmedWhereverItIsListed() throws Exception {
        ConfirmWorld w = ConfirmWorld.quiet(data, "fluke");
        long id = w.suspectStep();
        assertThat(w.runner.run(20, sha -> 1.0)).as("the probe measures the head at the base's level").isEqualTo(8);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> status(id).equals("unconfirmed"));

        ui.open("#/p/" + w.project + "/regressions/" + id, "#paired-summary");
        assertThat(ui.find("#regression-status").getText()).isEqualTo("unconfirmed");
        assertThat(ui.find("#regression-status").getCssValue("border-top-style")).as("its own badge").isEqualTo("dotted");
        assertThat(ui.find("#confirm-state").getText()).startsWith("unconfirmed");
        assertThat(ui.find("#paired-summary").getText()).contains("over 4 pairs").endsWith("verdict unchanged");
        assertThat(ui.all("#bisection-state")).isEmpty();
        ui.assertNoErrors("an unconfirmed change");

        ui.open("#/p/" + w.project + "/commits/" + w.sha(FLAT), "#changes");
        WebElement row = ui.find("#changes tr[data-id='" + id + "']");
        assertThat(row.findElement(By.cssSelector(".status")).getText()).isEqualTo("unconfirmed");
        assertThat(row.getText()).contains("no: unconfirmed");
        ui.open("#/p/" + w.project, "#no-regressions");
        ui.assertNoErrors("an unconfirmed change in the lists");
    }

    @Test
    void cancellingAConfirmationFromTheChangePageLeavesTheChangeSuspected() throws Exception {
        ConfirmWorld w = ConfirmWorld.quiet(data, "cancel-probe");
        long id = w.suspectStep();
        assertThat(w.runner.run(2, w.slowerFrom(FLAT))).isEqualTo(2);

        ui.open("#/p/" + w.project + "/regressions/" + id, "#confirm-state");
        ui.find("#cancel-probe").click();
        assertThat(ui.find("#probe-action-outcome").getText()).contains("Enter an admin token");
        assertThat(status(id)).isEqualTo("confirming");
        keepToken();
        ui.waitFor("#cancel-probe");
        ui.script("window.confirm = () => true");
        ui.find("#cancel-probe").click();
        ui.waitUntil(d -> ui.find("#regression-status").getText().equals("suspected"));
        ui.waitFor("#confirm-state[data-state='cancelled']");
        assertThat(ui.find("#confirm-state").getText()).startsWith("cancelled");
        assertThat(status(id)).isEqualTo("suspected");
        assertThat(w.runner.run(20, w.slowerFrom(FLAT))).as("jobs a runner leases after the cancel").isZero();
        ui.assertNoErrors("a cancelled confirmation");
    }

    @Test
    void aBisectionIsShownStepByStepUntilItPinsTheFirstBadCommit() throws Exception {
        ConfirmWorld w = ConfirmWorld.quiet(data, "bisect");
        long id = w.confirmedStepInsideAPush();

        ui.open("#/p/" + w.project + "/regressions/" + id, "#bisection-steps");
        assertThat(ui.find("#confirm-state").getText()).startsWith("confirmed");
        assertThat(ui.find("#bisection-state").getText()).startsWith("bisecting");
        assertThat(ui.find("#bisection-section").getText()).as("a bisection without a note yet").doesNotContain("null");
        assertThat(ui.find("#bisection-facts").getText()).contains("good " + w.sha(FLAT - 1).substring(0, 10),
                "bad " + w.sha(FLAT + 3).substring(0, 10), "first bad commit not pinned", "skipped –", "20 of 80 jobs", " of 7200 runner seconds");
        List<WebElement> steps = ui.all("#bisection-steps tbody tr");
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0).getText()).contains(w.sha(FLAT + 1).substring(0, 10), "measuring: 0 of 12 runs");
        assertThat(ui.all("#cancel-bisection")).hasSize(1);
        ui.screenshotWholePage("change-bisecting", 1280);
        ui.assertNoErrors("a bisection under way");

        assertThat(w.runner.run(12, w.slowerFrom(FLAT + 1))).isEqualTo(12);
        ui.waitUntil(d -> ui.all("#bisection-steps tbody tr").size() == 2);
        assertThat(ui.find("#bisection-steps tbody tr[data-outcome='bad']").getText()).contains(w.sha(FLAT + 1).substring(0, 10));
        assertThat(ui.find("#bisection-steps tbody tr[data-state='measuring']").getText()).contains(w.sha(FLAT).substring(0, 10));

        assertThat(w.runner.run(12, w.slowerFrom(FLAT + 1))).isEqualTo(12);
        ui.waitUntil(d -> ui.find("#bisection-state").getText().startsWith("pinned"));
        ui.waitUntil(d -> ui.find("#regression-facts").getText().contains("first bad commit " + w.sha(FLAT + 1)));
        assertThat(ui.find("#regression-facts").getText()).contains("last good commit " + w.sha(FLAT));
        assertThat(ui.find("#bisection-facts").getText()).contains("first bad commit " + w.sha(FLAT + 1).substring(0, 10), "32 of 80 jobs");
        assertThat(ui.all("#bisection-steps tbody tr").stream().map(r -> r.getDomAttribute("data-outcome")).toList())
                .containsExactly("bad", "good");
        assertThat(ui.all("#cancel-bisection")).isEmpty();
        JsonNode bisection = data.get("/api/v1/projects/" + w.project + "/bisections?change=" + id).get(0);
        assertThat(bisection.get("firstBad").asString()).isEqualTo(w.sha(FLAT + 1));
        ui.screenshotWholePage("change-pinned", 1280);
        ui.phone();
        assertThat(ui.overflowsHorizontally()).as("the bisection fits 390 px").isFalse();
        ui.desktop();
        ui.assertNoErrors("a pinned bisection");
    }

    @Test
    void cancellingABisectionFromTheChangePageStopsItsJobs() throws Exception {
        ConfirmWorld w = ConfirmWorld.quiet(data, "cancel-bisect");
        long id = w.confirmedStepInsideAPush();
        assertThat(w.runner.run(2, w.slowerFrom(FLAT + 1))).isEqualTo(2);

        ui.open("#/p/" + w.project + "/regressions/" + id, "#cancel-bisection");
        keepToken();
        ui.waitFor("#cancel-bisection");
        ui.script("window.confirm = () => true");
        ui.find("#cancel-bisection").click();
        ui.waitUntil(d -> ui.find("#bisection-state").getText().startsWith("cancelled"));
        assertThat(ui.all("#cancel-bisection")).isEmpty();
        assertThat(ui.find("#bisection-steps tbody tr").getDomAttribute("data-state")).isEqualTo("cancelled");
        JsonNode bisection = data.get("/api/v1/projects/" + w.project + "/bisections?change=" + id).get(0);
        assertThat(bisection.get("state").asString()).isEqualTo("cancelled");
        assertThat(w.runner.run(20, w.slowerFrom(FLAT + 1))).as("jobs a runner leases after the cancel").isZero();
        ui.assertNoErrors("a cancelled bisection");
    }

    private String status(long id) throws Exception {
        return data.get("/api/v1/regressions/" + id).get("regression").get("status").asString();
    }

    /** Keeps the admin token for this browser session from the token panel (the page is drawn again with it). */
    private void keepToken() {
        ui.find("#token-input").sendKeys(PlatformTest.ADMIN_TOKEN);
        ui.find("#save-token").click();
        ui.waitFor("#token-kept");
    }

    private List<JsonNode> tryProbes(String p) throws Exception {
        List<JsonNode> tries = new ArrayList<>();
        data.get(p + "/probes").forEach(probe -> {
            if (probe.get("kind").asString().equals("try")) {
                tries.add(probe);
            }
        });
        return tries;
    }

    /** The probe's row of launch.enqueue args=4, the series the step slows. */
    private static JsonNode steppedRow(JsonNode probe) {
        for (JsonNode row : probe.get("results")) {
            if (row.get("benchmark").asString().equals(UiData.STEPPED) && row.get("params").get("args").asString().equals("4")) {
                return row;
            }
        }
        throw new AssertionError("no launch.enqueue args=4 in " + probe);
    }

    private static String percent(double change) {
        return String.format(Locale.ROOT, "%+.2f%%", change);
    }
}
