package dev.hostgap.platform.series;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /series}: one series' values along a window of a branch, oldest first. Field names are
 * contract. {@code nextBefore} is the sha to pass as {@code before} for the next older window, null
 * when this window reaches the start of the history. {@code noise} is how detection judged the
 * series at the newest judged commit of the window (null before it has judged one with a threshold);
 * {@code failures} are the results at the window's commits that failed, oldest first.
 */
record SeriesView(String benchmark, int version, Map<String, String> params, String metric, String unit,
                  String direction, String branch, List<Point> points, String nextBefore, Noise noise,
                  List<Failure> failures) {

    /**
     * One measured commit in one environment class; {@code n} is the number of forks pooled,
     * {@code runId} the newest run that measured it, {@code machine} the machines of its runs (host and
     * GPU), {@code throttled} whether the GPU reported throttling in any of them.
     */
    record Point(String sha, OffsetDateTime timestamp, double median, double p10, double p90, int n, String environment,
                 UUID runId, String machine, boolean throttled) {
    }

    /**
     * The run-to-run noise and the threshold a change must pass, both in % of the level, as detection
     * judged the run at {@code sha}; {@code historyRuns} is how many runs the noise is estimated from.
     */
    record Noise(String sha, double thresholdPercent, Double noisePercent, int historyRuns) {
    }

    /** A workload that failed at a commit: no value, the run's error instead. */
    record Failure(String sha, OffsetDateTime timestamp, UUID runId, String environment, String machine, String error) {
    }
}
