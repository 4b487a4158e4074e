package dev.hostgap.platform.confirm;

import java.util.List;
import java.util.Map;

import dev.hostgap.platform.projects.CiProject;

/**
 * How to measure a change again: the shell loop that runs the project's benchmark command on base and
 * head interleaved, in the environment the runner agent gives a job (for a checkout on any GPU node),
 * and the try job that has a registered runner do the same ({@code POST …/try}, optionally with
 * {@code "runner": <id>}).
 */
record Repro(String base, String head, String branch, int rounds, String shell, TryJob tryJob) {

    record TryJob(String method, String path, Map<String, Object> body) {
    }

    static Repro of(CiProject ci, String branch, String base, String head, int rounds) {
        String command = ci.benchmarkCommand() == null ? "<the project's benchmark command>" : ci.benchmarkCommand();
        String shell = String.join("\n", List.of(
                "# in a clone of " + ci.repoUrl() + ", on the GPU node to measure on",
                "for round in $(seq 1 " + rounds + "); do",
                "  for sha in " + base + " " + head + "; do",
                "    git checkout --quiet --detach \"$sha\" && git clean -fdxq",
                "    HOSTGAP_PROJECT=" + quote(ci.name()) + " HOSTGAP_SHA=\"$sha\" HOSTGAP_BRANCH=" + quote(branch)
                        + " HOSTGAP_RESULT_FILE=hostgap-result.json bash -c " + quote(command),
                "    mv hostgap-result.json \"round$round-${sha:0:10}.json\"",
                "  done",
                "done"));
        return new Repro(base, head, branch, rounds, shell, new TryJob("POST", "/api/v1/projects/" + ci.name() + "/try",
                Map.of("base", base, "head", head, "rounds", rounds)));
    }

    /** Single-quoted for a POSIX shell. */
    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
