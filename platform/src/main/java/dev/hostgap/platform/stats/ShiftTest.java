package dev.hostgap.platform.stats;

import java.util.Arrays;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * Decides whether head differs from base using per-fork samples. Mann-Whitney U gives the p-value
 * (exact for small samples without ties, which is the usual case of 5-20 forks); the Hodges-Lehmann
 * estimator gives the shift and its distribution-free confidence interval. A change is called a
 * regression or improvement only when it is both significant ({@code p < alpha}) and at least
 * {@code minChangePercent} large, so a tiny but real shift on a very quiet series is not an alarm.
 */
public final class ShiftTest {

    private static final MannWhitneyUTest MANN_WHITNEY = MannWhitneyUTest.withDefaults()
            .with(AlternativeHypothesis.TWO_SIDED)
            .with(PValueMethod.AUTO);

    private final double alpha;
    private final double minChangePercent;
    private final double z;

    public ShiftTest(double alpha, double minChangePercent) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        }
        if (!(minChangePercent >= 0)) {
            throw new IllegalArgumentException("minChangePercent must be >= 0, was " + minChangePercent);
        }
        this.alpha = alpha;
        this.minChangePercent = minChangePercent;
        this.z = NormalDistribution.of(0, 1).inverseSurvivalProbability(alpha / 2);
    }

    public Comparison compare(double[] base, double[] head, Direction direction) {
        Double baseMedian = base.length == 0 ? null : SampleSummary.of(base).median();
        Double headMedian = head.length == 0 ? null : SampleSummary.of(head).median();
        if (base.length == 0 || head.length == 0) {
            return new Comparison(baseMedian, headMedian, null, null, null, null,
                    base.length, head.length, Verdict.INSUFFICIENT_DATA);
        }
        double[] differences = sortedDifferences(base, head);
        double shift = SampleSummary.percentile(differences, 0.5);
        int trim = confidenceTrim(base.length, head.length);
        double low = differences[trim];
        double high = differences[differences.length - 1 - trim];
        double pValue = pValue(base, head);

        boolean relative = baseMedian != 0;
        Double changePercent = relative ? 100 * shift / Math.abs(baseMedian) : null;
        Double lowPercent = relative ? 100 * low / Math.abs(baseMedian) : null;
        Double highPercent = relative ? 100 * high / Math.abs(baseMedian) : null;

        Verdict verdict;
        if (smallestPossiblePValue(base.length, head.length) >= alpha) {
            verdict = Verdict.INSUFFICIENT_DATA;
        } else if (pValue < alpha && (!relative || Math.abs(changePercent) >= minChangePercent) && shift != 0) {
            verdict = direction.isWorse(shift) ? Verdict.REGRESSION : Verdict.IMPROVEMENT;
        } else {
            verdict = Verdict.UNCHANGED;
        }
        return new Comparison(baseMedian, headMedian, changePercent, lowPercent, highPercent, pValue,
                base.length, head.length, verdict);
    }

    /** Two-sided Mann-Whitney p-value of head against base (exact for small samples without ties). */
    public static double pValue(double[] base, double[] head) {
        return base.length + head.length < 3 ? 1.0 : MANN_WHITNEY.test(head, base).getPValue();
    }

    /** The Hodges-Lehmann shift: the median of all head-minus-base differences. */
    public static double hodgesLehmann(double[] base, double[] head) {
        return SampleSummary.percentile(sortedDifferences(base, head), 0.5);
    }

    /**
     * Two-sided exact Mann-Whitney p-value when all head samples lie beyond all base samples:
     * 2 / C(n1 + n2, n1). If even that is not below alpha, no data could make the test significant.
     */
    public static double smallestPossiblePValue(int n1, int n2) {
        double combinations = 1;
        for (int i = 1; i <= Math.min(n1, n2); i++) {
            combinations = combinations * (n1 + n2 - Math.min(n1, n2) + i) / i;
        }
        return Math.min(1.0, 2 / combinations);
    }

    private static double[] sortedDifferences(double[] base, double[] head) {
        double[] differences = new double[base.length * head.length];
        int k = 0;
        for (double h : head) {
            for (double b : base) {
                differences[k++] = h - b;
            }
        }
        Arrays.sort(differences);
        return differences;
    }

    /**
     * How many of the sorted pairwise differences to drop at each end for a (1 - alpha) interval
     * (Moses' method, normal approximation of the U distribution; conservative at small n).
     */
    private int confidenceTrim(int n1, int n2) {
        double mean = n1 * (double) n2 / 2;
        double sd = Math.sqrt(n1 * (double) n2 * (n1 + n2 + 1) / 12);
        int trim = (int) Math.floor(mean - z * sd);
        return Math.max(0, Math.min(trim, (n1 * n2 - 1) / 2));
    }
}
