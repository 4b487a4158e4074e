package dev.hostgap.platform.notify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.hostgap.platform.PlatformTest;
import dev.hostgap.platform.notify.ProviderStub.Received;
import dev.hostgap.platform.runs.Measurements;
import dev.hostgap.platform.stats.RunValue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Did this commit regress?" gets one answer, whichever way the commits arrive. A scripted GitHub
 * and a scripted runner (no GPU: each run's numbers depend only on its commit, plus run-to-run
 * noise) drive the real webhook endpoint, job queue, detection and notifier; the test reads the
 * statuses GitHub received last. 22 commits with +15% on launch.enqueue args=4 from commit 13:
 * commit 13 ends {@code failure}, the commits after it {@code success} naming the regression, the
 * ones before {@code success}; pushed one at a time, and pushed as a burst whose jobs all complete
 * before detection has judged them. Every status says what the page it links to says. Then fork
 * pull requests against the regressed main: one that slows another series fails, one that changes
 * nothing passes, and main's changes and noise are the same before and after them. Each scenario
 * runs on 20 fixed seeds, of which at least 19 must end exactly so (the noise is real noise); with
 * the runs of a real H200 machine start, 18.
 */
@SpringBootTest(properties = {"hostgap.security.admin-token=" + PlatformTest.ADMIN_TOKEN,
        "hostgap.notify.github.token=gh-scenario-token", "hostgap.notify.public-url=https://hostgap.example.org/",
        "hostgap.notify.first-backoff=20ms", "hostgap.notify.sweep-interval=500ms",
        "hostgap.detection.judge-backoff=200ms", "hostgap.detection.poll-interval=200ms"})
@AutoConfigureMockMvc
@ContextConfiguration(initializers = PlatformTest.DatabaseInitializer.class)
class OneAnswerScenarioTest {

    static final ProviderStub GITHUB = ProviderStub.start();
    static final int COMMITS = 22;
    static final int FIRST_BAD = 13;
    static final int SEEDS = 20;
    static final String STEPPED = ScriptedRuns.key("launch.enqueue", "args=4", "host_us_per_op");

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("hostgap.notify.github.api-url", () -> GITHUB.url("/github"));
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Measurements measurements;

    @Test
    void aStepPushedOneCommitAtATimeFailsOnlyItsOwnCommit() throws Exception {
        assertAtLeast19Of20(seed -> history(seed, ScriptedRuns.normal(0.02), false));
    }

    @Test
    void theSameStepPushedAsOneBurstEndsWithTheSameStatuses() throws Exception {
        assertAtLeast19Of20(seed -> history(seed, ScriptedRuns.normal(0.02), true));
    }

    /**
     * With the runs of one real H200 machine start: 18 of 20 seeds end exactly as with normal noise.
     * The two others (seeds 8 and 12) date the step one commit late, where the step's commit drew the
     * start's slowest run: its one run shows +5%, the next +16%. Dating that commit needs it measured
     * again (confirmation), which one run per commit cannot give.
     */
    @Test
    void withTheNoiseOfRealH200RunsTheStatusesAreTheSame() throws Exception {
        ScriptedRuns h200 = ScriptedRuns.h200MachineStart();
        assertAtLeast(18, seed -> history(seed, h200, false));
    }

