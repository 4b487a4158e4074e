package dev.hostgap.platform.regressions.detection;

/**
 * @param baselineCommits how many measured commits before a change form its baseline
 * @param penalty PELT penalty per change point, in units of the series' run-to-run noise variance
 * @param raiseWithinCommits how many measured commits, the first bad one included, a level change
 *                           has to show itself: an older change is settled, and the newest commit is
 *                           judged against the level since it. A step that takes longer to stand out
 *                           is too small for the noise to tell from drift, and an alarm that late
 *                           would blame a commit long since built upon. It is also how many looks
 *                           the boundary of {@link StepDetector#atLook} is spread over
 */
public record DetectorSettings(int baselineCommits, double penalty, int raiseWithinCommits) {

    public DetectorSettings {
        if (baselineCommits < 2 || raiseWithinCommits < 1 || !(penalty > 0)) {
            throw new IllegalArgumentException("baselineCommits >= 2, penalty > 0 and raiseWithinCommits >= 1, was "
                    + baselineCommits + ", " + penalty + ", " + raiseWithinCommits);
        }
    }

    public static DetectorSettings defaults() {
        return new DetectorSettings(30, 20.0, 10);
    }
}
