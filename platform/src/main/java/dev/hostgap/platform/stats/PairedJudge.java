package dev.hostgap.platform.stats;

import java.util.List;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Judges a confirmation: one runner measured the last good commit (base) and the suspected one
 * (head) interleaved, A B A B A B, and each round is a pair of run levels. Pairing takes out what
 * moves both sides at once (the machine, its warm state, the hour), so the change is judged as the
 * mean of the pairs' differences rather than as two independent samples, with the same thresholds
 * and the same {@link Judgement} as {@link Judge}.
 *
 * <p>The rule. With d = head − base per pair and n pairs: the change is mean(d), the base level
 * (what percentages are of) the mean of the base values, the head level the mean of the head values.
 * Fewer than 2 pairs is {@link Verdict#INSUFFICIENT_DATA}. The noise of a difference is
 * sigma = s_d, the sample standard deviation of d; where the series' noise is known (from at least
 * {@code minHistoryRuns} runs of its history or a calibration), sigma is never below sqrt(2) times
 * its within-machine part: a few pairs measured back to back can look quieter than the series is,
 * and the between-machine part drops out because both sides ran on the one machine. The degrees of
 * freedom are those of the history's estimate ({@link Judge#noiseDegreesOfFreedom}) when it is
 * used, else n − 1. The standard error is sigma / sqrt(n); the change counts, as a regression or
 * improvement by the metric's direction, when it is at least {@code noiseMultiplier} × u(df)
 * standard errors (u as in {@link Judge#noiseUncertainty}) and at least {@code minChangePercent}
 * of the base level; otherwise, and always when it is exactly 0, it is unchanged. Without a history
 * three pairs have 2 degrees of freedom, u = 6.4: only a change far beyond their spread is confirmed.
 *
 * <p>Plain Java with no Spring, no database and no clock. Every number is finite or null.
 */
public final class PairedJudge {

    private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);

    /** One round of a paired measurement: the level (median of forks) of the base run and of the head run measured right after it on the same runner. */
    public record Pair(double base, double head) {

        public Pair {
            if (!Double.isFinite(base) || !Double.isFinite(head)) {
                throw new IllegalArgumentException("a pair needs finite levels, got " + base + " and " + head);
            }
        }
    }

    private PairedJudge() {
    }

    public static Judgement judge(List<Pair> pairs, RunNoise historyNoise, Direction direction, Thresholds thresholds) {
        int n = pairs.size();
        boolean historyKnown = historyNoise.runs() >= thresholds.minHistoryRuns();
        int historyRuns = historyKnown ? historyNoise.runs() : n;
        if (n < 2) {
            // one pair has no spread of its own to judge by, whatever the history says
            Double base = n == 0 ? null : pairs.get(0).base();
            Double head = n == 0 ? null : pairs.get(0).head();
            return new Judgement(base, head, null, null, null, null, n, n, null, null, historyRuns, Verdict.INSUFFICIENT_DATA);
        }
        double[] differences = pairs.stream().mapToDouble(p -> p.head() - p.base()).toArray();
        double baseLevel = mean(pairs.stream().mapToDouble(Pair::base).toArray());
        double headLevel = mean(pairs.stream().mapToDouble(Pair::head).toArray());
        double change = mean(differences);
        double scale = Math.abs(baseLevel);

        double ownSpread = standardDeviation(differences, change);
        // the difference of two runs on one machine varies by sqrt(2) of one run's within-machine noise
        double sigma = historyKnown ? Math.max(ownSpread, Math.sqrt(2) * historyNoise.within()) : ownSpread;
        double degreesOfFreedom = historyKnown ? Judge.noiseDegreesOfFreedom(historyNoise.runs()) : n - 1;

        double standardError = sigma / Math.sqrt(n);
        double z = change == 0 ? 0 : standardError > 0 ? change / standardError : Math.copySign(Double.MAX_VALUE, change);
        double pValue = Math.min(1, 2 * NORMAL.survivalProbability(Math.abs(z)));
        double multiplier = thresholds.noiseMultiplier() * Judge.noiseUncertaintyForDegreesOfFreedom(degreesOfFreedom);
        double halfWidth = TDistribution.of(degreesOfFreedom).inverseSurvivalProbability(0.025) * standardError;
        Double changePercent = percent(change, scale);
        boolean beyondNoise = Math.abs(z) >= multiplier;
        // no relative change (a base level of 0) means an unbounded one, as in Judge
        boolean practical = changePercent == null || Math.abs(changePercent) >= thresholds.minChangePercent();
        Verdict verdict = change != 0 && beyondNoise && practical
                ? (direction.isWorse(change) ? Verdict.REGRESSION : Verdict.IMPROVEMENT)
                : Verdict.UNCHANGED;
        Double thresholdPercent = scale > 0
                ? finiteOrNull(Math.max(thresholds.minChangePercent(), 100 * multiplier * standardError / scale)) : null;
        return new Judgement(finiteOrNull(baseLevel), finiteOrNull(headLevel), changePercent,
                percent(change - halfWidth, scale), percent(change + halfWidth, scale), finiteOrNull(pValue), n, n,
                percent(sigma / Math.sqrt(2), scale), thresholdPercent, historyRuns, verdict);
    }

    /**
     * Whether more pairs could still decide what was suspected: the pairs did not say {@code suspected}
     * (a regression or an improvement), but their change points that way and is at least half its
     * threshold. A confirmation extends such a probe with more rounds rather than dismissing a real
     * step that its first few pairs measured a little short of the threshold; a change that is not
     * there rarely gets so far (about one time in thirty with four pairs), so this costs runner time,
     * almost never a false confirmation (ConfirmationTrialsTest measures both).
     */
    public static boolean inconclusive(Judgement judgement, Verdict suspected, Direction direction) {
        if (judgement.verdict() == suspected || !suspected.isChange() || judgement.changePercent() == null
                || judgement.thresholdPercent() == null || judgement.changePercent() == 0) {
            return false;
        }
        boolean worse = direction.isWorse(judgement.changePercent());
        boolean pointsThatWay = suspected == Verdict.REGRESSION ? worse : !worse;
        return pointsThatWay && Math.abs(judgement.changePercent()) >= judgement.thresholdPercent() / 2;
    }

    /** Divided before summing, so that levels near the largest double do not overflow. */
    private static double mean(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v / values.length;
        }
        return mean;
    }

    private static double standardDeviation(double[] values, double mean) {
        double sumSquares = 0;
        for (double v : values) {
            sumSquares += (v - mean) * (v - mean);
        }
        return Math.sqrt(sumSquares / (values.length - 1));
    }

    private static Double percent(double value, double scale) {
        return scale > 0 ? finiteOrNull(100 * value / scale) : null;
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
