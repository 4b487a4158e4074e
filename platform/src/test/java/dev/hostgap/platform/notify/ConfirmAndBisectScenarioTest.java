package dev.hostgap.platform.notify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

import dev.hostgap.platform.PlatformTest;
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
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Confirm, then bisect, as users meet it: a scripted GitHub and a scripted runner (each run's numbers
 * depend only on its commit, 2% run-to-run noise; a fluke on a first run only) drive the real webhook
 * endpoint, job queue, detection, probes and notifier. A one-run fluke ends {@code success} and opens
 * nothing; a +15% step inside a 12-commit push measured only at its head is pinned to its exact
 * commit with at most 9 of the 12 measured; a new project's first pull request slowing a series by
 * 12% fails; a commit that cannot be measured is skipped and named; a bisection stays within its
 * budget, and cancelling it stops its jobs; a try job measures base and head interleaved on one runner.
 */
@SpringBootTest(properties = {"hostgap.security.admin-token=" + PlatformTest.ADMIN_TOKEN,
        "hostgap.notify.github.token=gh-confirm-token", "hostgap.notify.public-url=https://hostgap.example.org/",
        "hostgap.notify.first-backoff=20ms", "hostgap.notify.sweep-interval=500ms",
        "hostgap.detection.judge-backoff=200ms", "hostgap.detection.poll-interval=200ms", "hostgap.confirm.sweep-interval=500ms"})
@AutoConfigureMockMvc
@ContextConfiguration(initializers = PlatformTest.DatabaseInitializer.class)
class ConfirmAndBisectScenarioTest {

    static final ProviderStub GITHUB = ProviderStub.start();
    static final String STEPPED = ScriptedRuns.key("launch.enqueue", "args=4", "host_us_per_op");
    static final int QUIET = 20;
    static final int SEEDS = 10;

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("hostgap.notify.github.api-url", () -> GITHUB.url("/github"));
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    /** A repository's commits 1..n on main, each the child of the one before, with what each carries. */
    static final class Repo {
        final CiWorld world;
        final Map<String, Integer> index = new HashMap<>();
        final Map<String, String> parents = new HashMap<>();
        final Map<String, Integer> runsOf = new HashMap<>();

        Repo(CiWorld world) {
            this.world = world;
        }

        String add(int n) {
            String sha = world.sha(n);
            index.put(sha, n);
            if (n > 1) {
                parents.put(sha, world.sha(n - 1));
            }
            return sha;
        }

        /** The runner: the commit's factors, its first run off by {@code fluke} where one is given, null where it cannot run. */
        BiFunction<String, Integer, ObjectNode> runner(Random random, java.util.function.IntFunction<Map<String, Double>> factors,
                                                       Map<Integer, Double> flukes, java.util.Set<Integer> broken) {
            ScriptedRuns runs = ScriptedRuns.normal(0.02);
            return (sha, pr) -> {
                Integer n = index.get(sha);
                if (n != null && broken.contains(n)) {
                    return null;
                }
                int run = runsOf.merge(sha, 1, Integer::sum);
                Map<String, Double> f = new HashMap<>(n == null ? Map.of() : factors.apply(n));
                if (n != null && run == 1 && flukes.containsKey(n)) {
                    f.merge(STEPPED, flukes.get(n), (a, b) -> a * b);
                }
                return runs.run(f, random);
            };
        }

        /** Commits from..to pushed one at a time, each measured (and everything it queued) before the next. */
        void pushOneByOne(int from, int to, BiFunction<String, Integer, ObjectNode> runner) throws Exception {
            for (int n = from; n <= to; n++) {
                world.push(n == 1 ? null : world.sha(n - 1), List.of(add(n)), n);
                world.drain(runner, parents);
            }
        }

        /** Commits from..to as one push delivery: only its head gets a job. */
        void pushAtOnce(int from, int to) throws Exception {
            List<String> commits = new ArrayList<>();
            for (int n = from; n <= to; n++) {
                commits.add(add(n));
            }
            world.push(world.sha(from - 1), commits, from);
        }

        boolean measured(int n) {
            return runsOf.getOrDefault(world.sha(n), 0) > 0;
        }

        String state(int n) {
            return CiWorld.JSON.readTree(world.finalStatus(world.sha(n)).body()).get("state").asString();
        }

