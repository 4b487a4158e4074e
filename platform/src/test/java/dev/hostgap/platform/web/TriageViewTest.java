package dev.hostgap.platform.web;


import java.util.List;

import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Triage in the browser: the change with its context (chart, levels, commits, range), the token asked for once
 * and kept for the session, a status change the API then reports.
 */
class TriageViewTest extends UiTestSupport {

    @Test
    void acknowledgingARegressionChangesItsStatusThroughTheApi() throws Exception {
        String project = data.newProject("triage");
        data.uploadReadmeExample(project);
        long id = data.get("/api/v1/projects/" + project + "/regressions?status=open").get(0).get("id").asLong();

        ui.open("#/p/" + project, "#regressions");
        ui.find("#regressions a.triage").click();
        ui.waitFor("#token-missing");
        assertThat(ui.driver.getCurrentUrl()).endsWith("#/p/" + project + "/regressions/" + id);
        assertThat(ui.find("#regression-status").getText()).isEqualTo("open");
        assertThat(ui.find("#history").getText()).contains("open"); // detection's own entry

        // without a token the click asks for one and changes nothing
        ui.find("#triage-acknowledge").click();
        assertThat(ui.find("#triage-outcome").getText()).contains("Enter an admin token");
        assertThat(data.get("/api/v1/regressions/" + id).get("regression").get("status").asString()).isEqualTo("open");

        ui.find("#token-input").sendKeys(PlatformTest.ADMIN_TOKEN);
        ui.find("#save-token").click();
        ui.waitFor("#token-kept");
        assertThat(ui.script("return sessionStorage.getItem('hostgap.token')")).isEqualTo(PlatformTest.ADMIN_TOKEN);
        assertThat(ui.find("#token-status").getText()).contains("token kept");

        ui.find("#triage-note").sendKeys("launch path marshals args twice; fix in #123");
        ui.find("#triage-acknowledge").click();
        ui.waitUntil(d -> ui.find("#regression-status").getText().equals("acknowledged"));
        assertThat(ui.find("#triage-outcome").getText()).contains("Status set to acknowledged");

        JsonNode detail = data.get("/api/v1/regressions/" + id);
        assertThat(detail.get("regression").get("status").asString()).isEqualTo("acknowledged");
        assertThat(detail.get("regression").get("note").asString()).isEqualTo("launch path marshals args twice; fix in #123");
        JsonNode last = detail.get("history").get(detail.get("history").size() - 1);
        assertThat(last.get("from").asString()).isEqualTo("open");
        assertThat(last.get("to").asString()).isEqualTo("acknowledged");
        assertThat(ui.find("#history").getText()).contains("launch path marshals args twice");
        ui.phone();
        assertThat(ui.overflowsHorizontally()).as("triage fits 390 px").isFalse();
        ui.desktop();
        ui.assertNoErrors("triage");

        // the token is kept for the next view of this session, until forgotten
        ui.find("#triage-false-positive").click();
        ui.waitUntil(d -> ui.find("#regression-status").getText().equals("false_positive"));
        assertThat(data.get("/api/v1/regressions/" + id).get("regression").get("status").asString()).isEqualTo("false_positive");
        ui.find("#forget-token").click();
        ui.waitFor("#token-missing");
        assertThat(ui.script("return sessionStorage.getItem('hostgap.token')")).isNull();
        ui.assertNoErrors("triage after forgetting the token");
    }

    /**
     * The page carries the change's context: the series around it drawn with the first bad commit
     * marked, the levels in the series' units, both commits' subjects and their range on GitHub.
     */
    @Test
    void showsTheSeriesAroundTheChangeItsLevelsBothCommitsAndTheirRange() throws Exception {
        String project = data.newProject("triage-context");
        List<String> shas = data.uploadStep(project, 12, 3);
        JsonNode r = data.get("/api/v1/projects/" + project + "/regressions?status=open").get(0);
        String firstBad = r.get("firstBadCommit").asString(), lastGood = r.get("lastGoodCommit").asString();
        assertThat(firstBad).isEqualTo(shas.get(12));
        assertThat(lastGood).isEqualTo(shas.get(11));

        ui.open("#/p/" + project + "/regressions/" + r.get("id").asLong(), "#triage-chart svg");
        JsonNode levels = data.get("/api/v1/regressions/" + r.get("id").asLong()).get("regression").get("levels");
        assertThat(ui.all("#triage-chart circle.level-point")).hasSize(levels.size()).hasSizeGreaterThan(10);
        assertThat(ui.all("#triage-chart circle.first-bad")).hasSize(1);
        assertThat(ui.find("#triage-chart circle.first-bad").getDomAttribute("data-sha")).isEqualTo(firstBad);
        assertThat(ui.find("#triage-chart .first-bad-marker").getText()).contains(firstBad.substring(0, 7));
        assertThat(ui.all("#triage-chart circle.level-point.after")).as("the first bad commit and the 2 after it").hasSize(3);

        // 4.3 us before, 15% slower after, in the series' unit
        String levelsText = ui.find("#triage-levels").getText();
        assertThat(levelsText).matches("4\\.[23]\\d* us → 4\\.9\\d* us \\+1[4-7]\\.\\d\\d% · threshold ±\\d+\\.\\d\\d% \\(±.* us\\)");
        assertThat(ui.find("#triage-last-good").getText()).contains(lastGood.substring(0, 10), "enqueue: change 11");
        assertThat(ui.find("#triage-first-bad").getText()).contains(firstBad.substring(0, 10),
                "enqueue: validate every argument on the host");
        assertThat(ui.find("#repo-range").getDomAttribute("href"))
                .isEqualTo("https://github.com/acme/" + project + "/compare/" + lastGood + "..." + firstBad);
        assertThat(ui.find("#triage-confirmation").getText()).contains("Confirmation:");
        assertThat(ui.all("#triage-acknowledge")).as("triage actions still there").hasSize(1);
        ui.assertNoErrors("triage with its context");
        ui.screenshotWholePage("triage", 1280);

        ui.phone();
        ui.open("#/p/" + project + "/regressions/" + r.get("id").asLong(), "#triage-chart svg");
        assertThat(ui.overflowsHorizontally()).as("triage with its chart fits 390 px").isFalse();
        assertThat(((Number) ui.script("return document.querySelector('#triage-chart svg').getBoundingClientRect().width")).doubleValue())
                .isLessThanOrEqualTo(390);
        ui.screenshot("triage-phone");
        ui.desktop();
        ui.assertNoErrors("triage at 390 px");
    }

    @Test
    void aRefusedTokenIsReportedWithTheApisDetail() throws Exception {
        String project = data.newProject("triage-refused");
        data.uploadReadmeExample(project);
        long id = data.get("/api/v1/projects/" + project + "/regressions?status=open").get(0).get("id").asLong();

        ui.open("#/p/" + project + "/regressions/" + id, "#token-missing");
        ui.find("#token-input").sendKeys("hg_not-a-real-token");
        ui.find("#save-token").click();
        ui.waitFor("#token-kept");
        ui.find("#triage-acknowledge").click();
        ui.waitFor("#triage-outcome .error");
        assertThat(ui.find("#triage-outcome").getText()).contains("The bearer token is unknown or revoked", "forget it");
        assertThat(data.get("/api/v1/regressions/" + id).get("regression").get("status").asString()).isEqualTo("open");
        ui.drainLogs(); // the 401 is logged by the browser, as it should be
    }
}
