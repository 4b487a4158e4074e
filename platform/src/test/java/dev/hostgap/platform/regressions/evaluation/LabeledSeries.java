package dev.hostgap.platform.regressions.evaluation;

import java.util.List;

/**
 * One synthetic series: per commit the fork samples, or null where the commit was not measured.
 * {@code stepAt} is the commit where a step of {@code stepPercent} (worse, lower is better) begins,
 * -1 for none; {@code label} is the first measured commit at or after it, the commit a detector
 * should name as first bad.
 */
record LabeledSeries(String name, String noise, List<double[]> commits, int stepAt, double stepPercent, int label) {
}
