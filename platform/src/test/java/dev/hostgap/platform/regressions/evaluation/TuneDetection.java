package dev.hostgap.platform.regressions.evaluation;

import java.util.ArrayList;
import java.util.List;

import dev.hostgap.platform.regressions.detection.DetectorSettings;
import dev.hostgap.platform.stats.Thresholds;

/**
 * The grid the detection defaults were chosen from, on the tuning seed only (20261126); seeds 1
 * and 2 are held out. Run: {@code mvn -B -pl platform -Pevaluate-detection exec:exec -Dmain=...TuneDetection}.
 */
final class TuneDetection {

    private TuneDetection() {
    }

    public static void main(String[] args) {
        List<LabeledSeries> corpus = CorpusGenerator.generate(20261126L, 300, 120, 5);
        List<DetectionEvaluation.Scores> scores = new ArrayList<>();
        for (double k : new double[] {4}) {
            for (int minHistory : new int[] {6}) {
                for (double penalty : new double[] {20}) {
                    Methods.Hostgap method = new Methods.Hostgap(new DetectorSettings(20, penalty), new Thresholds(2, k, minHistory));
                    DetectionEvaluation.Scores s = DetectionEvaluation.evaluate(corpus, method);
                    scores.add(new DetectionEvaluation.Scores("hostgap k=" + k + " history=" + minHistory + " penalty=" + penalty,
                            s.foundBySize(), s.falseAlarms(), s.seriesCommits(), s.delays(), s.exactlyLocalized(), s.foundLarge(),
                            s.stepsLarge(), s.closedAsFixed(), s.found()));
                }
            }
        }
        System.out.print(DetectionEvaluation.table(scores));
    }
}
