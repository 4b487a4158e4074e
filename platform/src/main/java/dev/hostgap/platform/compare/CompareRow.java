package dev.hostgap.platform.compare;

import java.util.Map;

/** One series in a comparison; field names are part of the v1 contract. */
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
        String verdict) {
}
