package dev.hostgap.platform.web;

import java.util.UUID;

import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The runners view (an admin read: it asks for the token) and a project's job queue. */
class CiViewsTest extends UiTestSupport {

    @Test
    void runnersViewAsksForAnAdminTokenThenListsTheRunners() throws Exception {
        String name = "node-" + UUID.randomUUID().toString().substring(0, 8);
        data.send("POST", "/api/v1/runners", "{\"name\":\"" + name + "\",\"labels\":[\"h200\"]}", 201);

        ui.open("#/runners", "#token-missing");
        assertThat(ui.find("#token-missing").getText()).contains("enter an admin token to see the runners");
        assertThat(ui.all("#runners")).isEmpty();
        ui.assertNoErrors("runners without a token");

        ui.find("#token-input").sendKeys(PlatformTest.ADMIN_TOKEN);
        ui.find("#save-token").click();
        ui.waitFor("#runners");
        String row = ui.all("#runners tbody tr").stream().filter(r -> r.getText().startsWith(name)).findFirst().orElseThrow().getText();
        assertThat(row).contains("h200", "never seen", "never");
        ui.assertNoErrors("runners");
    }

    /** A runner that leased a job: busy, seen seconds ago, on that job; the project's queue shows it running. */
    @Test
    void aRunnerWorkingOnAJobShowsAsBusyOnItInBothViews() throws Exception {
        String label = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        String name = "node-" + label;
        String runnerToken = UiData.JSON.readTree(data.send("POST", "/api/v1/runners",
                "{\"name\":\"" + name + "\",\"labels\":[\"" + label + "\"]}", 201)).get("token").asString();
        String project = data.newProject("busy");
        data.send("PUT", "/api/v1/projects/" + project + "/ci", "{\"benchmarkCommand\":\"./bench.sh\",\"runnerLabels\":[\"" + label + "\"]}", 200);
        data.send("POST", "/api/v1/projects/" + project + "/jobs", "{\"sha\":\"" + "c".repeat(40) + "\"}", 201);
        data.send("POST", "/api/v1/projects/" + project + "/jobs", "{\"sha\":\"" + "d".repeat(40) + "\"}", 201);
        long job = UiData.JSON.readTree(data.sendAs(runnerToken, "POST", "/api/v1/jobs/lease", "{\"waitSeconds\":0}", 200)).get("id").asLong();

        ui.open("#/runners", "#token-missing");
        ui.find("#token-input").sendKeys(PlatformTest.ADMIN_TOKEN);
        ui.find("#save-token").click();
        ui.waitFor("#runners");
        String row = ui.all("#runners tbody tr").stream().filter(r -> r.getText().startsWith(name)).findFirst().orElseThrow().getText();
        assertThat(row).contains(label, "busy", " s ago", "job " + job);
        ui.screenshot("runners");
        ui.assertNoErrors("runners with a busy one");

        ui.open("#/p/" + project + "/jobs", "#jobs");
        assertThat(ui.find("#queue-summary").getText()).startsWith("1 queued, 1 running");
        assertThat(ui.all("#jobs tbody tr.leased")).hasSize(1);
        assertThat(ui.find("#jobs tbody tr.leased").getText()).contains(String.valueOf(job), "leased", "1 / ", name)
                .as("the runner by its name, not its id").doesNotContainPattern("runner \\d");
        ui.assertNoErrors("jobs with a running one");
    }

    @Test
    void aFailedJobRunsAgainFromTheJobsView() throws Exception {
        String project = data.newProject("rerun");
        String label = "rerun-" + project;
        data.send("PUT", "/api/v1/projects/" + project + "/ci", "{\"benchmarkCommand\":\"./bench.sh\",\"runnerLabels\":[\"" + label + "\"]}", 200);
        String runnerToken = UiData.JSON.readTree(data.send("POST", "/api/v1/runners",
                "{\"name\":\"" + label + "\",\"labels\":[\"" + label + "\"]}", 201)).get("token").asString();
        data.send("POST", "/api/v1/projects/" + project + "/jobs", "{\"sha\":\"" + "e".repeat(40) + "\"}", 201);
        long job = 0;
        for (int attempt = 1; attempt <= 3; attempt++) {
            job = UiData.JSON.readTree(data.sendAs(runnerToken, "POST", "/api/v1/jobs/lease", "{\"waitSeconds\":0}", 200)).get("id").asLong();
            data.sendAs(runnerToken, "POST", "/api/v1/jobs/" + job + "/fail", "{\"reason\":\"exit 3\"}", 200);
        }
        ui.open("#/p/" + project + "/jobs", "#jobs tbody tr.failed");
        if (!ui.all("#token-input").isEmpty()) { // another test of this browser may have kept a token already
            ui.find("#token-input").sendKeys(PlatformTest.ADMIN_TOKEN);
            ui.find("#save-token").click();
        }
        ui.open("#/p/" + project + "/jobs", "#jobs tbody tr.failed button.rerun");
        ui.find("#jobs tbody tr.failed button.rerun").click();
        ui.waitFor("#jobs tbody tr.queued");
        assertThat(ui.find("#jobs tbody tr.queued").getText()).contains(String.valueOf(job), "queued", "0 / ");
        assertThat(ui.all("#jobs tbody tr.failed")).isEmpty();
        ui.assertNoErrors("a job run again");
    }

