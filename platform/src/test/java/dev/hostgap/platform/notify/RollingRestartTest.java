package dev.hostgap.platform.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.hostgap.platform.TestDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several instances on one PostgreSQL, as an operator runs them without Docker: two platform
 * processes on one database, configured by arguments only, serving as the runtime role of
 * docker/postgres/roles.sql and migrating as its owner role, sharing one secret key, with no proxy
 * (every client alternates between them and goes to the other when one does not answer). GitHub
 * answers 502 to every third call. Under load (pushes one at a time and in a burst, two pull requests
 * pushed twice, a runner measuring every job) each instance is stopped with SIGTERM once and killed
 * with SIGKILL once, and restarted. In the end GitHub holds, for every commit, a last status that is
 * the commit's answer as the platform gives it now; every pull request has exactly one comment,
 * showing its newest head; every run the runner was told was stored is stored once and judged.
 */
class RollingRestartTest {

    private static final String ADMIN = "two-instances-admin-token-" + UUID.randomUUID();
    private static final int COMMITS = 16;
    private static final int FIRST_BAD = 10;
    private static final int BURST_FROM = 7;
    private static final int BURST_TO = 10;
    private static final String STEPPED = ScriptedRuns.key("launch.enqueue", "args=4", "host_us_per_op");
    private static final Pattern ROLE_PASSWORD = Pattern.compile("[A-Za-z0-9]+");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<PlatformInstance> instances = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final String project = "two-" + UUID.randomUUID().toString().substring(0, 8);
    private final String repository = "acme/" + project;
    private final String webhookSecret = "secret-" + UUID.randomUUID();
    private final AtomicInteger deliveries = new AtomicInteger();

    @Test
    void twoInstancesTellGitHubEveryCommitsAnswerThroughRestartsKillsAndServerErrors() throws Exception {
        TestDatabase.Connection server = TestDatabase.connection();
        String database = "two_instances_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String ownerPassword = password();
        String appPassword = password();
        String url = createDatabaseWithRoles(server, database, ownerPassword, appPassword);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);

