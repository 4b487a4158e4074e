package dev.hostgap.platform.notify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a scripted runner measures: a run file whose numbers depend only on the commit (which change
 * it carries) and on run-to-run noise, drawn from a seed so a failure can be replayed.
 */
interface ScriptedRuns {

    /** The run file for one run of a commit whose series are scaled by {@code factors} (series key → factor, 1 when absent). */
    ObjectNode run(java.util.Map<String, Double> factors, Random random);

    /** The key {@code factors} use: "benchmark params metric", params as {@code k=v} joined by commas. */
    static String key(String benchmark, String params, String metric) {
        return benchmark + " " + params + " " + metric;
    }

    /**
     * Four launch-bound series around their H200 levels, each run's level off by normal noise of
     * {@code runNoise} (0.02: the 2% run-to-run noise measured on H200s), 10 forks of 0.5% around it.
     */
    static ScriptedRuns normal(double runNoise) {
        record Series(String benchmark, String paramKey, String paramValue, double level) {
        }
        List<Series> series = List.of(new Series("launch.enqueue", "args", "4", 4.3), new Series("launch.enqueue", "args", "0", 3.7),
                new Series("launch.sync", "args", "0", 9.3), new Series("fusion.unfused", "k", "20", 96.0));
        return (factors, random) -> {
            ObjectNode file = CiWorld.JSON.createObjectNode();
            file.put("schemaVersion", "1.0");
            ArrayNode results = file.putArray("results");
            for (Series s : series) {
                double factor = factors.getOrDefault(key(s.benchmark(), s.paramKey() + "=" + s.paramValue(), "host_us_per_op"), 1.0);
                double level = s.level() * factor * (1 + runNoise * random.nextGaussian());
                ObjectNode r = results.addObject();
                r.put("benchmark", s.benchmark());
                r.put("version", 1);
                r.putObject("params").put(s.paramKey(), s.paramValue());
                r.put("metric", "host_us_per_op");
                r.put("unit", "us");
                r.put("direction", "lower_is_better");
                ArrayNode samples = r.putArray("samples");
                for (int f = 0; f < 10; f++) {
                    samples.add(level * (1 + 0.005 * random.nextGaussian()));
                }
            }
            return file;
        };
    }

    /**
     * The real runs of one H200 machine start (docs/gpu/2026-11-28-h200/start3-*.json: three runs of
     * one build, launch.enqueue args=4 moving 2% from run to run): each run of a commit is one of them,
     * drawn at random, with its 21 series as measured, each moved by its own standard error (a
     * smoothed bootstrap: three runs alone give run levels of three values only, and a noise estimate
     * read off such steps is not the noise a GPU makes), and the commit's factors applied.
     */
    static ScriptedRuns h200MachineStart() throws IOException {
        Path dir = Path.of("..", "docs", "gpu", "2026-11-28-h200");
        List<JsonNode> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().matches("start3-\\d\\.json")).sorted().toList()) {
                runs.add(CiWorld.JSON.readTree(file.toFile()));
            }
        }
        if (runs.size() < 3) {
            throw new IllegalStateException("expected the three runs of the third machine start in " + dir);
        }
        return (factors, random) -> {
            JsonNode measured = runs.get(random.nextInt(runs.size()));
            ObjectNode file = CiWorld.JSON.createObjectNode();
            file.put("schemaVersion", "1.0");
            ArrayNode results = file.putArray("results");
            for (JsonNode r : measured.get("results")) {
                if (!r.path("samples").isArray() || r.path("samples").isEmpty()) {
                    continue;
                }
                StringBuilder params = new StringBuilder();
                r.get("params").properties().forEach(e -> params.append(params.isEmpty() ? "" : ",").append(e.getKey()).append('=')
                        .append(e.getValue().asString()));
                double factor = factors.getOrDefault(key(r.get("benchmark").asString(), params.toString(), r.get("metric").asString()), 1.0);
                ObjectNode copy = (ObjectNode) r.deepCopy();
                ArrayNode samples = copy.putArray("samples");
                for (double fork : dev.hostgap.platform.RunJitter.jittered(r.get("samples"), factor, random)) {
                    samples.add(fork);
                }
                copy.remove("kernelHash");
                results.add(copy);
            }
            return file;
        };
    }
}
