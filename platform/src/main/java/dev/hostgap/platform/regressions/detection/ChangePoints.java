package dev.hostgap.platform.regressions.detection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * PELT (Killick, Fearnhead and Eckley 2012) for shifts in the mean of a sequence, with the
 * squared-error cost: finds the segmentation minimizing total cost plus {@code penalty} per change,
 * in linear time on average. Input are per-commit medians scaled by the noise, so one penalty works
 * for every series.
 */
public final class ChangePoints {

    private ChangePoints() {
    }

    /** Indices where a new segment starts (never 0), ascending. */
    public static List<Integer> pelt(double[] values, double penalty) {
        int n = values.length;
        double[] sum = new double[n + 1];
        double[] sumSq = new double[n + 1];
        for (int i = 0; i < n; i++) {
            sum[i + 1] = sum[i] + values[i];
            sumSq[i + 1] = sumSq[i] + values[i] * values[i];
        }
        double[] best = new double[n + 1];
        int[] last = new int[n + 1];
        best[0] = -penalty;
        // candidate segment starts, pruned in place; plain arrays because this runs for every series
        // of every judged run, and boxed lists made it the detection worker's main allocation
        int[] candidates = new int[n + 1];
        double[] costs = new double[n + 1];
        int count = 1;
        candidates[0] = 0;
        for (int t = 1; t <= n; t++) {
            double min = Double.POSITIVE_INFINITY;
            int argmin = 0;
            for (int k = 0; k < count; k++) {
                int s = candidates[k];
                costs[k] = best[s] + cost(sum, sumSq, s, t) + penalty;
                if (costs[k] < min) {
                    min = costs[k];
                    argmin = s;
                }
            }
            best[t] = min;
            last[t] = argmin;
            int kept = 0;
            for (int k = 0; k < count; k++) {
                if (costs[k] - penalty <= min) {
                    candidates[kept++] = candidates[k];
                }
            }
            candidates[kept++] = t;
            count = kept;
        }
        List<Integer> changes = new ArrayList<>();
        for (int t = last[n]; t > 0; t = last[t]) {
            changes.add(t);
        }
        Collections.reverse(changes);
        return changes;
    }

    /** Squared error of values[s..t) around their mean. */
    private static double cost(double[] sum, double[] sumSq, int s, int t) {
        double length = t - s;
        double total = sum[t] - sum[s];
        return (sumSq[t] - sumSq[s]) - total * total / length;
    }
}
