package dev.hostgap.platform.regressions.evaluation;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DetectionEvaluationTest {

    @Test
    void corpusIsReproducibleFromItsSeedAndLabelsTheFirstMeasuredBadCommit() {
        List<LabeledSeries> a = CorpusGenerator.generate(42, 20, 80, 5);
        List<LabeledSeries> b = CorpusGenerator.generate(42, 20, 80, 5);
        assertThat(a).hasSize(20);
        for (int s = 0; s < a.size(); s++) {
            assertThat(a.get(s).label()).isEqualTo(b.get(s).label());
            assertThat(a.get(s).commits().get(79)).isEqualTo(b.get(s).commits().get(79));
            LabeledSeries series = a.get(s);
            if (series.stepAt() >= 0) {
                assertThat(series.label()).isGreaterThanOrEqualTo(series.stepAt());
                assertThat(series.commits().get(series.label())).isNotNull();
                for (int c = series.stepAt(); c < series.label(); c++) {
                    assertThat(series.commits().get(c)).as("commits between step and label are unmeasured").isNull();
                }
            }
        }
    }

    /** A method that knows the labels scores perfectly: the harness counts what it claims to count. */
    @Test
    void anOracleScoresPerfectly() {
        List<LabeledSeries> corpus = CorpusGenerator.generate(7, 40, 80, 5);
        Method oracle = new Method() {
            public String name() {
                return "oracle";
            }

            public Decision judge(int[] commits, List<double[]> samples) {
                int newest = commits[commits.length - 1];
                for (LabeledSeries s : corpus) {
                    if (s.commits().get(newest) == samples.get(samples.size() - 1)) {
                        return newest == s.label() ? new Decision(true, newest, Double.NaN) : Decision.NONE;
                    }
                }
                return Decision.NONE;
            }
        };
        DetectionEvaluation.Scores scores = DetectionEvaluation.evaluate(corpus, oracle);
        assertThat(scores.falseAlarms()).isZero();
        assertThat(scores.f1Large()).isEqualTo(1.0);
        assertThat(scores.exactShare()).isEqualTo(1.0);
        assertThat(scores.medianDelay()).isZero();
    }

    /**
     * The figures docs/verdicts.md reports for the held-out seeds, as floors: a change to the
     * detector that loses them fails here (seed 1: F1 0.947, false alarms 0.04; seed 2: 0.909, 0.18;
     * measured 2026-11-28 with the group-sequential boundary of the first looks; before it 0.931,
     * 0.18 and 0.902, 0.28).
     */
    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"1, 0.94, 0.10", "2, 0.90, 0.20"})
    void hostgapKeepsItsHeldOutScores(long seed, double minF1, double maxFalseAlarms) {
        DetectionEvaluation.Scores scores = DetectionEvaluation.evaluate(CorpusGenerator.generate(seed, 300, 120, 5),
                new Methods.Hostgap());
        assertThat(scores.f1Large()).as("F1 over steps >= 5%").isGreaterThanOrEqualTo(minF1);
        assertThat(scores.falseAlarmsPerThousand()).as("false alarms per 1,000 series-commits")
                .isLessThanOrEqualTo(maxFalseAlarms);
        assertThat(scores.exactShare()).as("found steps >= 5% blamed on their commit").isGreaterThanOrEqualTo(0.93);
        assertThat(scores.closedAsFixed()).as("persistent steps closed as fixed").isZero();
    }

    @Test
    void energySplitFindsTheObviousStep() {
        double[] x = {1, 1.1, 0.9, 1, 1.05, 5, 5.1, 4.9, 5, 5.05};
        assertThat((int) Methods.EDivisive.bestSplit(x)[0]).isEqualTo(5);
    }
}
