package dev.hostgap.platform.series;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.projects.CommitNode;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.projects.ProjectRef;
import dev.hostgap.platform.runs.Measurements;
import dev.hostgap.platform.runs.ResultRuns;
import dev.hostgap.platform.stats.SampleSummary;
import dev.hostgap.platform.support.CommitSha;
import dev.hostgap.platform.support.ParamsJson;
import dev.hostgap.platform.support.ParamsKey;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * History of one series along a branch, a window of commits at a time, so a chart of years of
 * history loads in windows. Parameters that are left out are filled in when only one value exists
 * (the newest version is taken by default); an ambiguous request is answered with the choices, so
 * a person can click their way to a series without knowing its full identity.
 */
@RestController
class SeriesController {

    private static final int MAX_LIMIT = 10_000;

    private final Measurements measurements;
    private final JsonMapper json;
    private final ProjectDirectory projects;
    private final CommitGraph graph;
    private final ResultRuns resultRuns;

    SeriesController(Measurements measurements, JsonMapper json, ProjectDirectory projects, CommitGraph graph,
                     ResultRuns resultRuns) {
        this.measurements = measurements;
        this.resultRuns = resultRuns;
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
                      @RequestParam(defaultValue = "1000") int limit, @RequestParam(required = false) String before) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        if (before != null && !CommitSha.isValid(before)) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER,
                    "before must be a full 40-character lowercase hex sha (a page's nextBefore).");
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
        List<CommitNode> window = window(ref, branchName, before, limit + 1);
        String nextBefore = window.size() > limit ? window.get(limit - 1).sha() : null;
        List<CommitNode> history = window.subList(0, Math.min(limit, window.size()));
        Map<Long, String> environments = chosen.stream().collect(Collectors.toMap(Candidate::id, Candidate::environment));
        SeriesMarks marks = SeriesMarks.read(resultRuns, environments, history);
        return new SeriesView(benchmark, chosenVersion, ParamsJson.read(json, first.params()), first.metric(),
                first.unit(), first.direction(), branchName, points(chosen, history, marks), nextBefore, marks.noise(),
                marks.failures());
    }

    /** Up to {@code size} commits, newest first: from the branch head, or from the first parent of {@code before}. */
    private List<CommitNode> window(ProjectRef ref, String branch, String before, int size) {
        if (before == null) {
            long head = graph.requireCommitId(ref.id(), graph.requireBranchHead(ref, branch));
            return graph.timelineFrom(ref.id(), head, branch, size);
        }
        List<CommitNode> fromBefore = graph.timelineFrom(ref.id(), graph.requireCommitId(ref.id(), before), branch, size + 1);
        return fromBefore.subList(1, fromBefore.size());
    }

    /**
     * One point per (commit, environment class), oldest commit first: a commit measured by one run
     * is drawn from that run's stored summary; only where several runs measured it are their forks
     * read and pooled.
     */
    private List<SeriesView.Point> points(List<Candidate> series, List<CommitNode> history, SeriesMarks marks) {
        record Key(int position, String environment) {
        }
        record Level(int n, double median, double p10, double p90) {
        }
        if (history.isEmpty()) {
            return List.of();
        }
        Map<Long, Integer> position = new HashMap<>();
        for (int i = 0; i < history.size(); i++) {
            position.put(history.get(i).id(), i);
        }
        Map<Long, String> environments = series.stream().collect(Collectors.toMap(Candidate::id, Candidate::environment));
        Map<Key, Level> levels = new TreeMap<>(Comparator.comparingInt(Key::position).reversed()
                .thenComparing(Key::environment));
        Map<Long, Set<Long>> severalRuns = new HashMap<>();
        long from = Collections.min(position.keySet());
        long to = Collections.max(position.keySet());
        for (Measurements.ResultSummary s : measurements.summaries(environments.keySet(), from, to)) {
            Integer at = position.get(s.commitId());
            if (at == null) {
                continue;
            }
            Level first = levels.putIfAbsent(new Key(at, environments.get(s.seriesId())),
                    new Level(s.n(), s.median(), s.p10(), s.p90()));
            if (first != null) {
                severalRuns.computeIfAbsent(s.seriesId(), k -> new HashSet<>()).add(s.commitId());
            }
        }
        severalRuns.forEach((seriesId, commits) -> measurements.forkSamples(seriesId, commits).forEach((commitId, samples) -> {
            SampleSummary pooled = SampleSummary.of(samples.stream().mapToDouble(Double::doubleValue).toArray());
            levels.put(new Key(position.get(commitId), environments.get(seriesId)),
                    new Level(pooled.n(), pooled.median(), pooled.p10(), pooled.p90()));
        }));
        List<SeriesView.Point> points = new ArrayList<>(levels.size());
        levels.forEach((key, s) -> {
            CommitNode commit = history.get(key.position());
            SeriesMarks.Runs runs = marks.runsAt(commit.id(), key.environment());
            points.add(new SeriesView.Point(commit.sha(), commit.timestamp(), s.median(), s.p10(), s.p90(), s.n(),
                    key.environment(), runs.newest(), runs.machines(), runs.throttled()));
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
