package dev.hostgap.runner;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Sends one profiler trace taken outside a CI job (a developer's nsys or PyTorch profiler run) to a
 * project's commit, with the project's upload token as {@code upload} takes it, and the agent's
 * retry rule under one runId, which the platform stores once; its answer, the per-device idle
 * summary, is printed as it comes.
 */
@Command(name = "upload-trace", description = "Upload a profiler trace (Chrome/Kineto JSON, gzipped JSON, Nsight Systems SQLite) for a commit.")
final class UploadTraceCommand implements Callable<Integer> {

    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the trace file, streamed as it is")
    Path file;

    @Option(names = "--project", required = true)
    String project;

    @Option(names = "--sha", required = true, description = "the commit the trace was taken at")
    String sha;

    @Option(names = "--branch")
    String branch;

    @Option(names = "--name", description = "the trace's name, 1 to 100 of A-Z a-z 0-9 . _ - "
            + "(default: from a hostgap-trace-NAME.* file name, else 'trace')")
    String name;

    @Option(names = "--server", required = true, description = "platform URL, e.g. http://hostgap:8080")
    URI server;

    @Option(names = "--token", defaultValue = "${env:HOSTGAP_TOKEN}", description = "the project's upload token (default: $HOSTGAP_TOKEN)")
    String token;

    @Option(names = "--attempts", defaultValue = "4", description = "tries (default: ${DEFAULT-VALUE})")
    int attempts;

    Duration backoff = Duration.ofSeconds(2);

    @Override
    public Integer call() throws InterruptedException {
        String traceName = name != null ? name : TraceFiles.nameOf(file.getFileName().toString()).orElse("trace");
        if (!VALID_NAME.matcher(traceName).matches()) {
            throw new RunnerException(ExitCode.USAGE, "--name must be 1 to 100 of A-Z a-z 0-9 . _ -, not '" + traceName + "'");
        }
        Path real;
        long size;
        try {
            real = file.toRealPath();
            size = Files.size(real);
        } catch (IOException e) {
            throw new RunnerException(ExitCode.USAGE, "cannot read " + file + ": " + Agent.oneLine(e));
        }
        if (!Files.isRegularFile(real) || size == 0) {
            throw new RunnerException(ExitCode.USAGE, file + " is not a regular file with content");
        }
        String path = "/api/v1/projects/" + encode(project) + "/traces?sha=" + encode(sha)
                + (branch == null ? "" : "&branch=" + encode(branch)) + "&name=" + encode(traceName) + "&runId=" + UUID.randomUUID();
        PlatformHttp http = new PlatformHttp(server, token);
        PlatformHttp.Response response;
        try {
            response = PlatformHttp.retrying(attempts, backoff, () -> http.postFile(path, real, size));
        } catch (IOException e) {
            throw unreachable(Agent.oneLine(e));
        }
        if (response.status() / 100 == 5) {
            throw unreachable(response.summary());
        } else if (!response.ok()) {
            throw new RunnerException(ExitCode.SERVER_REJECTED, "the server refused trace " + file + ": " + response.detail());
        }
        spec.commandLine().getOut().println(response.body());
        return ExitCode.OK;
    }

    private RunnerException unreachable(String problem) {
        return new RunnerException(ExitCode.SERVER_UNREACHABLE, "could not upload " + file + " to " + server + " after "
                + attempts + " attempts (" + problem + ")");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
