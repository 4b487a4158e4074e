package dev.hostgap.platform.stats;

/**
 * The answer of the judgement model for one series, base against head. Every number is finite or
 * null, never NaN or infinite, so JSON carries numbers or null. Percentages are of the base level.
 *
 * @param baseLevel median of the base side's run levels (a run's level is the median of its forks)
 * @param headLevel median of the head side's run levels
 * @param changePercent head against base; null when the base level is 0
 * @param ciLowPercent lower end of the 95% interval of the change; null while the noise is unknown
 * @param ciHighPercent upper end of that interval
 * @param pValue two-sided, of the change against the run-to-run noise; null while the noise is unknown,
 *               except 1 where there is no change at all
 * @param noisePercent run-to-run standard deviation of one run, in percent of the base level
 * @param thresholdPercent the smallest change that would have counted here: the practical threshold
 *                         or the noise bound, whichever is larger
 * @param historyRuns how many runs of the series the noise estimate is from
 */
public record Judgement(Double baseLevel, Double headLevel, Double changePercent, Double ciLowPercent,
                        Double ciHighPercent, Double pValue, int baseRuns, int headRuns, Double noisePercent,
                        Double thresholdPercent, int historyRuns, Verdict verdict) {
}
