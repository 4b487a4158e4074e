package dev.hostgap.runner;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "env", description = "Print the environment a run would report, as JSON.")
final class EnvCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--device", defaultValue = "0", description = "GPU ordinal (default: ${DEFAULT-VALUE})")
    int device;

    @Override
    public Integer call() {
        GpuProbe.DeviceInfo info = GpuProbe.requireGpu(device);
        EnvironmentReport report = EnvironmentReport.capture(info, NvidiaSmi.query(), device);
        spec.commandLine().getOut().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        return ExitCode.OK;
    }
}
