package dev.hostgap.platform.regressions;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Detection on several instances judges a series one batch at a time: a batch whose runs share a
 * series with a batch being judged elsewhere waits for it; one with other series does not.
 */
@PlatformTest
class DetectionSeriesLockTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    DetectionService detection;
    @Autowired
    TransactionTemplate transactions;

    UUID upload(Api api, String project, int commit, String benchmark) throws Exception {
        String body = api.upload(new Run(project, sha(commit)).result(benchmark, "{\"args\":\"0\"}", "host_us", 1.0, 1.01, 0.99).json())
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return UUID.fromString(JsonMapper.builder().build().readTree(body).get("runId").asString());
    }

    /** How long taking the series locks of {@code runs} waits while another transaction holds those of {@code held}. */
    long waitedMillis(UUID held, UUID runs) throws Exception {
        CountDownLatch locked = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
            detection.lockSeriesOf(List.of(held));
            locked.countDown();
            sleep(Duration.ofMillis(1500));
        }));
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        transactions.executeWithoutResult(tx -> detection.lockSeriesOf(List.of(runs)));
        long waited = (System.nanoTime() - start) / 1_000_000;
        holder.get(10, TimeUnit.SECONDS);
        return waited;
    }

    @Test
    void aBatchWaitsForAnotherOnTheSameSeriesAndNotForOthers() throws Exception {
        Api api = new Api(mvc);
        String project = api.newProject("series-lock");
        UUID first = upload(api, project, 1, "launch.empty");
        UUID sameSeries = upload(api, project, 2, "launch.empty");
        UUID otherSeries = upload(api, project, 3, "graph.replay");

        assertThat(waitedMillis(first, sameSeries)).as("same series: waits for the other batch").isGreaterThan(1000);
        assertThat(waitedMillis(first, otherSeries)).as("other series: no wait").isLessThan(1000);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
