package dev.hostgap.platform.regressions.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.hostgap.platform.stats.Direction;
import dev.hostgap.platform.stats.SampleSummary;
import dev.hostgap.platform.stats.ShiftTest;

/**
 * Judges the newest commit of one series against its first-parent history.
 * <ol>
 * <li>The series' noise is the robust spread of consecutive differences of per-commit medians
 *     (1.4826 MAD / sqrt 2): a step does not inflate it, process-to-process shifts do.</li>
 * <li>PELT over the medians (in units of that noise) finds the last level change; without one the
 *     newest commit is tested alone. So a change that later commits confirm is dated to the commit
 *     where it began, not to the commit that made it significant.</li>
 * <li>The forks after the change are tested against up to {@code baselineCommits} measured commits
 *     before it (Mann-Whitney U), and the shift (Hodges-Lehmann) must exceed a threshold derived from
 *     the noise: {@code max(floor, multiplier * noise * sqrt(1/before + 1/after))} percent.</li>
 * </ol>
 * The caller controls false discoveries across the series of a run (Benjamini-Hochberg on
 * {@link Finding#pValue()}). No Spring, no database, no clock: tested with CSV fixtures.
 */
public final class StepDetector {

    private final DetectorSettings settings;

    public StepDetector(DetectorSettings settings) {
        this.settings = settings;
    }

    public enum Kind { REGRESSION, IMPROVEMENT, NONE, INSUFFICIENT_DATA }

    /**
     * @param firstBad index in the history of the first commit at the new level (-1 when none)
     * @param pValue unadjusted; the caller applies Benjamini-Hochberg across a run's series
     */
    public record Finding(Kind kind, int firstBad, double pValue, double changePercent, double thresholdPercent,
                          double baselineMedian, double currentMedian) {

        static Finding insufficient() {
            return new Finding(Kind.INSUFFICIENT_DATA, -1, 1.0, 0, 0, Double.NaN, Double.NaN);
        }

        /** The same finding, demoted to NONE when the run-wide adjusted p-value is not significant. */
        public Finding adjusted(double qValue, double alpha) {
            return qValue < alpha || kind == Kind.NONE || kind == Kind.INSUFFICIENT_DATA ? this
                    : new Finding(Kind.NONE, -1, pValue, changePercent, thresholdPercent, baselineMedian, currentMedian);
        }
    }

    /** {@code history} is oldest first and ends with the commit being judged. */
    public Finding examine(List<MeasuredCommit> history, Direction direction) {
        int n = history.size();
        if (n < 2) {
            return Finding.insufficient();
        }
        double[] medians = history.stream().mapToDouble(c -> SampleSummary.of(c.samples()).median()).toArray();
        double noise = noise(medians);
        int change = lastChange(medians, noise);
        int from = Math.max(0, change - settings.baselineCommits());
        double[] before = pool(history.subList(from, change));
        double[] after = pool(history.subList(change, n));
        if (before.length == 0 || ShiftTest.smallestPossiblePValue(before.length, after.length) >= settings.alpha()) {
            return Finding.insufficient();
        }
        double baseline = SampleSummary.of(before).median();
        double current = SampleSummary.of(after).median();
        double p = ShiftTest.pValue(before, after);
        double shift = ShiftTest.hodgesLehmann(before, after);
        double scale = Math.abs(baseline) > 0 ? Math.abs(baseline) : 1.0;
        double changePercent = 100 * shift / scale;
        double segmentNoise = noise * Math.sqrt(1.0 / (change - from) + 1.0 / (n - change));
        double threshold = Math.max(settings.floorPercent(), settings.noiseMultiplier() * 100 * segmentNoise / scale);
        Kind kind = Kind.NONE;
        if (p < settings.alpha() && Math.abs(changePercent) >= threshold && shift != 0) {
            kind = direction.isWorse(shift) ? Kind.REGRESSION : Kind.IMPROVEMENT;
        }
        return new Finding(kind, kind == Kind.NONE ? -1 : change, p, changePercent, threshold, baseline, current);
    }

    /** Index where the newest level begins; the newest commit itself when PELT finds no change. */
    private int lastChange(double[] medians, double noise) {
        if (noise <= 0) {
            return medians.length - 1;
        }
        double[] scaled = Arrays.stream(medians).map(m -> m / noise).toArray();
        List<Integer> changes = ChangePoints.pelt(scaled, settings.penalty());
        return changes.isEmpty() ? medians.length - 1 : changes.get(changes.size() - 1);
    }

    /** Robust standard deviation of one commit's median, from consecutive differences. */
    static double noise(double[] medians) {
        if (medians.length < 3) {
            return 0;
        }
        double[] diffs = new double[medians.length - 1];
        for (int i = 1; i < medians.length; i++) {
            diffs[i - 1] = medians[i] - medians[i - 1];
        }
        double center = median(diffs);
        double[] deviations = Arrays.stream(diffs).map(d -> Math.abs(d - center)).toArray();
        return 1.4826 * median(deviations) / Math.sqrt(2);
    }

    private static double[] pool(List<MeasuredCommit> commits) {
        List<Double> all = new ArrayList<>();
        commits.forEach(c -> Arrays.stream(c.samples()).forEach(all::add));
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return SampleSummary.percentile(sorted, 0.5);
    }
}
