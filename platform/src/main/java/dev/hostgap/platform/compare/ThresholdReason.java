package dev.hostgap.platform.compare;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import dev.hostgap.platform.stats.Judgement;
import dev.hostgap.platform.stats.RunNoise;
import dev.hostgap.platform.stats.RunValue;
import dev.hostgap.platform.stats.Thresholds;
import dev.hostgap.platform.stats.Verdict;

/**
 * Why a row's threshold is what it is, from what {@link dev.hostgap.platform.stats.Judge} was given:
 * the same 1 → 1 comparison is ±2% for two runs on one machine and ±30% across machines of a series
 * whose machines differ, and a person reading both needs to see which is which. Words, not numbers:
 * the numbers are in the row.
 */
final class ThresholdReason {

    /**
     * Up to this many history runs, the noise rests on the MAD alone and its uncertainty widens the
     * threshold by a third or more (Judge.noiseUncertainty: 2.7 times from 10 runs, 1.32 from 11).
     */
    static final int FEW_RUNS = 11;

    private ThresholdReason() {
    }

    /** The machines of these runs, each once in upload order; runs that did not say are left out. */
    static List<String> machines(List<RunValue> runs) {
        Set<String> machines = new LinkedHashSet<>();
        runs.stream().map(RunValue::machine).filter(Objects::nonNull).forEach(machines::add);
        return List.copyOf(machines);
    }

    /**
     * @param own the series' noise from its own runs
     * @param used the noise judged by: {@code own}, never below the series' calibration
     */
    static String of(List<RunValue> base, List<RunValue> head, RunNoise own, RunNoise used, Judgement j,
                     Thresholds thresholds) {
        if (j.thresholdPercent() == null) {
            return j.verdict() == Verdict.INSUFFICIENT_DATA || j.historyRuns() >= thresholds.minHistoryRuns() ? null
                    : String.format(Locale.ROOT, "few runs: noise unknown below %d runs (%d on record)",
                            thresholds.minHistoryRuns(), j.historyRuns());
        }
        if (j.thresholdPercent() <= thresholds.minChangePercent()) {
            return String.format(Locale.ROOT, "practical minimum: the noise bound is below %s%%",
                    trim(thresholds.minChangePercent()));
        }
        List<String> baseMachines = machines(base);
        List<String> headMachines = machines(head);
        boolean everyRunSaid = baseMachines.size() + headMachines.size() > 0
                && base.stream().allMatch(r -> r.machine() != null) && head.stream().allMatch(r -> r.machine() != null);
        boolean sameHost = everyRunSaid && baseMachines.size() == 1 && baseMachines.equals(headMachines);
        List<String> parts = new ArrayList<>();
        if (sameHost) {
            parts.add("same host: run-to-run noise only");
        } else if (used.between() == 0) {
            parts.add((everyRunSaid ? "different hosts" : "hosts unknown") + ": no host-to-host noise on record");
        } else {
            parts.add((everyRunSaid ? "different hosts" : "hosts unknown") + ": host-to-host noise added");
        }
        if (j.historyRuns() <= FEW_RUNS) {
            parts.add(String.format(Locale.ROOT, "few runs (%d): widened for an uncertain noise", j.historyRuns()));
        }
        if (used.within() > own.within() || (!sameHost && used.between() > own.between())) {
            parts.add("calibrated floor");
        }
        return String.join("; ", parts);
    }

    private static String trim(double percent) {
        return percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent);
    }
}