        try (FakeGitHub github = new FakeGitHub(3)) {
            List<String> settings = List.of(
                    "--spring.datasource.url=" + url,
                    "--spring.datasource.username=hostgap_app", "--spring.datasource.password=" + appPassword,
                    "--spring.flyway.user=hostgap_owner", "--spring.flyway.password=" + ownerPassword,
                    "--hostgap.security.admin-token=" + ADMIN,
                    "--hostgap.security.secret-key=" + Base64.getEncoder().encodeToString(key),
                    "--hostgap.security.secret-key-file=/nonexistent/the-shared-key-is-configured",
                    "--hostgap.notify.github.token=gh-two-instances",
                    "--hostgap.notify.github.api-url=" + github.apiUrl(),
                    "--hostgap.notify.public-url=https://hostgap.example.org/",
                    "--hostgap.notify.first-backoff=500ms", "--hostgap.notify.max-backoff=4s",
                    "--hostgap.notify.max-attempts=20", "--hostgap.notify.request-timeout=3s",
                    "--hostgap.notify.lease-margin=4s", "--hostgap.notify.sweep-interval=1s",
                    "--hostgap.detection.poll-interval=300ms", "--hostgap.detection.judge-backoff=300ms",
                    "--hostgap.confirm.sweep-interval=1s", "--hostgap.confirm.calibration-runs=4",
                    "--logging.level.dev.hostgap.platform.notify=INFO");
            Path logs = Path.of("target", "two-instances", project);
            instances.add(new PlatformInstance("a", settings, logs));
            instances.add(new PlatformInstance("b", settings, logs));
            try {
                // both at once on an empty database: Flyway's lock lets one migrate, the other waits
                for (PlatformInstance instance : instances) {
                    instance.start();
                }
                for (PlatformInstance instance : instances) {
                    instance.awaitHealthy(Duration.ofMinutes(3));
                }
                run(github, server, url, database);
            } finally {
                for (PlatformInstance instance : instances) {
                    instance.close();
                }
            }
        }
    }

    private void run(FakeGitHub github, TestDatabase.Connection server, String url, String database) throws Exception {
        // the project and its webhook secret through one instance, the runner through the other: the
        // secret, encrypted with the shared key, must verify deliveries to both
        call(instances.get(0), "POST", "/api/v1/projects", ADMIN, "{\"name\":\"" + project + "\",\"repoUrl\":\"https://github.com/"
                + repository + ".git\",\"defaultBranch\":\"main\"}", 201);
        call(instances.get(0), "PUT", "/api/v1/projects/" + project + "/ci", ADMIN, "{\"webhookSecret\":\"" + webhookSecret
                + "\",\"benchmarkCommand\":\"./bench.sh\",\"runnerLabels\":[\"gpu-" + project + "\"],\"statusRepository\":\""
                + repository + "\"}", 200);
        String runnerToken = CiWorld.JSON.readTree(call(instances.get(1), "POST", "/api/v1/runners", ADMIN,
                "{\"name\":\"" + project + "-node\",\"labels\":[\"gpu-" + project + "\"]}", 201)).get("token").asString();

        Map<String, String> parents = new ConcurrentHashMap<>();
        Map<String, Integer> index = new ConcurrentHashMap<>();
        for (int n = 1; n <= COMMITS; n++) {
            index.put(sha(n), n);
            if (n > 1) {
                parents.put(sha(n), sha(n - 1));
            }
        }
        // two pull requests from branches of the repository, each pushed twice
        Map<Integer, List<String>> pullHeads = Map.of(1, List.of(sha(101), sha(102)), 2, List.of(sha(201), sha(202)));
        parents.put(sha(101), sha(5));
        parents.put(sha(102), sha(101));
        parents.put(sha(201), sha(9));
        parents.put(sha(202), sha(201));
        index.put(sha(101), 5);
        index.put(sha(102), 5);
        index.put(sha(201), 9);
        index.put(sha(202), 9);

        ScriptedRuns runs = ScriptedRuns.normal(0.01);
        Runner runner = new Runner(runnerToken, parents, (sha, random) -> runs.run(
                index.get(sha) >= FIRST_BAD ? Map.of(STEPPED, 1.3) : Map.of(), random));
        Thread runnerThread = new Thread(runner, "scripted-runner");
        runnerThread.start();
        try {
            for (int n = 1; n <= COMMITS; n++) {
                if (n >= BURST_FROM && n <= BURST_TO) {
                    if (n == BURST_FROM) {
                        List<String> burst = new ArrayList<>();
                        for (int b = BURST_FROM; b <= BURST_TO; b++) {
                            burst.add(sha(b));
                        }
                        push(sha(BURST_FROM - 1), burst, BURST_FROM);
                    }
                } else {
                    push(n == 1 ? null : sha(n - 1), List.of(sha(n)), n);
                }
                if (n == 6) {
                    pullRequest(1, "opened", pullHeads.get(1).get(0), sha(5));
                }
                if (n == 11) {
                    pullRequest(2, "opened", pullHeads.get(2).get(0), sha(9));
                    pullRequest(1, "synchronize", pullHeads.get(1).get(1), sha(5));
                }
                if (n == 14) {
                    pullRequest(2, "synchronize", pullHeads.get(2).get(1), sha(9));
                }
                Thread.sleep(400);
                // a rolling restart, instance by instance, and a crash of each, while the work goes on
                switch (n) {
                    case 3 -> restart(instances.get(0), true);
                    case BURST_TO -> restart(instances.get(1), false);
                    case 12 -> restart(instances.get(0), false);
                    case 15 -> restart(instances.get(1), true);
                    default -> { }
                }
            }
            awaitSettled(github, server, url);
        } finally {
            runner.stop();
            runnerThread.join(30_000);
        }
        assertThat(runner.failure.get()).as("the scripted runner's last failure").isNull();

        // every pushed head's last status is its answer now; none missing. A push is measured at its
        // head: a commit inside the burst has a status only where a bisection measured it, and then
        // that status too is its answer
        for (int n = 1; n <= COMMITS; n++) {
            if (n < BURST_FROM || n >= BURST_TO || github.newest(sha(n), "hostgap") != null) {
                assertStatusIsTheAnswer(github, sha(n), null, "hostgap");
            }
        }
        for (var pull : pullHeads.entrySet()) {
            for (String head : pull.getValue()) {
                if (measured(server, url, head)) {
                    assertStatusIsTheAnswer(github, head, pull.getKey(), "hostgap/pull-request");
                } else {
                    // superseded by the next push before a runner took it: no answer, and it stays as queued
                    assertThat(head).as("only a first head can be superseded unmeasured").isEqualTo(pull.getValue().get(0));
                    assertThat(github.newest(head, "hostgap/pull-request").state()).isEqualTo("pending");
                }
            }
            Map<Long, String> comments = github.comments(pull.getKey());
            assertThat(comments).as("pull request %d has exactly one comment", pull.getKey()).hasSize(1);
            String body = comments.values().iterator().next();
            assertThat(body).startsWith("<!-- hostgap project=" + project + " tag=")
                    .as("the comment shows the newest head").contains(pull.getValue().get(1).substring(0, 10));
        }
        // the step is where it was put, and the commits before it pass
        assertThat(github.newest(sha(FIRST_BAD), "hostgap").state()).isEqualTo("failure");
        assertThat(github.newest(sha(FIRST_BAD - 1), "hostgap").state()).isEqualTo("success");

        try (Connection db = DriverManager.getConnection(url, server.username(), server.password()); Statement q = db.createStatement()) {
            // every run the runner was answered 200 for is stored once, whole, and judged
            for (UUID acknowledged : runner.acknowledged) {
                try (ResultSet rs = q.executeQuery("select count(*), bool_and(judged_at is not null) from run where id = '" + acknowledged + "'")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("run %s stored once", acknowledged).isEqualTo(1);
                    assertThat(rs.getBoolean(2)).as("run %s judged", acknowledged).isTrue();
                }
            }
            try (ResultSet rs = q.executeQuery("""
                    select count(*) from run r join project p on p.id = r.project_id where p.name = '%s'
                    """.formatted(project))) {
                rs.next();
                assertThat(rs.getLong(1)).as("no run stored twice or from nowhere").isEqualTo(runner.acknowledged.size());
            }
            // one step, one regression (judged twice, it would have been opened twice)
            try (ResultSet rs = q.executeQuery("""
                    select count(*) from regression g join series s on s.id = g.series_id join benchmark b on b.id = s.benchmark_id
                    join project p on p.id = b.project_id
                    where p.name = '%s' and g.kind = 'regression' and g.status in ('open', 'suspected', 'confirming', 'acknowledged')
                      and b.name = 'launch.enqueue' and b.params ->> 'args' = '4' and s.metric = 'host_us_per_op'
                    """.formatted(project))) {
                rs.next();
                assertThat(rs.getLong(1)).as("the step opens exactly one regression").isEqualTo(1);
            }
            // migrated once, by the owner role; served by the runtime role
            try (ResultSet rs = q.executeQuery("select count(*) from flyway_schema_history where success")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(countMigrations());
            }
            try (ResultSet rs = q.executeQuery("select tableowner from pg_tables where tablename = 'run'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("hostgap_owner");
            }
        }
        System.out.printf("rolling restart: %d jobs run, %d GitHub calls (%d answered 502), %d statuses held%n",
                runner.acknowledged.size(), github.calls(), github.failedCalls(), github.statusCount());
    }

    private void assertStatusIsTheAnswer(FakeGitHub github, String sha, Integer pullRequest, String context) throws Exception {
        FakeGitHub.Status status = github.newest(sha, context);
        assertThat(status).as("a %s status for %s", context, sha).isNotNull();
        JsonNode verdict = CiWorld.JSON.readTree(call(instances.get(next.getAndIncrement() % 2), "GET",
                "/api/v1/projects/" + project + "/commits/" + sha + "/verdict" + (pullRequest == null ? "" : "?pullRequest=" + pullRequest),
                null, null, 200));
        String state = switch (verdict.get("state").asString()) {
            case "pending" -> "pending";
            case "error" -> "error";
            default -> "regression".equals(verdict.path("verdict").asString(null)) ? "failure" : "success";
        };
        String summary = verdict.get("summary").asString();
        String description = summary.length() <= CiMessage.MAX_DESCRIPTION ? summary
                : summary.substring(0, CiMessage.MAX_DESCRIPTION - 1) + "…";
        assertThat(status.state() + " " + status.description()).as("the last %s status of %s", context, sha)
                .isEqualTo(state + " " + description);
    }

    /** Whether any job of the commit ended with a run or a failure (not every one was cancelled before a runner took it). */
    private static boolean measured(TestDatabase.Connection server, String url, String sha) throws Exception {
        try (Connection db = DriverManager.getConnection(url, server.username(), server.password()); Statement q = db.createStatement();
             ResultSet rs = q.executeQuery("select count(*) from job where sha = '" + sha + "' and state in ('completed', 'failed')")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /** Stops (SIGTERM) or kills (SIGKILL) the instance, then starts it again; the other one carries the load meanwhile. */
    private void restart(PlatformInstance instance, boolean graceful) throws Exception {
        if (graceful) {
            assertThat(instance.terminate()).as("%s exits cleanly on SIGTERM; see %s", instance.name(), instance.log()).isIn(0, 143);
        } else {
            instance.kill();
        }
        instance.start();
        instance.awaitHealthy(Duration.ofMinutes(3));
    }

    private void awaitSettled(FakeGitHub github, TestDatabase.Connection server, String url) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        try (Connection db = DriverManager.getConnection(url, server.username(), server.password()); Statement q = db.createStatement()) {
            int quietPolls = 0;
            while (quietPolls < 3) {
                assertThat(Instant.now()).as("everything settled within five minutes").isBefore(deadline);
                Thread.sleep(1000);
                try (ResultSet rs = q.executeQuery("""
                        select (select count(*) from job j join project p on p.id = j.project_id
                                where p.name = '%1$s' and j.state in ('queued', 'leased'))
                             + (select count(*) from run r join project p on p.id = r.project_id where p.name = '%1$s' and r.judged_at is null)
                             + (select count(*) from probe b join project p on p.id = b.project_id where p.name = '%1$s' and b.state = 'measuring')
                             + (select count(*) from notification n join job j on j.id = n.job_id join project p on p.id = j.project_id
                                where p.name = '%1$s' and n.state in ('queued', 'pending'))
                        """.formatted(project))) {
                    rs.next();
                    boolean idle = rs.getLong(1) == 0 && Duration.between(github.lastCall(), Instant.now()).toMillis() > 2000;
                    quietPolls = idle ? quietPolls + 1 : 0;
                }
            }
            try (ResultSet rs = q.executeQuery("""
                    select count(*) from notification n join job j on j.id = n.job_id join project p on p.id = j.project_id
                    where p.name = '%s' and n.state = 'failed'
                    """.formatted(project))) {
                rs.next();
                assertThat(rs.getLong(1)).as("no message given up").isZero();
            }
        }
    }

    /** The runner: leases from either instance, measures, completes; goes to the other instance when one does not answer. */
    private final class Runner implements Runnable {
        private final String token;
        private final Map<String, String> parents;
        private final java.util.function.BiFunction<String, Random, ObjectNode> measure;
        private final AtomicBoolean running = new AtomicBoolean(true);
        final Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Random random = new Random(20261207);

        Runner(String token, Map<String, String> parents, java.util.function.BiFunction<String, Random, ObjectNode> measure) {
            this.token = token;
            this.parents = parents;
            this.measure = measure;
        }

        void stop() {
            running.set(false);
        }

        @Override
        public void run() {
            while (running.get()) {
                try {
                    HttpResponse<String> lease = anyInstance("POST", "/api/v1/jobs/lease", "Bearer " + token, "{\"waitSeconds\":0}");
                    if (lease.statusCode() == 204) {
                        Thread.sleep(150);
                        continue;
                    }
                    assertThat(lease.statusCode()).as(lease.body()).isEqualTo(200);
                    JsonNode job = CiWorld.JSON.readTree(lease.body());
                    String sha = job.get("sha").asString();
                    UUID runId = UUID.randomUUID();
                    ObjectNode complete = CiWorld.JSON.createObjectNode();
                    complete.put("runId", runId.toString());
                    complete.set("result", measure.apply(sha, random));
                    ObjectNode environment = complete.putObject("environment");
                    environment.put("gpu", "NVIDIA H200");
                    environment.put("host", "node-1");
                    ArrayNode p = complete.putArray("parents");
                    if (parents.containsKey(sha)) {
                        p.add(parents.get(sha));
                    }
                    // the same request again while it gets no answer: the run id makes a repeat harmless
                    HttpResponse<String> done = anyInstance("POST", "/api/v1/jobs/" + job.get("id").asLong() + "/complete",
                            "Bearer " + token, CiWorld.JSON.writeValueAsString(complete));
                    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
                    acknowledged.add(runId);
                } catch (InterruptedException e) {
                    return;
                } catch (Throwable e) {
                    failure.set(e);
                }
            }
        }
    }

    /** The request on the next instance in turn; on no answer or a 503 (stopping), on the other, until one answers. */
    private HttpResponse<String> anyInstance(String method, String path, String authorization, String body) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            PlatformInstance instance = instances.get(next.getAndIncrement() % instances.size());
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 503) {
                    return response;
                }
            } catch (IOException e) {
                // down or going down: the other one
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no instance answered " + method + " " + path + " for three minutes");
            }
            Thread.sleep(100);
        }
    }

    private String call(PlatformInstance instance, String method, String path, String adminToken, String body, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (adminToken != null) {
            request.header("Authorization", "Bearer " + adminToken);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return response.body();
    }

    private void push(String before, List<String> commits, int firstIndex) throws Exception {
        ObjectNode body = repositoryPayload();
        body.put("ref", "refs/heads/main");
        body.put("before", before == null ? "0".repeat(40) : before);
        body.put("after", commits.get(commits.size() - 1));
        ArrayNode list = body.putArray("commits");
        for (int i = 0; i < commits.size(); i++) {
            ObjectNode c = list.addObject();
            c.put("id", commits.get(i));
            c.put("message", "commit " + (firstIndex + i));
            c.put("timestamp", Instant.parse("2026-12-01T00:00:00Z").plusSeconds(60L * (firstIndex + i)).toString());
        }
        deliver("push", body);
    }

    private void pullRequest(int number, String action, String head, String base) throws Exception {
        ObjectNode body = repositoryPayload();
        body.put("action", action);
        body.put("number", number);
        ObjectNode pr = body.putObject("pull_request");
        pr.put("number", number);
        pr.put("updated_at", Instant.now().toString());
        ObjectNode h = pr.putObject("head");
        h.put("sha", head);
        h.put("ref", "feature-" + number);
        h.putObject("repo").put("full_name", repository);
        ObjectNode b = pr.putObject("base");
        b.put("sha", base);
        b.put("ref", "main");
        b.putObject("repo").put("full_name", repository);
        deliver("pull_request", body);
    }

    private ObjectNode repositoryPayload() {
        ObjectNode body = CiWorld.JSON.createObjectNode();
        ObjectNode repo = body.putObject("repository");
        repo.put("full_name", repository);
        repo.put("clone_url", "https://github.com/" + repository + ".git");
        repo.put("html_url", "https://github.com/" + repository);
        return body;
    }

    /** A signed delivery, to the next instance in turn; GitHub redelivers the same one (same id) when it gets no answer. */
    private void deliver(String event, ObjectNode body) throws Exception {
        byte[] bytes = CiWorld.JSON.writeValueAsBytes(body);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(webhookSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(bytes));
        String delivery = "d-" + deliveries.incrementAndGet() + "-" + project;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            PlatformInstance instance = instances.get(next.getAndIncrement() % instances.size());
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/api/v1/webhooks/github"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .header("X-GitHub-Event", event).header("X-GitHub-Delivery", delivery)
                        .header("X-Hub-Signature-256", signature)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 503) {
                    assertThat(answer.statusCode()).as("%s delivery to %s: %s", event, instance.name(), answer.body()).isBetween(200, 202);
                    return;
                }
            } catch (IOException e) {
                // down: GitHub redelivers, here at once to the other instance
            }
            assertThat(Instant.now()).as("a delivery was answered within three minutes").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private String sha(int n) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((project + ":" + n).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A database of its own on the test server, set up by docker/postgres/roles.sql as a superuser runs
     * it in production: owned by hostgap_owner, served by hostgap_app. Returns its JDBC URL.
     */
    private static String createDatabaseWithRoles(TestDatabase.Connection server, String database, String ownerPassword,
                                                  String appPassword) throws Exception {
        Matcher base = Pattern.compile("(jdbc:postgresql://[^/]+/)[^?]*(\\?.*)?").matcher(server.url());
        assertThat(base.matches()).as(server.url()).isTrue();
        try (Connection admin = DriverManager.getConnection(server.url(), server.username(), server.password());
             Statement s = admin.createStatement()) {
            s.execute("create database " + database);
        }
        String url = base.group(1) + database;
        try (Connection admin = DriverManager.getConnection(url, server.username(), server.password());
             Statement s = admin.createStatement()) {
            s.execute(Files.readString(Path.of("..", "docker", "postgres", "roles.sql")));
            s.execute("alter role hostgap_owner password '" + ownerPassword + "'");
            s.execute("alter role hostgap_app password '" + appPassword + "'");
        }
        // the runtime role cannot change the schema
        try (Connection app = DriverManager.getConnection(url, "hostgap_app", appPassword); Statement s = app.createStatement()) {
            s.execute("create table not_allowed (i int)");
            throw new AssertionError("hostgap_app created a table");
        } catch (java.sql.SQLException expected) {
            assertThat(expected.getMessage()).contains("permission denied for schema public");
        }
        return url;
    }

    private static String password() {
        String password = UUID.randomUUID().toString().replace("-", "");
        assertThat(password).matches(ROLE_PASSWORD);
        return password;
    }

    private static long countMigrations() throws IOException {
        try (var files = Files.list(Path.of("..", "db", "migration"))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }
}
