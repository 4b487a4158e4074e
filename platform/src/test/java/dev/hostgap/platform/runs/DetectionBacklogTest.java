package dev.hostgap.platform.runs;

import java.time.Duration;
import java.time.Instant;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest never runs further ahead of regression detection than {@code max-detection-backlog} runs:
 * past it an upload waits, then gets 503 with Retry-After and nothing is stored; once detection has
 * caught up, uploads are taken again.
 */
@SpringBootTest(properties = {"hostgap.security.admin-token=" + PlatformTest.ADMIN_TOKEN,
        "hostgap.api.max-detection-backlog=2", "hostgap.api.upload-wait=300ms",
        "hostgap.detection.poll-interval=1h"})
@AutoConfigureMockMvc
@ContextConfiguration(initializers = PlatformTest.DatabaseInitializer.class)
class DetectionBacklogTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    @Test
    void uploadsWaitForDetectionPastTheBacklogBound() throws Exception {
        Api api = new Api(mvc);
        String project = api.newProject("backlog");
        for (int i = 1; i <= 2; i++) {
            assertThat(upload(api, project, i).getStatus()).isEqualTo(201);
        }
        awaitBacklog(0);

        // as if detection had fallen two runs behind; the rows stay locked so that no detection worker
        // (this context's or a cached one's) judges them while the upload is tried
        jdbc.sql("update run set judged_at = null where project_id = (select id from project where name = ?)")
                .param(project).update();
        MockHttpServletResponse refused = transactions.execute(status -> {
            jdbc.sql("select id from run where project_id = (select id from project where name = ?) for update")
                    .param(project).query(String.class).list();
            try {
                Thread.sleep(250); // past the gate's reuse of its last count
                return upload(api, project, 3);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentAsString()).contains("/problems/overloaded").contains("detection is 2 runs behind");
        assertThat(runs(project)).isEqualTo(2);

        jdbc.sql("update run set judged_at = now() where project_id = (select id from project where name = ?)")
                .param(project).update();
        Thread.sleep(250);
        assertThat(upload(api, project, 3).getStatus()).isEqualTo(201);
        assertThat(runs(project)).isEqualTo(3);
    }

    private MockHttpServletResponse upload(Api api, String project, int commit) throws Exception {
        return api.upload(new Run(project, sha(commit)).result("launch.empty", "{}", "host_us", 1, 2, 3).json())
                .andReturn().getResponse();
    }

    private void awaitBacklog(long expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (jdbc.sql("select count(*) from run where judged_at is null").query(Long.class).single() != expected) {
            assertThat(Instant.now()).as("detection judged the stored runs").isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private long runs(String project) {
        return jdbc.sql("select count(*) from run r join project p on p.id = r.project_id where p.name = ?")
                .param(project).query(Long.class).single();
    }
}