    /**
     * The CI loop with profiler traces instead of result files: each commit's command leaves a real PyTorch
     * trace recorded on an H100 (docs/gpu/2026-12-07-traces), the model run eagerly up to commit 5 and, from
     * commit 6, with a `.item()` check per step (a device-to-host copy and a synchronization per step). The
     * runner uploads the trace and completes the job with its run. Commit 6 fails, its status naming how the
     * idle time moved and the operator behind the new gap, the one the trace compare puts first; the commits
     * before pass and the one after passes on top of the regression.
     */
    @Test
    void aCommitThatAddsASynchronizationPerStepFailsNamingTheIdleChangeAndTheOperatorBehindIt() throws Exception {
        CiWorld world = new CiWorld(mvc, jdbc, GITHUB, "traces");
        int commits = 7;
        int firstBad = 6;
        java.nio.file.Path traces = java.nio.file.Path.of("..", "docs", "gpu", "2026-12-07-traces");
        Map<String, Integer> index = new HashMap<>();
        Map<String, String> parents = new HashMap<>();
        for (int n = 1; n <= commits; n++) {
            index.put(world.sha(n), n);
            if (n > 1) {
                parents.put(world.sha(n), world.sha(n - 1));
            }
        }
        java.util.concurrent.atomic.AtomicInteger repeat = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.BiFunction<String, Integer, tools.jackson.databind.node.ObjectNode> trace = (sha, pr) -> {
            tools.jackson.databind.node.ObjectNode file = CiWorld.JSON.createObjectNode();
            String variant = index.get(sha) >= firstBad ? "sync" : "eager";
            file.put(CiWorld.TRACE_FILE, traces.resolve(variant + "-" + (1 + repeat.getAndIncrement() % 3) + ".json.gz").toString());
            file.put("name", "decode");
            return file;
        };
        for (int n = 1; n <= commits; n++) {
            world.push(n == 1 ? null : world.sha(n - 1), List.of(world.sha(n)), n);
            assertThat(world.drain(trace, parents)).isGreaterThanOrEqualTo(1);
        }
        world.awaitSettled();

        JsonNode compared = world.get("/api/v1/projects/" + world.project + "/traces/compare?base=" + world.sha(firstBad - 1)
                + "&head=" + world.sha(firstBad) + "&name=decode").get("devices").get(0);
        String operator = compared.at("/causes/0/operator").asString();
        JsonNode bad = CiWorld.JSON.readTree(world.finalStatus(world.sha(firstBad)).body());
        assertThat(bad.get("state").asString()).isEqualTo("failure");
        assertThat(bad.get("description").asString()).as("names the idle change and the operator behind it")
                .contains("decode cuda:0 idle ").contains("% → ").contains(" after " + operator);
        for (int n = 1; n < firstBad; n++) {
            JsonNode status = CiWorld.JSON.readTree(world.finalStatus(world.sha(n)).body());
            assertThat(status.get("state").asString()).as("commit %d: %s", n, status.get("description")).isEqualTo("success");
        }
        JsonNode after = CiWorld.JSON.readTree(world.finalStatus(world.sha(firstBad + 1)).body());
        assertThat(after.get("state").asString()).isEqualTo("success");
        assertThat(after.get("description").asString()).contains("on top of").contains(world.sha(firstBad).substring(0, 10));
        assertThat(jdbc.sql("select count(*) from trace t join project p on p.id = t.project_id where p.name = ? and t.job_id is not null")
                .param(world.project).query(Long.class).single()).as("every job's trace kept with its job").isGreaterThanOrEqualTo(commits);
    }

    @Test
    void forkPullRequestsAreJudgedAgainstTheirBaseAndLeaveMainAsItWas() throws Exception {
        assertAtLeast19Of20(this::pullRequests);
    }

    /**
     * Judging that fails (here: the database refuses the judgements of this project's runs) is tried
     * again with backoff, 5 times at most; meanwhile, and after the last attempt, the commit's status
     * is {@code error}, never {@code success}. Once judging works again the next run is judged.
     */
    @Test
    void judgingThatFailsIsRetriedWithBackoffAndTheCommitIsAnErrorMeanwhile() throws Exception {
        CiWorld world = new CiWorld(mvc, jdbc, GITHUB, "judging");
        Random random = new Random(7);
        ScriptedRuns runs = ScriptedRuns.normal(0.02);
        String refuse = "judging_" + world.projectId();
        jdbc.sql("""
                create function %1$s() returns trigger language plpgsql as $$
                begin
                  if exists (select 1 from run where id = new.run_id and project_id = %2$d) then
                    raise exception 'injected: the judgement of run %% is refused', new.run_id;
                  end if;
                  return new;
                end $$""".formatted(refuse, world.projectId())).update();
        jdbc.sql("create trigger %1$s before insert on judgement for each row execute function %1$s()".formatted(refuse)).update();
        try {
            world.push(null, List.of(world.sha(1)), 1);
            // the notifier sends a commit's answer as it is when it gets to it: on a loaded machine a run
            // uploaded at once can overtake "pending", so the runner starts once pending has arrived
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> world.statuses(world.sha(1)).stream()
                    .anyMatch(r -> r.body().contains("\"pending\"")));
            long started = System.nanoTime();
            world.runJobs((sha, pr) -> runs.run(Map.of(), random), Map.of());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> jdbc.sql(
                    "select judged_at is not null from run r join job j on j.run_id = r.id where j.project_id = ? and j.trigger = 'push'")
                    .param(world.projectId()).query(Boolean.class).single());
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(jdbc.sql("select judge_attempts from run r join job j on j.run_id = r.id where j.project_id = ? and j.trigger = 'push'")
                    .param(world.projectId()).query(Integer.class).single())
                    .as("attempts").isEqualTo(5);
            assertThat(tookMillis).as("backoff 200 + 400 + 800 + 1600 ms between the five attempts").isGreaterThanOrEqualTo(3000);
            world.awaitSettled();
            JsonNode status = CiWorld.JSON.readTree(world.finalStatus(world.sha(1)).body());
            assertThat(status.get("state").asString()).isEqualTo("error");
            assertThat(status.get("description").asString()).startsWith("Error: Judging the run failed: ").contains("injected");
            assertThat(world.statuses(world.sha(1))).extracting(r -> CiWorld.JSON.readTree(r.body()).get("state").asString())
                    .as("every status the commit got").doesNotContain("success", "failure").contains("pending", "error");
            assertThat(world.verdict(world.sha(1)).get("state").asString()).isEqualTo("error");

