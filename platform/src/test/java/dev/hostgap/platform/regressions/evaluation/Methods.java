package dev.hostgap.platform.regressions.evaluation;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import dev.hostgap.platform.regressions.detection.ChangePoints;
import dev.hostgap.platform.regressions.detection.DetectorSettings;
import dev.hostgap.platform.regressions.detection.MeasuredCommit;
import dev.hostgap.platform.regressions.detection.StepDetector;
import dev.hostgap.platform.stats.Direction;
import dev.hostgap.platform.stats.RunValue;
import dev.hostgap.platform.stats.Thresholds;
import dev.hostgap.platform.stats.Verdict;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * hostgap's detector and re-implementations of the methods of other tools, from their
 * documentation, each reduced to its decision rule on per-commit values (the mean of the forks,
 * since these tools store one value per run). Lower is better throughout.
 */
final class Methods {

    private Methods() {
    }

    static List<Method> all() {
        return List.of(new Hostgap(), new ConbenchZScore(), new BencherTTest(), new AsvStep(), new RatioAlert(), new EDivisive());
    }

    static double[] commitMeans(List<double[]> samples) {
        return samples.stream().mapToDouble(Method::mean).toArray();
    }

    /** hostgap: each commit's forks are one run; PELT-dated step judged against run-to-run noise. */
    static final class Hostgap implements Method {
        private final StepDetector detector;
        private final Thresholds thresholds;

        Hostgap() {
            this(DetectorSettings.defaults(), Thresholds.DEFAULTS);
        }

        Hostgap(DetectorSettings settings, Thresholds thresholds) {
            this.detector = new StepDetector(settings);
            this.thresholds = thresholds;
        }

        public String name() {
            return "hostgap (this project)";
        }

        public Decision judge(int[] commits, List<double[]> samples) {
            StepDetector.Finding f = detector.examine(history(samples), Direction.LOWER_IS_BETTER, thresholds);
            boolean regression = f.verdict() == Verdict.REGRESSION;
            Double p = f.judgement().pValue();
            return new Decision(regression, regression ? commits[f.firstBad()] : -1, p == null ? 1.0 : p);
        }

        @Override
        public boolean closes(int[] commits, List<double[]> samples, int blamedCommit) {
            int firstBad = java.util.Arrays.binarySearch(commits, blamedCommit);
            return firstBad >= 0 && detector.recovered(history(samples), firstBad, Direction.LOWER_IS_BETTER, thresholds);
        }

        private static List<MeasuredCommit> history(List<double[]> samples) {
            return samples.stream().map(s -> new MeasuredCommit("", List.of(RunValue.of(s)))).toList();
        }
    }

    /** Conbench's lookback z-score: the newest value against the mean and spread of the last 20 commits, |z| > 5. */
    static final class ConbenchZScore implements Method {
        public String name() {
            return "Conbench lookback z-score (z > 5)";
        }

        public Decision judge(int[] commits, List<double[]> samples) {
            double[] means = commitMeans(samples);
            int n = means.length;
            if (n < 6) {
                return Decision.NONE;
            }
            double[] baseline = Arrays.copyOfRange(means, Math.max(0, n - 21), n - 1);
            double z = (means[n - 1] - Method.mean(baseline)) / Method.sd(baseline);
            return z > 5 ? new Decision(true, commits[n - 1], Double.NaN) : Decision.NONE;
        }
    }

    /** Bencher's t-test threshold: above mean + t(0.99, n-1) standard deviations of the last 20 commits. */
    static final class BencherTTest implements Method {
        public String name() {
            return "Bencher t-test threshold (99% upper boundary)";
        }

        public Decision judge(int[] commits, List<double[]> samples) {
            double[] means = commitMeans(samples);
            int n = means.length;
            if (n < 3) {
                return Decision.NONE;
            }
            double[] baseline = Arrays.copyOfRange(means, Math.max(0, n - 21), n - 1);
            double t = TDistribution.of(baseline.length - 1).inverseCumulativeProbability(0.99);
            double boundary = Method.mean(baseline) + t * Method.sd(baseline);
            return means[n - 1] > boundary ? new Decision(true, commits[n - 1], Double.NaN) : Decision.NONE;
        }
    }

    /**
     * asv's step detection: fit a piecewise-constant curve to the history and report a regression
     * when the newest segment is more than 5% above the best earlier segment, dated to where the
     * newest segment begins.
     */
    static final class AsvStep implements Method {
        public String name() {
            return "asv step detection (5% threshold)";
        }

