package dev.hostgap.platform.runs;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.support.ParamsJson;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every series one benchmark has in a project: each version, parameter set, metric and environment
 * class. The series chart reads it to offer the benchmark's other parameter sets as overlays and to
 * join a workload's versions into one history; the series query itself answers one series only, and
 * its ambiguity answer names the newest version's choices, never the older versions.
 */
@RestController
class SeriesChoicesController {


    private final Measurements measurements;
    private final ProjectDirectory projects;
    private final JsonMapper json;

    SeriesChoicesController(Measurements measurements, ProjectDirectory projects, JsonMapper json) {
        this.measurements = measurements;
        this.projects = projects;
        this.json = json;
    }

    /** One series' identity; {@code paramsKey} is the canonical {@code args=4,n=4096} the series query takes. */
    record SeriesChoiceView(int version, Map<String, String> params, String paramsKey, String metric, String unit,
                            String direction, String environment) {
    }

    /** Ordered by version, parameters, metric and environment class; empty for a benchmark never uploaded. */
    @GetMapping("/api/v1/projects/{project}/series-choices")
    List<SeriesChoiceView> choices(@PathVariable String project, @RequestParam String benchmark) {
        long projectId = projects.require(project).id();
        return measurements.seriesOfBenchmark(projectId, benchmark).stream()
                .map(c -> new SeriesChoiceView(c.series().version(), ParamsJson.read(json, c.series().params()), c.paramsKey(),
                        c.series().metric(), c.series().unit(), c.series().direction().wireName(), c.series().environment()))
                .sorted(Comparator.comparingInt(SeriesChoiceView::version).thenComparing(SeriesChoiceView::paramsKey)
                        .thenComparing(SeriesChoiceView::metric).thenComparing(SeriesChoiceView::environment))
                .toList();
    }
}
