package dev.hostgap.platform.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The load and fault harness behind docs/reliability.md. It starts the packaged platform as its own
 * process on a fresh embedded PostgreSQL and runs, in order:
 * <ul>
 * <li>{@code load64}: 64 concurrent uploaders for 60 s (every answer, latency, throughput, and
 * whether detection keeps up);</li>
 * <li>{@code load256}: 256 concurrent uploaders for 30 s (only 2xx, 429 or 503 allowed);</li>
 * <li>{@code kill-jvm}: SIGKILL of the platform's JVM under load, then one restart;</li>
 * <li>{@code kill-postmaster}: SIGKILL of the PostgreSQL server under load;</li>
 * <li>{@code sigterm}: SIGTERM of the platform under load, then a restart;</li>
 * <li>{@code first-start-race}, {@code webhook-flood}, {@code hostile-inputs}: the attack pass of
 * issue 18 ({@link #firstStartRace}, {@link WebhookFlood}, {@link HostileInputs}); not in the default list.</li>
 * </ul>
 * After each, every upload is read back ({@link Verification}): acknowledged runs must be whole,
 * others absent or whole. Writes a Markdown report. Run as a regular user (PostgreSQL refuses root):
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; mvn -B -pl platform -Preliability exec:exec [-Dscenarios=load64,sigterm] [-Dload.seconds=60]
 * </pre>
 * Arguments: {@code <platform jar> <report file> <scenarios> <seconds of load64>}.
 */
public final class ReliabilityHarness {

    private static final int RESULTS = 40;
    private static final int FORKS = 20;

    private final PlatformProcess platform;
    private final StringBuilder report = new StringBuilder();
    private final HttpClient http = HttpClient.newHttpClient();
    private boolean allPassed = true;

    private ReliabilityHarness(PlatformProcess platform) {
        this.platform = platform;
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args) ? 0 : 1);
        } catch (Throwable e) {
            // exit whatever happened: the uploaders' and samplers' threads would keep the JVM alive
            e.printStackTrace();
            System.exit(2);
        }
    }

    private static boolean run(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/hostgap-platform.jar");
        Path out = Path.of(args.length > 1 ? args[1] : "target/reliability.md");
        List<String> scenarios = Arrays.asList((args.length > 2 ? args[2] : "load64,load256,kill-jvm,kill-postmaster,sigterm,jobs")
                .split(","));
        int loadSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        Path home = Files.createTempDirectory("hostgap-reliability");
        boolean passed;
        try (PlatformProcess platform = new PlatformProcess(jar, home, freePort(), List.of())) {
            ReliabilityHarness harness = new ReliabilityHarness(platform);
            harness.header(jar, home, platform.start(Duration.ofSeconds(120)));
            for (String scenario : scenarios) {
                System.out.println("scenario " + scenario + " ...");
                switch (scenario.trim()) {
                    case "load64" -> harness.steadyLoad("load64", 64, loadSeconds, false);
                    case "load256" -> harness.steadyLoad("load256", 256, Math.max(10, loadSeconds / 2), true);
                    case "kill-jvm" -> harness.killJvm();
                    case "kill-postmaster" -> harness.killPostmaster();
                    case "sigterm" -> harness.sigterm();
                    case "jobs" -> harness.jobs(jar, home.resolve("jobs"));
                    case "first-start-race" -> harness.firstStartRace(home.resolve("race"));
                    case "webhook-flood" -> harness.webhookFlood();
                    case "hostile-inputs" -> harness.hostileInputs();
                    default -> throw new IllegalArgumentException("unknown scenario " + scenario);
                }
                Files.createDirectories(out.toAbsolutePath().getParent());
                Files.writeString(out, harness.report);
            }
            passed = harness.allPassed;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                deleteAllButLogs(home);
                break;
            } catch (IOException e) {
                if (attempt == 10) {
                    System.out.println("could not delete the data under " + home + ": " + e);
                    break;
                }
                Thread.sleep(500); // the stopped server may still be removing its socket and lock files
            }
        }
        System.out.println(Files.readString(out));
        System.out.println("report: " + out.toAbsolutePath() + "; platform logs: " + home);
        return passed;
    }

    private void header(Path jar, Path home, Duration firstStart) {
        report.append("<!-- written by ReliabilityHarness on ").append(Instant.now()).append(" -->\n")
                .append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, Java ")
                .append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(". Platform: `").append(jar.getFileName())
                .append("` with its embedded PostgreSQL (fsync on), default settings; harness and platform share the machine.\n")
                .append("Each upload: ").append(RESULTS).append(" results × ").append(FORKS)
                .append(" forks (").append(RESULTS * FORKS).append(" samples), a new commit on `main` whose parent is the ")
                .append("uploader's previous commit. First start on an empty data directory: ")
                .append(seconds(firstStart)).append(".\n\n");
    }

    // ---------------------------------------------------------------- scenarios

    private void steadyLoad(String name, int uploaders, int seconds, boolean refusalsAllowed) throws Exception {
        createProject(name);
        try (MetricsSampler metrics = new MetricsSampler(platform.baseUrl())) {
            Thread.sleep(1500); // one scrape before the load: the judged counter's starting point
            double loadStart = metrics.seconds();
            LoadRun load = LoadRun.start(platform.baseUrl(), PlatformProcess.ADMIN_TOKEN, name, uploaders, RESULTS, FORKS);
            Thread.sleep(seconds * 1000L);
            List<LoadRun.Upload> uploads = load.stop();
            double loadEnd = metrics.seconds();
            double drained = waitForDetection(metrics, Duration.ofSeconds(600));
            Verification.Outcome stored = new Verification(platform.baseUrl()).check(uploads);
            boolean headOk = branchHeadIsNewest(name, uploads);

            section(name + ": " + uploaders + " concurrent uploaders for " + seconds + " s");
            answers(uploads);
            throughput(uploads, seconds);
            detection(metrics.samples(), loadStart, loadEnd, drained, uploads);
            storedTable(stored);
            long serverErrors = count(uploads, u -> u.status() >= 500 && u.status() != 503);
            long noAnswer = count(uploads, u -> u.status() == 0);
            long refused = count(uploads, u -> u.status() == 429 || u.status() == 503);
            long otherClientErrors = count(uploads, u -> u.status() >= 400 && u.status() < 500 && u.status() != 429);
            verdict("no 5xx other than 503 (" + serverErrors + "), every request answered (" + noAnswer + " without answer), "
                    + "no 4xx (" + otherClientErrors + ")", serverErrors == 0 && noAnswer == 0 && otherClientErrors == 0);
            if (!refusalsAllowed) {
                verdict("no upload refused with 429/503 (" + refused + ")", refused == 0);
            }
            verdict("every acknowledged run stored whole, nothing partial", stored.lossless());
            verdict("branch head is the newest acknowledged commit", headOk);
        }
    }

    private void killJvm() throws Exception {
        String name = "kill-jvm";
        createProject(name);
        LoadRun load = LoadRun.start(platform.baseUrl(), PlatformProcess.ADMIN_TOKEN, name, 32, RESULTS, FORKS);
        Thread.sleep(10_000);
        long killedAt = System.nanoTime();
        platform.killJvm();
        List<LoadRun.Upload> beforeKill = load.soFar();
        Duration restart;
        try {
            restart = platform.start(Duration.ofSeconds(120));
        } catch (IllegalStateException e) {
            load.stop();
            section(name + ": SIGKILL of the JVM under 32 uploaders");
            verdict("first restart healthy: " + e.getMessage(), false);
            return;
        }
        Thread.sleep(10_000);
        List<LoadRun.Upload> uploads = load.stop();
        Verification.Outcome stored = new Verification(platform.baseUrl()).check(uploads);

        section(name + ": SIGKILL of the JVM after 10 s under 32 uploaders, restart, 10 s more");
        report.append("The kill left the JVM's PostgreSQL server running on the data directory; the restart stops it and starts its own.\n\n");
        answers(uploads);
        long inFlight = count(uploads, u -> u.startNanos() < killedAt && u.endNanos() >= killedAt);
        report.append("\n- requests in flight at the kill: ").append(inFlight)
                .append(" (no answer; each is absent or whole below)\n")
                .append("- acknowledged before the kill: ").append(count(beforeKill, LoadRun.Upload::acknowledged)).append('\n')
                .append("- restart until healthy (first attempt): ").append(seconds(restart)).append('\n');
        storedTable(stored);
        verdict("first restart healthy", true);
        verdict("every acknowledged run stored whole, nothing partial", stored.lossless());
        verdict("no 5xx other than 503", count(uploads, u -> u.status() >= 500 && u.status() != 503) == 0);
    }

    private void killPostmaster() throws Exception {
        String name = "kill-postmaster";
        createProject(name);
        LoadRun load = LoadRun.start(platform.baseUrl(), PlatformProcess.ADMIN_TOKEN, name, 32, RESULTS, FORKS);
        Thread.sleep(10_000);
        long killedAt = System.nanoTime();
        long pid = platform.killPostmaster();
        Thread.sleep(30_000);
        List<LoadRun.Upload> uploads = load.stop();
        Verification.Outcome stored = new Verification(platform.baseUrl()).check(uploads);

        section(name + ": SIGKILL of the PostgreSQL server (pid " + pid + ") after 10 s under 32 uploaders, 30 s more");
        answers(uploads);
        List<LoadRun.Upload> afterKill = uploads.stream().filter(u -> u.endNanos() >= killedAt)
                .sorted(Comparator.comparingLong(LoadRun.Upload::endNanos)).toList();
        long lastFailure = afterKill.stream().filter(u -> !u.acknowledged()).mapToLong(LoadRun.Upload::endNanos).max()
                .orElse(killedAt);
        boolean recovered = afterKill.stream().anyMatch(u -> u.acknowledged() && u.startNanos() > lastFailure);
        double firstAcknowledged = afterKill.stream().filter(u -> u.acknowledged() && u.endNanos() > lastFailure)
                .mapToLong(LoadRun.Upload::endNanos).min().stream().mapToDouble(t -> (t - killedAt) / 1e9).findFirst().orElse(Double.NaN);
        String log = Files.readString(platform.log());
        long restartFailures = log.lines().filter(l -> l.contains("Could not restart")).count();
        boolean ranAgain = log.contains("runs again");
        report.append("\n- answers after the kill, by status: ").append(byStatus(afterKill)).append('\n')
                .append("- from the kill to the last refused upload: ")
                .append(String.format(Locale.ROOT, "%.1f s", (lastFailure - killedAt) / 1e9)).append('\n')
                .append("- uploads acknowledged again afterwards: ")
                .append(count(afterKill, u -> u.acknowledged() && u.startNanos() > lastFailure)).append('\n')
                .append(String.format(Locale.ROOT, "- from the kill to the first 201 after the last refusal: %.1f s%n", firstAcknowledged))
                .append("- platform log: \"runs again\" ").append(ranAgain ? "logged" : "NOT logged").append(", \"Could not restart\" ")
                .append(restartFailures).append(" times\n");
        storedTable(stored);
        verdict("the watchdog's first restart succeeded (\"runs again\", no \"Could not restart\")", ranAgain && restartFailures == 0);
        verdict("platform recovered without a restart", recovered && platform.healthy());
        verdict("no 5xx other than 503 (" + count(uploads, u -> u.status() >= 500 && u.status() != 503) + ")",
                count(uploads, u -> u.status() >= 500 && u.status() != 503) == 0);
        verdict("every acknowledged run stored whole, nothing partial", stored.lossless());
    }

    private void sigterm() throws Exception {
        String name = "sigterm";
        createProject(name);
        LoadRun load = LoadRun.start(platform.baseUrl(), PlatformProcess.ADMIN_TOKEN, name, 32, RESULTS, FORKS);
        Thread.sleep(10_000);
        long signalledAt = System.nanoTime();
        Duration shutdown = platform.terminate(Duration.ofSeconds(90));
        List<LoadRun.Upload> untilExit = load.soFar();
        Duration restart = platform.start(Duration.ofSeconds(120));
        Thread.sleep(5_000);
        List<LoadRun.Upload> uploads = load.stop();
        Verification.Outcome stored = new Verification(platform.baseUrl()).check(uploads);

        List<LoadRun.Upload> inFlight = untilExit.stream()
                .filter(u -> u.startNanos() < signalledAt && u.endNanos() >= signalledAt).toList();
        section(name + ": SIGTERM after 10 s under 32 uploaders, restart, 5 s more");
        answers(uploads);
        report.append("\n- requests in flight at the signal: ").append(inFlight.size()).append(", answered: ")
                .append(byStatus(inFlight)).append('\n')
                .append("- graceful shutdown took ").append(seconds(shutdown)).append("; restart until healthy ")
                .append(seconds(restart)).append('\n');
        storedTable(stored);
        long inFlightLost = count(inFlight, u -> u.status() == 0 || (u.status() >= 500 && u.status() != 503));
        verdict("every request in flight at SIGTERM answered, none with 500 (" + inFlightLost + " not)", inFlightLost == 0);
        verdict("every acknowledged run stored whole, nothing partial", stored.lossless());
    }

    /**
     * Issue 18, item 1: first starts of the embedded server through the platform's own configuration
     * class, each raced by an intruder logging in without the password ({@code FirstStartRace}).
     */
    private void firstStartRace(Path home) throws Exception {
        int starts = Integer.parseInt(System.getenv().getOrDefault("HOSTGAP_RACE_STARTS", "200"));
        long began = System.nanoTime();
        dev.hostgap.platform.database.FirstStartRace.Outcome o = dev.hostgap.platform.database.FirstStartRace.run(home, starts);
        section("first-start-race: " + o.starts() + " first starts on fresh data directories, an intruder logging in as postgres "
                + "with an empty and a wrong password over 127.0.0.1 from before initdb until 200 ms after the start");
        report.append("| first starts | failed starts | successful intrusions | logins refused by the server | starts the race reached "
                        + "| mean first start | wall time |\n|---:|---:|---:|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| %d | %d | %d | %,d | %d | %.2f s | %.0f s |%n%n", o.starts(), o.failedStarts(),
                        o.intrusions(), o.refusedByTheServer(), o.startsReached(), o.meanStartSeconds(), (System.nanoTime() - began) / 1e9));
        verdict("no login without the password succeeded (" + o.intrusions() + ")", o.intrusions() == 0);
        verdict("the race reached the server (" + o.refusedByTheServer() + " logins refused by it, in " + o.startsReached()
                + " of " + o.starts() + " starts)", o.refusedByTheServer() > o.starts());
        verdict("every first start succeeded (" + o.failedStarts() + " failed)", o.failedStarts() == 0);
    }

    private void webhookFlood() throws Exception {
        // 24 senders is the attack of issue 18; more show whether the bodies read before the webhook gate are bounded
        WebhookFlood.Outcome o = new WebhookFlood(platform.baseUrl())
                .run(Integer.parseInt(System.getenv().getOrDefault("HOSTGAP_FLOOD_SENDERS", "24")), 20);
        section("webhook-flood: " + o.floodSenders() + " senders of unauthenticated " + String.format(Locale.ROOT, "%,d", o.floodBodyBytes())
                + "-byte bodies (`{\"repository\":{…},\"padding\":[{},{},…]}`) for " + String.format(Locale.ROOT, "%.0f s", o.floodSeconds())
                + ", GETs every 100 ms; then replays");
        report.append("- flood answers: ").append(o.floodAnswers()).append('\n');
        double[] millis = o.reads().stream().filter(r -> r.status() != 0).mapToDouble(WebhookFlood.Answer::millis).sorted().toArray();
        Map<String, Long> readStatus = new TreeMap<>();
        o.reads().forEach(r -> readStatus.merge(r.what() + " " + (r.status() == 0 ? "no answer" : r.status()), 1L, Long::sum));
        report.append("- reads during the flood: ").append(readStatus).append('\n')
                .append(String.format(Locale.ROOT, "- read latency p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d reads)%n",
                        quantile(millis, 0.5), quantile(millis, 0.99), quantile(millis, 1.0), millis.length))
                .append(String.format(Locale.ROOT, "- heap used (jvm_memory_used_bytes, area=heap): before %.0f MB, max sampled during %.0f MB, "
                        + "after %.0f MB (-Xmx1g)%n", o.heapBeforeMb(), o.heapMaxMb(), o.heapAfterMb()));
        o.replays().forEach(r -> report.append("- ").append(r).append('\n'));
        // a body over the webhook limit (5 MB) is refused from its Content-Length without being read: the
        // platform answers 413 and closes the connection while the sender is still writing, which a client
        // that did not ask first (Expect: 100-continue) sees as an I/O error, not as the answer
        boolean overLimit = o.floodBodyBytes() > 5L * 1024 * 1024;
        String accepted = overLimit ? "(400|401|413|503 with Retry-After|no answer \\(IOException\\))" : "(400|401|413|503 with Retry-After)";
        long badFlood = o.floodAnswers().entrySet().stream().filter(e -> !e.getKey().matches(accepted))
                .mapToLong(Map.Entry::getValue).sum();
        verdict("every flood answer 400/401/413" + (overLimit ? " (or the connection closed under a body over the limit)" : "")
                + " or 503 with Retry-After (" + badFlood + " not)", badFlood == 0);
        long badReads = o.reads().stream().filter(r -> r.status() != 200).count();
        verdict("every read answered 200 (" + badReads + " not)", badReads == 0);
        verdict("every read under 1 s (max " + String.format(Locale.ROOT, "%.0f ms", quantile(millis, 1.0)) + ")",
                millis.length > 0 && quantile(millis, 1.0) < 1000);
        verdict("platform healthy after the flood", platform.healthy());
        verdict("signed delivery accepted afterwards; replays under a new id or none are duplicates; a stale pull request event "
                + "changes nothing", o.replaysHeld());
    }

    private void hostileInputs() throws Exception {
        HostileInputs.Outcome o = new HostileInputs(platform.baseUrl()).run(10);
        section("hostile-inputs: each class of issue 18 against the packaged platform, valid uploads between them");
        report.append("| class | expected | answers | 5xx other than 503+Retry-After, or no answer |\n|---|---|---|---:|\n");
        int bad = 0;
        for (HostileInputs.ClassResult c : o.classes()) {
            report.append("| ").append(c.name()).append(" | ").append(c.expected()).append(" | ").append(c.answers()).append(" | ")
                    .append(c.badServerErrors()).append(" |\n");
            bad += c.badServerErrors();
        }
        report.append("\nOne answer of each status per class:\n\n");
        for (HostileInputs.ClassResult c : o.classes()) {
            c.samples().forEach(s -> report.append("- ").append(c.name()).append(": `").append(s.replace('`', '\'')).append("`\n"));
        }
        report.append("\n- acknowledged (200/201) uploads: ").append(o.acknowledged()).append(", read back whole: ")
                .append(o.readBackWhole()).append('\n');
        o.lost().forEach(l -> report.append("- lost: ").append(l).append('\n'));
        verdict("no 5xx other than 503 with Retry-After, every request answered (" + bad + ")", bad == 0);
        for (HostileInputs.ClassResult c : o.classes()) {
            if (c.expected().matches("\\d{3}")) {
                verdict(c.name() + ": every answer " + c.expected(), c.answers().keySet().equals(java.util.Set.of(c.expected())));
            }
        }
        verdict("every acknowledged run read back whole (" + o.readBackWhole() + " of " + o.acknowledged() + ")",
                o.readBackWhole() == o.acknowledged());
    }

    private void jobs(Path jar, Path home) throws Exception {
        JobsScenario.Outcome o = new JobsScenario().run(jar, home, freePort(), freePort());
        section("jobs: " + JobsScenario.JOBS + " jobs, " + JobsScenario.AGENTS + " agents on two platform instances (one "
                + "PostgreSQL), agents crashing mid-job, instance B restarted (SIGTERM) after 15 s");
        report.append("| completed | duplicated | lost | stuck | jobs abandoned by crashed agents | completions refused (lease lost) "
                        + "| calls failed or refused (retried) | seconds | B restart until healthy |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %d | %.0f | %s |%n%n", o.completed(),
                        o.duplicated(), o.lost(), o.stuck(), o.abandoned(), o.leaseLost(), o.failedCalls(), o.seconds(),
                        seconds(o.restartOfB())))
                .append("Job states at the end: ").append(o.states()).append("\n\n");
        verdict("every job completed once: " + o.completed() + " of " + JobsScenario.JOBS + ", duplicated " + o.duplicated()
                + ", lost " + o.lost() + ", stuck " + o.stuck(),
                o.completed() == JobsScenario.JOBS && o.duplicated() == 0 && o.lost() == 0 && o.stuck() == 0);
    }

    // ---------------------------------------------------------------- measurements

    private double waitForDetection(MetricsSampler metrics, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<MetricsSampler.Sample> samples = metrics.samples();
            if (!samples.isEmpty() && samples.get(samples.size() - 1).backlog() == 0) {
                return samples.get(samples.size() - 1).seconds();
            }
            Thread.sleep(500);
        }
        return Double.NaN;
    }

    private boolean branchHeadIsNewest(String project, List<LoadRun.Upload> uploads) throws Exception {
        Instant newest = uploads.stream().filter(LoadRun.Upload::acknowledged).map(LoadRun.Upload::committedAt)
                .max(Comparator.naturalOrder()).orElseThrow();
        String body = http.send(HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/api/v1/projects/" + project
                + "/commits?branch=main&limit=1")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return uploads.stream().filter(u -> u.acknowledged() && u.committedAt().equals(newest))
                .anyMatch(u -> body.contains(u.sha()));
    }

    private void answers(List<LoadRun.Upload> uploads) {
        report.append("| answers | acknowledged | latency p50 | p95 | p99 | max |\n|---|---:|---:|---:|---:|---:|\n")
                .append("| ").append(byStatus(uploads)).append(" | ").append(count(uploads, LoadRun.Upload::acknowledged));
        double[] millis = uploads.stream().filter(u -> u.status() != 0).mapToDouble(LoadRun.Upload::millis).sorted().toArray();
        for (double q : new double[] {0.50, 0.95, 0.99, 1.0}) {
            report.append(" | ").append(millis.length == 0 ? "–" : String.format(Locale.ROOT, "%.0f ms", quantile(millis, q)));
        }
        report.append(" |\n");
    }

    private void throughput(List<LoadRun.Upload> uploads, int seconds) {
        long acknowledged = count(uploads, LoadRun.Upload::acknowledged);
        report.append(String.format(Locale.ROOT, "%n- acknowledged runs/s: %.1f; samples/s: %,.0f%n",
                acknowledged / (double) seconds, acknowledged * (double) RESULTS * FORKS / seconds));
    }

    private void detection(List<MetricsSampler.Sample> samples, double loadStart, double loadEnd, double drained,
                           List<LoadRun.Upload> uploads) {
        MetricsSampler.Sample first = samples.stream().filter(s -> s.seconds() <= loadStart).reduce((a, b) -> b)
                .orElse(samples.get(0));
        MetricsSampler.Sample atEnd = samples.stream().filter(s -> s.seconds() <= loadEnd).reduce((a, b) -> b).orElseThrow();
        double maxBacklog = samples.stream().filter(s -> s.seconds() <= loadEnd).mapToDouble(MetricsSampler.Sample::backlog)
                .max().orElse(0);
        double duration = loadEnd - loadStart;
        double judgedPerSecond = (atEnd.judged() - first.judged()) / duration;
        double ingestPerSecond = count(uploads, LoadRun.Upload::acknowledged) / duration;
        report.append(String.format(Locale.ROOT,
                "- detection: %.1f runs judged/s during the load against %.1f runs stored/s; backlog max %.0f, "
                        + "at the end of the load %.0f; judged all %s after the load ended%n",
                judgedPerSecond, ingestPerSecond, maxBacklog, atEnd.backlog(),
                Double.isNaN(drained) ? "NOT within 600 s" : String.format(Locale.ROOT, "%.0f s", Math.max(0, drained - loadEnd))));
        // ingest is paced by detection (hostgap.api.max-detection-backlog, 100 by default): keeping up
        // means the backlog stays at that bound plus the uploads admitted at once, and drains after
        boolean drainedSoon = !Double.isNaN(drained) && drained - loadEnd <= 30;
        verdict(String.format(Locale.ROOT, "detection keeps up: backlog never above %d (the bound of 100 plus 6 uploads "
                        + "admitted at once), all judged within 30 s after the load", 106),
                maxBacklog <= 106 && drainedSoon);
    }

    private void storedTable(Verification.Outcome o) {
        report.append("\n| read back | acknowledged | whole | missing | partial | not acknowledged | absent | whole | partial |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| runs | %d | %d | %d | %d | %d | %d | %d | %d |%n%n",
                        o.acknowledged(), o.acknowledgedComplete(), o.acknowledgedMissing(), o.acknowledgedPartial(),
                        o.unacknowledged(), o.unacknowledgedAbsent(), o.unacknowledgedComplete(), o.unacknowledgedPartial()));
        o.problems().forEach(p -> report.append("- problem: ").append(p).append('\n'));
    }

    private void createProject(String name) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/api/v1/projects"))
                .header("Authorization", "Bearer " + PlatformProcess.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name
                        + "\",\"repoUrl\":\"https://example.org/load.git\",\"defaultBranch\":\"main\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("creating project " + name + ": " + answer.statusCode() + " " + answer.body());
        }
    }

    // ---------------------------------------------------------------- report helpers

    private void section(String title) {
        report.append("\n### ").append(title).append("\n\n");
    }

    private void verdict(String claim, boolean holds) {
        allPassed &= holds;
        report.append("- ").append(holds ? "✓ " : "✗ ").append(claim).append('\n');
    }

    private static String byStatus(List<LoadRun.Upload> uploads) {
        Map<Integer, Long> counts = new TreeMap<>();
        uploads.forEach(u -> counts.merge(u.status(), 1L, Long::sum));
        Map<String, Long> named = new LinkedHashMap<>();
        counts.forEach((status, n) -> named.put(status == 0 ? "no answer" : String.valueOf(status), n));
        StringBuilder text = new StringBuilder();
        named.forEach((status, n) -> text.append(text.length() == 0 ? "" : ", ").append(n).append(" × ").append(status));
        return text.length() == 0 ? "none" : text.toString();
    }

    private static long count(List<LoadRun.Upload> uploads, Predicate<LoadRun.Upload> which) {
        return uploads.stream().filter(which).count();
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1 < 0 ? 0 : Math.ceil(q * sorted.length) - 1)];
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** The data directory goes (it can be large); the platform's logs stay for whoever reads the report. */
    private static void deleteAllButLogs(Path home) throws IOException {
        try (var paths = Files.walk(home)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(home) && !path.toString().endsWith(".log")) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
