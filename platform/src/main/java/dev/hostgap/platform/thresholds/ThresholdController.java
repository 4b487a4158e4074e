package dev.hostgap.platform.thresholds;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.projects.ProjectRef;
import dev.hostgap.platform.stats.Thresholds;
import dev.hostgap.platform.support.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A project's thresholds: the defaults in force and the rules that narrow them. */
@RestController
class ThresholdController {

    private static final int MAX_NAME = 200;

    private final ThresholdBook book;
    private final ProjectDirectory projects;

    ThresholdController(ThresholdBook book, ProjectDirectory projects) {
        this.book = book;
        this.projects = projects;
    }

    record ThresholdRequest(String benchmark, String metric, Double minChangePercent, Double noiseMultiplier,
                            Integer minHistoryRuns) {
    }

    record ThresholdView(Long id, String benchmark, String metric, double minChangePercent, double noiseMultiplier,
                         int minHistoryRuns, String updatedBy, java.time.OffsetDateTime updatedAt) {

        static ThresholdView of(ThresholdBook.Rule rule) {
            Thresholds t = rule.thresholds();
            return new ThresholdView(rule.id(), rule.benchmark(), rule.metric(), t.minChangePercent(), t.noiseMultiplier(),
                    t.minHistoryRuns(), rule.updatedBy(), rule.updatedAt());
        }
    }

    record ThresholdsView(ThresholdView defaults, List<ThresholdView> rules) {
    }

    @GetMapping("/api/v1/projects/{project}/thresholds")
    ThresholdsView list(@PathVariable String project) {
        ProjectRef ref = projects.require(project);
        Thresholds d = book.defaults();
        return new ThresholdsView(new ThresholdView(null, null, null, d.minChangePercent(), d.noiseMultiplier(),
                d.minHistoryRuns(), "configuration", null), book.rules(ref.id()).stream().map(ThresholdView::of).toList());
    }

    /** Sets the rule for one scope (project, or narrowed to a benchmark and/or a metric); unset fields take the defaults. */
    @PutMapping("/api/v1/projects/{project}/thresholds")
    ThresholdView put(@PathVariable String project, @RequestBody ThresholdRequest request, HttpServletRequest http) {
        ProjectRef ref = projects.require(project);
        Caller caller = Caller.of(http);
        caller.requireWriteAccess(ref.id(), ref.name());
        checkName("benchmark", request.benchmark());
        checkName("metric", request.metric());
        Thresholds d = book.defaults();
        // + 0.0 turns a -0.0 from the client into 0.0
        double minChange = (request.minChangePercent() == null ? d.minChangePercent() : request.minChangePercent()) + 0.0;
        double multiplier = request.noiseMultiplier() == null ? d.noiseMultiplier() : request.noiseMultiplier();
        int history = request.minHistoryRuns() == null ? d.minHistoryRuns() : request.minHistoryRuns();
        check("minChangePercent", minChange >= 0 && minChange <= 1000, "a percentage from 0 to 1000");
        check("noiseMultiplier", multiplier >= 1 && multiplier <= 100, "from 1 to 100 standard errors");
        check("minHistoryRuns", history >= 3 && history <= Thresholds.MAX_HISTORY_RUNS,
                "from 3 to " + Thresholds.MAX_HISTORY_RUNS + " runs");
        return ThresholdView.of(book.put(ref.id(), request.benchmark(), request.metric(),
                new Thresholds(minChange, multiplier, history), caller.name()));
    }

    @DeleteMapping("/api/v1/projects/{project}/thresholds/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String project, @PathVariable long id, HttpServletRequest http) {
        ProjectRef ref = projects.require(project);
        Caller.of(http).requireWriteAccess(ref.id(), ref.name());
        if (!book.delete(ref.id(), id)) {
            throw new ApiProblem(ProblemType.UNKNOWN_THRESHOLD, "Project '" + ref.name() + "' has no threshold " + id + ".");
        }
    }

    private static void checkName(String field, String value) {
        if (value != null && (value.isBlank() || value.length() > MAX_NAME || value.indexOf('\0') >= 0)) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, field + " must be 1 to " + MAX_NAME
                    + " characters without NUL, or absent to match every " + field + ".");
        }
    }

    private static void check(String field, boolean valid, String expected) {
        if (!valid) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, field + " must be " + expected + ".");
        }
    }
}
