package dev.hostgap.platform.jobs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.hostgap.platform.HostgapApplication;
import dev.hostgap.platform.PlatformTest;
import dev.hostgap.platform.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two platform instances on one PostgreSQL, as behind a load balancer: 30 lease loops spread over
 * both take 150 jobs, and every job is leased exactly once and completed; none is lost or left.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "hostgap.security.admin-token=" + PlatformTest.ADMIN_TOKEN)
@ContextConfiguration(initializers = PlatformTest.DatabaseInitializer.class)
class TwoInstancesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int JOBS = 150;

    @LocalServerPort
    int port;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void leaseLoopsOnTwoInstancesTakeEveryJobExactlyOnce() throws Exception {
        TestDatabase.Connection db = TestDatabase.connection();
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(HostgapApplication.class).run(
                "--server.port=0", "--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(), "--hostgap.security.admin-token=" + PlatformTest.ADMIN_TOKEN,
                "--spring.main.banner-mode=off")) {
            String[] servers = {"http://127.0.0.1:" + port,
                    "http://127.0.0.1:" + ((WebServerApplicationContext) second).getWebServer().getPort()};
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            String project = "two-" + suffix;
            send(servers[0], "POST", "/api/v1/projects", PlatformTest.ADMIN_TOKEN,
                    "{\"name\":\"" + project + "\",\"repoUrl\":\"file:///none/" + project + "\",\"defaultBranch\":\"main\"}", 201);
            send(servers[1], "PUT", "/api/v1/projects/" + project + "/ci", PlatformTest.ADMIN_TOKEN,
                    "{\"benchmarkCommand\":\"true\",\"runnerLabels\":[\"two-" + suffix + "\"]}", 200);
            for (int i = 0; i < JOBS; i++) {
                send(servers[i % 2], "POST", "/api/v1/projects/" + project + "/jobs", PlatformTest.ADMIN_TOKEN,
                        "{\"sha\":\"" + String.format(Locale.ROOT, "%040x", 0xfeed0000L + i) + "\"}", 201);
            }
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                tokens.add(JSON.readTree(send(servers[i % 2], "POST", "/api/v1/runners", PlatformTest.ADMIN_TOKEN,
                        "{\"name\":\"two-" + suffix + "-" + i + "\",\"labels\":[\"two-" + suffix + "\"]}", 201)).get("token").asString());
            }

            ConcurrentLinkedQueue<Long> leased = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(30);
            try {
                List<Future<?>> loops = new ArrayList<>();
                for (int i = 0; i < tokens.size(); i++) {
                    String token = tokens.get(i);
                    int first = i;
                    loops.add(pool.submit(() -> {
                        for (int turn = first; ; turn++) {
                            String server = servers[turn % 2];
                            HttpResponse<String> job = call(server, "POST", "/api/v1/jobs/lease", token, "{\"waitSeconds\":0}");
                            if (job.statusCode() == 204) {
                                return null;
                            }
                            assertThat(job.statusCode()).as(job.body()).isEqualTo(200);
                            long id = JSON.readTree(job.body()).get("id").asLong();
                            leased.add(id);
                            // complete through the other instance
                            String result = "{\"schemaVersion\":\"1.0\",\"project\":\"x\",\"commit\":{\"sha\":\"" + "0".repeat(40)
                                    + "\"},\"environment\":{\"gpu\":\"NVIDIA H200\"},\"results\":[{\"benchmark\":\"two\",\"version\":1,"
                                    + "\"params\":{},\"metric\":\"host_us\",\"unit\":\"us\",\"direction\":\"lower_is_better\","
                                    + "\"samples\":[1.0,1.1]}]}";
                            HttpResponse<String> done = call(servers[(turn + 1) % 2], "POST", "/api/v1/jobs/" + id + "/complete",
                                    token, "{\"runId\":\"" + UUID.randomUUID() + "\",\"result\":" + result + "}");
                            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
                        }
                    }));
                }
                for (Future<?> loop : loops) {
                    loop.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(leased).hasSize(JOBS);
            assertThat(new HashSet<>(leased)).hasSize(JOBS);
            var jobs = JSON.readTree(send(servers[1], "GET", "/api/v1/projects/" + project + "/jobs?limit=1000", null, null, 200));
            assertThat(jobs).hasSize(JOBS).allSatisfy(job -> assertThat(job.get("state").asString()).isEqualTo("completed"));
        }
    }

    private String send(String server, String method, String path, String token, String body, int expected) throws Exception {
        HttpResponse<String> answer = call(server, method, path, token, body);
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(expected);
        return answer.body();
    }

    private HttpResponse<String> call(String server, String method, String path, String token, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
