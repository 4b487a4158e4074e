package dev.hostgap.platform.regressions.detection;

import java.util.Arrays;
import java.util.List;

import dev.hostgap.platform.stats.Direction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StepDetectorTest {

    private final StepDetector detector = new StepDetector(DetectorSettings.defaults());

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/detection/steps.csv", delimiter = ';', commentCharacter = '#', maxCharsPerColumn = 100_000)
    void judgesHistoriesAPersonCanCheckByEye(String name, String direction, String commits, String expected, int firstBad) {
        List<MeasuredCommit> history = Arrays.stream(commits.split("\\|"))
                .map(c -> new MeasuredCommit("c", Arrays.stream(c.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray()))
                .toList();
        StepDetector.Finding finding = detector.examine(history, Direction.fromWireName(direction).orElseThrow());
        assertThat(finding.kind().name().toLowerCase()).as(name).isEqualTo(expected);
        assertThat(finding.firstBad()).as(name + " first bad commit").isEqualTo(firstBad);
    }

    @Test
    void peltFindsAStepAndNothingInFlatNoise() {
        double[] step = new double[30];
        for (int i = 0; i < step.length; i++) {
            step[i] = (i < 18 ? 0 : 10) + (i % 3 - 1) * 0.5;
        }
        assertThat(ChangePoints.pelt(step, 20)).containsExactly(18);
        double[] flat = new double[30];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (i % 5 - 2) * 0.5;
        }
        assertThat(ChangePoints.pelt(flat, 20)).isEmpty();
    }

    @Test
    void benjaminiHochbergMatchesTheTextbookExample() {
        // p-values and adjusted values as R's p.adjust(method = "BH") gives them
        double[] q = BenjaminiHochberg.adjust(new double[] {0.01, 0.04, 0.03, 0.005, 0.5});
        assertThat(q[3]).isCloseTo(0.025, within(1e-12));
        assertThat(q[0]).isCloseTo(0.025, within(1e-12));
        assertThat(q[2]).isCloseTo(0.05, within(1e-12));
        assertThat(q[1]).isCloseTo(0.05, within(1e-12));
        assertThat(q[4]).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void noiseIgnoresAStepButSeesProcessToProcessShifts() {
        double[] stepped = {100, 100, 100, 100, 110, 110, 110, 110};
        assertThat(StepDetector.noise(stepped)).isZero();
        double[] jumpy = {100, 104, 96, 104, 96, 104, 96};
        assertThat(StepDetector.noise(jumpy)).isGreaterThan(1);
    }
}