    @Test
    void aForkPullRequestIsApprovedFromTheJobsView() throws Exception {
        String project = data.newProject("forkpr");
        String secret = "fork-secret-" + project;
        data.send("PUT", "/api/v1/projects/" + project + "/ci", "{\"webhookSecret\":\"" + secret
                + "\",\"benchmarkCommand\":\"./bench.sh\",\"runnerLabels\":[\"fork-" + project + "\"]}", 200);
        String head = "c".repeat(40);
        data.githubWebhook("pull_request", """
                {"action":"opened","number":5,
                 "pull_request":{"number":5,"updated_at":"2026-12-07T10:00:00Z",
                   "head":{"ref":"patch-1","sha":"%s","repo":{"full_name":"stranger/%s"}},
                   "base":{"ref":"main","sha":"%s","repo":{"full_name":"acme/%s"}}},
                 "repository":{"clone_url":"https://github.com/acme/%s.git","full_name":"acme/%s"}}
                """.formatted(head, project, "d".repeat(40), project, project, project), secret);

        ui.open("#/p/" + project + "/jobs", "#jobs tbody tr.awaiting_approval");
        assertThat(ui.all("#jobs tbody tr.awaiting_approval")).hasSize(3);
        assertThat(ui.find("#queue-summary").getText()).startsWith("3 waiting for approval");
        if (!ui.all("#token-input").isEmpty()) {
            ui.find("#token-input").sendKeys(PlatformTest.ADMIN_TOKEN);
            ui.find("#save-token").click();
        }
        ui.open("#/p/" + project + "/jobs", "#jobs tbody tr.awaiting_approval button.approve");
        ui.script("window.confirm = () => true"); // the maintainer confirms the dialog naming the head
        ui.find("#jobs tbody tr.awaiting_approval button.approve").click();
        ui.waitUntil(driver -> ui.all("#jobs tbody tr.awaiting_approval").isEmpty());
        assertThat(ui.all("#jobs tbody tr.queued")).as("the head's three jobs, queued; the base's was queued at once").hasSize(4);
        ui.assertNoErrors("a fork's pull request approved");
    }

    @Test
    void jobsViewShowsTheQueueOfAProject() throws Exception {
        String project = data.newProject("jobs");
        ui.open("#/p/" + project + "/jobs", "#no-jobs");
        assertThat(ui.find("#no-jobs").getText()).contains("No jobs yet", "/api/v1/projects/" + project + "/jobs");
        ui.assertNoErrors("empty job queue");

        data.send("PUT", "/api/v1/projects/" + project + "/ci", "{\"benchmarkCommand\":\"./bench.sh\",\"runnerLabels\":[\"h200\"]}", 200);
        data.send("POST", "/api/v1/projects/" + project + "/jobs", "{\"sha\":\"" + "a".repeat(40) + "\"}", 201);
        data.send("POST", "/api/v1/projects/" + project + "/jobs", "{\"sha\":\"" + "b".repeat(40) + "\",\"branch\":\"feature/x\"}", 201);

        ui.open("#/", "#projects");
        ui.open("#/p/" + project + "/jobs", "#jobs");
        assertThat(ui.all("#jobs tbody tr.queued")).hasSize(2);
        assertThat(ui.find("#queue-summary").getText()).startsWith("2 queued, 0 running");
        assertThat(ui.find("#jobs tbody tr").getText()).contains("bbbbbbbbbb", "feature/x", "api", "queued", "0 / ");
        ui.screenshot("jobs");
        ui.assertNoErrors("jobs");
    }
}
