package dev.hostgap.platform.stats;

import java.util.List;

import dev.hostgap.platform.stats.PairedJudge.Pair;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PairedJudgeTest {

    private static final Thresholds DEFAULTS = Thresholds.DEFAULTS;
    private static final RunNoise NO_HISTORY = RunNoise.estimate(List.of());

    private static Judgement judge(List<Pair> pairs, RunNoise history, Direction direction) {
        return PairedJudge.judge(pairs, history, direction, DEFAULTS);
    }

    @Test
    void threePairsFifteenPercentApartOnASeriesWithTwoPercentNoiseAreARegression() {
        // differences 14, 15, 16 on a base of 100: their own spread (1) is below what two runs of a
        // series whose runs move by 2 differ by (2 sqrt 2), so that is the noise: standard error
        // 2 sqrt 2 / sqrt 3 = 1.63, times 4, widened by 1.149 for a noise known from 20 runs = 7.5%
        List<Pair> pairs = List.of(new Pair(100, 114), new Pair(102, 117), new Pair(98, 114));
        Judgement j = judge(pairs, new RunNoise(2, 20), Direction.LOWER_IS_BETTER);
        assertThat(j.verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(j.baseLevel()).isCloseTo(100, within(1e-9));
        assertThat(j.headLevel()).isCloseTo(115, within(1e-9));
        assertThat(j.changePercent()).isCloseTo(15, within(1e-9));
        assertThat(j.noisePercent()).isCloseTo(2, within(1e-9));
        assertThat(j.thresholdPercent()).isCloseTo(4 * 1.149 * 2 * Math.sqrt(2) / Math.sqrt(3), within(0.01));
        assertThat(j.ciLowPercent()).isGreaterThan(0).isLessThan(15);
        assertThat(j.ciHighPercent()).isGreaterThan(15);
        assertThat(j.pValue()).isLessThan(1e-9);
        assertThat(j.baseRuns()).isEqualTo(3);
        assertThat(j.headRuns()).isEqualTo(3);
        assertThat(j.historyRuns()).isEqualTo(20);
    }

    @Test
    void identicalPairsAreUnchangedWithAPValueOfOne() {
        List<Pair> pairs = List.of(new Pair(100, 100), new Pair(101, 101), new Pair(99, 99));
        Judgement j = judge(pairs, new RunNoise(2, 20), Direction.LOWER_IS_BETTER);
        assertThat(j.verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(j.changePercent()).isEqualTo(0.0);
        assertThat(j.pValue()).isEqualTo(1.0);
    }

    @Test
    void identicalPairsWithoutAnyNoiseAreUnchanged() {
        List<Pair> pairs = List.of(new Pair(100, 100), new Pair(100, 100));
        Judgement j = judge(pairs, NO_HISTORY, Direction.LOWER_IS_BETTER);
        assertThat(j.verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(j.thresholdPercent()).isEqualTo(2.0);
        assertThat(j.noisePercent()).isEqualTo(0.0);
    }

    @Test
    void aDropOnALowerIsBetterMetricIsAnImprovement() {
        List<Pair> pairs = List.of(new Pair(100, 90), new Pair(100, 91), new Pair(100, 89));
        Judgement j = judge(pairs, new RunNoise(1, 30), Direction.LOWER_IS_BETTER);
        assertThat(j.verdict()).isEqualTo(Verdict.IMPROVEMENT);
        assertThat(j.changePercent()).isCloseTo(-10, within(1e-9));
    }

    @Test
    void onePairIsInsufficientData() {
        Judgement j = judge(List.of(new Pair(100, 150)), new RunNoise(1, 30), Direction.LOWER_IS_BETTER);
        assertThat(j.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(j.changePercent()).isNull();
        assertThat(j.baseRuns()).isEqualTo(1);
        assertThat(judge(List.of(), new RunNoise(1, 30), Direction.LOWER_IS_BETTER).verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
    }

    @Test
    void pairsQuieterThanTheSeriesAreJudgedByTheSeriesNoise() {
        // differences 4.9, 5, 5.1: alone (2 degrees of freedom, u = 6.4) their spread of 0.1 would make
        // 5% a regression; the series' runs move by 3, so two runs differ by 4.24 and 5% is within it
        List<Pair> pairs = List.of(new Pair(100, 104.9), new Pair(100, 105), new Pair(100, 105.1));
        Judgement alone = judge(pairs, NO_HISTORY, Direction.LOWER_IS_BETTER);
        assertThat(alone.verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(alone.historyRuns()).isEqualTo(3);
        assertThat(alone.thresholdPercent()).isEqualTo(2.0);

        Judgement withHistory = judge(pairs, new RunNoise(3, 30), Direction.LOWER_IS_BETTER);
        assertThat(withHistory.verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(withHistory.noisePercent()).isCloseTo(3, within(1e-9));
        // 4 x 1.09 (30 runs) x 3 sqrt 2 / sqrt 3
        assertThat(withHistory.thresholdPercent()).isCloseTo(4 * 1.09 * 3 * Math.sqrt(2) / Math.sqrt(3), within(0.05));
        assertThat(withHistory.historyRuns()).isEqualTo(30);
    }

    @Test
    void aHistoryTooShortToKnowTheNoiseIsNotUsed() {
        // 5 runs is below minHistoryRuns (6): their noise of 3 is ignored, the pairs' own spread counts
        List<Pair> pairs = List.of(new Pair(100, 104.9), new Pair(100, 105), new Pair(100, 105.1));
        Judgement j = judge(pairs, new RunNoise(3, 5), Direction.LOWER_IS_BETTER);
        assertThat(j.verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(j.historyRuns()).isEqualTo(3);
        assertThat(j.noisePercent()).isCloseTo(0.1 / Math.sqrt(2), within(1e-9));
    }

    @Test
    void aBaseLevelOfZeroLeavesEveryPercentageNullAndNothingNaN() {
        List<Pair> pairs = List.of(new Pair(0, 1), new Pair(0, 1.2), new Pair(0, 0.8));
        Judgement j = judge(pairs, new RunNoise(0.01, 20), Direction.LOWER_IS_BETTER);
        assertThat(j.verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(j.baseLevel()).isEqualTo(0.0);
        assertThat(j.headLevel()).isCloseTo(1, within(1e-9));
        assertThat(j.changePercent()).isNull();
        assertThat(j.ciLowPercent()).isNull();
        assertThat(j.ciHighPercent()).isNull();
        assertThat(j.noisePercent()).isNull();
        assertThat(j.thresholdPercent()).isNull();
        assertThat(j.pValue()).isNotNull().matches(Double::isFinite);
    }

    @Test
    void higherIsBetterTurnsAnIncreaseIntoAnImprovementAndADropIntoARegression() {
        RunNoise noise = new RunNoise(2, 20);
        List<Pair> faster = List.of(new Pair(100, 115), new Pair(100, 114), new Pair(100, 116));
        List<Pair> slower = List.of(new Pair(100, 85), new Pair(100, 86), new Pair(100, 84));
        assertThat(judge(faster, noise, Direction.HIGHER_IS_BETTER).verdict()).isEqualTo(Verdict.IMPROVEMENT);
        assertThat(judge(slower, noise, Direction.HIGHER_IS_BETTER).verdict()).isEqualTo(Verdict.REGRESSION);
    }

    @Test
    void aChangeBeyondNoiseButBelowThePracticalThresholdIsUnchanged() {
        List<Pair> pairs = List.of(new Pair(100, 101), new Pair(100, 101), new Pair(100, 101));
        Judgement j = judge(pairs, new RunNoise(0.01, 30), Direction.LOWER_IS_BETTER);
        assertThat(j.verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(j.thresholdPercent()).isEqualTo(2.0);
    }

    @Test
    void aPairNeedsFiniteLevels() {
        assertThatThrownBy(() -> new Pair(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pair(1, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }
}
