package dev.hostgap.platform.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run-to-run noise of one series: the standard deviation of a single run's level around the
 * series' true level. Measured on H200s, runs of the same code move by 1-12% while the forks
 * within a run spread by 1-10%: the run, not the fork, is the replicate, and its noise has to come
 * from the series' own history of runs.
 *
 * <p>Two parts, added as variances. <b>Within a machine</b>: the robust spread of consecutive
 * differences of run levels on the same machine, in history order (the larger of 1.4826 MAD and
 * the 90th-percentile scale capped at 2.5 times the MAD's, over sqrt 2): a level step adds one large difference and barely moves
 * it, a slow drift is centred away, heavy tails and bimodal forks are seen. Repeated runs of one
 * commit (an A/A calibration, {@code hostgap-runner run --repeat N}) contribute the same way.
 * <b>Between machines</b>: the spread of the machines' median levels beyond what the within part
 * explains. The same build measured 8.5% slower on one H200 than on two others (graph.replay,
 * 2026-11-28): a model that learns its noise on one machine would call that a regression.
 *
 * <p>Never below the median fork-level standard error of the runs. Only where both that and the
 * spread are zero (a clamped metric such as a host-overhead fraction of 0) is the root mean square
 * difference used instead.
 *
 * @param within standard deviation of one run's level around its machine's level, in the series' unit
 * @param between standard deviation of a machine's level around the series' level (0 with one machine)
 * @param runs how many run levels the estimate is from
 * @param machines on how many machines those runs were measured (0 when none said)
 */
public record RunNoise(double within, double between, int runs, int machines) {

    /** Noise of runs on one machine (or where machines are not told apart). */
    public RunNoise(double sigma, int runs) {
        this(sigma, 0, runs, 0);
    }

    /** Standard deviation of one run on any of the machines: 0 only for a series that never varied. */
    public double sigma() {
        return Math.sqrt(within * within + between * between);
    }

    /**
     * This noise, never below an A/A calibration's (runs of one commit, declared as the same code):
     * each part is the larger of the two, and the estimate counts as resting on as many runs as the
     * larger of the two rests on, so that a series with little history of its own is judged with its
     * calibration. Without a calibration, this noise as it is.
     */
    public RunNoise atLeast(RunNoise calibration) {
        if (calibration == null) {
            return this;
        }
        return new RunNoise(Math.max(within, calibration.within), Math.max(between, calibration.between),
                Math.max(runs, calibration.runs), Math.max(machines, calibration.machines));
    }

    /** {@code history} in order: oldest commit first, runs of one commit in upload order. */
    public static RunNoise estimate(List<RunValue> history) {
        int n = history.size();
        Map<String, List<Double>> byMachine = new LinkedHashMap<>();
        for (RunValue run : history) {
            byMachine.computeIfAbsent(run.machine() == null ? "" : run.machine(), k -> new ArrayList<>()).add(run.median());
        }
        int machines = (int) byMachine.keySet().stream().filter(m -> !m.isEmpty()).count();
        if (n < 2) {
            return new RunNoise(0, 0, n, machines);
        }
        List<Double> sameMachine = new ArrayList<>();
        Map<String, Double> previous = new HashMap<>();
        for (RunValue run : history) {
            Double before = previous.put(run.machine() == null ? "" : run.machine(), run.median());
            if (before != null) {
                sameMachine.add(run.median() - before);
            }
        }
        boolean everyRunElsewhere = sameMachine.isEmpty();
        double[] diffs = everyRunElsewhere ? consecutiveDifferences(history)
                : sameMachine.stream().mapToDouble(Double::doubleValue).toArray();
        double within = spread(diffs);
        double forkFloor = median(history.stream().mapToDouble(RunValue::forkStandardError).toArray());
        if (within == 0 && forkFloor == 0) {
            double sumSquares = 0;
            for (double d : diffs) {
                sumSquares += d * d;
            }
            within = Math.sqrt(sumSquares / (2.0 * diffs.length));
        }
        double between = everyRunElsewhere ? 0 : betweenMachines(byMachine, within);
        return new RunNoise(Math.max(within, forkFloor), between, n, machines);
    }

    private static final double TAIL_CAP = 2.5;

    /** Standard deviation of one run from differences of pairs of runs (the 90th-percentile scale from 10 on). */
    private static double spread(double[] diffs) {
        // centring on the median difference takes out a drift, but with one or two differences it
        // would cancel them: the differences of a stationary series centre on 0
        double center = diffs.length >= 3 ? median(diffs) : 0;
        double[] deviations = Arrays.stream(diffs).map(d -> Math.abs(d - center)).toArray();
        // the MAD of few values runs low (its median is 0.83 of the truth at 5 differences): Croux and
        // Rousseeuw's small-sample factor n / (n - 0.8) takes most of that out
        double mad = 1.4826 * median(deviations) * (diffs.length < 10 ? diffs.length / (diffs.length - 0.8) : 1);
        // the tail may raise the spread up to 2.5 times the MAD's: a heavy tail, not a step or two
        // (with the MAD at 0, run levels that repeat exactly, no tail counts: the fork floor does)
        return Math.max(mad, Math.min(tailScale(deviations), TAIL_CAP * mad)) / Math.sqrt(2);
    }

    /**
     * Standard deviation of a machine's level around the model's level: the variance of the
     * machines' median run levels, less the part their own runs' noise explains.
     */
    private static double betweenMachines(Map<String, List<Double>> byMachine, double within) {
        if (byMachine.size() < 2) {
            return 0;
        }
        double[] levels = byMachine.values().stream().mapToDouble(v -> median(v.stream().mapToDouble(Double::doubleValue).toArray())).toArray();
        double mean = Arrays.stream(levels).average().orElse(0);
        double variance = Arrays.stream(levels).map(l -> (l - mean) * (l - mean)).sum() / (levels.length - 1);
        double explained = byMachine.values().stream()
                .mapToDouble(v -> within * within * medianVarianceFactor(v.size()) / v.size())
                .average().orElse(0);
        return Math.sqrt(Math.max(0, variance - explained));
    }

    /**
     * Variance of the median of n run levels relative to that of their mean: 1 for one or two runs,
     * pi/2 beyond (its asymptotic efficiency), erring wide; a machine's level is its runs' median.
     */
    private static double medianVarianceFactor(int n) {
        return n <= 2 ? 1 : Math.PI / 2;
    }

    private static double[] consecutiveDifferences(List<RunValue> history) {
        double[] diffs = new double[history.size() - 1];
        for (int i = 1; i < history.size(); i++) {
            diffs[i - 1] = history.get(i).median() - history.get(i - 1).median();
        }
        return diffs;
    }

    /**
     * The spread read off the 90th percentile of the deviations (1.645 standard deviations of a
     * normal): for normal noise about what the MAD gives, but it sees heavy tails and bimodal run
     * levels (forks in two modes make the median jump) that leave the MAD small.
     */
    static double tailScale(double[] deviations) {
        // on fewer differences the 90th percentile is the largest one or two, which a single real
        // step (the very change being judged) would then make the noise
        if (deviations.length < 10) {
            return 0;
        }
        double[] sorted = deviations.clone();
        Arrays.sort(sorted);
        return SampleSummary.percentile(sorted, 0.9) / 1.645;
    }

    private static double median(double[] values) {
        return SampleSummary.median(values);
    }
}
