package dev.hostgap.platform.stats;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The one judgement model: decides whether the head side of a series differs from its base side,
 * with runs as the replicates. Each side is a set of run levels (one per run; several runs of one
 * commit pool here, at the run level, never fork by fork). The change is the difference of the
 * sides' levels (the Hodges-Lehmann location of each side's run levels); its standard error comes from the series' run-to-run noise
 * ({@link RunNoise}), not from the forks: the within-machine part shrinks with the runs of each
 * side, the between-machine part only with the machines of each side, and drops out when both
 * sides ran on one and the same machine. It is called a regression or improvement only when it is
 * at least {@code noiseMultiplier} standard errors and at least {@code minChangePercent} of the
 * base level. While the series has fewer than {@code minHistoryRuns} runs, its noise is unknown and
 * the answer is {@link Verdict#INSUFFICIENT_HISTORY} with the observed change.
 *
 * <p>Plain Java with no Spring, no database and no clock: compare, the upload answer, commit
 * verdicts and detection all decide by this one rule and the project's one set of thresholds. What
 * they feed it differs by their question: compare takes the two commits' runs and the series' newest
 * runs for the noise; detection takes the runs since a level change against up to 30 commits before it,
 * with the noise multiplier widened on the first looks at a change (StepDetector.atLook).
 */
public final class Judge {

    private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);
    // The two t quantiles depend on the history's run count alone; computing them took a tenth of a
    // 200-series compare's CPU. Run counts are bounded by the history window, so these stay small.
    private static final Map<Integer, Double> UNCERTAINTIES = new ConcurrentHashMap<>();
    private static final Map<Integer, Double> INTERVAL_QUANTILES = new ConcurrentHashMap<>();

    private Judge() {
    }

    /** Runs as stored: their levels, and on which machines they ran. */
    public static Judgement judge(List<RunValue> base, List<RunValue> head, RunNoise noise, Direction direction,
                                  Thresholds thresholds) {
        Set<String> baseMachines = machines(base);
        Set<String> headMachines = machines(head);
        boolean oneSharedMachine = baseMachines.size() == 1 && baseMachines.equals(headMachines)
                && !baseMachines.contains(UNKNOWN_MACHINE);
        return judge(levels(base), levels(head), baseMachines.size(), headMachines.size(), oneSharedMachine, noise,
                direction, thresholds);
    }

    private static final String UNKNOWN_MACHINE = "";

    private static Set<String> machines(List<RunValue> runs) {
        Set<String> machines = new HashSet<>();
        runs.forEach(r -> machines.add(r.machine() == null ? UNKNOWN_MACHINE : r.machine()));
        return machines;
    }

    private static double[] levels(List<RunValue> runs) {
        return runs.stream().mapToDouble(RunValue::median).toArray();
    }

    /** Runs whose machines are unknown: the machine term counts as if each side ran on one machine of its own. */
    public static Judgement judge(double[] baseRuns, double[] headRuns, RunNoise noise, Direction direction,
                                  Thresholds thresholds) {
        return judge(baseRuns, headRuns, 1, 1, false, noise, direction, thresholds);
    }

    /**
     * @param baseMachines on how many distinct machines the base runs were measured (at least 1)
     * @param headMachines likewise for the head runs
     * @param oneSharedMachine both sides ran on one and the same machine: machine-to-machine
     *                         differences cannot be part of the change
     */
    public static Judgement judge(double[] baseRuns, double[] headRuns, int baseMachines, int headMachines,
                                  boolean oneSharedMachine, RunNoise noise, Direction direction, Thresholds thresholds) {
        Double baseLevel = baseRuns.length == 0 ? null : SampleSummary.hodgesLehmann(baseRuns);
        Double headLevel = headRuns.length == 0 ? null : SampleSummary.hodgesLehmann(headRuns);
        if (baseLevel == null || headLevel == null) {
            return new Judgement(baseLevel, headLevel, null, null, null, null, baseRuns.length, headRuns.length,
                    null, null, noise.runs(), Verdict.INSUFFICIENT_DATA);
        }
        double shift = headLevel - baseLevel;
        double scale = Math.abs(baseLevel);
        Double changePercent = percent(shift, scale);
        boolean noiseKnown = noise.runs() >= thresholds.minHistoryRuns();
        if (!noiseKnown) {
            // no change at all needs no noise to judge; anything else does
            return new Judgement(baseLevel, headLevel, changePercent, null, null, shift == 0 ? 1.0 : null,
                    baseRuns.length, headRuns.length, null, null, noise.runs(),
                    shift == 0 ? Verdict.UNCHANGED : Verdict.INSUFFICIENT_HISTORY);
        }
        // runs average out their own noise; machines only as many as there are on each side
        double runVariance = noise.within() * noise.within() * (levelVarianceFactor(baseRuns.length) / baseRuns.length
                + levelVarianceFactor(headRuns.length) / headRuns.length);
        double machineVariance = oneSharedMachine ? 0
                : noise.between() * noise.between() * (1.0 / Math.max(1, baseMachines) + 1.0 / Math.max(1, headMachines));
        double standardError = Math.sqrt(runVariance + machineVariance);
        double z = shift == 0 ? 0 : standardError > 0 ? shift / standardError : Math.copySign(Double.MAX_VALUE, shift);
        double pValue = Math.min(1, 2 * NORMAL.survivalProbability(Math.abs(z)));
        double halfWidth = intervalQuantile(noise.runs()) * standardError;
        double multiplier = thresholds.noiseMultiplier() * noiseUncertainty(noise.runs());
        double noiseBound = multiplier * standardError;
        Double thresholdPercent = scale > 0 ? finiteOrNull(Math.max(thresholds.minChangePercent(), 100 * noiseBound / scale)) : null;
        boolean beyondNoise = Math.abs(z) >= multiplier;
        // no relative change (a base level of 0, or one too small to divide by) means an unbounded one
        boolean practical = changePercent == null || Math.abs(changePercent) >= thresholds.minChangePercent();
        Verdict verdict = shift != 0 && beyondNoise && practical
                ? (direction.isWorse(shift) ? Verdict.REGRESSION : Verdict.IMPROVEMENT)
                : Verdict.UNCHANGED;
        return new Judgement(baseLevel, headLevel, changePercent, percent(shift - halfWidth, scale),
                percent(shift + halfWidth, scale), pValue, baseRuns.length, headRuns.length,
                noiseKnown ? percent(noise.sigma(), scale) : null, thresholdPercent, noise.runs(), verdict);
    }

    /**
     * Variance of a side's level (the Hodges-Lehmann location of its n run levels) relative to that
     * of their mean, for normal run noise: 1 for one or two runs (it is the mean); 1.09 beyond, the
     * largest simulated from 3 to 30 runs (1.02-1.09; pi/3 = 1.047 in the limit).
     */
    static double levelVarianceFactor(int n) {
        return n <= 2 ? 1 : 1.09;
    }

    /** The one-sided tail at which {@link #noiseUncertainty} compares Student's t with the normal: 3 sigma. */
    private static final double UNCERTAINTY_TAIL = 0.00135;

    /**
     * How much wider the threshold is because the noise itself is only estimated, from
     * {@code historyRuns} runs: Student's t over the normal at 3 sigma, with the degrees of freedom
     * the noise estimate has ({@link #noiseDegreesOfFreedom}): 7.7 from 6 runs and 2.7 from 10 (the
     * MAD alone), 1.32 from 11, 1.09 from 30, 1.01 from 200. A noise read off a handful of runs is as often too
     * small as too large, and too small is a false alarm. The tail was chosen on the detection
     * corpus's tuning seed (docs/verdicts.md).
     */
    static double noiseUncertainty(int historyRuns) {
        return UNCERTAINTIES.computeIfAbsent(historyRuns, runs -> noiseUncertaintyForDegreesOfFreedom(noiseDegreesOfFreedom(runs)));
    }

    /**
     * {@link #noiseUncertainty} for a noise estimate of {@code degreesOfFreedom} directly: the paired
     * confirmation ({@link PairedJudge}) may read its noise off the pairs themselves rather than a history.
     */
    static double noiseUncertaintyForDegreesOfFreedom(double degreesOfFreedom) {
        return TDistribution.of(degreesOfFreedom).inverseSurvivalProbability(UNCERTAINTY_TAIL)
                / NORMAL.inverseSurvivalProbability(UNCERTAINTY_TAIL);
    }

    /**
     * Two-sided 95% quantile for the interval: Student's t with one degree of freedom less than the
     * runs the noise is from; below 11 runs, where {@link RunNoise} rests on the MAD alone (as
     * precise as a standard deviation from 0.37 as many values), with 0.37 times that. Simulated with
     * normal run noise, the coverage stays at 93-97% from 6 to 60 history runs (checked in the tests).
     */
    static double intervalQuantile(int historyRuns) {
        return INTERVAL_QUANTILES.computeIfAbsent(historyRuns,
                runs -> TDistribution.of(noiseDegreesOfFreedom(runs)).inverseSurvivalProbability(0.025));
    }

    /**
     * How precisely {@link RunNoise} knows the noise from {@code historyRuns} runs, as the degrees of
     * freedom of an equally precise standard deviation: one less than the runs from 11 on, 0.37 times
     * that below (where it rests on the MAD alone), at least 1.
     */
    public static double noiseDegreesOfFreedom(int historyRuns) {
        return historyRuns <= 10 ? Math.max(1, 0.37 * (historyRuns - 1)) : Math.max(1, historyRuns - 1);
    }

    private static Double percent(double value, double scale) {
        return scale > 0 ? finiteOrNull(100 * value / scale) : null;
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
