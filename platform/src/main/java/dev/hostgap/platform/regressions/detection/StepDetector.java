package dev.hostgap.platform.regressions.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.hostgap.platform.stats.Direction;
import dev.hostgap.platform.stats.Judge;
import dev.hostgap.platform.stats.Judgement;
import dev.hostgap.platform.stats.RunNoise;
import dev.hostgap.platform.stats.RunValue;
import dev.hostgap.platform.stats.SampleSummary;
import dev.hostgap.platform.stats.Thresholds;
import dev.hostgap.platform.stats.Verdict;

/**
 * Judges the newest commit of one series against its first-parent history, with runs as the
 * replicates and the verdict from {@link Judge}, the same model compare uses.
 * <ol>
 * <li>The series' run-to-run noise comes from all its runs in the history ({@link RunNoise}).</li>
 * <li>PELT over the per-commit levels (median of the commit's run levels), in units of that noise,
 *     finds the last level change; without one the newest commit is judged alone. A change that
 *     later commits confirm is so dated to the commit where it began.</li>
 * <li>The runs since the change are judged against the runs of up to {@code baselineCommits}
 *     measured commits before it, by the same rule as compare (one judgement model), at the
 *     threshold of this look ({@link #atLook}). A change older than {@code raiseWithinCommits} is
 *     settled: the newest commit is judged against the level since it.</li>
 * </ol>
 * No Spring, no database, no clock: tested with CSV fixtures.
 */
public final class StepDetector {

    /** Fewer measured commits than this between two change points are an excursion, not a level. */
    private static final int MIN_LEVEL_COMMITS = 3;

    private final DetectorSettings settings;

    public StepDetector(DetectorSettings settings) {
        this.settings = settings;
    }

    /**
     * @param firstBad index in the history of the first commit at the new level; -1 unless the verdict is a change
     * @param judgement the runs since the change against the baseline before it, at this look's
     *     boundary ({@link #atLook}): a change here is an alarm, which opens (or re-dates) a regression
     * @param commitJudgement the newest commit's own runs against the level it was built on, at
     *     compare's threshold ({@link #ownJudgement}): whether this commit itself changed the series.
     *     A change here is put on record as suspected at once (one look per commit, as compare's);
     *     only the alarm, which looks at a change again on every later commit, waits for the boundary
     */
    public record Finding(int firstBad, Judgement judgement, Judgement commitJudgement) {

        public Verdict verdict() {
            return judgement.verdict();
        }
    }

    /** {@code history} is oldest first and ends with the commit being judged; its runs give the noise. */
    public Finding examine(List<MeasuredCommit> history, Direction direction, Thresholds thresholds) {
        return examine(history, noiseOf(history), direction, thresholds);
    }

    /** With the noise estimated elsewhere: from history that a baseline reset cut off, which is still the same series. */
    public Finding examine(List<MeasuredCommit> history, RunNoise noise, Direction direction, Thresholds thresholds) {
        int n = history.size();
        List<Integer> changes = n < 2 ? List.of() : changes(levels(history), noise.sigma());
        int change = n < 2 ? 0 : changes.isEmpty() ? n - 1 : changes.get(changes.size() - 1);
        // the baseline is the level just before the change, never reaching back across an earlier
        // change, unless that earlier "level" is an excursion of a commit or two
        int earlier = changes.size() >= 2 && change - changes.get(changes.size() - 2) >= MIN_LEVEL_COMMITS
                ? changes.get(changes.size() - 2) : 0;
        if (n - change > settings.raiseWithinCommits()) {
            // settled: what was raised then stays open; the newest commit is judged against the level since
            earlier = change;
            change = n - 1;
        }
        int from = Math.max(earlier, change - settings.baselineCommits());
        List<RunValue> baseline = allRuns(history, from, change);
        List<RunValue> since = allRuns(history, change, n);
        Judgement judgement = Judge.judge(baseline, since, noise, direction, atLook(thresholds, n - change));
        return new Finding(judgement.verdict().isChange() ? change : -1, judgement, ownJudgement(history, noise, direction, thresholds));
    }

    /**
     * The newest commit's own answer: its runs against the level it was built on, at compare's
     * threshold (one look). That level is the measured commits since the last level change before it
     * (up to {@code baselineCommits}), so a commit on top of an earlier step is judged against the
     * stepped level and passes, and the step's own commit is judged against the level before it.
     */
    public Judgement ownJudgement(List<MeasuredCommit> history, RunNoise noise, Direction direction, Thresholds thresholds) {
        int n = history.size();
        int levelStart = n < 2 ? 0 : lastChange(history.subList(0, n - 1), noise);
        Judgement own = againstLevel(history, levelStart, noise, direction, thresholds);
        if (own.verdict().isChange() && levelStart > 0 && n - 1 - levelStart < MIN_LEVEL_COMMITS) {
            // a level of a commit or two may be a fluke the newest commit returned from: a change only
            // if it is one against the level before that as well
            Judgement againstEarlier = againstLevel(history, lastChange(history.subList(0, levelStart), noise), levelStart,
                    noise, direction, thresholds);
            if (againstEarlier.verdict() != own.verdict()) {
                return againstEarlier;
            }
        }
        return own;
    }

    private int lastChange(List<MeasuredCommit> history, RunNoise noise) {
        List<Integer> changes = history.size() < 2 ? List.of() : changes(levels(history), noise.sigma());
        return changes.isEmpty() ? 0 : changes.get(changes.size() - 1);
    }

    /** The newest commit's runs against the runs of the level beginning at {@code levelStart}, up to the commit before it. */
    private Judgement againstLevel(List<MeasuredCommit> history, int levelStart, RunNoise noise, Direction direction,
                                   Thresholds thresholds) {
        return againstLevel(history, levelStart, history.size() - 1, noise, direction, thresholds);
    }

