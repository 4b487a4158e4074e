package dev.hostgap.platform.web;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job that failed twice in two ways (a CUDA error, then a runner that went silent) shows both
 * reasons, the first first, and the runners by name: the view explains the failure, not only its
 * last symptom.
 */
class JobAttemptsViewTest extends UiTestSupport {

    private static final String CUDA = "CUDA error: an illegal memory access was encountered (cudaErrorIllegalAddress)";

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyAttemptsReasonAndTheRunnersNameAreShownFirstFailureFirst() throws Exception {
        String project = data.newProject("attempts");
        String label = "attempts-" + project;
        data.send("PUT", "/api/v1/projects/" + project + "/ci", "{\"benchmarkCommand\":\"./bench.sh\",\"runnerLabels\":[\"" + label + "\"]}", 200);
        String runnerName = "h200-node-" + project.substring(project.length() - 8);
        String runnerToken = UiData.JSON.readTree(data.send("POST", "/api/v1/runners",
                "{\"name\":\"" + runnerName + "\",\"labels\":[\"" + label + "\"]}", 201)).get("token").asString();
        data.send("POST", "/api/v1/projects/" + project + "/jobs", "{\"sha\":\"" + "a".repeat(40) + "\"}", 201);

        // attempt 1: the command fails with a CUDA error
        long job = lease(runnerToken);
        data.sendAs(runnerToken, "POST", "/api/v1/jobs/" + job + "/fail", "{\"reason\":\"" + CUDA + "\"}", 200);
        // attempt 2: the runner stops sending heartbeats; the platform's reaper expires the lease
        assertThat(lease(runnerToken)).isEqualTo(job);
        jdbc.sql("update job set lease_expires_at = now() - interval '1 second' where id = ?").param(job).update();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "queued".equals(
                jdbc.sql("select state from job where id = ?").param(job).query(String.class).single()));
        // attempt 3: running now
        assertThat(lease(runnerToken)).isEqualTo(job);

        ui.open("#/p/" + project + "/jobs", "#jobs tbody tr.leased");
        WebElement row = ui.find("#jobs tbody tr.leased");
        assertThat(row.findElement(By.cssSelector("td.runner")).getText()).isEqualTo(runnerName);
        List<WebElement> attempts = row.findElements(By.cssSelector("ol.attempts li"));
        assertThat(attempts).as("the two attempts that ended, the running one left out").hasSize(2);
        assertThat(attempts.get(0).getDomAttribute("data-attempt")).isEqualTo("1");
        assertThat(attempts.get(0).getText()).contains("attempt 1", runnerName, "failed", CUDA);
        assertThat(attempts.get(1).getDomAttribute("data-attempt")).isEqualTo("2");
        assertThat(attempts.get(1).getText()).contains("attempt 2", runnerName, "expired", "the runner stopped sending heartbeats");
        assertThat(row.getText()).doesNotContain("runner " + job).doesNotContainPattern("runner \\d");
        ui.screenshot("job-attempts");
        ui.assertNoErrors("a job's attempts");

        ui.phone();
        ui.open("#/p/" + project + "/jobs", "#jobs tbody tr.leased");
        assertThat(ui.overflowsHorizontally()).as("the jobs page fits 390 px").isFalse();
        ui.assertNoErrors("a job's attempts on a phone");
    }

    @Test
    void aLongReasonShowsItsEndAndTheWholeOfItOnAClick() throws Exception {
        String project = data.newProject("longreason");
        String label = "long-" + project;
        data.send("PUT", "/api/v1/projects/" + project + "/ci", "{\"benchmarkCommand\":\"./bench.sh\",\"runnerLabels\":[\"" + label + "\"]}", 200);
        String runnerToken = UiData.JSON.readTree(data.send("POST", "/api/v1/runners",
                "{\"name\":\"" + label + "\",\"labels\":[\"" + label + "\"]}", 201)).get("token").asString();
        data.send("POST", "/api/v1/projects/" + project + "/jobs", "{\"sha\":\"" + "b".repeat(40) + "\"}", 201);
        long job = lease(runnerToken);
        String output = "building workloads ".repeat(40) + "CUDA_ERROR_OUT_OF_MEMORY at the end";
        data.sendAs(runnerToken, "POST", "/api/v1/jobs/" + job + "/fail", "{\"reason\":\"START " + output + "\"}", 200);

        ui.open("#/p/" + project + "/jobs", "#jobs tbody tr.queued ol.attempts");
        WebElement attempt = ui.find("#jobs tbody tr.queued ol.attempts li");
        assertThat(attempt.findElement(By.cssSelector("code.attempt-reason")).getText())
                .startsWith("…").endsWith("CUDA_ERROR_OUT_OF_MEMORY at the end").doesNotContain("START");
        attempt.findElement(By.cssSelector("details summary")).click();
        assertThat(attempt.findElement(By.cssSelector("details pre")).getText()).startsWith("START ");
        ui.assertNoErrors("a long reason");
    }

    private long lease(String runnerToken) throws Exception {
        return UiData.JSON.readTree(data.sendAs(runnerToken, "POST", "/api/v1/jobs/lease", "{\"waitSeconds\":0}", 200)).get("id").asLong();
    }
}
