package dev.hostgap.platform.traces;

import java.util.List;
import java.util.function.ToDoubleFunction;

import dev.hostgap.platform.traces.TraceSummary.DeviceSummary;
import dev.hostgap.platform.traces.TraceSummary.StepMetrics;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A trace's figures as a hostgap run file: one result per device and measure (benchmark = the trace's
 * name, params = {@code device}, metric = the measure), whose samples are the measure's value in each
 * profiler step, as a benchmark's forks are. So detection, compare, thresholds and CI statuses judge a
 * trace like any benchmark, and nothing about traces is known past this class.
 */
final class TraceSeries {

    /** The series of every device, in this order; docs/traces.md defines each. All are lower-is-better. */
    static final List<Measure> MEASURES = List.of(
            new Measure("idle_percent", "%", StepMetrics::idlePercent),
            new Measure("idle_us", "us", StepMetrics::idleUs),
            new Measure("gpu_busy_us", "us", StepMetrics::busyUs),
            new Measure("compute_us", "us", StepMetrics::computeUs),
            new Measure("memory_us", "us", StepMetrics::memoryUs),
            new Measure("communication_us", "us", StepMetrics::communicationUs),
            new Measure("kernel_launches", "count", StepMetrics::kernelLaunches),
            new Measure("launch_cpu_us_p50", "us", StepMetrics::launchCpuUsP50),
            new Measure("launch_delay_us_p50", "us", StepMetrics::launchDelayUsP50),
            new Measure("launch_delay_us_p99", "us", StepMetrics::launchDelayUsP99),
            new Measure("memcpy_count", "count", StepMetrics::memcpyCount),
            new Measure("memcpy_bytes", "bytes", StepMetrics::memcpyBytes),
            new Measure("synchronizations", "count", StepMetrics::synchronizations),
            new Measure("gaps_under_10us", "count", s -> s.gapHistogram()[0]),
            new Measure("gaps_10_to_100us", "count", s -> s.gapHistogram()[1]),
            new Measure("gaps_100us_to_1ms", "count", s -> s.gapHistogram()[2]),
            new Measure("gaps_over_1ms", "count", s -> s.gapHistogram()[3]));

    /** Samples a result may hold (the run file's limit): a trace with more steps contributes its first ones. */
    static final int MAX_STEPS = 10_000;

    record Measure(String metric, String unit, ToDoubleFunction<StepMetrics> value) {
    }

    private TraceSeries() {
    }

    /** The run file of a trace named {@code name}; commit, environment and run id are the caller's. */
    static ObjectNode runFile(JsonMapper json, String name, TraceSummary summary) {
        ObjectNode file = json.createObjectNode();
        file.put("schemaVersion", "1.0");
        ArrayNode results = file.putArray("results");
        for (DeviceSummary device : summary.devices()) {
            if (device.steps().isEmpty()) {
                continue; // its work all fell outside the trace's profiler steps
            }
            List<StepMetrics> steps = device.steps().size() > MAX_STEPS ? device.steps().subList(0, MAX_STEPS) : device.steps();
            for (Measure measure : MEASURES) {
                ObjectNode result = results.addObject();
                result.put("benchmark", name);
                result.put("version", 1);
                result.putObject("params").put("device", device.device());
                result.put("metric", measure.metric());
                result.put("unit", measure.unit());
                result.put("direction", "lower_is_better");
                ArrayNode samples = result.putArray("samples");
                steps.forEach(step -> samples.add(measure.value().applyAsDouble(step)));
            }
        }
        return file;
    }
}
