package dev.hostgap.platform.regressions.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A labeled corpus with GPU-like noise, reproducible from its seed. Every series draws one noise
 * model: quiet (0.3% between processes, 0.5% within), shifty (process-to-process shifts of 2.5%),
 * heavy-tailed (Student t with 3 degrees of freedom), bimodal (forks land in one of two modes 3%
 * apart), or drifting (0.03% per commit); and, independently, a run-level shift that moves every
 * fork of a commit's run together ({@link #RUN_SHIFTS}). Every fork may be an outlier (2%, 1.3x). 15% of commits
 * after the first ten are unmeasured. 60% of series get one step, of 1, 2, 5, 10, 20 or 50%.
 */
final class CorpusGenerator {

    static final double[] STEP_SIZES = {1, 2, 5, 10, 20, 50};
    static final String[] NOISE = {"quiet", "shifty", "heavy", "bimodal", "drift"};
    /**
     * Standard deviation of the run-level shift (every fork of a run moved together), in percent,
     * one drawn per series: the spread of run medians beyond what fork sampling explains, as measured
     * on an H200 on 2026-11-28 (four runs of one build, docs/verdicts.md): launch.sync and
     * graph.replay near 0, GPU times 0.5-2.5%, launch.enqueue, fusion.unfused and transfer host times 4.5-5.5%.
     */
    static final double[] RUN_SHIFTS = {0, 0.5, 1, 2, 2.5, 4.5, 5.5};

    private CorpusGenerator() {
    }

    static List<LabeledSeries> generate(long seed, int seriesCount, int commits, int forks) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LabeledSeries> corpus = new ArrayList<>(seriesCount);
        for (int s = 0; s < seriesCount; s++) {
            String noise = NOISE[random.nextInt(NOISE.length)];
            double runShift = RUN_SHIFTS[random.nextInt(RUN_SHIFTS.length)] / 100;
            double level = 1 + random.nextDouble() * 999;
            boolean stepped = random.nextDouble() < 0.6;
            int stepAt = stepped ? 30 + random.nextInt(commits - 40) : -1;
            double stepPercent = stepped ? STEP_SIZES[random.nextInt(STEP_SIZES.length)] : 0;
            List<double[]> values = new ArrayList<>(commits);
            int label = -1;
            for (int c = 0; c < commits; c++) {
                boolean measured = c < 10 || random.nextDouble() >= 0.15;
                double commitLevel = level * (stepped && c >= stepAt ? 1 + stepPercent / 100 : 1);
                if (noise.equals("drift")) {
                    commitLevel *= 1 + 0.0003 * c;
                }
                double process = switch (noise) {
                    case "shifty" -> 0.025;
                    default -> 0.003;
                };
                commitLevel *= 1 + runShift * random.nextGaussian();
                double[] samples = new double[forks];
                for (int f = 0; f < forks; f++) {
                    double v = commitLevel * (1 + process * random.nextGaussian());
                    v *= 1 + switch (noise) {
                        case "heavy" -> 0.01 * studentT3(random);
                        case "bimodal" -> 0.005 * random.nextGaussian() + (random.nextBoolean() ? 0.03 : 0);
                        default -> 0.005 * random.nextGaussian();
                    };
                    if (random.nextDouble() < 0.02) {
                        v *= 1.3;
                    }
                    samples[f] = Math.max(v, 0);
                }
                values.add(measured ? samples : null);
                if (measured && stepped && c >= stepAt && label < 0) {
                    label = c;
                }
            }
            corpus.add(new LabeledSeries("s" + s, noise + String.format(java.util.Locale.ROOT, ", runs ±%.1f%%", 100 * runShift),
                    values, stepAt, stepPercent, label));
        }
        return corpus;
    }

    private static double studentT3(SplittableRandom random) {
        double chi = 0;
        for (int i = 0; i < 3; i++) {
            double g = random.nextGaussian();
            chi += g * g;
        }
        return random.nextGaussian() / Math.sqrt(chi / 3);
    }
}
