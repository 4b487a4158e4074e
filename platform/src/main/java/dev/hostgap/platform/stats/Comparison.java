package dev.hostgap.platform.stats;

/**
 * Base against head for one series. Percentages are relative to the base median; the change is
 * the Hodges-Lehmann shift (median of all head-minus-base differences) so that it always lies
 * inside its confidence interval. Null where a side has no samples or the base median is zero.
 */
public record Comparison(
        Double baseMedian,
        Double headMedian,
        Double changePercent,
        Double ciLowPercent,
        Double ciHighPercent,
        Double pValue,
        int baseCount,
        int headCount,
        Verdict verdict) {
}
