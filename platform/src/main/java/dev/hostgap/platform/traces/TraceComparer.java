package dev.hostgap.platform.traces;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.ProjectRef;
import dev.hostgap.platform.traces.TraceComparison.Breakdown;
import dev.hostgap.platform.traces.TraceComparison.CauseChange;
import dev.hostgap.platform.traces.TraceComparison.DeviceComparison;
import dev.hostgap.platform.traces.TraceSummary.DeviceSummary;
import dev.hostgap.platform.traces.TraceSummary.GapCause;
import dev.hostgap.platform.traces.TraceSummary.StepMetrics;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Explains a change in idle time: compares the step breakdowns and the gap causes of two commits'
 * traces. Whether the change is a regression is not decided here (that is the commit's verdict, from
 * the trace's series like any benchmark's); this says where the time went.
 */
@Component
public class TraceComparer {

    private static final int MAX_CAUSES = 20;
    /** Traces of one name read per commit: the newest; a commit measured more often than this is well known. */
    static final int MAX_TRACES_PER_COMMIT = 20;

    private final TraceStore store;
    private final JsonMapper json;

    TraceComparer(TraceStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    TraceComparison compare(ProjectRef project, String base, String head, String name) {
        List<TraceSummary> bases = summaries(project.id(), base, name);
        List<TraceSummary> heads = summaries(project.id(), head, name);
        if (bases.isEmpty() && heads.isEmpty()) {
            throw new ApiProblem(ProblemType.UNKNOWN_TRACE, "Neither " + base.substring(0, 10) + " nor " + head.substring(0, 10)
                    + " has a trace named '" + name + "' in project '" + project.name() + "'.");
        }
        TreeSet<String> devices = new TreeSet<>();
        bases.forEach(s -> s.devices().forEach(d -> devices.add(d.device())));
        heads.forEach(s -> s.devices().forEach(d -> devices.add(d.device())));
        List<DeviceComparison> compared = devices.stream().map(device -> device(device, of(bases, device), of(heads, device))).toList();
        return new TraceComparison(name, base, head, bases.size(), heads.size(), compared);
    }

    /**
     * For a commit's status, in few characters: how {@code name}'s idle time on {@code device} moved between
     * two commits' traces and the operator behind most of the move, e.g.
     * "idle 12.1% → 19.4% per step, +31.0 µs after aten::item"; empty when either commit lacks that trace.
     */
    public Optional<String> idleLine(long projectId, String base, String head, String name, String device) {
        List<DeviceSummary> bases = of(summaries(projectId, base, name), device);
        List<DeviceSummary> heads = of(summaries(projectId, head, name), device);
        if (bases.isEmpty() || heads.isEmpty()) {
            return Optional.empty();
        }
        DeviceComparison compared = device(device, bases, heads);
        if (compared.base() == null || compared.head() == null) {
            return Optional.empty();
        }
        double change = compared.head().idleUs() - compared.base().idleUs();
        String line = String.format(Locale.ROOT, "idle %.1f%% → %.1f%% per step", compared.base().idlePercent(),
                compared.head().idlePercent());
        return Optional.of(mainCause(compared.causes(), change)
                .map(c -> line + String.format(Locale.ROOT, ", %+.1f µs after %s", c.changeUs(), c.operator()))
                .orElse(line));
    }

    private List<TraceSummary> summaries(long projectId, String sha, String name) {
        return store.figuresOfCommit(projectId, sha, name, MAX_TRACES_PER_COMMIT).stream()
                .map(figures -> json.readValue(figures, TraceSummary.class)).toList();
    }

    private static List<DeviceSummary> of(List<TraceSummary> summaries, String device) {
        return summaries.stream().flatMap(s -> s.devices().stream()).filter(d -> d.device().equals(device)).toList();
    }

    private static DeviceComparison device(String device, List<DeviceSummary> base, List<DeviceSummary> head) {
        Breakdown b = breakdown(base);
        Breakdown h = breakdown(head);
        Map<String, double[]> idleByOperator = new LinkedHashMap<>();
        Map<String, String> frames = new LinkedHashMap<>();
        collect(base, 0, idleByOperator, frames);
        collect(head, 1, idleByOperator, frames);
        List<CauseChange> causes = new ArrayList<>();
        idleByOperator.forEach((operator, idle) -> causes.add(new CauseChange(operator, frames.get(operator), idle[0], idle[1],
                idle[1] - idle[0])));
        causes.sort(Comparator.comparingDouble((CauseChange c) -> -Math.abs(c.changeUs())));
        List<CauseChange> top = causes.size() > MAX_CAUSES ? causes.subList(0, MAX_CAUSES) : causes;
        return new DeviceComparison(device, b, h, top, explain(b, h, top));
    }

    /** Mean idle µs per step by operator over a side's traces (each trace's cause already per step). */
    private static void collect(List<DeviceSummary> side, int index, Map<String, double[]> idle, Map<String, String> frames) {
        for (DeviceSummary d : side) {
            for (GapCause cause : d.gapCauses()) {
                idle.computeIfAbsent(cause.operator(), k -> new double[2])[index] += cause.idleUsPerStep() / side.size();
                if (cause.pythonFrame() != null) {
                    frames.putIfAbsent(cause.operator(), cause.pythonFrame());
                }
            }
        }
    }

    private static Breakdown breakdown(List<DeviceSummary> side) {
        List<StepMetrics> steps = side.stream().flatMap(d -> d.steps().stream()).toList();
        if (steps.isEmpty()) {
            return null;
        }
        return new Breakdown(steps.size() / side.size(), mean(steps, StepMetrics::idlePercent), mean(steps, StepMetrics::idleUs),
                mean(steps, StepMetrics::busyUs), mean(steps, StepMetrics::computeUs), mean(steps, StepMetrics::memoryUs),
                mean(steps, StepMetrics::communicationUs), mean(steps, s -> s.kernelLaunches()),
                mean(steps, s -> s.synchronizations()), mean(steps, s -> s.memcpyCount()), mean(steps, StepMetrics::launchDelayUsP50));
    }

    private static double mean(List<StepMetrics> steps, java.util.function.ToDoubleFunction<StepMetrics> value) {
        return steps.stream().mapToDouble(value).average().orElse(0);
    }

    /** The operator whose gaps moved most in the direction the idle time moved. */
    private static Optional<CauseChange> mainCause(List<CauseChange> causes, double change) {
        return causes.stream().filter(c -> change != 0 && Math.signum(c.changeUs()) == Math.signum(change)).findFirst();
    }

    private static String explain(Breakdown base, Breakdown head, List<CauseChange> causes) {
        if (base == null || head == null) {
            return null;
        }
        double change = head.idleUs() - base.idleUs();
        String line = String.format(Locale.ROOT, "%+.1f µs idle per step (%.1f%% → %.1f%%)", change, base.idlePercent(),
                head.idlePercent());
        return mainCause(causes, change).map(c -> line + String.format(Locale.ROOT, ", %+.1f µs of it after %s", c.changeUs(), c.operator()))
                .orElse(line);
    }
}
