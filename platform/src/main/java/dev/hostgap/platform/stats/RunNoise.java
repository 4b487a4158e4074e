package dev.hostgap.platform.stats;

import java.util.Arrays;
import java.util.List;

/**
 * The run-to-run noise of one series: the standard deviation of a single run's level around the
 * series' true level. Measured on an H200, runs of the same code move by 1-8% while the forks
 * within a run spread by 3-9%: the run, not the fork, is the replicate, and its noise has to come
 * from the series' own history of runs.
 *
 * <p>The estimate is the robust spread of consecutive differences of run levels in history order
 * (1.4826 MAD / sqrt 2, centred on the median difference): a level step adds one large difference
 * and barely moves it, a slow drift is centred away. Repeated runs of one commit (an A/A
 * calibration, {@code hostgap-runner run --repeat N}) contribute their differences the same way.
 * It is never below the median fork-level standard error of the runs. Only where both are zero
 * (run levels that mostly repeat exactly, forks without spread: a clamped metric such as a host
 * overhead fraction of 0) is the root mean square difference used instead.
 *
 * @param sigma standard deviation of one run's level, in the series' unit; 0 only for a series that never varied
 * @param runs how many run levels the estimate is from
 */
public record RunNoise(double sigma, int runs) {

    public static final RunNoise UNKNOWN = new RunNoise(0, 0);

    /** {@code history} in order: oldest commit first, runs of one commit in upload order. */
    public static RunNoise estimate(List<RunValue> history) {
        int n = history.size();
        if (n < 2) {
            return new RunNoise(0, n);
        }
        double[] diffs = new double[n - 1];
        for (int i = 1; i < n; i++) {
            diffs[i - 1] = history.get(i).median() - history.get(i - 1).median();
        }
        double center = median(diffs);
        double[] deviations = Arrays.stream(diffs).map(d -> Math.abs(d - center)).toArray();
        double sigma = Math.max(1.4826 * median(deviations), tailScale(deviations)) / Math.sqrt(2);
        double forkFloor = median(history.stream().mapToDouble(RunValue::forkStandardError).toArray());
        if (sigma == 0 && forkFloor == 0) {
            double sumSquares = 0;
            for (double d : diffs) {
                sumSquares += d * d;
            }
            sigma = Math.sqrt(sumSquares / (2.0 * diffs.length));
        }
        return new RunNoise(Math.max(sigma, forkFloor), n);
    }

    /**
     * The spread read off the 90th percentile of the deviations (1.645 standard deviations of a
     * normal): for normal noise about what the MAD gives, but it sees heavy tails and bimodal run
     * levels (forks in two modes make the median jump) that leave the MAD small.
     */
    static double tailScale(double[] deviations) {
        if (deviations.length < 5) {
            return 0;
        }
        double[] sorted = deviations.clone();
        Arrays.sort(sorted);
        return SampleSummary.percentile(sorted, 0.9) / 1.645;
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return SampleSummary.percentile(sorted, 0.5);
    }
}
