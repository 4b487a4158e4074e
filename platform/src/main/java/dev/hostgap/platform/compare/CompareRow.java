package dev.hostgap.platform.compare;

import java.util.Map;

/**
 * One series in a comparison; field names are part of the v1 contract. {@code baseMedian} and
 * {@code headMedian} are the medians of the run levels on each side (a run's level is the median of
 * its forks); every number is finite or null.
 */
public record CompareRow(
        String benchmark,
        int version,
        Map<String, String> params,
        String metric,
        String unit,
        String direction,
        String environment,
        Double baseMedian,
        Double headMedian,
        Double changePercent,
        Double ciLowPercent,
        Double ciHighPercent,
        Double pValue,
        int baseSamples,
        int headSamples,
        int baseRuns,
        int headRuns,
        Double noisePercent,
        Double thresholdPercent,
        int historyRuns,
        String verdict) {
}
