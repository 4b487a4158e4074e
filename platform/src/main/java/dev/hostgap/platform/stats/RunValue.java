package dev.hostgap.platform.stats;

/**
 * One run of one series, reduced to what the judgement model needs: the run's level (the median of
 * its forks) and how precisely its forks pin that level down.
 *
 * @param median the median of the run's forks: the run-level value, the replicate of every verdict
 * @param forkStandardError standard error of that median from the fork spread alone; the run-to-run
 *                          noise is never taken to be smaller than this
 * @param forks number of forks (processes) in the run
 * @param machine which physical machine measured it (the GPU's UUID where the runner reports one,
 *                else the host); null when unknown. Runs on different machines of one GPU model
 *                differ by more than runs on one machine: {@link RunNoise} counts that in.
 */
public record RunValue(double median, double forkStandardError, int forks, String machine) {

    public RunValue(double median, double forkStandardError, int forks) {
        this(median, forkStandardError, forks, null);
    }

    /** From the summary columns stored per result: the spread of the forks is read off p10/p90. */
    public static RunValue of(double median, double p10, double p90, int forks, String machine) {
        // p90 - p10 spans 2.563 standard deviations of a normal; the median's standard error is
        // 1.2533 sd / sqrt(n) (its asymptotic efficiency is 2/pi of the mean's)
        double sd = Math.max(0, p90 - p10) / 2.563;
        return new RunValue(median, forks > 0 ? 1.2533 * sd / Math.sqrt(forks) : 0, forks, machine);
    }

    public static RunValue of(double[] forkSamples) {
        return of(forkSamples, null);
    }

    public static RunValue of(double[] forkSamples, String machine) {
        SampleSummary s = SampleSummary.of(forkSamples);
        return of(s.median(), s.p10(), s.p90(), s.n(), machine);
    }
}
