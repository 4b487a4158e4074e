package dev.hostgap.runner;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * A CI gate without webhooks: waits until the platform has judged the head commit, prints the
 * Markdown compare table against the base, and fails the build on a regression. The verdict's
 * {@code state} (pending, judged, error) decides when to stop, so a job that failed for good ends
 * the wait at once with its reason instead of running into {@code --wait}; servers without the
 * field are read by the older signs of "not judged yet" (see {@link State#of}).
 */
@Command(name = "check", description = "Wait for the head commit's verdict, print the compare table, exit 1 on a regression.")
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--server", required = true, description = "platform URL, e.g. http://hostgap:8080")
    URI server;
    @Option(names = "--project", required = true)
    String project;
    @Option(names = "--base", required = true, description = "the commit to compare against (e.g. the merge base)")
    String base;
    @Option(names = "--head", required = true, description = "the commit being checked")
    String head;
    @Option(names = "--wait", defaultValue = "10m", converter = DurationConverter.class,
            description = "how long to wait for the head to be judged (default: ${DEFAULT-VALUE})")
    Duration wait;
    @Option(names = "--interval", defaultValue = "5s", converter = DurationConverter.class,
            description = "time between polls (default: ${DEFAULT-VALUE})")
    Duration interval;
    @Option(names = "--token", defaultValue = "${env:HOSTGAP_TOKEN}", description = "only needed when reads are not public (default: $HOSTGAP_TOKEN)")
    String token;

    @Override
    public Integer call() throws InterruptedException {
        PlatformHttp http = new PlatformHttp(server, token);
        String projectPath = "/api/v1/projects/" + encode(project);
        JsonNode verdict = awaitVerdict(http, projectPath + "/commits/" + encode(head) + "/verdict");
        String name = verdict.path("verdict").asString("");
        String summary = verdict.path("summary").asString("");
        spec.commandLine().getErr().println("head " + head + ": " + (summary.isBlank() ? name + " ("
                + verdict.path("regressions").asLong() + " regressions, " + verdict.path("improvements").asLong()
                + " improvements, " + verdict.path("unchanged").asLong() + " unchanged)" : summary) + details(verdict));
        printCompare(http, comparePath(projectPath, verdict));
        return "regression".equals(name) ? ExitCode.REGRESSION : ExitCode.OK;
    }

    /**
     * Polls until the head is judged, and ends at once when the platform says it will not be (state
     * {@code error}). "Pending" is state {@code pending}, a 404 (no run of the commit stored), or on a
     * server without {@code state} a verdict whose series counts are all zero.
     */
    private JsonNode awaitVerdict(PlatformHttp http, String path) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        String lastProblem = "no answer yet";
        boolean answered = false;
        while (true) {
            try {
                PlatformHttp.Response response = http.get(path, Duration.ofSeconds(30));
                if (response.status() == 200) {
                    answered = true;
                    JsonNode verdict = Json.MAPPER.readTree(response.body());
                    switch (State.of(verdict)) {
                        case JUDGED -> {
                            return verdict;
                        }
                        case ERROR -> throw new RunnerException(ExitCode.VERDICT_ERROR, "head " + head + " will not be judged: "
                                + orElse(verdict.path("reason").asString(""), orElse(verdict.path("summary").asString(""), "no reason given"))
                                + details(verdict));
                        case PENDING -> lastProblem = orElse(verdict.path("summary").asString(""), "the head's run is not judged yet");
                    }
                } else if (response.status() == 404 && response.body() != null && response.body().contains("unknown-commit")) {
                    answered = true;
                    lastProblem = "no run of the head is stored yet";
                } else if (response.status() / 100 == 4) {
                    throw new RunnerException(ExitCode.USAGE, "the server refused the verdict request (" + response.summary() + ")");
                } else {
                    lastProblem = response.summary();
                }
            } catch (IOException e) {
                lastProblem = Agent.oneLine(e);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw answered
                        ? new RunnerException(ExitCode.NOT_JUDGED, "head " + head + " is still pending after " + Units.duration(wait)
                                + " (" + lastProblem + "); raise --wait or look at the jobs: GET " + server + "/api/v1/projects/" + project + "/jobs")
                        : new RunnerException(ExitCode.SERVER_UNREACHABLE, "no verdict from " + server + " within "
                                + Units.duration(wait) + " (" + lastProblem + ")");
            }
            Thread.sleep(Math.min(interval.toMillis(), Math.max(1, left / 1_000_000)));
        }
    }

    /** Where the head's judgement stands, as the verdict endpoint's {@code state} says. */
    enum State {
        PENDING, JUDGED, ERROR;

        /**
         * The {@code state} field; without it (a server from before the field) a verdict counts as
         * judged when it names one and counts at least one series, since a commit whose run is stored
         * but not judged yet answers {@code insufficient_data} with every count 0.
         */
        static State of(JsonNode verdict) {
            return switch (verdict.path("state").asString("")) {
                case "pending" -> PENDING;
                case "judged" -> JUDGED;
                case "error" -> ERROR;
                default -> fromCounts(verdict);
            };
        }

        private static State fromCounts(JsonNode verdict) {
            String name = verdict.path("verdict").asString("");
            long series = 0;
            for (String count : new String[] {"regressions", "improvements", "unchanged", "insufficientHistory", "insufficientData"}) {
                series += verdict.path(count).asLong(0);
            }
            return name.isEmpty() || name.equals("pending") || series == 0 ? PENDING : JUDGED;
        }
    }

    /**
     * The table that shows the verdict's own numbers: for a pull request's head, the platform judged it
     * against the level its base is at ({@code baseline=level}) from the base it recorded; a table of
     * {@code --base}'s runs alone could disagree with the exit code. A different {@code --base} is
     * named on stderr, not used.
     */
    private String comparePath(String projectPath, JsonNode verdict) {
        JsonNode pullRequest = verdict.path("pullRequest");
        String judgedBase = pullRequest.path("baseSha").asString("");
        if (!pullRequest.isObject() || judgedBase.isBlank()) {
            return projectPath + "/compare?base=" + encode(base) + "&head=" + encode(head) + "&format=markdown";
        }
        if (!judgedBase.toLowerCase(Locale.ROOT).startsWith(base.toLowerCase(Locale.ROOT))) {
            spec.commandLine().getErr().println("note: the platform judged pull request #" + pullRequest.path("number").asInt()
                    + " against base " + judgedBase + ", not --base " + base + "; the table shows that judgement");
        }
        return projectPath + "/compare?base=" + encode(judgedBase) + "&head=" + encode(head) + "&format=markdown&baseline=level";
    }

    /** " (details: URL)" for the web page holding the judgement, when the server names one. */
    private String details(JsonNode verdict) {
        String link = verdict.path("link").asString("");
        if (link.isBlank()) {
            return "";
        }
        try {
            return " (details: " + server.resolve(link) + ")";
        } catch (IllegalArgumentException e) {
            return " (details: " + link + ")";
        }
    }

    private static String orElse(String value, String fallback) {
        return value.isBlank() ? fallback : value;
    }

    private void printCompare(PlatformHttp http, String path) throws InterruptedException {
        try {
            PlatformHttp.Response response = http.get(path, Duration.ofSeconds(30));
            if (response.ok()) {
                spec.commandLine().getOut().println(response.body());
            } else {
                spec.commandLine().getErr().println("warning: no compare table (" + response.summary() + ")");
            }
        } catch (IOException e) {
            spec.commandLine().getErr().println("warning: no compare table (" + Agent.oneLine(e) + ")");
        }
        spec.commandLine().getOut().flush();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
