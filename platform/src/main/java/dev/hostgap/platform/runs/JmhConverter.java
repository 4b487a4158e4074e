package dev.hostgap.platform.runs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.runs.RunUpload.CommitInfo;
import dev.hostgap.platform.runs.RunUpload.EnvironmentInfo;
import dev.hostgap.platform.runs.RunUpload.ResultUpload;
import tools.jackson.databind.JsonNode;

/**
 * Turns JMH's own {@code -rf json} output into a run. Each fork is one sample: the mean of that
 * fork's measurement iterations ({@code rawData[fork]}), as the DESIGN's statistical unit demands.
 * Secondary metrics (profilers, {@code @AuxCounters}) become metrics of their own.
 */
final class JmhConverter {

    private JmhConverter() {
    }

    /** Where the JMH body does not say: the commit, the GPU environment and the workload version. */
    record Context(String project, String sha, String branch, List<String> parents, String runId, int version,
                   String gpu, String driver, String cuda, String runtime, String host) {
    }

    static RunUpload convert(JsonNode body, Context context) {
        if (body == null || !body.isArray() || body.isEmpty()) {
            throw notJmh("the body must be the non-empty JSON array that JMH writes with -rf json");
        }
        List<ResultUpload> results = new ArrayList<>();
        String jvm = null;
        for (int i = 0; i < body.size(); i++) {
            JsonNode entry = body.get(i);
            JsonNode primary = entry.get("primaryMetric");
            if (!entry.isObject() || !entry.path("benchmark").isString() || primary == null || !primary.isObject()
                    || !entry.path("mode").isString()) {
                throw notJmh("element " + i + " lacks benchmark, mode or primaryMetric, so it is not a JMH result");
            }
            String mode = entry.get("mode").asString();
            Map<String, String> params = params(entry.path("params"), i);
            String benchmark = entry.get("benchmark").asString();
            results.add(result(benchmark, params, mode, context.version(), primary, i, mode));
            JsonNode secondaries = entry.path("secondaryMetrics");
            for (var secondary : secondaries.properties()) {
                results.add(result(benchmark, params, secondary.getKey(), context.version(), secondary.getValue(), i, mode));
            }
            if (jvm == null && entry.path("jdkVersion").isString()) {
                jvm = entry.path("jdkVersion").asString() + " " + entry.path("vmName").asString("");
            }
        }
        return new RunUpload("1.0", context.runId(), context.project(),
                new CommitInfo(context.sha(), context.branch(), context.parents(), null, null),
                new EnvironmentInfo(context.gpu() == null ? "unknown" : context.gpu(), context.driver(), context.cuda(),
                        context.runtime() == null ? "jmh" : context.runtime(), jvm == null ? null : jvm.trim(),
                        context.host(), Map.of()),
                results);
    }

    private static ResultUpload result(String benchmark, Map<String, String> params, String metric, int version,
                                       JsonNode scoreNode, int index, String mode) {
        if (!scoreNode.path("scoreUnit").isString()) {
            throw notJmh("element " + index + " metric '" + metric + "' has no scoreUnit");
        }
        String unit = scoreNode.get("scoreUnit").asString();
        List<Double> samples = new ArrayList<>();
        JsonNode rawData = scoreNode.path("rawData");
        for (JsonNode fork : rawData) {
            double sum = 0;
            int count = 0;
            for (JsonNode iteration : fork) {
                if (iteration.isNumber()) {
                    sum += iteration.asDouble();
                    count++;
                }
            }
            if (count > 0) {
                samples.add(sum / count);
            }
        }
        if (samples.isEmpty() && scoreNode.path("score").isNumber()) {
            samples.add(scoreNode.get("score").asDouble()); // no raw data: the score is the only sample
        }
        if (samples.isEmpty()) {
            throw notJmh("element " + index + " metric '" + metric + "' has neither rawData nor a numeric score");
        }
        return new ResultUpload(benchmark, version, params, metric, unit, direction(mode, metric, unit), samples, null, null);
    }

    /**
     * Throughput modes and rates of operations get better upwards; times, and everything else a
     * profiler reports (allocation rate, GC time), get better downwards.
     */
    static String direction(String mode, String metric, String unit) {
        boolean opsPerTime = unit.startsWith("ops/");
        boolean primaryThroughput = metric.equals(mode) && mode.equals("thrpt");
        return opsPerTime || primaryThroughput ? "higher_is_better" : "lower_is_better";
    }

    /** JMH writes {@code @Param} values as strings; anything else (an object, an array) is not JMH's. */
    private static Map<String, String> params(JsonNode params, int element) {
        Map<String, String> result = new LinkedHashMap<>();
        for (var p : params.properties()) {
            if (!p.getValue().isValueNode() || p.getValue().isNull()) {
                throw notJmh("parameter '" + p.getKey() + "' of element " + element + " is not a single value");
            }
            result.put(p.getKey(), p.getValue().asString());
        }
        return result;
    }

    private static ApiProblem notJmh(String why) {
        return new ApiProblem(ProblemType.NOT_JMH_OUTPUT, "This is not JMH output: " + why
                + ". Upload the file JMH writes with '-rf json -rff result.json'.");
    }
}
