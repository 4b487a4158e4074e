package dev.hostgap.platform.regressions.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.hostgap.platform.stats.Direction;
import dev.hostgap.platform.stats.RunValue;
import dev.hostgap.platform.stats.Thresholds;
import dev.hostgap.platform.stats.Verdict;
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
                .map(c -> new MeasuredCommit("c", Arrays.stream(c.split("/")).map(StepDetectorTest::run).toList()))
                .toList();
        StepDetector.Finding finding = detector.examine(history, Direction.fromWireName(direction).orElseThrow(), Thresholds.DEFAULTS);
        assertThat(finding.verdict().wireName()).as(name).isEqualTo(expected);
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
    void aPersistentStepIsNotRecoveredHoweverNoisyTheLaterCommits() {
        List<MeasuredCommit> history = levels(20, 100, 20, 110, 0.8, 7);
        int firstBad = detector.examine(history.subList(0, 25), Direction.LOWER_IS_BETTER, Thresholds.DEFAULTS).firstBad();
        assertThat(firstBad).isEqualTo(20);
        assertThat(detector.recovered(history, firstBad, Direction.LOWER_IS_BETTER, Thresholds.DEFAULTS)).isFalse();
    }

    /** Raised while the step is new; ten commits on it is the series' level, and a run there is judged against that. */
    @Test
    void aStepIsRaisedWithinItsFirstTenCommitsThenSettled() {
        List<MeasuredCommit> history = levels(20, 100, 20, 110, 0.8, 7);
        for (int n = 21; n <= 30; n++) {
            StepDetector.Finding finding = detector.examine(history.subList(0, n), Direction.LOWER_IS_BETTER, Thresholds.DEFAULTS);
            assertThat(finding.verdict()).as("%d commits", n).isEqualTo(Verdict.REGRESSION);
            assertThat(finding.firstBad()).isEqualTo(20);
        }
        for (int n = 31; n <= 40; n++) {
            StepDetector.Finding finding = detector.examine(history.subList(0, n), Direction.LOWER_IS_BETTER, Thresholds.DEFAULTS);
            assertThat(finding.verdict()).as("%d commits", n).isEqualTo(Verdict.UNCHANGED);
            assertThat(finding.judgement().baseLevel()).as("judged against the new level").isGreaterThan(108);
        }
    }

    @Test
    void aStepThatWentBackIsRecoveredOnceTheOldLevelIsEstablished() {
        List<MeasuredCommit> history = new ArrayList<>(levels(20, 100, 10, 110, 0.8, 3));
        assertThat(detector.recovered(history, 20, Direction.LOWER_IS_BETTER, Thresholds.DEFAULTS)).isFalse();
        for (int i = 0; i < 6; i++) {
            history.add(commit(100 + (i % 3 - 1) * 0.8));
        }
        assertThat(detector.recovered(history, 20, Direction.LOWER_IS_BETTER, Thresholds.DEFAULTS)).isTrue();
        assertThat(detector.recovered(history, 0, Direction.LOWER_IS_BETTER, Thresholds.DEFAULTS)).isFalse();
    }

    /** {@code before} commits at one level, {@code after} at another, with a deterministic wiggle. */
    private static List<MeasuredCommit> levels(int before, double from, int after, double to, double wiggle, int period) {
        List<MeasuredCommit> history = new ArrayList<>();
        for (int i = 0; i < before + after; i++) {
            history.add(commit((i < before ? from : to) + ((i * 7) % period - period / 2) * wiggle / (period / 2.0)));
        }
        return history;
    }

    private static MeasuredCommit commit(double level) {
        return new MeasuredCommit("c", List.of(new RunValue(level, 0, 5)));
    }

    private static RunValue run(String forks) {
        return RunValue.of(Arrays.stream(forks.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray());
    }
}