        public Decision judge(int[] commits, List<double[]> samples) {
            double[] means = commitMeans(samples);
            int n = means.length;
            if (n < 4) {
                return Decision.NONE;
            }
            double[] diffs = new double[n - 1];
            for (int i = 1; i < n; i++) {
                diffs[i - 1] = Math.abs(means[i] - means[i - 1]);
            }
            Arrays.sort(diffs);
            double sigma = Math.max(1.4826 * diffs[diffs.length / 2] / Math.sqrt(2), 1e-12);
            double[] scaled = Arrays.stream(means).map(v -> v / sigma).toArray();
            List<Integer> changes = ChangePoints.pelt(scaled, 2 * Math.log(n) + 1);
            if (changes.isEmpty()) {
                return Decision.NONE;
            }
            int last = changes.get(changes.size() - 1);
            double newest = Method.mean(Arrays.copyOfRange(means, last, n));
            double best = Double.POSITIVE_INFINITY;
            int from = 0;
            for (int c : changes) {
                best = Math.min(best, Method.mean(Arrays.copyOfRange(means, from, c)));
                from = c;
            }
            return newest > 1.05 * best ? new Decision(true, commits[last], Double.NaN) : Decision.NONE;
        }
    }

    /** github-action-benchmark: alert when a value is more than 200% of the previous one. */
    static final class RatioAlert implements Method {
        public String name() {
            return "github-action-benchmark (200% of previous)";
        }

        public Decision judge(int[] commits, List<double[]> samples) {
            double[] means = commitMeans(samples);
            int n = means.length;
            return n >= 2 && means[n - 1] > 2.0 * means[n - 2] ? new Decision(true, commits[n - 1], Double.NaN) : Decision.NONE;
        }
    }

    /**
     * Otava/Hunter: E-divisive means over the last 60 commits, the most significant split by a
     * 39-permutation test at p < 0.05, reported when the later side is worse.
     */
    static final class EDivisive implements Method {
        private static final int WINDOW = 60;
        private static final int PERMUTATIONS = 39;
        private final SplittableRandom random = new SplittableRandom(7);

        public String name() {
            return "Otava/Hunter E-divisive (p < 0.05)";
        }

        public Decision judge(int[] commits, List<double[]> samples) {
            double[] all = commitMeans(samples);
            int from = Math.max(0, all.length - WINDOW);
            double[] x = Arrays.copyOfRange(all, from, all.length);
            int n = x.length;
            if (n < 8) {
                return Decision.NONE;
            }
            double[] best = bestSplit(x);
            int exceed = 0;
            double[] shuffled = x.clone();
            for (int p = 0; p < PERMUTATIONS; p++) {
                for (int i = n - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    double t = shuffled[i];
                    shuffled[i] = shuffled[j];
                    shuffled[j] = t;
                }
                if (bestSplit(shuffled)[1] >= best[1]) {
                    exceed++;
                }
            }
            double p = (exceed + 1.0) / (PERMUTATIONS + 1);
            int tau = (int) best[0];
            boolean worse = Method.mean(Arrays.copyOfRange(x, tau, n)) > Method.mean(Arrays.copyOfRange(x, 0, tau));
            return p < 0.05 && worse ? new Decision(true, commits[from + tau], p) : Decision.NONE;
        }

        /** {tau, statistic} of the split maximizing the energy statistic, in O(n^2). */
        static double[] bestSplit(double[] x) {
            int n = x.length;
            double total = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    total += Math.abs(x[i] - x[j]);
                }
            }
            double within = 0; // pairs inside the left part
            double cross;      // pairs across the split
            double[] toLeft = new double[n]; // sum of distances from k to the left part
            double bestQ = Double.NEGATIVE_INFINITY;
            int bestTau = -1;
            for (int tau = 1; tau < n; tau++) {
                int moved = tau - 1;
                within += toLeft[moved];
                for (int k = 0; k < n; k++) {
                    toLeft[k] += Math.abs(x[k] - x[moved]);
                }
                double leftToRight = 0;
                for (int k = tau; k < n; k++) {
                    leftToRight += toLeft[k];
                }
                cross = leftToRight;
                double right = total - within - cross;
                int m = tau;
                int r = n - tau;
                if (m < 2 || r < 2) {
                    continue;
                }
                double e = 2 * cross / (m * (double) r) - 2 * within / (m * (m - 1.0)) - 2 * right / (r * (r - 1.0));
                double q = m * (double) r / n * e;
                if (q > bestQ) {
                    bestQ = q;
                    bestTau = tau;
                }
            }
            return new double[] {bestTau, bestQ};
        }
    }
}
