package dev.hostgap.platform.stats;

/**
 * What it takes for a change to count, for one series. A change counts only when it is both beyond
 * the series' run-to-run noise ({@code noiseMultiplier} standard errors) and practically large
 * ({@code minChangePercent} of the base level), and only once the noise is known from at least
 * {@code minHistoryRuns} runs.
 */
public record Thresholds(double minChangePercent, double noiseMultiplier, int minHistoryRuns) {

    public static final Thresholds DEFAULTS = new Thresholds(2.0, 4.0, 6);
    /** Compare estimates the noise from a series' newest 200 runs: more could never be reached. */
    public static final int MAX_HISTORY_RUNS = 200;
    public static final int MAX_NOISE_MULTIPLIER = 100;

    public Thresholds {
        if (!(minChangePercent >= 0 && minChangePercent <= 1000)) {
            throw new IllegalArgumentException("minChangePercent must be in [0, 1000], was " + minChangePercent);
        }
        if (!(noiseMultiplier >= 1 && noiseMultiplier <= MAX_NOISE_MULTIPLIER)) {
            throw new IllegalArgumentException("noiseMultiplier must be in [1, " + MAX_NOISE_MULTIPLIER + "], was " + noiseMultiplier);
        }
        if (minHistoryRuns < 3 || minHistoryRuns > MAX_HISTORY_RUNS) {
            throw new IllegalArgumentException("minHistoryRuns must be in [3, " + MAX_HISTORY_RUNS + "], was " + minHistoryRuns);
        }
    }
}
