package dev.hostgap.platform.compare;

import java.util.List;
import java.util.Map;

/**
 * One series in a comparison; field names are part of the v1 contract. {@code baseMedian} and
 * {@code headMedian} are the medians of the run levels on each side (a run's level is the median of
 * its forks); every number is finite or null.
 *
 * @param thresholdReason why the threshold is as wide as it is, in a few words a person reads next to
 *                        it (same host or not, few runs, a calibrated floor, the practical minimum);
 *                        null where there is no threshold and nothing to say about one
 * @param baseMachines the machines the base runs were measured on, each named once in upload order:
 *                     the GPU's UUID where the runner reported one, else the host (what the threshold
 *                     tells apart); empty where no run said
 * @param headMachines likewise for the head runs
 * @param series the series' id, which {@code GET /compare/samples?series=} takes for the row's fork samples
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
        String verdict,
        String thresholdReason,
        List<String> baseMachines,
        List<String> headMachines,
        long series) {
}
