package dev.hostgap.platform.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job queue under faults: two platform instances on one PostgreSQL (the second reaches the
 * first's embedded server over TCP, as instances behind a load balancer reach one database), 1,000
 * jobs, 20 concurrent agents that alternate between the instances. Agents "crash" mid-job now and
 * then (they abandon the job without a word: its lease must expire and another agent must do it),
 * and the second instance is stopped with SIGTERM and started again while they work. Reported:
 * jobs completed, duplicated (more than one run stored for a job's commit), lost (failed or
 * completed without a run), stuck (still queued or leased at the end).
 *
 * <p>The agents speak the agent's REST protocol (lease, heartbeat, complete) from threads of this
 * process; they do not check out or run anything. {@code AgentTest} in the runner module tests the
 * real agent's checkout, command and SIGTERM handling.
 */
final class JobsScenario {

    static final int JOBS = 1000;
    static final int AGENTS = 20;
    static final double CRASH_PROBABILITY = 0.03;

    record Outcome(int completed, int duplicated, int lost, int stuck, int abandoned, int leaseLost, int failedCalls,
                   double seconds, Map<String, Integer> states, Duration restartOfB, String note) {
    }

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    Outcome run(Path jar, Path home, int portA, int portB) throws Exception {
        String key = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
        List<String> fastLeases = List.of("--hostgap.jobs.lease-duration=15s", "--hostgap.jobs.reap-interval=1s",
                "--hostgap.security.secret-key=" + key);
        try (PlatformProcess a = new PlatformProcess(jar, home.resolve("a"), portA, fastLeases)) {
            Files.createDirectories(home.resolve("a"));
            a.start(Duration.ofSeconds(120));
            List<String> shared = new ArrayList<>(fastLeases);
            shared.add("--spring.datasource.url=jdbc:postgresql://localhost:" + postgresPort(a) + "/postgres");
            shared.add("--spring.datasource.username=postgres");
            shared.add("--spring.datasource.password=" + Files.readString(home.resolve("a").resolve("pgdata-secret")).trim());
            Files.createDirectories(home.resolve("b"));
            try (PlatformProcess b = new PlatformProcess(jar, home.resolve("b"), portB, shared)) {
                b.start(Duration.ofSeconds(120));
                return drive(a, b, home.resolve("a"));
            }
        }
    }

    private Outcome drive(PlatformProcess a, PlatformProcess b, Path homeA) throws Exception {
        String[] servers = {a.baseUrl(), b.baseUrl()};
        call(servers[0], "POST", "/api/v1/projects", PlatformProcess.ADMIN_TOKEN,
                "{\"name\":\"jobs\",\"repoUrl\":\"file:///nowhere/jobs.git\",\"defaultBranch\":\"main\"}");
        call(servers[0], "PUT", "/api/v1/projects/jobs/ci", PlatformProcess.ADMIN_TOKEN,
                "{\"benchmarkCommand\":\"true\",\"runnerLabels\":[\"sim\"]}");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            tokens.add(json.readTree(call(servers[i % 2], "POST", "/api/v1/runners", PlatformProcess.ADMIN_TOKEN,
                    "{\"name\":\"agent-" + i + "\",\"labels\":[\"sim\"]}").body()).get("token").asString());
        }
        for (int i = 0; i < JOBS; i++) {
            call(servers[i % 2], "POST", "/api/v1/projects/jobs/jobs", PlatformProcess.ADMIN_TOKEN,
                    "{\"sha\":\"" + sha(i) + "\"}");
        }

        AtomicInteger abandoned = new AtomicInteger();
        AtomicInteger leaseLost = new AtomicInteger();
        AtomicInteger failedCalls = new AtomicInteger();
        Map<Long, Boolean> done = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(300);
        ExecutorService agents = Executors.newFixedThreadPool(AGENTS);
        for (int i = 0; i < AGENTS; i++) {
            String token = tokens.get(i);
            int seed = i;
            agents.execute(() -> agent(servers, token, seed, deadline, done, abandoned, leaseLost, failedCalls));
        }
        Thread.sleep(15_000);
        b.terminate(Duration.ofSeconds(60)); // an instance restarted under load: agents carry on against the other
        Duration restart = b.start(Duration.ofSeconds(120));
        agents.shutdown();
        agents.awaitTermination(330, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - started) / 1e9;
        return count(homeA, a, seconds, abandoned.get(), leaseLost.get(), failedCalls.get(), restart);
    }

    /** One agent: lease, work a little with a heartbeat, complete (retrying through either instance), or crash. */
    private void agent(String[] servers, String token, int seed, long deadline, Map<Long, Boolean> done,
                       AtomicInteger abandoned, AtomicInteger leaseLost, AtomicInteger failedCalls) {
        SplittableRandom random = new SplittableRandom(seed);
        int turn = seed;
        int idle = 0;
        while (System.nanoTime() < deadline && idle < 8) {
            String server = servers[turn++ % 2];
            try {
                HttpResponse<String> lease = call(server, "POST", "/api/v1/jobs/lease", token, "{\"waitSeconds\":1}");
                if (lease.statusCode() == 204) {
                    idle++; // nothing queued: the rest may be leased by crashed agents, back in a few seconds
                    continue;
                }
                if (lease.statusCode() != 200) {
                    failedCalls.incrementAndGet();
                    continue;
                }
                idle = 0;
                JsonNode job = json.readTree(lease.body());
                long id = job.get("id").asLong();
                Thread.sleep(10 + random.nextInt(40));
                if (random.nextDouble() < CRASH_PROBABILITY) {
                    abandoned.incrementAndGet(); // the agent died: no heartbeat, no answer
                    continue;
                }
                String body = "{\"runId\":\"" + UUID.randomUUID() + "\",\"result\":" + runFile(job.get("sha").asString(), random)
                        + ",\"environment\":{\"gpu\":\"NVIDIA H200\",\"driver\":\"580\",\"cuda\":\"13.0\",\"runtime\":\"sim\","
                        + "\"jvm\":\"17\",\"host\":\"agent-" + seed + "\",\"attributes\":{}}}";
                for (int attempt = 0; attempt < 20; attempt++) {
                    try {
                        // as the agent does: the lease is kept alive until the result is in
                        if (call(servers[turn % 2], "POST", "/api/v1/jobs/" + id + "/heartbeat", token, "").statusCode() == 409) {
                            leaseLost.incrementAndGet(); // another agent has it now
                            break;
                        }
                        HttpResponse<String> answer = call(servers[turn++ % 2], "POST", "/api/v1/jobs/" + id + "/complete",
                                token, body);
                        if (answer.statusCode() == 200) {
                            done.put(id, true);
                            break;
                        }
                        if (answer.statusCode() == 409) {
                            leaseLost.incrementAndGet();
                            break;
                        }
                        failedCalls.incrementAndGet(); // 503: the gate or the detection bound; retry the same runId
                        Thread.sleep(500);
                    } catch (IOException e) {
                        failedCalls.incrementAndGet(); // that instance is restarting
                        Thread.sleep(200);
                    }
                }
            } catch (IOException e) {
                failedCalls.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failedCalls.incrementAndGet();
            }
        }
    }

    private Outcome count(Path homeA, PlatformProcess a, double seconds, int abandoned, int leaseLost, int failedCalls,
                          Duration restart) throws Exception {
        String url = "jdbc:postgresql://localhost:" + postgresPort(a) + "/postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", Files.readString(homeA.resolve("pgdata-secret")).trim());
             Statement s = c.createStatement()) {
            Map<String, Integer> states = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("select state, count(*) from job group by state")) {
                while (rs.next()) {
                    states.put(rs.getString(1), rs.getInt(2));
                }
            }
            int duplicated = single(s, """
                    select coalesce(sum(n - 1), 0) from (
                        select count(*) as n from run r join git_commit g on g.id = r.commit_id group by g.sha) per_commit
                    where n > 1""");
            int completedWithoutRun = single(s, "select count(*) from job where state = 'completed' and run_id is null");
            int completed = states.getOrDefault("completed", 0) - completedWithoutRun;
            int lost = states.getOrDefault("failed", 0) + states.getOrDefault("cancelled", 0) + completedWithoutRun;
            int stuck = states.getOrDefault("queued", 0) + states.getOrDefault("leased", 0);
            return new Outcome(completed, duplicated, lost, stuck, abandoned, leaseLost, failedCalls, seconds, states,
                    restart, null);
        }
    }

    private static int single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String postgresPort(PlatformProcess platform) throws IOException {
        return Files.readAllLines(platform.dataDirectory().resolve("postmaster.pid")).get(3).trim();
    }

    private static String runFile(String sha, SplittableRandom random) {
        StringBuilder results = new StringBuilder();
        for (int r = 0; r < 5; r++) {
            results.append(r == 0 ? "" : ",").append("{\"benchmark\":\"sim.b").append(r)
                    .append("\",\"version\":1,\"params\":{},\"metric\":\"host_us\",\"unit\":\"us\",\"direction\":\"lower_is_better\","
                            + "\"samples\":[")
                    .append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f", 5 + random.nextDouble(), 5 + random.nextDouble(),
                            5 + random.nextDouble()))
                    .append("]}");
        }
        return "{\"schemaVersion\":\"1.0\",\"project\":\"jobs\",\"commit\":{\"sha\":\"" + sha + "\"},\"environment\":"
                + "{\"gpu\":\"NVIDIA H200\"},\"results\":[" + results + "]}";
    }

    static String sha(int i) {
        return String.format(Locale.ROOT, "%040x", 0xabc000000L + i);
    }

    private HttpResponse<String> call(String server, String method, String path, String token, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
