package dev.hostgap.platform.notify;

import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.hostgap.platform.Api.sha;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A project of the notification tests: commits uploaded by hand and judged by the real detection
 * worker, and job rows inserted as the jobs feature writes them (run_id set once the job completed).
 */
record NotifiedProject(Api api, JdbcClient jdbc, String name) {

    /** Uploads commit {@code n} (child of n-1) with 5 forks around {@code level}, waits until it is judged. */
    UUID measure(int n, double level) throws Exception {
        return measure(n, level, UUID.randomUUID());
    }

    UUID measure(int n, double level, UUID runId) throws Exception {
        double[] forks = new double[5];
        for (int f = 0; f < forks.length; f++) {
            forks[f] = level * (1 + (((n * 7 + f * 3) % 7) - 3) * 0.001);
        }
        Run run = new Run(name, sha(n)).runId(runId.toString()).at(String.format(Locale.ROOT, "2026-01-01T%02d:00:00Z", n))
                .result("launch.enqueue", "{\"args\":\"4\"}", "host_us_per_op", forks);
        if (n > 1) {
            run.parent(sha(n - 1));
        }
        api.upload(run.json()).andExpect(status().isCreated());
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("select judged_at is not null from run where id = ?")
                .param(runId).query(Boolean.class).single());
        return runId;
    }

    /** A completed job as the jobs feature writes it. */
    long job(UUID runId, String sha, Integer pullRequest, String baseSha, String provider, String providerProject) {
        return jdbc.sql("""
                        insert into job (project_id, sha, branch, trigger, pull_request, base_sha, provider, provider_project,
                                         command, timeout_seconds, state, attempts, run_id)
                        select id, ?, 'main', ?, ?, ?, ?, ?, 'bench', 3600, 'completed', 1, ? from project where name = ?
                        returning id
                        """)
                .params(sha, pullRequest == null ? "push" : "pull_request", pullRequest, baseSha, provider, providerProject,
                        runId, name)
                .query(Long.class).single();
    }
}
