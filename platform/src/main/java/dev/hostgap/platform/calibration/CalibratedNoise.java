package dev.hostgap.platform.calibration;

import java.util.List;

import dev.hostgap.platform.stats.RunNoise;
import dev.hostgap.platform.stats.RunValue;
import dev.hostgap.platform.stats.SampleSummary;

/**
 * A calibration's noise of one series, as a fraction of the level it was measured at: a series
 * that got twice as fast since moves by half as many microseconds, so the floor follows its level.
 *
 * @param relativeWithin within-machine run-to-run standard deviation over the calibration's level
 * @param relativeBetween between-machine standard deviation over that level
 * @param runs how many runs of the calibrated commit it rests on
 * @param machines on how many machines they ran
 */
public record CalibratedNoise(double relativeWithin, double relativeBetween, int runs, int machines) {

    /** The noise at {@code level}, the series' present level. */
    public RunNoise at(double level) {
        double scale = Math.abs(level);
        return new RunNoise(relativeWithin * scale, relativeBetween * scale, runs, machines);
    }

    /** {@code noise}, never below this calibration at the level of {@code history} (none: the noise as it is). */
    public static RunNoise floor(RunNoise noise, CalibratedNoise calibration, List<RunValue> history) {
        if (calibration == null || history.isEmpty()) {
            return noise;
        }
        return floor(noise, calibration, SampleSummary.median(history.stream().mapToDouble(RunValue::median).toArray()));
    }

    /** {@code noise}, never below this calibration at {@code level} (none: the noise as it is). */
    public static RunNoise floor(RunNoise noise, CalibratedNoise calibration, double level) {
        return calibration == null ? noise : noise.atLeast(calibration.at(level));
    }
}
