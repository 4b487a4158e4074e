package dev.hostgap.runner;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hostgap-runner}: runs host-overhead workloads on a GPU node and uploads the results. */
@Command(name = "hostgap-runner", mixinStandardHelpOptions = true, versionProvider = RunnerVersion.class,
        description = "Runs hostgap's GPU host-overhead workloads and uploads per-fork results.",
        subcommands = {ListCommand.class, RunCommand.class, UploadCommand.class, UploadTraceCommand.class, EnvCommand.class, AgentCommand.class,
                CheckCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:some workloads failed (stored as failed results; the rest ran); check: the head commit regressed",
                "2:invalid arguments",
                "3:run: no NVIDIA driver (libcuda) could be loaded (env prints \"gpu\": \"none\" and exits 0)",
                "4:run: the driver loaded but found no GPU",
                "5:the server could not be reached; results were kept on disk: run 'upload --outbox' later",
                "6:the server refused the run (the file was kept) or the token",
                "7:check: the head commit was still pending (not judged) when --wait ran out",
                "8:check: the platform will not judge the head commit (its job failed for good, or judging failed)"})
public final class HostgapRunner {

    public static void main(String[] args) {
        // JGit logs through SLF4J and the runner has no logging backend: say so, so SLF4J stays quiet
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new HostgapRunner());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof RunnerException failure) {
                commandLine.getErr().println("hostgap-runner: " + failure.getMessage());
                return failure.exitCode();
            }
            throw e;
        });
        cli.setExitCodeExceptionMapper(e -> ExitCode.USAGE);
        return cli.execute(args);
    }
}
