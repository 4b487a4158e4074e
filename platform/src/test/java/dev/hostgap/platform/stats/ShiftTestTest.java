package dev.hostgap.platform.stats;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ShiftTestTest {

    private final ShiftTest test = new ShiftTest(0.05, 1.0);

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/stats/shift-cases.csv", delimiter = ';', commentCharacter = '#')
    void judgesCasesAPersonCanCheckByEye(String name, String direction, String base, String head, String expected) {
        Comparison c = test.compare(parse(base), parse(head), Direction.fromWireName(direction).orElseThrow());
        assertThat(c.verdict().wireName()).as(name).isEqualTo(expected);
    }

    @Test
    void completeSeparationOfFiveForksGivesTheExactPValue() {
        Comparison c = test.compare(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10}, Direction.LOWER_IS_BETTER);
        assertThat(c.pValue()).isCloseTo(2.0 / 252, within(1e-12));
        assertThat(ShiftTest.smallestPossiblePValue(5, 5)).isCloseTo(2.0 / 252, within(1e-12));
    }

    @Test
    void changeIsTheHodgesLehmannShiftInsideItsInterval() {
        double[] base = {10, 10.1, 9.9, 10, 10.2, 10.05, 9.95, 10.1};
        double[] head = Arrays.stream(base).map(v -> v * 1.10).toArray();
        Comparison c = test.compare(base, head, Direction.LOWER_IS_BETTER);
        assertThat(c.changePercent()).isCloseTo(10.0, within(0.5));
        assertThat(c.ciLowPercent()).isLessThanOrEqualTo(c.changePercent());
        assertThat(c.ciHighPercent()).isGreaterThanOrEqualTo(c.changePercent());
        assertThat(c.ciLowPercent()).isGreaterThan(0.0);
        assertThat(c.baseMedian()).isEqualTo(10.025);
    }

    @Test
    void summaryPercentilesInterpolateBetweenRanks() {
        SampleSummary s = SampleSummary.of(new double[] {4, 1, 3, 2, 5});
        assertThat(s.median()).isEqualTo(3);
        assertThat(s.p10()).isCloseTo(1.4, within(1e-12));
        assertThat(s.p90()).isCloseTo(4.6, within(1e-12));
        assertThat(s.mean()).isEqualTo(3);
    }

    private static double[] parse(String forks) {
        if (forks == null || forks.isBlank()) {
            return new double[0];
        }
        return Arrays.stream(forks.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
    }
}
