package dev.hostgap.platform.regressions.evaluation;

import java.util.List;

/**
 * A detection method under evaluation. It sees the measured history of one series up to the
 * newest commit and says whether to raise an alarm, and which commit it blames.
 */
interface Method {

    String name();

    /**
     * Whether the method would now close the alarm it raised at {@code blamedCommit} as fixed. The
     * corpus' steps never revert, so every close is a persistent regression closed by mistake.
     */
    default boolean closes(int[] commits, List<double[]> samples, int blamedCommit) {
        return false;
    }

    /** {@code commits[i]} is the commit index of {@code samples.get(i)}; the last is the newest. */
    Decision judge(int[] commits, List<double[]> samples);

    /** {@code blamed} is a commit index; {@code pValue} is NaN for methods without one. */
    record Decision(boolean alarm, int blamed, double pValue) {
        static final Decision NONE = new Decision(false, -1, Double.NaN);
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    static double sd(double[] values) {
        double m = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - m) * (v - m);
        }
        return Math.sqrt(sum / (values.length - 1));
    }
}
