package dev.hostgap.platform.regressions.detection;

/**
 * @param baselineCommits how many measured commits before a change form its baseline
 * @param penalty PELT penalty per change point, in units of the series' run-to-run noise variance
 */
public record DetectorSettings(int baselineCommits, double penalty) {

    public static DetectorSettings defaults() {
        return new DetectorSettings(20, 20.0);
    }
}
