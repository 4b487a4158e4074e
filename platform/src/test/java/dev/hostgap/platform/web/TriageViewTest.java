package dev.hostgap.platform.web;


import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Triage in the browser: the token asked for once and kept for the session, a status change the API then reports. */
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
        ui.screenshotWholePage("triage", 1280);
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
