package dev.hostgap.platform.series;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.projects.CommitNode;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.projects.ProjectRef;
import dev.hostgap.platform.runs.Measurements;
import dev.hostgap.platform.stats.SampleSummary;
import dev.hostgap.platform.support.ParamsKey;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * History of one series along a branch. Parameters that are left out are filled in when only one
 * value exists (the newest version is taken by default); an ambiguous request is answered with the
 * choices, so a person can click their way to a series without knowing its full identity.
 */
@RestController
class SeriesController {

    private static final int MAX_LIMIT = 10_000;
    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() { };

    private final Measurements measurements;
    private final JsonMapper json;
    private final ProjectDirectory projects;
    private final CommitGraph graph;

    SeriesController(Measurements measurements, JsonMapper json, ProjectDirectory projects, CommitGraph graph) {
        this.measurements = measurements;
        this.json = json;
        this.projects = projects;
        this.graph = graph;
    }

    private record Candidate(long id, int version, String paramsKey, String params, String metric, String unit,
                             String direction, String environment) {
    }

    @GetMapping("/api/v1/projects/{project}/series")
    SeriesView series(@PathVariable String project, @RequestParam String benchmark,
                      @RequestParam(required = false) String metric, @RequestParam(required = false) String params,
                      @RequestParam(required = false) String branch, @RequestParam(required = false) Integer version,
                      @RequestParam(required = false) String environment,
                      @RequestParam(defaultValue = "1000") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        ProjectRef ref = projects.require(project);
        String paramsKey = parseParams(params);
        List<Candidate> candidates = measurements.seriesOfBenchmark(ref.id(), benchmark).stream()
                .map(c -> new Candidate(c.series().id(), c.series().version(), c.paramsKey(), c.series().params(),
                        c.series().metric(), c.series().unit(), c.series().direction().wireName(), c.series().environment()))
                .filter(c -> version == null || c.version() == version)
                .filter(c -> metric == null || c.metric().equals(metric))
                .filter(c -> paramsKey == null || c.paramsKey().equals(paramsKey))
                .filter(c -> environment == null || c.environment().equals(environment))
                .toList();
        if (candidates.isEmpty()) {
            throw new ApiProblem(ProblemType.UNKNOWN_SERIES, "Project '" + project + "' has no series of benchmark '"
                    + benchmark + "' matching these parameters.");
        }
        int chosenVersion = version != null ? version : candidates.stream().mapToInt(Candidate::version).max().orElseThrow();
        List<Candidate> chosen = candidates.stream().filter(c -> c.version() == chosenVersion).toList();
        requireSingle(chosen, Candidate::paramsKey, "params", "params=" );
        requireSingle(chosen, Candidate::metric, "metric", "metric=");
        Candidate first = chosen.get(0);

        String branchName = branch == null ? ref.defaultBranch() : branch;
        List<CommitNode> history = graph.firstParentHistory(ref, branchName, limit);
        return new SeriesView(benchmark, chosenVersion, json.readValue(first.params(), PARAMS), first.metric(),
                first.unit(), first.direction(), branchName, points(chosen, history));
    }

    /** Pools the samples of every run per (commit, environment class), ordered oldest commit first. */
    private List<SeriesView.Point> points(List<Candidate> series, List<CommitNode> history) {
        record Key(int position, String environment) {
        }
        Map<Long, Integer> position = new HashMap<>();
        for (int i = 0; i < history.size(); i++) {
            position.put(history.get(i).id(), i);
        }
        Map<Long, String> environments = series.stream().collect(Collectors.toMap(Candidate::id, Candidate::environment));
        Map<Key, List<Double>> pooled = new TreeMap<>(Comparator.comparingInt(Key::position).reversed()
                .thenComparing(Key::environment));
        measurements.forkSamples(environments.keySet(), position.keySet()).forEach((seriesId, byCommit) ->
                byCommit.forEach((commitId, samples) -> pooled.computeIfAbsent(
                        new Key(position.get(commitId), environments.get(seriesId)), k -> new ArrayList<>()).addAll(samples)));
        List<SeriesView.Point> points = new ArrayList<>(pooled.size());
        pooled.forEach((key, samples) -> {
            CommitNode commit = history.get(key.position());
            SampleSummary s = SampleSummary.of(samples.stream().mapToDouble(Double::doubleValue).toArray());
            points.add(new SeriesView.Point(commit.sha(), commit.timestamp(), s.median(), s.p10(), s.p90(), s.n(),
                    key.environment()));
        });
        return points;
    }

    private static String parseParams(String params) {
        if (params == null) {
            return null;
        }
        try {
            return ParamsKey.of(ParamsKey.parse(params));
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "params must look like 'args=4,n=4096': " + e.getMessage() + ".");
        }
    }

    private static void requireSingle(List<Candidate> candidates, java.util.function.Function<Candidate, String> field,
                                      String name, String prefix) {
        List<String> values = candidates.stream().map(field).distinct().sorted().toList();
        if (values.size() > 1) {
            throw new ApiProblem(ProblemType.AMBIGUOUS_SERIES, "Several series match; choose one with " + name + ": "
                    + values.stream().map(v -> prefix + v).collect(Collectors.joining(" | ")) + ".");
        }
    }
}
