package dev.hostgap.platform.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The one judgement model: decides whether the head side of a series differs from its base side,
 * with runs as the replicates. Each side is a set of run levels (one per run; several runs of one
 * commit pool here, at the run level, never fork by fork). The change is the difference of the
 * sides' median run levels; its standard error comes from the series' run-to-run noise
 * ({@link RunNoise}), not from the forks. It is called a regression or improvement only when it is
 * at least {@code noiseMultiplier} standard errors and at least {@code minChangePercent} of the
 * base level. While the series has fewer than {@code minHistoryRuns} runs, its noise is unknown and
 * the answer is {@link Verdict#INSUFFICIENT_HISTORY} with the observed change.
 *
 * <p>Plain Java with no Spring, no database and no clock: compare, the upload answer, commit
 * verdicts and detection all call this, so one commit cannot be a regression on one endpoint and
 * unchanged on another.
 */
public final class Judge {

    private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);

    private Judge() {
    }

    public static Judgement judge(double[] baseRuns, double[] headRuns, RunNoise noise, Direction direction,
                                  Thresholds thresholds) {
        Double baseLevel = baseRuns.length == 0 ? null : RunNoise.median(baseRuns);
        Double headLevel = headRuns.length == 0 ? null : RunNoise.median(headRuns);
        if (baseLevel == null || headLevel == null) {
            return new Judgement(baseLevel, headLevel, null, null, null, null, baseRuns.length, headRuns.length,
                    null, null, noise.runs(), Verdict.INSUFFICIENT_DATA);
        }
        double shift = headLevel - baseLevel;
        double scale = Math.abs(baseLevel);
        Double changePercent = percent(shift, scale);
        boolean noiseKnown = noise.runs() >= thresholds.minHistoryRuns();
        if (!noiseKnown && shift != 0) {
            return new Judgement(baseLevel, headLevel, changePercent, null, null, null, baseRuns.length,
                    headRuns.length, null, null, noise.runs(), Verdict.INSUFFICIENT_HISTORY);
        }
        double standardError = noise.sigma() * Math.sqrt(medianVarianceFactor(baseRuns.length) / baseRuns.length
                + medianVarianceFactor(headRuns.length) / headRuns.length);
        double z = shift == 0 ? 0 : standardError > 0 ? shift / standardError : Math.copySign(Double.MAX_VALUE, shift);
        double pValue = Math.min(1, 2 * NORMAL.survivalProbability(Math.abs(z)));
        double halfWidth = intervalQuantile(noise.runs()) * standardError;
        double noiseBound = thresholds.noiseMultiplier() * standardError;
        Double thresholdPercent = scale > 0 ? finiteOrNull(Math.max(thresholds.minChangePercent(), 100 * noiseBound / scale)) : null;
        boolean beyondNoise = Math.abs(z) >= thresholds.noiseMultiplier();
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
     * Variance of the median of n run levels relative to that of their mean: 1 for one or two runs
     * (the median is the mean), pi/2 beyond (the median's asymptotic efficiency), erring wide.
     */
    static double medianVarianceFactor(int n) {
        return n <= 2 ? 1 : Math.PI / 2;
    }

    /**
     * Two-sided 95% quantile for the interval: Student's t with one degree of freedom less than the
     * runs the noise is from. Simulated with normal run noise, this keeps the coverage of the
     * {@link RunNoise} estimate at 94-97% from 6 to 60 history runs (checked in the tests).
     */
    static double intervalQuantile(int historyRuns) {
        double degreesOfFreedom = Math.max(1, historyRuns - 1);
        return TDistribution.of(degreesOfFreedom).inverseSurvivalProbability(0.025);
    }

    private static Double percent(double value, double scale) {
        return scale > 0 ? finiteOrNull(100 * value / scale) : null;
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