    private Judgement againstLevel(List<MeasuredCommit> history, int levelStart, int levelEnd, RunNoise noise,
                                   Direction direction, Thresholds thresholds) {
        int n = history.size();
        int from = Math.max(levelStart, levelEnd - settings.baselineCommits());
        return Judge.judge(allRuns(history, from, levelEnd), allRuns(history, n - 1, n), noise, direction, thresholds);
    }

    /**
     * Whether a change suspected at {@code index} (its commit's own run crossed compare's threshold)
     * still stands in this longer history: a level change begins there, the new level has lasted
     * (it is the newest level, or one of at least {@code MIN_LEVEL_COMMITS} commits: a commit or two
     * followed by a return is an excursion, a fluke run), and it is not settled without an alarm.
     */
    public boolean stillSuspected(List<MeasuredCommit> history, int index, RunNoise noise) {
        int n = history.size();
        if (index <= 0 || index >= n || n - index > settings.raiseWithinCommits()) {
            return false;
        }
        if (index == n - 1) {
            return true;
        }
        List<Integer> changes = changes(levels(history), noise.sigma());
        if (!changes.contains(index)) {
            return false;
        }
        int next = changes.stream().filter(c -> c > index).findFirst().orElse(n);
        return next == n || next - index >= MIN_LEVEL_COMMITS;
    }

    /**
     * The threshold for a change seen in {@code commitsSince} measured commits: the noise multiplier
     * times sqrt(raiseWithinCommits / commitsSince), O'Brien and Fleming's group-sequential boundary;
     * detection's own, because compare looks once. Detection looks at a change again on every commit
     * until it is raised or settled: the same multiplier on every look lets noise cross it on one of
     * the 10 looks 5.8 times as often as on one (1.8e-4 against 3.2e-5 at 4, normal runs, a baseline
     * of 30, simulated in the tests); this boundary 1.1 times. It asks more of the first looks, where
     * a change rests on a run or two, and on the last asks exactly compare's threshold.
     */
    Thresholds atLook(Thresholds thresholds, int commitsSince) {
        double widening = Math.sqrt((double) settings.raiseWithinCommits() / Math.max(1, commitsSince));
        return new Thresholds(thresholds.minChangePercent(),
                Math.min(Thresholds.MAX_NOISE_MULTIPLIER, thresholds.noiseMultiplier() * widening), thresholds.minHistoryRuns());
    }

    /**
     * Whether a regression that began at {@code firstBad} is over, by compare's threshold (the
     * evidence of the last look that opens one): the history has a later level change after which the series is an improvement on the
     * regressed level and no longer a regression against the level before {@code firstBad}. The level
     * it changed back to must be one: at least {@code MIN_LEVEL_COMMITS} measured commits, as for the
     * baseline in {@link #examine}; a commit or two below the regressed level is an excursion, and
     * "not a regression against the level before" from so few runs is only a lack of evidence. A
     * level that never changed back, however noisy, is not fixed.
     */
    public boolean recovered(List<MeasuredCommit> history, int firstBad, Direction direction, Thresholds thresholds) {
        return recovered(history, firstBad, noiseOf(history), direction, thresholds);
    }

    public boolean recovered(List<MeasuredCommit> history, int firstBad, RunNoise noise, Direction direction,
                             Thresholds thresholds) {
        int n = history.size();
        if (firstBad <= 0 || firstBad >= n - 1) {
            return false;
        }
        List<Integer> changes = changes(levels(history), noise.sigma());
        int change = changes.isEmpty() ? n - 1 : changes.get(changes.size() - 1);
        if (changes.isEmpty() || change <= firstBad || n - change < MIN_LEVEL_COMMITS) {
            // no change back, or one of a commit or two: an excursion, not yet a level to be back at
            return false;
        }
        List<RunValue> recent = allRuns(history, change, n);
        Thresholds t = thresholds; // compare's threshold, as on the last look that opens one
        Judgement againstRegressed = Judge.judge(allRuns(history, firstBad, change), recent, noise, direction, t);
        Judgement againstBaseline = Judge.judge(allRuns(history, Math.max(0, firstBad - settings.baselineCommits()), firstBad),
                recent, noise, direction, t);
        return againstRegressed.verdict() == Verdict.IMPROVEMENT && againstBaseline.verdict() != Verdict.REGRESSION
                && againstBaseline.verdict() != Verdict.INSUFFICIENT_HISTORY;
    }

    /** Indices where a new level begins, ascending; none without noise to scale by. */
    private List<Integer> changes(double[] levels, double sigma) {
        if (sigma <= 0) {
            return List.of();
        }
        // centred before scaling: a large level over a tiny noise would lose the squared costs' precision
        double center = SampleSummary.median(levels);
        double[] scaled = Arrays.stream(levels).map(m -> (m - center) / sigma).toArray();
        return ChangePoints.pelt(scaled, settings.penalty());
    }

    /** The run-to-run noise of all runs in the history, oldest first. */
    public static RunNoise noiseOf(List<MeasuredCommit> history) {
        return RunNoise.estimate(allRuns(history, 0, history.size()));
    }

    private static double[] levels(List<MeasuredCommit> history) {
        return history.stream().mapToDouble(c -> SampleSummary.median(c.runs().stream().mapToDouble(RunValue::median).toArray())).toArray();
    }

    private static List<RunValue> allRuns(List<MeasuredCommit> history, int from, int to) {
        List<RunValue> runs = new ArrayList<>();
        history.subList(from, to).forEach(c -> runs.addAll(c.runs()));
        return runs;
    }
}
