package dev.hostgap.platform.runs;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.projects.ProjectRef;
import dev.hostgap.platform.support.ParamsJson;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The series index: every series of a project, searchable, each with its recent levels on the
 * default branch, so that a person finds a series (and sees whether it moved) without knowing its
 * benchmark's name first. The series chart and detection answer one series; this answers many, briefly.
 */
@RestController
class SeriesIndexController {

    static final int DEFAULT_LIMIT = 200, MAX_LIMIT = 1000, DEFAULT_POINTS = 30, MAX_POINTS = 100, MAX_QUERY = 200;

    private final SeriesIndex index;
    private final ProjectDirectory projects;
    private final JsonMapper json;

    SeriesIndexController(SeriesIndex index, ProjectDirectory projects, JsonMapper json) {
        this.index = index;
        this.projects = projects;
        this.json = json;
    }

    /** One series and its newest default-branch run levels, oldest first; {@code latest} is the last of them. */
    record SeriesIndexView(long id, String benchmark, int version, Map<String, String> params, String paramsKey,
                           String metric, String unit, String direction, String environment,
                           List<SeriesIndex.Level> levels, SeriesIndex.Level latest) {
    }

    /**
     * Series ordered by benchmark, version, parameters, metric and environment; {@code q}'s words must
     * each occur in the benchmark, parameters or metric (any case). X-Total-Count: how many match.
     */
    @GetMapping("/api/v1/projects/{project}/series-index")
    ResponseEntity<List<SeriesIndexView>> list(@PathVariable String project, @RequestParam(defaultValue = "") String q,
                                               @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
                                               @RequestParam(defaultValue = "" + DEFAULT_POINTS) int points) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        if (points < 1 || points > MAX_POINTS) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "points must be between 1 and " + MAX_POINTS + ".");
        }
        if (q.length() > MAX_QUERY || q.indexOf('\0') >= 0) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "q must be at most " + MAX_QUERY + " characters without NUL.");
        }
        ProjectRef ref = projects.require(project);
        List<String> terms = Arrays.stream(q.trim().split("\\s+")).filter(t -> !t.isEmpty()).toList();
        SeriesIndex.Page page = index.find(ref, terms, limit, points);
        List<SeriesIndexView> views = page.series().entrySet().stream().map(e -> {
            var s = e.getKey();
            List<SeriesIndex.Level> levels = e.getValue().levels();
            return new SeriesIndexView(s.id(), s.benchmark(), s.version(), ParamsJson.read(json, s.params()),
                    e.getValue().paramsKey(), s.metric(), s.unit(), s.direction().wireName(), s.environment(), levels,
                    levels.isEmpty() ? null : levels.get(levels.size() - 1));
        }).toList();
        return ResponseEntity.ok().header("X-Total-Count", String.valueOf(page.total())).body(views);
    }
}
