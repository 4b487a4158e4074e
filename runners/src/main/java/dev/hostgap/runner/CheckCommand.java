package dev.hostgap.runner;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * A CI gate without webhooks: waits until the platform has judged the head commit, prints the
 * Markdown compare table against the base, and fails the build on a regression.
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
        String name = verdict.path("verdict").asString();
        spec.commandLine().getErr().println("head " + head + ": " + name + " (" + verdict.path("regressions").asLong()
                + " regressions, " + verdict.path("improvements").asLong() + " improvements, "
                + verdict.path("unchanged").asLong() + " unchanged)");
        printCompare(http, projectPath + "/compare?base=" + encode(base) + "&head=" + encode(head) + "&format=markdown");
        return "regression".equals(name) ? ExitCode.REGRESSION : ExitCode.OK;
    }

    /**
     * Polls until the head has a verdict. "Not judged yet" is a 404 (no run of the commit stored) or
     * a verdict whose series counts are all zero (the commit is known, its run not yet judged).
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
                    if (judged(verdict)) {
                        return verdict;
                    }
                    lastProblem = "the head's run is not judged yet";
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
                        ? new RunnerException(ExitCode.NOT_JUDGED, "head " + head + " was not judged within " + wait.toSeconds()
                                + " s (" + lastProblem + "); raise --wait or look at the jobs: GET " + server + "/api/v1/projects/" + project + "/jobs")
                        : new RunnerException(ExitCode.SERVER_UNREACHABLE, "no verdict from " + server + " within "
                                + wait.toSeconds() + " s (" + lastProblem + ")");
            }
            Thread.sleep(Math.min(interval.toMillis(), Math.max(1, left / 1_000_000)));
        }
    }

    static boolean judged(JsonNode verdict) {
        String name = verdict.path("verdict").asString("");
        if (name.isEmpty() || name.equals("pending")) {
            return false;
        }
        long series = 0;
        for (String count : new String[] {"regressions", "improvements", "unchanged", "insufficientHistory", "insufficientData"}) {
            series += verdict.path(count).asLong(0);
        }
        return series > 0;
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
