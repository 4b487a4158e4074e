package dev.hostgap.platform.web;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A project whose suspicions its runner confirms, for the browser tests of confirm and bisect: CI
 * settings with a runner label of its own, that runner ({@link UiRunner}), and {@link #FLAT} quiet
 * commits uploaded, the first of them six times over and declared its calibration (so that the
 * runner's first job queues no set-up calibration). Everything goes through the platform's API.
 */
final class ConfirmWorld {

    /** Quiet commits 0..FLAT-1; commit FLAT and on are stepped or pushed. */
    static final int FLAT = 8;
    /** How much slower launch.enqueue args=4 runs where it is stepped. */
    static final double STEP = 1.3;

    final String project;
    final UiRunner runner;
    private final String secret;
    private final UiData data;
    private final Map<String, Integer> index = new HashMap<>();

    private ConfirmWorld(String project, String secret, UiRunner runner, UiData data) {
        this.project = project;
        this.secret = secret;
        this.runner = runner;
        this.data = data;
    }

    static ConfirmWorld quiet(UiData data, String prefix) throws Exception {
        String project = data.newProject(prefix);
        String secret = "secret-" + project;
        String label = "gpu-" + project;
        data.send("PUT", "/api/v1/projects/" + project + "/ci", "{\"webhookSecret\":\"" + secret + "\",\"benchmarkCommand\":\"./bench.sh\","
                + "\"runnerLabels\":[\"" + label + "\"]}", 200);
        ConfirmWorld w = new ConfirmWorld(project, secret, UiRunner.register(data, label), data);
        for (int repeat = 0; repeat < 6; repeat++) {
            data.uploadCommit(project, 0, null, 1.0, repeat, "engine: first commit");
        }
        data.awaitJudged(project, 6);
        data.send("POST", "/api/v1/projects/" + project + "/calibrations", "{\"commit\":\"" + w.sha(0)
                + "\",\"note\":\"six runs of one build\"}", 201);
        for (int i = 0; i < FLAT + 4; i++) {
            w.index.put(w.sha(i), i);
            if (i > 0 && i < FLAT) {
                data.uploadCommit(project, i, w.sha(i - 1), 1.0, 0, "engine: change " + i);
                data.awaitJudged(project, 6 + i);
            }
        }
        assertThat(data.get("/api/v1/projects/" + project + "/regressions?kind=all")).as("changes in the quiet history").isEmpty();
        return w;
    }

    String sha(int i) {
        try {
            return UiData.chainSha(project, i);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the runner measures: args=4 {@link #STEP} times slower from commit {@code firstBad} on. */
    ToDoubleFunction<String> slowerFrom(int firstBad) {
        return sha -> index.getOrDefault(sha, 0) >= firstBad ? STEP : 1.0;
    }

    /** Commit FLAT, uploaded with args=4 30% slower: the platform suspects it and queues its confirmation. Returns the change's id. */
    long suspectStep() throws Exception {
        data.uploadCommit(project, FLAT, sha(FLAT - 1), STEP, 0, "enqueue: validate every argument on the host");
        return confirming();
    }

    /**
     * Commits FLAT..FLAT+3 pushed at once (only the head is measured), args=4 slower from FLAT+1:
     * its head's run is suspected, confirmed by its probe, and the bisection's first step queued.
     * Returns the change's id.
     */
    long confirmedStepInsideAPush() throws Exception {
        StringBuilder commits = new StringBuilder();
        for (int i = FLAT; i < FLAT + 4; i++) {
            commits.append(i == FLAT ? "" : ",").append("""
                    {"id":"%s","message":"engine: change %d","timestamp":"2026-12-01T%02d:30:00Z"}""".formatted(sha(i), i, i));
        }
        String repository = "acme/" + project;
        data.githubWebhook("push", """
                {"ref":"refs/heads/main","before":"%s","after":"%s","commits":[%s],
                 "repository":{"full_name":"%s","clone_url":"https://github.com/%s.git","html_url":"https://github.com/%s"}}
                """.formatted(sha(FLAT - 1), sha(FLAT + 3), commits, repository, repository, repository), secret);
        assertThat(runner.run(1, slowerFrom(FLAT + 1))).as("the push's head").isEqualTo(1);
        long id = confirming();
        assertThat(runner.run(8, slowerFrom(FLAT + 1))).as("its confirmation").isEqualTo(8);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> !data.get("/api/v1/projects/" + project + "/bisections?change=" + id).isEmpty());
        return id;
    }

    /** Waits until detection has put the one change on record as confirming and its probe is queued; its id. */
    private long confirming() throws Exception {
        String p = "/api/v1/projects/" + project;
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !data.get(p + "/regressions?status=confirming").isEmpty());
        JsonNode changes = data.get(p + "/regressions?kind=all");
        assertThat(changes).hasSize(1);
        long id = changes.get(0).get("id").asLong();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !data.get(p + "/probes?change=" + id).isEmpty());
        return id;
    }
}
