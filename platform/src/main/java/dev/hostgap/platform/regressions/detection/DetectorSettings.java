package dev.hostgap.platform.regressions.detection;

/**
 * @param alpha false-discovery rate across the series of one run (Benjamini-Hochberg)
 * @param floorPercent smallest change ever flagged, whatever the series' noise
 * @param noiseMultiplier a change must also exceed this many times the series' own noise
 * @param baselineCommits how many measured commits before a change form its baseline
 * @param penalty PELT penalty per change point, in units of the series' noise variance
 */
public record DetectorSettings(double alpha, double floorPercent, double noiseMultiplier, int baselineCommits, double penalty) {

    public static DetectorSettings defaults() {
        return new DetectorSettings(0.05, 2.0, 4.0, 20, 20.0);
    }
}