        JsonNode changes() throws Exception {
            return world.get("/api/v1/projects/" + world.project + "/regressions?kind=all&limit=1000");
        }
    }

    @Test
    void aOneRunFlukeEndsSuccessAndOpensNothing() throws Exception {
        List<String> wrong = new ArrayList<>();
        int suspected = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            Repo repo = new Repo(new CiWorld(mvc, jdbc, GITHUB, "fluke" + seed));
            var runner = repo.runner(new Random(seed), n -> Map.of(), Map.of(QUIET + 1, 1.25), java.util.Set.of());
            repo.pushOneByOne(1, QUIET + 3, runner);
            repo.world.settle(runner, repo.parents);
            int fluke = QUIET + 1;
            List<String> states = repo.world.statuses(repo.world.sha(fluke)).stream()
                    .map(r -> CiWorld.JSON.readTree(r.body()).get("state").asString()).toList();
            boolean wasSuspected = repo.world.statuses(repo.world.sha(fluke)).stream().anyMatch(r -> r.body().contains("Confirming"));
            suspected += wasSuspected ? 1 : 0;
            if (!repo.state(fluke).equals("success") || states.contains("failure")) {
                wrong.add("seed " + seed + ": the fluke's commit got " + states);
            }
            for (JsonNode change : repo.changes()) {
                String status = change.get("status").asString();
                if (!status.equals("unconfirmed") && !status.equals("dismissed")) {
                    wrong.add("seed " + seed + ": a change is " + status + ": " + change);
                }
            }
            if (wasSuspected && repo.world.get("/api/v1/projects/" + repo.world.project + "/probes").findValuesAsString("outcome")
                    .stream().noneMatch("unconfirmed"::equals)) {
                wrong.add("seed " + seed + ": suspected, but no probe ended unconfirmed");
            }
        }
        System.out.println("scenario fluke: " + (SEEDS - wrong.size()) + " of " + SEEDS + " seeds as stated; suspected in " + suspected);
        assertThat(wrong).isEmpty();
        assertThat(suspected).as("seeds where the +25% fluke was suspected (and so confirmed or not by a probe)").isGreaterThanOrEqualTo(SEEDS - 1);
    }

    /**
     * The push's head is measured once. Where that one run of the +15% step lands under the suspicion
     * threshold (seed 9: +4.8% against its base's run, threshold about 11%), nothing is suspected and
     * nothing is bisected until a later commit shows the step: such a seed is counted apart, at most
     * one of ten. A change put on record anywhere but at its commit is always wrong.
     */
    @Test
    void aStepInsideATwelveCommitPushIsPinnedToItsCommit() throws Exception {
        List<String> wrong = new ArrayList<>();
        List<Long> unsuspected = new ArrayList<>();
        int firstBad = QUIET + 6;
        for (long seed = Long.getLong("hostgap.seed", 1); seed <= Long.getLong("hostgap.seed", SEEDS); seed++) {
            Repo repo = new Repo(new CiWorld(mvc, jdbc, GITHUB, "bisect" + seed));
            var runner = repo.runner(new Random(seed), n -> n >= firstBad ? Map.of(STEPPED, 1.15) : Map.of(), Map.of(), java.util.Set.of());
            repo.pushOneByOne(1, QUIET, runner);
            repo.pushAtOnce(QUIET + 1, QUIET + 12);
            repo.world.settle(runner, repo.parents);
            long measured = java.util.stream.IntStream.rangeClosed(QUIET + 1, QUIET + 12).filter(repo::measured).count();
            List<JsonNode> open = new ArrayList<>();
            repo.changes().forEach(c -> {
                if (c.get("status").asString().equals("open")) {
                    open.add(c);
                }
            });
            String at = open.size() == 1 ? String.valueOf(repo.index.get(open.get(0).get("firstBadCommit").asString())) : open.toString();
            if (repo.changes().isEmpty() && repo.world.verdict(repo.world.sha(QUIET + 12)).get("verdict").asString().equals("unchanged")) {
                unsuspected.add(seed);
            } else if (open.size() != 1 || !open.get(0).get("firstBadCommit").asString().equals(repo.world.sha(firstBad))
                    || !open.get(0).get("lastGoodCommit").asString().equals(repo.world.sha(firstBad - 1))) {
                wrong.add("seed " + seed + ": open changes at " + at + " (" + repo.changes() + "); the head says "
                        + repo.world.verdict(repo.world.sha(QUIET + 12)) + "; compare " + repo.world.get("/api/v1/projects/"
                        + repo.world.project + "/compare?base=" + repo.world.sha(QUIET) + "&head=" + repo.world.sha(QUIET + 12)));
            } else if (!repo.state(firstBad).equals("failure") || !repo.state(QUIET + 12).equals("success")) {
                wrong.add("seed " + seed + ": the first bad commit is " + repo.state(firstBad) + ", the push's head " + repo.state(QUIET + 12));
            }
            if (measured > 9) {
                wrong.add("seed " + seed + ": " + measured + " of the push's 12 commits measured");
            }
            System.out.println("scenario bisect seed " + seed + ": pinned at " + at + ", " + measured + " of 12 commits measured");
        }
        assertThat(wrong).isEmpty();
        assertThat(unsuspected).as("seeds whose head run did not look suspicious").hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void aNewProjectsFirstPullRequestSlowingASeriesByTwelvePercentFails() throws Exception {
        List<String> wrong = new ArrayList<>();
        String sync = ScriptedRuns.key("launch.sync", "args=0", "host_us_per_op");
        for (long seed = 1; seed <= SEEDS; seed++) {
            Repo repo = new Repo(new CiWorld(mvc, jdbc, GITHUB, "fresh" + seed));
            String head = repo.world.sha(100);
            Random random = new Random(seed);
            var runner = repo.runner(random, n -> Map.of(), Map.of(), java.util.Set.of());
            BiFunction<String, Integer, ObjectNode> withHead = (sha, pr) -> sha.equals(head)
                    ? ScriptedRuns.normal(0.02).run(Map.of(sync, 1.12), random) : runner.apply(sha, pr);
            repo.world.push(null, List.of(repo.add(1)), 1);
            repo.world.pullRequest(1, head, repo.world.sha(1));
            Map<String, String> parents = new HashMap<>(repo.parents);
            parents.put(head, repo.world.sha(1));
            // the push's job, then the head's three runs: the calibration's repeats are still queued
            for (int i = 0; i < 4; i++) {
                assertThat(repo.world.runNext(withHead, parents)).isPresent();
            }
            repo.world.awaitJudged();
            String waiting = repo.world.verdict(head).get("summary").asString();
            if (!waiting.startsWith("Pending: Calibrating the project's noise")) {
                wrong.add("seed " + seed + ": before the calibration ended the head said '" + waiting + "'");
            }
            repo.world.settle(withHead, parents);
            JsonNode status = CiWorld.JSON.readTree(repo.world.finalStatus(head).body());
            if (!status.get("state").asString().equals("failure") || !status.get("description").asString().contains("launch.sync")) {
                wrong.add("seed " + seed + ": the pull request ended " + status + " — " + repo.world.get("/api/v1/projects/"
                        + repo.world.project + "/compare?base=" + repo.world.sha(1) + "&head=" + head + "&baseline=level"));
            }
            JsonNode calibrations = repo.world.get("/api/v1/projects/" + repo.world.project + "/calibrations");
            if (calibrations.size() != 1 || !calibrations.get(0).get("commit").asString().equals(repo.world.sha(1))) {
                wrong.add("seed " + seed + ": calibrations " + calibrations);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aCommitThatCannotBeMeasuredIsSkippedAndNamedNeverReadAsAChange() throws Exception {
        Repo repo = new Repo(new CiWorld(mvc, jdbc, GITHUB, "skip"));
        int firstBad = QUIET + 6;
        var runner = repo.runner(new Random(3), n -> n >= firstBad ? Map.of(STEPPED, 1.15) : Map.of(), Map.of(),
                java.util.Set.of(firstBad));
        repo.pushOneByOne(1, QUIET, runner);
        repo.pushAtOnce(QUIET + 1, QUIET + 12);
        repo.world.settle(runner, repo.parents);
        JsonNode bisections = repo.world.get("/api/v1/projects/" + repo.world.project + "/bisections");
        assertThat(bisections).hasSize(1);
        JsonNode bisection = bisections.get(0);
        assertThat(bisection.get("state").asString()).isEqualTo("pinned");
        assertThat(bisection.get("skipped").toString()).contains(repo.world.sha(firstBad));
        assertThat(bisection.get("note").asString()).contains(repo.world.sha(firstBad).substring(0, 10)).contains("could not be measured");
        List<String> datedTo = new ArrayList<>();
        repo.changes().forEach(c -> datedTo.add(c.get("status").asString() + "@" + repo.index.get(c.get("firstBadCommit").asString())));
        assertThat(datedTo).as("the change is dated to the first commit after the one that cannot run, never to it")
                .contains("open@" + (firstBad + 1)).doesNotContain("open@" + firstBad);
    }

    @Test
    void aBisectionNeverQueuesMoreThanItsBudgetAndCancellingStopsItsJobs() throws Exception {
        Repo repo = new Repo(new CiWorld(mvc, jdbc, GITHUB, "budget"));
        int firstBad = QUIET + 91;
        var runner = repo.runner(new Random(5), n -> n >= firstBad ? Map.of(STEPPED, 1.15) : Map.of(), Map.of(), java.util.Set.of());
        repo.pushOneByOne(1, QUIET, runner);
        // 149 commits never measured: 7 or 8 steps of 12 jobs after the confirmation's 8, more than 80 jobs allow
        // (and within the 200 first-parent commits detection reads, so the head is judged against the 20 before)
        repo.pushAtOnce(QUIET + 1, QUIET + 150);
        repo.world.settle(runner, repo.parents);
        JsonNode all = repo.world.get("/api/v1/projects/" + repo.world.project + "/bisections");
        assertThat(all).as("bisections; changes " + repo.changes() + "; probes "
                + repo.world.get("/api/v1/projects/" + repo.world.project + "/probes")).hasSize(1);
        JsonNode bisection = all.get(0);
        assertThat(bisection.get("state").asString()).isEqualTo("budget_spent");
        assertThat(bisection.get("jobsUsed").asLong()).as("jobs of the change's confirmation and steps").isLessThanOrEqualTo(80)
                .isEqualTo(bisection.get("maxJobs").asLong());
        JsonNode open = repo.changes().get(0);
        assertThat(repo.index.get(open.get("firstBadCommit").asString())).as("dated to where the budget left it")
                .isGreaterThanOrEqualTo(firstBad).isLessThan(QUIET + 150);

        Repo cancelled = new Repo(new CiWorld(mvc, jdbc, GITHUB, "cancel"));
        var runs = cancelled.runner(new Random(6), n -> n >= firstBad ? Map.of(STEPPED, 1.15) : Map.of(), Map.of(), java.util.Set.of());
        cancelled.pushOneByOne(1, QUIET, runs);
        cancelled.pushAtOnce(QUIET + 1, QUIET + 150);
        // the head, its confirmation, then two jobs of the first step
        String bisections = "/api/v1/projects/" + cancelled.world.project + "/bisections";
        for (int i = 0; i < 400 && cancelled.world.get(bisections).isEmpty(); i++) {
            if (cancelled.world.runNext(runs, cancelled.parents).isEmpty()) {
                cancelled.world.awaitJudged();
                Thread.sleep(50); // the confirmation is queued on the detection thread
            }
        }
        assertThat(cancelled.world.get(bisections)).as("a bisection started").hasSize(1);
        cancelled.world.runNext(runs, cancelled.parents);
        cancelled.world.runNext(runs, cancelled.parents);
        long id = cancelled.world.get("/api/v1/projects/" + cancelled.world.project + "/bisections").get(0).get("id").asLong();
        JsonNode after = CiWorld.JSON.readTree(cancelled.world.admin(post("/api/v1/projects/" + cancelled.world.project + "/bisections/"
                + id + "/cancel"), ""));
        assertThat(after.get("state").asString()).isEqualTo("cancelled");
        assertThat(cancelled.world.runJobs(runs, cancelled.parents)).as("jobs a runner leases after the cancel").isZero();
        assertThat(jdbc.sql("select count(*) from job where project_id = ? and trigger = 'bisect' and state = 'cancelled'")
                .param(cancelled.world.projectId()).query(Long.class).single()).isEqualTo(10);
    }

    /** A try job of a fork's pull request runs its head only once a maintainer approved that head, as the pull request's own jobs do. */
    @Test
    void aTryJobOfAForkPullRequestWaitsForTheHeadsApproval() throws Exception {
        Repo repo = new Repo(new CiWorld(mvc, jdbc, GITHUB, "trypr"));
        var runner = repo.runner(new Random(11), n -> Map.of(), Map.of(), java.util.Set.of());
        repo.pushOneByOne(1, 1, runner);
        repo.world.settle(runner, repo.parents);
        String base = repo.world.sha(1);
        String head = repo.world.sha(50);
        Map<String, String> parents = new HashMap<>(repo.parents);
        parents.put(head, base);
        repo.world.forkPullRequest(4, head, base);
        assertThat(repo.world.runJobs(runner, parents)).as("the fork's head waits for approval").isZero();
        JsonNode probe = CiWorld.JSON.readTree(repo.world.admin(post("/api/v1/projects/" + repo.world.project + "/try"),
                "{\"base\":\"" + base + "\",\"head\":\"" + head + "\",\"rounds\":2,\"pullRequest\":4}"));
        assertThat(probe.get("jobs").findValuesAsString("state")).containsExactly("queued", "awaiting_approval", "queued",
                "awaiting_approval");
        assertThat(repo.world.runJobs(runner, parents)).as("the base's first run, then the unapproved head blocks the rest").isEqualTo(1);
        repo.world.approve(4, head);
        assertThat(repo.world.drain(runner, parents)).as("the pull request's three head runs and the probe's other three")
                .isEqualTo(6);
        JsonNode done = repo.world.get("/api/v1/projects/" + repo.world.project + "/probes/" + probe.get("id").asLong());
        assertThat(done.get("state").asString()).isEqualTo("concluded");
        assertThat(done.get("pullRequest").asInt()).isEqualTo(4);
    }

    @Test
    void aTryJobMeasuresBaseAndHeadInterleavedOnTheChosenRunnerOnly() throws Exception {
        Repo repo = new Repo(new CiWorld(mvc, jdbc, GITHUB, "try"));
        var runner = repo.runner(new Random(9), n -> n >= 3 ? Map.of(STEPPED, 1.3) : Map.of(), Map.of(), java.util.Set.of());
        repo.pushOneByOne(1, 2, runner);
        repo.world.settle(runner, repo.parents);
        repo.pushOneByOne(3, 3, runner);
        repo.world.settle(runner, repo.parents);
        JsonNode probe = CiWorld.JSON.readTree(repo.world.admin(post("/api/v1/projects/" + repo.world.project + "/try"),
                "{\"base\":\"" + repo.world.sha(2) + "\",\"head\":\"" + repo.world.sha(3) + "\",\"rounds\":3,\"runner\":"
                        + repo.world.runnerId() + "}"));
        assertThat(probe.get("kind").asString()).isEqualTo("try");
        assertThat(probe.get("jobs").findValuesAsString("sha")).containsExactly(repo.world.sha(2), repo.world.sha(3), repo.world.sha(2),
                repo.world.sha(3), repo.world.sha(2), repo.world.sha(3));
        assertThat(probe.path("repro").path("shell").asString()).contains(repo.world.sha(2)).contains("./bench.sh");
        // another runner with the same labels gets none of them: a probe's rounds run on one machine
        String other = CiWorld.JSON.readTree(repo.world.admin(post("/api/v1/runners"), "{\"name\":\"" + repo.world.project
                + "-other\",\"labels\":[\"gpu-" + repo.world.project + "\"]}")).get("token").asString();
        assertThat(mvc.perform(post("/api/v1/jobs/lease").header("Authorization", "Bearer " + other)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).content("{\"waitSeconds\":0}"))
                .andReturn().getResponse().getStatus()).isEqualTo(204);
        assertThat(repo.world.drain(runner, repo.parents)).isEqualTo(6);
        JsonNode done = repo.world.get("/api/v1/projects/" + repo.world.project + "/probes/" + probe.get("id").asLong());
        assertThat(done.get("state").asString()).isEqualTo("concluded");
        assertThat(done.get("outcome").asString()).isEqualTo("judged");
        assertThat(done.get("runner").asLong()).isEqualTo(repo.world.runnerId());
        JsonNode stepped = null;
        for (JsonNode row : done.get("results")) {
            if (row.get("benchmark").asString().equals("launch.enqueue") && row.get("params").get("args").asString().equals("4")) {
                stepped = row;
            }
        }
        assertThat(stepped).isNotNull();
        assertThat(stepped.get("rounds")).hasSize(3);
        assertThat(stepped.get("change").get("verdict").asString()).isEqualTo("regression");
        assertThat(stepped.get("change").get("changePercent").asDouble()).isBetween(20.0, 40.0);
    }

    /**
     * One real confirmation: the run files of docs/gpu/2026-12-07-h100-confirm (an H100 80GB HBM3,
     * driver 580.159.04), where the runner bundle measured side A (plain) and side B
     * (CUDA_LAUNCH_BLOCKING=1: every launch waits for its kernel) interleaved, A B A B, six rounds on
     * one machine. A try job of six rounds is served those files in the order they were measured,
     * and the platform's own paired table judges them: the blocking launches are a regression of
     * launch.enqueue's host time, the host-only control is unchanged. The rows are printed for the docs.
     */
    @Test
    void theRoundsOfARealGpuConfirmationAreJudgedByTheProbesPairedTable() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("..", "docs", "gpu", "2026-12-07-h100-confirm");
        int rounds = 6;
        Repo repo = new Repo(new CiWorld(mvc, jdbc, GITHUB, "gpu-confirm"));
        String base = repo.add(1);
        String head = repo.add(2);
        Map<String, java.util.ArrayDeque<ObjectNode>> files = Map.of(base, new java.util.ArrayDeque<>(), head, new java.util.ArrayDeque<>());
        for (int round = 1; round <= rounds; round++) {
            files.get(base).add(runFile(dir.resolve("round" + round + "-A.json")));
            files.get(head).add(runFile(dir.resolve("round" + round + "-B.json")));
        }
        JsonNode probe = CiWorld.JSON.readTree(repo.world.admin(post("/api/v1/projects/" + repo.world.project + "/try"),
                "{\"base\":\"" + base + "\",\"head\":\"" + head + "\",\"rounds\":" + rounds + "}"));
        assertThat(repo.world.drain((sha, pr) -> files.get(sha).poll(), repo.parents)).isEqualTo(2 * rounds);
        assertThat(files.values()).allSatisfy(left -> assertThat(left).isEmpty());

        JsonNode done = repo.world.get("/api/v1/projects/" + repo.world.project + "/probes/" + probe.get("id").asLong());
        assertThat(done.get("state").asString()).isEqualTo("concluded");
        Map<String, JsonNode> byKey = new HashMap<>();
        for (JsonNode row : done.get("results")) {
            StringBuilder params = new StringBuilder();
            row.get("params").properties().forEach(e -> params.append(e.getKey()).append('=').append(e.getValue().asString()));
            String key = ScriptedRuns.key(row.get("benchmark").asString(), params.toString(), row.get("metric").asString());
            byKey.put(key, row);
            JsonNode c = row.get("change");
            System.out.printf(java.util.Locale.ROOT, "real GPU confirmation: %s: %d pairs, base %.4g, head %.4g, change %+.1f%%, threshold %.1f%%,"
                            + " interval %+.1f%% .. %+.1f%%, %s%n", key, row.get("rounds").size(), c.get("baseLevel").asDouble(),
                    c.get("headLevel").asDouble(), c.get("changePercent").asDouble(), c.get("thresholdPercent").asDouble(),
                    c.get("ciLowPercent").asDouble(), c.get("ciHighPercent").asDouble(), c.get("verdict").asString());
        }
        JsonNode blocking = byKey.get(ScriptedRuns.key("launch.enqueue", "args=0", "host_us_per_op"));
        assertThat(blocking.get("rounds")).hasSize(rounds);
        assertThat(blocking.get("change").get("verdict").asString()).isEqualTo("regression");
        assertThat(blocking.get("change").get("changePercent").asDouble()).isGreaterThan(100.0);
        JsonNode control = byKey.get(ScriptedRuns.key("transfer.hostcompute", "n=256", "host_us_per_op"));
        assertThat(control.get("rounds")).hasSize(rounds);
        assertThat(control.get("change").get("verdict").asString()).isEqualTo("unchanged");
    }

    /** A run file as the agent completes a job with it: its format and results (the job gives the commit and environment). */
    private static ObjectNode runFile(java.nio.file.Path file) {
        JsonNode run = CiWorld.JSON.readTree(file.toFile());
        ObjectNode result = CiWorld.JSON.createObjectNode();
        result.put("schemaVersion", run.get("schemaVersion").asString());
        result.set("results", run.get("results"));
        return result;
    }
}
