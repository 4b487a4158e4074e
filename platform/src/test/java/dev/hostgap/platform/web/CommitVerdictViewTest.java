package dev.hostgap.platform.web;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A commit's one answer in the browser: the commit page a CI status links to shows the status's own
 * line and the change dated to the commit; the dashboard's badge is red only for a commit that
 * introduced a regression, opens to the series, and names the regressions a later commit sits on;
 * an acknowledged regression stays listed as present. The step: launch.enqueue args=4 15% slower
 * from the 13th of 16 commits.
 */
class CommitVerdictViewTest extends UiTestSupport {

    private static final int FLAT = 12;
    private static final int STEPPED = 4;
    private static final String HEAD = "2222222222222222222222222222222222222222";
    private static final String NEXT = "3333333333333333333333333333333333333333";

    /** One stepped history, read by the tests that change nothing in it. */
    private static String stepProject;
    private static List<String> stepShas;

    private void stepHistory() throws Exception {
        if (stepProject == null) {
            String project = data.newProject("step");
            stepShas = data.uploadStep(project, FLAT, STEPPED);
            stepProject = project;
        }
    }

    private JsonNode verdict(String project, String sha) throws Exception {
        return data.get("/api/v1/projects/" + project + "/commits/" + sha + "/verdict");
    }

    @Test
    void theCommitPageShowsExactlyTheStatusLineAndTheChangeDatedToTheCommit() throws Exception {
        stepHistory();
        String step = stepShas.get(FLAT);
        JsonNode verdict = verdict(stepProject, step);
        assertThat(verdict.get("verdict").asString()).isEqualTo("regression");
        JsonNode change = verdict.get("changes").get(0);
        long id = change.get("id").asLong();

        ui.open("#/p/" + stepProject + "/commits/" + step, "#changes");
        assertThat(ui.find("#verdict-summary").getText()).isEqualTo(verdict.get("summary").asString())
                .startsWith("Regression #" + id + " here: launch.enqueue args=4 host_us_per_op +");
        assertThat(ui.find("#verdict [data-verdict]").getText()).isEqualTo("regression");
        assertThat(ui.find("#verdict-counts").getText()).isEqualTo("1 regression, 1 unchanged");
        assertThat(ui.all("#verdict-reason")).isEmpty();
        List<WebElement> rows = ui.all("#changes tbody tr");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getDomAttribute("data-id")).isEqualTo(String.valueOf(id));
        assertThat(rows.get(0).getText()).contains("launch.enqueue v1", "args=4", "host_us_per_op", "regression",
                percent(change.get("changePercent").asDouble()), "open", "yes", "triage #" + id);
        assertThat(rows.get(0).findElement(By.cssSelector("a.triage")).getDomAttribute("href"))
                .isEqualTo("#/p/" + stepProject + "/regressions/" + id);
        assertThat(rows.get(0).findElement(By.cssSelector("a.series")).getDomAttribute("href"))
                .isEqualTo("#/p/" + stepProject + "/series/launch.enqueue/host_us_per_op/args%3D4");
        assertThat(ui.find("#sits-on-nothing").getText()).startsWith("No regression");
        assertThat(ui.find("#compare-parent").getDomAttribute("href"))
                .isEqualTo("#/p/" + stepProject + "/compare?base=" + stepShas.get(FLAT - 1) + "&head=" + step);
        ui.assertNoErrors("commit page of a regression");
        ui.screenshotWholePage("commit", 1280);
        ui.phone();
        assertThat(ui.overflowsHorizontally()).as("the commit page fits 390 px").isFalse();
        ui.desktop();

        // its comparison with its parent lists the changes the API says detection dated between them
        ui.find("#compare-parent").click();
        ui.waitFor("#compare tbody tr");
        JsonNode report = data.get("/api/v1/projects/" + stepProject + "/compare?base=" + stepShas.get(FLAT - 1) + "&head=" + step);
        assertThat(ui.all("#detected tbody tr")).hasSize(report.path("detected").size());
        ui.all("#detected tbody tr").forEach(r -> assertThat(r.getText()).contains("triage #" + id));
        ui.assertNoErrors("compare with the parent");

