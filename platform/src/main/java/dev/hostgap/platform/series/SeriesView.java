package dev.hostgap.platform.series;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /series}: one series' values along a window of a branch, oldest first. Field names are
 * contract. {@code nextBefore} is the sha to pass as {@code before} for the next older window, null
 * when this window reaches the start of the history.
 */
record SeriesView(String benchmark, int version, Map<String, String> params, String metric, String unit,
                  String direction, String branch, List<Point> points, String nextBefore) {

    /** One measured commit in one environment class; {@code n} is the number of forks pooled. */
    record Point(String sha, OffsetDateTime timestamp, double median, double p10, double p90, int n, String environment) {
    }
}
