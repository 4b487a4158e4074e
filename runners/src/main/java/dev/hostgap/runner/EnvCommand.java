package dev.hostgap.runner;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints the environment block a run (or an agent job) on this machine would report. Where the
 * runner cannot use a GPU it still prints the block, with the GPU as {@code none} (or as nvidia-smi
 * names it) and the reason in {@code gpu_probe}, so a person can see what the node looks like
 * before a GPU is there; {@code run} is what refuses to measure without one.
 */
@Command(name = "env", description = "Print the environment a run would report, as JSON (the GPU as \"none\" where there is none).")
final class EnvCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--device", defaultValue = "0", description = "GPU ordinal (default: ${DEFAULT-VALUE})")
    int device;

    @Override
    public Integer call() {
        EnvironmentReport report = EnvironmentReport.ofNode(device);
        spec.commandLine().getOut().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        String why = report.attributes().get("gpu_probe");
        if (why != null) {
            spec.commandLine().getErr().println("note: \"gpu\": \"" + report.gpu() + "\" because the runner cannot use a GPU here, so 'run' would refuse to start: " + why);
        }
        return ExitCode.OK;
    }
}
