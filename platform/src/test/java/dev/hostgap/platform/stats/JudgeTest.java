package dev.hostgap.platform.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class JudgeTest {

    private static final Thresholds DEFAULTS = Thresholds.DEFAULTS;

    private static RunNoise noise(double sigma, int runs) {
        return new RunNoise(sigma, runs);
    }

    @Test
    void callsAChangeBeyondNoiseAndPracticalThresholdARegression() {
        // one run each side, sigma 1% of 100: standard error sqrt(2) = 1.41, 4 of them = 5.66%, widened
        // by 1.15 because the noise is known from 20 runs only (t with 19 df over the normal at 3 sigma)
        Judgement j = Judge.judge(new double[] {100}, new double[] {110}, noise(1, 20), Direction.LOWER_IS_BETTER, DEFAULTS);
        assertThat(j.verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(j.changePercent()).isCloseTo(10, within(1e-9));
        assertThat(j.thresholdPercent()).isCloseTo(4 * Math.sqrt(2) * 1.149, within(0.01));
        assertThat(j.noisePercent()).isCloseTo(1, within(1e-9));
        assertThat(j.ciLowPercent()).isLessThan(10).isGreaterThan(0);
        assertThat(j.ciHighPercent()).isGreaterThan(10);
        assertThat(j.pValue()).isLessThan(1e-9);
    }

    @Test
    void aChangeWithinRunToRunNoiseIsUnchangedHoweverManyForksAgree() {
        // 5% apart, but runs of this series move by 4%: 5 / (4 sqrt 2) = 0.9 standard errors
        Judgement j = Judge.judge(new double[] {100}, new double[] {95}, noise(4, 30), Direction.LOWER_IS_BETTER, DEFAULTS);
        assertThat(j.verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(j.changePercent()).isCloseTo(-5, within(1e-9));
        assertThat(j.pValue()).isGreaterThan(0.3);
    }

    @Test
    void aChangeBeyondNoiseButBelowThePracticalThresholdIsUnchanged() {
        Judgement j = Judge.judge(new double[] {100, 100, 100}, new double[] {101, 101, 101}, noise(0.05, 30),
                Direction.LOWER_IS_BETTER, DEFAULTS);
        assertThat(j.verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(j.thresholdPercent()).isEqualTo(2.0);
    }

    @Test
    void higherIsBetterTurnsAnIncreaseIntoAnImprovement() {
        Judgement j = Judge.judge(new double[] {100}, new double[] {120}, noise(1, 20), Direction.HIGHER_IS_BETTER, DEFAULTS);
        assertThat(j.verdict()).isEqualTo(Verdict.IMPROVEMENT);
    }

    @Test
    void saysInsufficientHistoryWithTheObservedChangeWhileTheNoiseIsUnknown() {
        Judgement j = Judge.judge(new double[] {100}, new double[] {150}, noise(1, 5), Direction.LOWER_IS_BETTER, DEFAULTS);
        assertThat(j.verdict()).isEqualTo(Verdict.INSUFFICIENT_HISTORY);
        assertThat(j.changePercent()).isCloseTo(50, within(1e-9));
        assertThat(j.pValue()).isNull();
        assertThat(j.ciLowPercent()).isNull();
        assertThat(j.historyRuns()).isEqualTo(5);
    }

    @Test
    void aCommitAgainstItselfIsUnchangedWithPOne() {
        double[] runs = {3.1, 3.4, 3.2};
        Judgement j = Judge.judge(runs, runs, noise(0.2, 2), Direction.LOWER_IS_BETTER, DEFAULTS);
        assertThat(j.verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(j.changePercent()).isZero();
        assertThat(j.pValue()).isEqualTo(1.0);
    }

    @Test
    void anAllZeroSeriesIsUnchangedAndEveryNumberIsFiniteOrNull() {
        double[] zeros = {0, 0, 0};
        Judgement j = Judge.judge(zeros, zeros, RunNoise.estimate(List.of(run(0), run(0), run(0), run(0), run(0), run(0))),
                Direction.LOWER_IS_BETTER, DEFAULTS);
        assertThat(j.verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(j.pValue()).isEqualTo(1.0);
        assertThat(j.changePercent()).isNull();
        assertThat(j.noisePercent()).isNull();
        assertThat(j.thresholdPercent()).isNull();
    }

    @Test
    void keepsNumbersFiniteAtTheEdgesOfTheDoubleRange() {
        Judgement j = Judge.judge(new double[] {Double.MIN_VALUE}, new double[] {1e15}, noise(0, 10),
                Direction.LOWER_IS_BETTER, DEFAULTS);
        assertThat(j.verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(j.changePercent()).isNull();
        assertThat(j.pValue()).isZero();
        for (Double value : new Double[] {j.baseLevel(), j.headLevel(), j.ciLowPercent(), j.ciHighPercent(), j.thresholdPercent()}) {
            assertThat(value == null || Double.isFinite(value)).isTrue();
        }
    }

    @Test
    void saysInsufficientDataWhenASideHasNoRun() {
        Judgement j = Judge.judge(new double[0], new double[] {1}, noise(1, 20), Direction.LOWER_IS_BETTER, DEFAULTS);
        assertThat(j.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(j.headLevel()).isEqualTo(1.0);
    }

    @Test
    void noiseComesFromConsecutiveRunDifferencesAndIgnoresAStep() {
        List<RunValue> history = new ArrayList<>();
        double[] levels = {10.0, 10.2, 9.9, 10.1, 10.0, 9.8, 10.1, 12.0, 12.1, 11.9, 12.2, 12.0};
        for (double level : levels) {
            history.add(run(level));
        }
        RunNoise noise = RunNoise.estimate(history);
        assertThat(noise.runs()).isEqualTo(12);
        assertThat(noise.sigma()).isBetween(0.05, 0.25); // the 1.9 step adds one difference out of 11
    }

    @Test
    void noiseIsNeverBelowWhatTheForkSpreadOfARunAllows() {
        List<RunValue> history = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            history.add(RunValue.of(10, 9, 11, 10, null)); // identical run levels, forks spread over 2 units
        }
        assertThat(RunNoise.estimate(history).sigma()).isCloseTo(1.2533 * (2 / 2.563) / Math.sqrt(10), within(1e-9));
    }

    /** Three H200s, each steady within itself, one 8% off: the noise of a run on some machine is that spread. */
    @Test
    void runsOnAnotherMachineAddTheSpreadBetweenMachinesToTheNoise() {
        List<RunValue> history = new ArrayList<>();
        double[] machineLevel = {100, 100.2, 108};
        for (int m = 0; m < 3; m++) {
            for (int i = 0; i < 4; i++) {
                history.add(new RunValue(machineLevel[m] + (i % 2) * 0.1, 0, 10, "gpu-" + m));
            }
        }
        RunNoise noise = RunNoise.estimate(history);
        assertThat(noise.machines()).isEqualTo(3);
        assertThat(noise.sigma()).isGreaterThan(4); // the SD of 100, 100.2, 108 is 4.6
        List<RunValue> oneMachine = history.stream().map(r -> new RunValue(r.median(), 0, 10, "gpu-0")).toList();
        assertThat(RunNoise.estimate(oneMachine.subList(0, 4)).sigma()).isLessThan(0.2);
    }

    /** The 95% interval covers the true change in 95% of simulated comparisons, on a short history. */
    @Test
    void intervalCoversTheTrueChangeAtItsNominalRate() {
        SplittableRandom random = new SplittableRandom(20261128);
        for (int historyRuns : new int[] {6, 8, 10, 11, 30}) {
            int covered = 0;
            int trials = 4000;
            for (int t = 0; t < trials; t++) {
                List<RunValue> history = new ArrayList<>();
                for (int i = 0; i < historyRuns; i++) {
                    history.add(new RunValue(100 + 3 * random.nextGaussian(), 0, 10));
                }
                double[] base = new double[2];
                double[] head = new double[3];
                for (int i = 0; i < base.length; i++) {
                    base[i] = 100 + 3 * random.nextGaussian();
                }
                for (int i = 0; i < head.length; i++) {
                    head[i] = 105 + 3 * random.nextGaussian();
                }
                Judgement j = Judge.judge(base, head, RunNoise.estimate(history), Direction.LOWER_IS_BETTER, DEFAULTS);
                double trueChange = 100.0 * 5 / j.baseLevel();
                if (j.ciLowPercent() <= trueChange && trueChange <= j.ciHighPercent()) {
                    covered++;
                }
            }
            assertThat(covered / (double) trials).as("coverage with %d history runs", historyRuns).isBetween(0.93, 0.975);
        }
    }

    private static RunValue run(double level) {
        return new RunValue(level, 0, 10);
    }

    @Test
    void widensTheThresholdWhileTheNoiseRestsOnFewRuns() {
        // Student's t over the normal at 3 sigma: MAD-only estimates below 11 runs count 0.37 (n - 1) df
        assertThat(Judge.noiseUncertainty(6)).isCloseTo(7.74, within(0.01));
        assertThat(Judge.noiseUncertainty(10)).isCloseTo(2.69, within(0.01));
        assertThat(Judge.noiseUncertainty(11)).isCloseTo(1.32, within(0.01));
        assertThat(Judge.noiseUncertainty(30)).isCloseTo(1.09, within(0.01));
        assertThat(Judge.noiseUncertainty(200)).isCloseTo(1.01, within(0.01));
        // the same 10% change, 1% noise: a regression with the noise from 20 runs, not from 6
        assertThat(Judge.judge(new double[] {100}, new double[] {110}, noise(1, 6), Direction.LOWER_IS_BETTER, DEFAULTS)
                .verdict()).isEqualTo(Verdict.UNCHANGED);
    }

    @Test
    void aSideOfManyRunsIsJudgedByItsHodgesLehmannLevelWhichOneWildRunBarelyMoves() {
        double[] runs = {100, 101, 99, 100.5, 99.5, 100, 160};
        Judgement j = Judge.judge(runs, new double[] {100}, noise(1, 30), Direction.LOWER_IS_BETTER, DEFAULTS);
        // Walsh averages of the seven runs: their median is 100.25, where the mean is 108.6
        assertThat(j.baseLevel()).isCloseTo(100.25, within(1e-9));
        assertThat(j.verdict()).isEqualTo(Verdict.UNCHANGED);
    }

    @Test
    void theLevelsVarianceFactorIsWhatTheHodgesLehmannLevelShowsOnNormalRuns() {
        // about 1.05-1.09 times the mean's variance (pi/3 in the limit): the factor may err wide, never narrow
        SplittableRandom random = new SplittableRandom(7);
        for (int n : new int[] {3, 4, 6, 10, 30, 300}) {
            int trials = n > 30 ? 4_000 : 20_000;
            double sumSquares = 0;
            for (int t = 0; t < trials; t++) {
                double[] runs = new double[n];
                for (int i = 0; i < runs.length; i++) {
                    runs[i] = random.nextGaussian();
                }
                double level = SampleSummary.hodgesLehmann(runs);
                sumSquares += level * level;
            }
            double varianceOverMeans = (sumSquares / trials) / (1.0 / n);
            assertThat(varianceOverMeans).as("%d runs", n).isBetween(1.0, Judge.levelVarianceFactor(n) + 0.02);
        }
        assertThat(Judge.levelVarianceFactor(2)).isEqualTo(1.0);
        assertThat(Judge.levelVarianceFactor(100_000)).isEqualTo(1.09);
    }
}
