package dev.hostgap.platform.traces;

import java.util.Arrays;

/**
 * Nearest-rank percentiles: the p-th percentile of n sorted values is the value at rank ⌈p/100 × n⌉
 * (1-based), always one of the values, never an interpolation; 0 for no values.
 */
final class Percentiles {

    private Percentiles() {
    }

    /** Sorts {@code values[from, to)} in place and returns its nearest-rank percentiles. */
    static long[] of(long[] values, int from, int to, int... percents) {
        Arrays.sort(values, from, to);
        int n = to - from;
        long[] result = new long[percents.length];
        for (int i = 0; i < percents.length; i++) {
            if (n > 0) {
                long rank = ((long) percents[i] * n + 99) / 100;
                result[i] = values[from + (int) Math.max(1, Math.min(n, rank)) - 1];
            }
        }
        return result;
    }
}