        // the status links to the change's page, which shows the same line for its first bad commit
        assertThat(verdict.get("link").asString()).isEqualTo("/#/p/" + stepProject + "/regressions/" + id);
        ui.open(verdict.get("link").asString().substring(1), "#commit-answer");
        assertThat(ui.find("#commit-answer .summary").getText()).isEqualTo(verdict.get("summary").asString());
        assertThat(ui.find("#regression-facts a[href$='/commits/" + step + "']").getText()).isEqualTo(step);

        // a commit that changed nothing: its status links to its commit page, which says what the status says
        JsonNode quiet = verdict(stepProject, stepShas.get(5));
        assertThat(quiet.get("link").asString()).isEqualTo("/#/p/" + stepProject + "/commits/" + stepShas.get(5));
        ui.open(quiet.get("link").asString().substring(1), "#no-changes");
        assertThat(ui.find("#verdict-summary").getText()).isEqualTo(quiet.get("summary").asString()).isEqualTo("No change here (2 unchanged)");
        assertThat(ui.find("#verdict [data-verdict]").getText()).isEqualTo("unchanged");
        ui.assertNoErrors("commit page of an unchanged commit");
    }

    @Test
    void aCommitOnTopOfTheStepPassesOnTheDashboardAndSaysWhichRegressionItSitsOn() throws Exception {
        stepHistory();
        String step = stepShas.get(FLAT), after = stepShas.get(FLAT + 2);
        JsonNode verdict = verdict(stepProject, after);
        long id = verdict.get("openChanges").get(0).get("id").asLong();
        assertThat(verdict.get("verdict").asString()).isEqualTo("unchanged");
        assertThat(verdict.get("changes")).isEmpty();

        ui.open("#/p/" + stepProject, "#runs");
        assertThat(ui.all("#commits tbody tr")).hasSize(FLAT + STEPPED);
        WebElement afterRow = row(after), stepRow = row(step);
        WebElement afterBadge = afterRow.findElement(By.cssSelector("[data-verdict]"));
        WebElement stepBadge = stepRow.findElement(By.cssSelector("[data-verdict]"));
        assertThat(afterBadge.getText()).isEqualTo("unchanged");
        assertThat(afterBadge.getDomAttribute("class")).doesNotContain("regression");
        assertThat(afterBadge.getCssValue("color")).isNotEqualTo(stepBadge.getCssValue("color"));
        assertThat(stepBadge.getText()).isEqualTo("regression");
        assertThat(afterRow.getText()).contains("2 unchanged", "sits on #" + id);
        // only the step's own commit is red
        assertThat(ui.all("#commits tbody [data-verdict=regression]")).hasSize(1);

        afterRow.findElement(By.cssSelector("button.expand")).click();
        WebElement sitsOn = ui.waitFor("#commits tr.commit-changes li.sits-on");
        assertThat(sitsOn.getText()).contains("sits on #" + id, "launch.enqueue v1 args=4 host_us_per_op", "open",
                "from " + step.substring(0, 10));
        assertThat(ui.find("#commits tr.commit-changes .summary").getText()).isEqualTo(verdict.get("summary").asString());
        assertThat(afterRow.findElement(By.cssSelector("button.expand")).getDomAttribute("aria-expanded")).isEqualTo("true");

        stepRow.findElement(By.cssSelector("button.expand")).click();
        ui.waitUntil(d -> ui.all("#commits tr.commit-changes").size() == 2);
        WebElement own = ui.find("#commits tr[data-sha='" + step + "'] + tr.commit-changes li.change");
        assertThat(own.getText()).contains("regression #" + id, "launch.enqueue v1 args=4 host_us_per_op",
                percent(verdict.get("openChanges").get(0).get("changePercent").asDouble()), "open");
        ui.assertNoErrors("dashboard with a step");
        ui.screenshotWholePage("dashboard-step", 1280);

        afterRow.findElement(By.cssSelector("button.expand")).click(); // closes again
        ui.waitUntil(d -> ui.all("#commits tr.commit-changes").size() == 1);

        // the sha opens the commit page, which lists what it sits on
        afterRow.findElement(By.cssSelector("a.commit")).click();
        ui.waitFor("#open-changes");
        assertThat(ui.driver.getCurrentUrl()).endsWith("#/p/" + stepProject + "/commits/" + after);
        assertThat(ui.find("#verdict-summary").getText()).isEqualTo(verdict.get("summary").asString());
        assertThat(ui.find("#no-changes").getText()).startsWith("None");
        assertThat(ui.find("#open-changes tbody tr").getText()).contains("launch.enqueue v1", "open", step.substring(0, 10), "triage #" + id);
        ui.assertNoErrors("commit page on top of a step");
    }

    @Test
    void anAcknowledgedRegressionStaysListedAsPresentAndItsCommitStaysRed() throws Exception {
        String project = data.newProject("ack");
        data.uploadReadmeExample(project);
        long id = data.get("/api/v1/projects/" + project + "/regressions?status=open").get(0).get("id").asLong();
        data.send("PATCH", "/api/v1/regressions/" + id, "{\"status\":\"acknowledged\",\"note\":\"fix in #123\"}", 200);

        ui.open("#/p/" + project, "#runs");
        assertThat(ui.all("#no-regressions")).isEmpty();
        WebElement present = ui.find("#regressions tbody tr[data-id='" + id + "']");
        assertThat(present.getText()).contains("launch.empty v1", "args=4", "acknowledged", HEAD.substring(0, 10));
        assertThat(ui.find("#present-title").getText()).isEqualTo("Present regressions (1)");
        assertThat(row(HEAD).findElement(By.cssSelector("[data-verdict]")).getText()).isEqualTo("regression");
        assertThat(row(NEXT).getText()).contains("sits on #" + id);

        // the head's own changes: the acknowledged regression and the improvement its run alone suggests
        row(HEAD).findElement(By.cssSelector("button.expand")).click();
        ui.waitFor("#commits tr.commit-changes li.change");
        List<String> items = ui.all("#commits tr.commit-changes li.change").stream().map(WebElement::getText).toList();
        assertThat(items).hasSize(2);
        assertThat(items.get(0)).contains("regression #" + id, "launch.empty v1 args=4 host_us_per_launch", "acknowledged");
        assertThat(items.get(1)).contains("improvement #", "fusion.elementwise", "suspected");
        ui.assertNoErrors("dashboard with an acknowledged regression");

        ui.open("#/p/" + project + "/commits/" + NEXT, "#open-changes");
        assertThat(ui.find("#open-changes tbody tr").getText()).contains("acknowledged", "triage #" + id);
        assertThat(ui.find("#verdict-summary").getText()).isEqualTo(verdict(project, NEXT).get("summary").asString())
                .contains("acknowledged regression #" + id);
    }

    @Test
    void aPullRequestsPageShowsItsAnswerAndLinksToItsComparison() throws Exception {
        String project = data.newProject("pr");
        data.uploadReadmeExample(project);
        String head = "5555555555555555555555555555555555555555";
        JsonNode run = UiData.JSON.readTree(java.nio.file.Files.readString(java.nio.file.Path.of("../docs/examples/run-next.json")));
        ((tools.jackson.databind.node.ObjectNode) run).put("project", project).put("runId", UUID.randomUUID().toString());
        ((tools.jackson.databind.node.ObjectNode) run.get("commit")).put("sha", head).put("branch", "feature/pack-args")
                .putArray("parents").add(NEXT);
        ((tools.jackson.databind.node.ObjectNode) run).putObject("pullRequest").put("number", 7).put("baseSha", NEXT);
        data.send("POST", "/api/v1/runs", run.toString(), 201);
        data.awaitJudged(project, UiData.README_RUNS + 1);
        JsonNode verdict = verdict(project, head);
        assertThat(verdict.get("pullRequest").get("number").asInt()).isEqualTo(7);

        ui.open("#/p/" + project + "/commits/" + head, "#pull-request");
        assertThat(ui.find("#verdict-summary").getText()).isEqualTo(verdict.get("summary").asString());
        assertThat(ui.find("#pull-request").getText()).startsWith("Pull request #7");
        // the page the status links to: the comparison the answer was read from, with the answer's counts
        assertThat(ui.find("#pull-request-compare").getDomAttribute("href")).isEqualTo(verdict.get("link").asString().substring(1))
                .startsWith("#/p/" + project + "/compare?base=" + NEXT + "&head=" + head);
        ui.find("#pull-request-compare").click();
        ui.waitFor("#compare tbody tr");
        int regressions = verdict.get("regressions").asInt();
        int improvements = verdict.get("improvements").asInt();
        assertThat(ui.find("#summary").getText()).isEqualTo(String.format(Locale.ROOT,
                "%d regression%s, %d improvement%s, %d unchanged, %d insufficient history, %d insufficient data",
                regressions, regressions == 1 ? "" : "s", improvements, improvements == 1 ? "" : "s",
                verdict.get("unchanged").asInt(), verdict.get("insufficientHistory").asInt(), verdict.get("insufficientData").asInt()));
        ui.assertNoErrors("a pull request's commit page and its comparison");
    }

    @Test
    void pendingAndFailedCommitsSayWhyOnTheirPages() throws Exception {
        String label = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        String runnerToken = UiData.JSON.readTree(data.send("POST", "/api/v1/runners",
                "{\"name\":\"node-" + label + "\",\"labels\":[\"" + label + "\"]}", 201)).get("token").asString();
        String project = data.newProject("why");
        data.send("PUT", "/api/v1/projects/" + project + "/ci", "{\"benchmarkCommand\":\"./bench.sh\",\"runnerLabels\":[\"" + label + "\"]}", 200);
        String failed = "e".repeat(40), queued = "f".repeat(40);
        data.send("POST", "/api/v1/projects/" + project + "/jobs", "{\"sha\":\"" + failed + "\"}", 201);
        long job = -1;
        String state = "queued";
        for (int attempt = 0; attempt < 10 && !state.equals("failed"); attempt++) { // every attempt fails, until the last
            job = UiData.JSON.readTree(data.sendAs(runnerToken, "POST", "/api/v1/jobs/lease", "{\"waitSeconds\":0}", 200)).get("id").asLong();
            state = UiData.JSON.readTree(data.sendAs(runnerToken, "POST", "/api/v1/jobs/" + job + "/fail",
                    "{\"reason\":\"CUDA driver not loaded\"}", 200)).get("state").asString();
        }
        assertThat(state).isEqualTo("failed");
        data.send("POST", "/api/v1/projects/" + project + "/jobs", "{\"sha\":\"" + queued + "\"}", 201);

        JsonNode pending = verdict(project, queued);
        assertThat(pending.get("state").asString()).isEqualTo("pending");
        ui.open("#/p/" + project + "/commits/" + queued, "#verdict-reason");
        assertThat(ui.find("#verdict-summary").getText()).isEqualTo(pending.get("summary").asString()).startsWith("Pending: Queued (job ");
        assertThat(ui.find("#verdict [data-state]").getText()).isEqualTo("pending");
        assertThat(ui.find("#verdict [data-state]").getDomAttribute("class")).isEqualTo("verdict state-pending");
        assertThat(ui.find("#verdict-reason").getText()).contains(pending.get("reason").asString());
        assertThat(ui.all("#changes, #open-changes")).isEmpty();
        ui.assertNoErrors("commit page of a pending commit");

        JsonNode error = verdict(project, failed);
        assertThat(error.get("state").asString()).isEqualTo("error");
        ui.open("#/p/" + project + "/commits/" + failed, "#verdict-reason");
        assertThat(ui.find("#verdict-summary").getText()).isEqualTo(error.get("summary").asString())
                .startsWith("Error: Job " + job + " failed after ").endsWith(": CUDA driver not loaded");
        assertThat(ui.find("#verdict [data-state]").getDomAttribute("class")).isEqualTo("verdict state-error");
        ui.screenshot("commit-error");
        ui.assertNoErrors("commit page of a failed commit");

        ui.open("#/p/" + project + "/commits/" + "0".repeat(40), ".error");
        assertThat(ui.find(".error").getText()).contains("Could not load", "No run was uploaded and no job queued");
        ui.drainLogs(); // the 404 is logged by the browser, as it should be
        ui.open("#/p/" + project + "/commits/not-a-sha", ".error");
        assertThat(ui.find(".error").getText()).contains("is not a commit sha");
    }

    private WebElement row(String sha) {
        return ui.find("#commits tbody tr[data-sha='" + sha + "']");
    }

    /** A change as the UI writes it: sign and two decimals. */
    private static String percent(double change) {
        return String.format(Locale.ROOT, "%+.2f%%", change);
    }
}
