package dev.hostgap.platform.calibration;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import jakarta.servlet.http.HttpServletRequest;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.projects.ProjectRef;
import dev.hostgap.platform.support.Caller;
import dev.hostgap.platform.support.CommitSha;
import dev.hostgap.platform.support.ParamsJson;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Declares a commit's runs an A/A calibration and shows what they measured. Declaring the same
 * commit again recomputes it from the runs stored by then (more runs, a better estimate).
 */
@RestController
class CalibrationController {

    private static final int MAX_NOTE = 1000;

    private final ProjectDirectory projects;
    private final CommitGraph graph;
    private final Calibrations calibrations;
    private final JsonMapper json;

    CalibrationController(ProjectDirectory projects, CommitGraph graph, Calibrations calibrations, JsonMapper json) {
        this.projects = projects;
        this.graph = graph;
        this.calibrations = calibrations;
        this.json = json;
    }

    record CalibrationRequest(String commit, String note) {
    }

    /** One series' run-to-run noise as the calibration's runs showed it, in percent of its level where it has one. */
    record SeriesNoiseView(String benchmark, int version, Map<String, String> params, String metric, String unit,
                           String environment, int runs, int machines, double level, Double noisePercent,
                           Double betweenMachinesPercent) {
    }

    /**
     * @param seriesCount series calibrated (measured at least {@code Calibrations.MIN_RUNS} times at the commit)
     * @param seriesWithTooFewRuns series measured 2 to MIN_RUNS - 1 times there: left out
     */
    record CalibrationView(long id, String commit, String note, String updatedBy, OffsetDateTime updatedAt,
                           Integer seriesCount, Integer seriesWithTooFewRuns, List<SeriesNoiseView> series) {
    }

    @PostMapping("/api/v1/projects/{project}/calibrations")
    @ResponseStatus(HttpStatus.CREATED)
    CalibrationView declare(@PathVariable String project, @RequestBody CalibrationRequest request, HttpServletRequest http) {
        ProjectRef ref = projects.require(project);
        Caller caller = Caller.of(http);
        caller.requireWriteAccess(ref.id(), ref.name());
        if (request == null || request.commit() == null) {
            throw new ApiProblem(ProblemType.MISSING_FIELD, "commit is required: the sha whose runs are runs of the same code.");
        }
        CommitSha.require("commit", request.commit());
        String note = request.note();
        if (note != null && (note.length() > MAX_NOTE || note.indexOf('\0') >= 0)) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "note must be at most " + MAX_NOTE + " characters without NUL.");
        }
        long commitId = graph.requireCommitId(ref.id(), request.commit());
        Calibrations.Measured measured = calibrations.measure(commitId);
        if (measured.noise().isEmpty()) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "Commit " + request.commit() + " has no series measured in "
                    + Calibrations.MIN_RUNS + " or more runs: measure it several times first (hostgap-runner run --repeat "
                    + Calibrations.MIN_RUNS * 2 + "), then declare it.");
        }
        calibrations.save(ref.id(), commitId, note, caller.name(), measured.noise());
        return view(ref.id(), commitId, measured::seriesWithTooFewRuns);
    }

    /** Forgets a calibration: its series are judged by their own history again. */
    @DeleteMapping("/api/v1/projects/{project}/calibrations/{commit}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String project, @PathVariable String commit, HttpServletRequest http) {
        CommitSha.require("commit", commit);
        ProjectRef ref = projects.require(project);
        Caller.of(http).requireWriteAccess(ref.id(), ref.name());
        if (!calibrations.delete(ref.id(), graph.requireCommitId(ref.id(), commit))) {
            throw new ApiProblem(ProblemType.UNKNOWN_CALIBRATION, "No calibration was declared for this commit.");
        }
    }

    @GetMapping("/api/v1/projects/{project}/calibrations")
    List<CalibrationView> list(@PathVariable String project) {
        ProjectRef ref = projects.require(project);
        return calibrations.list(ref.id()).stream()
                .map(c -> new CalibrationView(c.id(), c.commit(), c.note(), c.updatedBy(), c.updatedAt(), null, null, null))
                .toList();
    }

    @GetMapping("/api/v1/projects/{project}/calibrations/{commit}")
    CalibrationView show(@PathVariable String project, @PathVariable String commit) {
        CommitSha.require("commit", commit);
        ProjectRef ref = projects.require(project);
        long commitId = graph.requireCommitId(ref.id(), commit);
        return view(ref.id(), commitId, () -> calibrations.measure(commitId).seriesWithTooFewRuns());
    }

    /** {@code seriesWithTooFewRuns} is asked only once the calibration is found. */
    private CalibrationView view(long projectId, long commitId, IntSupplier seriesWithTooFewRuns) {
        Calibrations.Calibration c = calibrations.find(projectId, commitId).orElseThrow(() -> new ApiProblem(
                ProblemType.UNKNOWN_CALIBRATION, "No calibration was declared for this commit."));
        List<SeriesNoiseView> series = c.noise().stream().map(n -> new SeriesNoiseView(n.series().benchmark(),
                n.series().version(), ParamsJson.read(json, n.series().params()), n.series().metric(), n.series().unit(),
                n.series().environment(), n.runs(), n.machines(), n.level(), percent(n.within(), n.level()),
                percent(n.between(), n.level()))).toList();
        return new CalibrationView(c.id(), c.commit(), c.note(), c.updatedBy(), c.updatedAt(), series.size(),
                seriesWithTooFewRuns.getAsInt(), series);
    }

    private static Double percent(double value, double level) {
        double p = 100 * value / Math.abs(level);
        return level != 0 && Double.isFinite(p) ? p : null;
    }
}
