package dev.hostgap.platform.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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

/** A burst of uploads gets 201 or 503 with Retry-After, never a 500, and every acknowledged run is complete. */
@SpringBootTest(properties = {"hostgap.security.admin-token=" + PlatformTest.ADMIN_TOKEN,
        "hostgap.api.max-concurrent-uploads=2", "hostgap.api.upload-wait=50ms"})
@AutoConfigureMockMvc
@ContextConfiguration(initializers = PlatformTest.DatabaseInitializer.class)
class UploadBackpressureTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UploadGate gate;

    @Test
    void aFullGateAnswers503WithRetryAfterAndStoresNothing() throws Exception {
        Api api = new Api(mvc);
        String project = api.newProject("gate");
        gate.occupy();
        try {
            MockHttpServletResponse response = api.upload(new Run(project, sha(1)).result("launch.empty", "{}", "host_us", 1, 2).json())
                    .andReturn().getResponse();
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getHeader("Retry-After")).isEqualTo("1");
            assertThat(response.getContentType()).contains("application/problem+json");
            assertThat(response.getContentAsString()).contains("/problems/overloaded");
        } finally {
            gate.release(2);
        }
        assertThat(runs(project)).isZero();
    }

    @Test
    void aBurstOfUploadsGets201Or503AndEveryAcknowledgedRunIsComplete() throws Exception {
        Api api = new Api(mvc);
        String project = api.newProject("burst");
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                String body = new Run(project, sha(i + 1)).runId(UUID.randomUUID().toString())
                        .result("launch.empty", "{\"args\":\"0\"}", "host_us", 1, 2, 3)
                        .result("launch.empty", "{\"args\":\"4\"}", "host_us", 4, 5, 6).json();
                answers.add(pool.submit(() -> api.upload(body).andReturn().getResponse().getStatus()));
            }
            int created = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get(120, TimeUnit.SECONDS);
                assertThat(status).isIn(201, 503);
                if (status == 201) {
                    created++;
                }
            }
            assertThat(created).isPositive();
            assertThat(runs(project)).isEqualTo(created);
            assertThat(jdbc.sql("""
                            select count(*) from result r join run on run.id = r.run_id join project p on p.id = run.project_id
                            where p.name = ?""").param(project).query(Long.class).single()).isEqualTo(2L * created);
        } finally {
            pool.shutdownNow();
        }
    }

    private long runs(String project) {
        return jdbc.sql("select count(*) from run r join project p on p.id = r.project_id where p.name = ?")
                .param(project).query(Long.class).single();
    }
}
