package dev.hostgap.runner;

import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import dev.hostgap.workloads.Workload;
import dev.hostgap.workloads.WorkloadCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "list", description = "List workloads with their versions and parameter axes.")
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        for (Workload w : WorkloadCatalog.all()) {
            String axes = w.axes().entrySet().stream()
                    .map(e -> e.getKey() + "=" + String.join("|", e.getValue()))
                    .collect(Collectors.joining(" "));
            out.printf("%-22s v%d  %-40s %s%n", w.id(), w.version(), axes, w.description());
        }
        return ExitCode.OK;
    }
}