            // it starts failing at commit 2, and stops while commit 2 is being retried
            world.push(world.sha(1), List.of(world.sha(2)), 2);
            world.runJobs((sha, pr) -> runs.run(Map.of(), random), Map.of(world.sha(2), world.sha(1)));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                    select judge_attempts >= 2 from run r join git_commit c on c.id = r.commit_id where c.sha = ? and r.project_id = ?
                    """).params(world.sha(2), world.projectId()).query(Boolean.class).single());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> world.statuses(world.sha(2)).stream()
                    .anyMatch(r -> r.body().contains("\"error\"") && r.body().contains("(retrying)")));
        } finally {
            jdbc.sql("drop trigger if exists %1$s on judgement".formatted(refuse)).update();
            jdbc.sql("drop function if exists %1$s()".formatted(refuse)).update();
        }
        world.awaitSettled();
        JsonNode recovered = CiWorld.JSON.readTree(world.finalStatus(world.sha(2)).body());
        assertThat(recovered.get("state").asString()).as(recovered.toString()).isEqualTo("success");
        assertThat(world.verdict(world.sha(2)).get("state").asString()).isEqualTo("judged");
    }

    interface Scenario {
        List<String> run(long seed) throws Exception;
    }

    private static void assertAtLeast19Of20(Scenario scenario) throws Exception {
        assertAtLeast(19, scenario);
    }

    /** Runs the scenario for every seed; each returns what did not end as stated (empty: it did). */
    private static void assertAtLeast(int ofTwenty, Scenario scenario) throws Exception {
        List<String> failures = new ArrayList<>();
        for (long seed = Long.getLong("hostgap.seed", 1); seed <= Long.getLong("hostgap.seed", SEEDS); seed++) {
            List<String> wrong = scenario.run(seed);
            if (!wrong.isEmpty()) {
                failures.add("seed " + seed + ": " + wrong);
            }
        }
        String test = StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getMethodName)
                .filter(m -> !m.startsWith("assertAtLeast")).findFirst().orElse("?"));
        failures.forEach(f -> System.out.println("scenario " + test + ": " + f));
        System.out.println("scenario " + test + ": " + (SEEDS - failures.size()) + " of " + SEEDS + " seeds ended as stated");
        assertThat(failures).as("seeds that did not end as stated").hasSizeLessThanOrEqualTo(SEEDS - ofTwenty * SEEDS / 20);
    }

    /** Main's 22 commits, measured and settled; returns what is wrong with their final statuses. */
    private List<String> history(long seed, ScriptedRuns runs, boolean burst) throws Exception {
        CiWorld world = new CiWorld(mvc, jdbc, GITHUB, "story" + seed);
        Map<String, Integer> index = measureMain(world, seed, runs, burst);
        world.awaitSettled();
        return checkMain(world, index);
    }

    private Map<String, Integer> measureMain(CiWorld world, long seed, ScriptedRuns runs, boolean burst) throws Exception {
        Random random = new Random(seed);
        Map<String, Integer> index = new HashMap<>();
        Map<String, String> parents = new HashMap<>();
        for (int n = 1; n <= COMMITS; n++) {
            index.put(world.sha(n), n);
            if (n > 1) {
                parents.put(world.sha(n), world.sha(n - 1));
            }
        }
        java.util.function.BiFunction<String, Integer, tools.jackson.databind.node.ObjectNode> measure =
                (sha, pr) -> runs.run(index.get(sha) >= FIRST_BAD ? Map.of(STEPPED, 1.15) : Map.of(), random);
        for (int n = 1; n <= COMMITS; n++) {
            world.push(n == 1 ? null : world.sha(n - 1), List.of(world.sha(n)), n);
            if (!burst) {
                // the push's job, and what the platform queues after it (the calibration, a confirmation)
                assertThat(world.drain(measure, parents)).isGreaterThanOrEqualTo(1);
            }
        }
        if (burst) {
            // every push delivered, then every job completed at once: detection judges them after, in any order
            assertThat(world.runJobs(measure, parents, new Random(seed + 1000))).isEqualTo(COMMITS);
            world.drain(measure, parents);
        }
        return index;
    }

    private List<String> checkMain(CiWorld world, Map<String, Integer> index) throws Exception {
        List<String> wrong = new ArrayList<>();
        JsonNode changes = world.get("/api/v1/projects/" + world.project + "/regressions?kind=all&limit=1000");
        String firstBad = world.sha(FIRST_BAD);
        List<JsonNode> atStep = new ArrayList<>();
        changes.forEach(r -> {
            if (r.get("firstBadCommit").asString().equals(firstBad) && r.get("status").asString().equals("open")
                    && STEPPED.equals(ScriptedRuns.key(r.get("benchmark").asString(), params(r.get("params")), r.get("metric").asString()))) {
                atStep.add(r);
            }
        });
        if (atStep.size() != 1) {
            List<String> seen = new ArrayList<>();
            changes.forEach(r -> seen.add("#" + r.get("id") + " " + r.get("status").asString() + " " + r.get("kind").asString() + " "
                    + r.get("benchmark").asString() + " " + params(r.get("params")) + " " + r.get("metric").asString() + " "
                    + String.format(java.util.Locale.ROOT, "%+.1f%%", r.get("changePercent").asDouble()) + " at commit "
                    + index.get(r.get("firstBadCommit").asString())));
            List<String> levels = new ArrayList<>();
            world.get("/api/v1/projects/" + world.project + "/series?benchmark=launch.enqueue&metric=host_us_per_op&params=args=4")
                    .path("points").forEach(p -> levels.add(index.get(p.get("sha").asString()) + ":" + String.format(java.util.Locale.ROOT,
                            "%.3f", p.get("median").asDouble())));
            List<String> probes = new ArrayList<>();
            world.get("/api/v1/projects/" + world.project + "/probes?limit=20").forEach(p -> probes.add(p.get("kind").asString() + " "
                    + index.get(p.get("base").asString()) + "→" + index.get(p.get("head").asString()) + " " + p.get("outcome").asString()
                    + ": " + p.get("note").asString()));
            wrong.add("no open regression of " + STEPPED + " at commit " + FIRST_BAD + "; on record: " + seen + "; commit "
                    + FIRST_BAD + " says " + world.verdict(firstBad).get("summary") + "; levels " + levels + "; probes " + probes);
            return wrong;
        }
        long regression = atStep.get(0).get("id").asLong();
        // the runner measured the step again, paired with the commit before it, before anyone was told
        JsonNode probes = world.get("/api/v1/projects/" + world.project + "/probes?change=" + regression);
        if (!probes.findValuesAsString("outcome").contains("confirmed")) {
            wrong.add("the change at commit " + FIRST_BAD + " was opened without a probe confirming it: " + probes);
        }
        for (int n = 1; n <= COMMITS; n++) {
            String sha = world.sha(n);
            Received status = world.finalStatus(sha);
            JsonNode body = CiWorld.JSON.readTree(status.body());
            String state = body.get("state").asString();
            String description = body.get("description").asString();
            String expected = n == FIRST_BAD ? "failure" : "success";
            if (!state.equals(expected)) {
                wrong.add(n + " " + state + " '" + description + "'");
            }
            if (n > FIRST_BAD && !description.contains("regression #" + regression + " from " + firstBad.substring(0, 10))) {
                wrong.add(n + " does not name #" + regression + ": '" + description + "'");
            }
            if (n == FIRST_BAD && !description.contains("#" + regression + " here")) {
                wrong.add(n + " does not say the change is its own: '" + description + "'");
            }
            // the page the status links to holds the same answer
            JsonNode verdict = world.verdict(sha);
            if (!description.equals(verdict.get("summary").asString())
                    || !body.get("target_url").asString().equals("https://hostgap.example.org" + verdict.get("link").asString())) {
                wrong.add(n + " status '" + description + "' → " + body.get("target_url") + " but the verdict says " + verdict);
            }
        }
        JsonNode change = world.get("/api/v1/regressions/" + regression).get("regression");
        String link = CiWorld.JSON.readTree(world.finalStatus(firstBad).body()).get("target_url").asString();
        if (!link.endsWith("/regressions/" + regression) || !change.get("firstBadCommit").asString().equals(firstBad)) {
            wrong.add("commit " + FIRST_BAD + " links to " + link + ", the change is " + change);
        }
        return wrong;
    }

    private static String params(JsonNode params) {
        List<String> pairs = new ArrayList<>();
        params.properties().forEach(e -> pairs.add(e.getKey() + "=" + e.getValue().asString()));
        java.util.Collections.sort(pairs);
        return String.join(",", pairs);
    }

    /** Main measured one commit at a time, then two fork pull requests on top of its head. */
    private List<String> pullRequests(long seed) throws Exception {
        CiWorld world = new CiWorld(mvc, jdbc, GITHUB, "forks" + seed);
        Map<String, Integer> index = measureMain(world, seed, ScriptedRuns.normal(0.02), false);
        world.awaitSettled();
        List<String> wrong = new ArrayList<>(checkMain(world, index));
        String base = world.sha(COMMITS);
        List<JsonNode> before = mainRecords(world);
        Map<Long, List<RunValue>> noiseBefore = mainNoise(world);

        String slower = world.sha(101);
        String same = world.sha(102);
        Random random = new Random(seed * 31);
        ScriptedRuns runs = ScriptedRuns.normal(0.02);
        Map<String, String> parents = Map.of(slower, base, same, base);
        world.pullRequest(7, slower, base);
        world.pullRequest(8, same, base);
        String sync = ScriptedRuns.key("launch.sync", "args=0", "host_us_per_op");
        assertThat(world.runJobs((sha, pr) -> runs.run(sha.equals(slower) ? Map.of(STEPPED, 1.15, sync, 1.15) : Map.of(STEPPED, 1.15),
                random), parents)).as("each pull request head is measured three times").isEqualTo(6);
        world.awaitSettled();

        JsonNode failed = CiWorld.JSON.readTree(world.finalStatus(slower).body());
        if (!failed.get("state").asString().equals("failure") || !failed.get("description").asString().contains("launch.sync")) {
            wrong.add("PR 7 (launch.sync +15%) ended " + failed + " with " + world.get("/api/v1/projects/" + world.project
                    + "/compare?base=" + base + "&head=" + slower + "&baseline=level"));
        }
        JsonNode passed = CiWorld.JSON.readTree(world.finalStatus(same).body());
        if (!passed.get("state").asString().equals("success")) {
            wrong.add("PR 8 (no change) ended " + passed);
        }
        for (String head : List.of(slower, same)) {
            JsonNode verdict = world.verdict(head);
            JsonNode status = CiWorld.JSON.readTree(world.finalStatus(head).body());
            if (!status.get("description").asString().equals(verdict.get("summary").asString())
                    || !status.get("target_url").asString().endsWith("/compare?base=" + base + "&head=" + head + "&baseline=level")) {
                wrong.add("PR head " + head + " status " + status + " against verdict " + verdict);
            }
            // the page a PR status links to is compare of the base and the head: it says the same
            JsonNode compare = world.get("/api/v1/projects/" + world.project + "/compare?base=" + base + "&head=" + head
                    + "&baseline=level");
            long regressions = 0;
            for (JsonNode row : compare.get("rows")) {
                regressions += row.get("verdict").asString().equals("regression") ? 1 : 0;
            }
            if (regressions != verdict.get("regressions").asLong()) {
                wrong.add("compare says " + regressions + " regressions, the verdict " + verdict.get("regressions"));
            }
        }
        if (world.comments(7).isEmpty() || world.comments(8).isEmpty()) {
            wrong.add("a pull request got no comment");
        }
        if (!mainRecords(world).equals(before)) {
            wrong.add("main's changes moved: " + before + " → " + mainRecords(world));
        }
        if (!mainNoise(world).equals(noiseBefore)) {
            wrong.add("main's noise history changed");
        }
        return wrong;
    }

    private List<JsonNode> mainRecords(CiWorld world) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        world.get("/api/v1/projects/" + world.project + "/regressions?kind=all&limit=1000").forEach(r -> {
            tools.jackson.databind.node.ObjectNode copy = (tools.jackson.databind.node.ObjectNode) r.deepCopy();
            copy.remove("statusChangedAt");
            records.add(copy);
        });
        return records;
    }

    private Map<Long, List<RunValue>> mainNoise(CiWorld world) {
        List<Long> series = jdbc.sql("select s.id from series s join benchmark b on b.id = s.benchmark_id where b.project_id = ?")
                .param(world.projectId()).query(Long.class).list();
        return measurements.noiseHistory(series);
    }
}
