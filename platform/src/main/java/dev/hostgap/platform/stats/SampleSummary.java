package dev.hostgap.platform.stats;

import java.util.Arrays;

/**
 * Order statistics of per-fork samples. Percentiles interpolate linearly between closest ranks
 * (the definition numpy and R type 7 use), so small samples give intuitive values.
 */
public record SampleSummary(int n, double median, double mean, double p10, double p90, double min, double max) {

    public static SampleSummary of(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples to summarize");
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return new SampleSummary(sorted.length, percentile(sorted, 0.5), sum / sorted.length,
                percentile(sorted, 0.1), percentile(sorted, 0.9), sorted[0], sorted[sorted.length - 1]);
    }

    /** The median of unsorted values; 0 for none (an empty history has no spread). */
    public static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return percentile(sorted, 0.5);
    }

    /** Above this many values the Hodges-Lehmann estimate falls back to the median: its pairs grow as n². */
    public static final int MAX_HODGES_LEHMANN_VALUES = 500;

    /**
     * The Hodges-Lehmann location: the median of the averages of all pairs of values, each value
     * with itself included. As robust as a median to a few wild values (29% breakdown), but nearly
     * as efficient as the mean on normal data (95.5% against the median's 64%), so the same runs
     * judge a change with a smaller standard error. The median beyond {@link #MAX_HODGES_LEHMANN_VALUES}.
     */
    public static double hodgesLehmann(double[] values) {
        int n = values.length;
        if (n <= 2 || n > MAX_HODGES_LEHMANN_VALUES) {
            return n == 2 ? (values[0] + values[1]) / 2 : median(values);
        }
        double[] walsh = new double[n * (n + 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                walsh[k++] = (values[i] + values[j]) / 2;
            }
        }
        Arrays.sort(walsh);
        return percentile(walsh, 0.5);
    }

    /** Percentile of already sorted values, {@code q} in [0, 1]. */
    public static double percentile(double[] sorted, double q) {
        double rank = q * (sorted.length - 1);
        int lower = (int) Math.floor(rank);
        int upper = (int) Math.ceil(rank);
        return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
    }
}
