package dev.hostgap.platform.regressions.detection;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Benjamini-Hochberg adjusted p-values (q-values): flagging every series with {@code q < alpha}
 * keeps the expected share of false discoveries among the flagged series of a run below alpha.
 */
public final class BenjaminiHochberg {

    private BenjaminiHochberg() {
    }

    public static double[] adjust(double[] pValues) {
        int m = pValues.length;
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        double[] q = new double[m];
        double running = 1.0;
        for (int rank = m; rank >= 1; rank--) {
            int i = order[rank - 1];
            running = Math.min(running, pValues[i] * m / rank);
            q[i] = running;
        }
        return q;
    }
}
