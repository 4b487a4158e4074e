package dev.hostgap.platform.regressions.evaluation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;


/**
 * Replays a labeled corpus commit by commit, as runs would arrive, through each method and scores
 * its alarms: a step counts as found when an alarm is raised within 10 measured commits after it;
 * any other alarm is a false alarm. The same blamed commit alarmed twice counts once.
 * Run: {@code mvn -B -pl platform -Pevaluate-detection exec:exec} (after {@code mvn -B -q install -DskipTests}).
 */
public final class DetectionEvaluation {

    static final int WINDOW = 10;

    record Scores(String method, Map<Double, int[]> foundBySize, int falseAlarms, int seriesCommits,
                  List<Integer> delays, int exactlyLocalized, int foundLarge, int stepsLarge, int closedAsFixed,
                  int found) {

        double recall(double size) {
            int[] c = foundBySize.getOrDefault(size, new int[2]);
            return c[1] == 0 ? Double.NaN : c[0] / (double) c[1];
        }

        double precisionLarge() {
            return foundLarge + falseAlarms == 0 ? 0 : foundLarge / (double) (foundLarge + falseAlarms);
        }

        double recallLarge() {
            return stepsLarge == 0 ? 0 : foundLarge / (double) stepsLarge;
        }

        double f1Large() {
            double precision = precisionLarge();
            double recall = recallLarge();
            return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }

        double falseAlarmsPerThousand() {
            return 1000.0 * falseAlarms / seriesCommits;
        }

        double medianDelay() {
            List<Integer> sorted = new ArrayList<>(delays);
            sorted.sort(Integer::compare);
            return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
        }

        double exactShare() {
            return foundLarge == 0 ? Double.NaN : exactlyLocalized / (double) foundLarge;
        }
    }

    private DetectionEvaluation() {
    }

    static Scores evaluate(List<LabeledSeries> corpus, Method method) {
        int commits = corpus.get(0).commits().size();
        Map<Integer, List<Integer>> measuredIndices = new HashMap<>();
        for (int s = 0; s < corpus.size(); s++) {
            measuredIndices.put(s, new ArrayList<>());
        }
        Map<Integer, Set<Integer>> blamed = new HashMap<>();
        Map<Integer, Integer> firstHit = new HashMap<>();
        Map<Integer, Integer> hitBlame = new HashMap<>();
        Set<Integer> closed = new HashSet<>();
        int falseAlarms = 0;
        int seriesCommits = 0;
        for (int c = 0; c < commits; c++) {
            List<Integer> judged = new ArrayList<>();
            List<Method.Decision> decisions = new ArrayList<>();
            for (int s = 0; s < corpus.size(); s++) {
                double[] samples = corpus.get(s).commits().get(c);
                if (samples == null) {
                    continue;
                }
                List<Integer> indices = measuredIndices.get(s);
                indices.add(c);
                if (indices.size() < 10) {
                    continue; // every method gets the same warm-up history
                }
                int[] idx = indices.stream().mapToInt(Integer::intValue).toArray();
                List<double[]> values = corpus.get(s).commits();
                List<double[]> history = indices.stream().map(values::get).toList();
                judged.add(s);
                decisions.add(method.judge(idx, history));
                seriesCommits++;
            }
            for (int k = 0; k < judged.size(); k++) {
                Method.Decision d = decisions.get(k);
                int s0 = judged.get(k);
                if (firstHit.containsKey(s0) && !closed.contains(s0)) {
                    int[] idx = measuredIndices.get(s0).stream().mapToInt(Integer::intValue).toArray();
                    List<double[]> history = measuredIndices.get(s0).stream().map(corpus.get(s0).commits()::get).toList();
                    if (method.closes(idx, history, hitBlame.get(s0))) {
                        closed.add(s0);
                        if (Boolean.getBoolean("hostgap.eval.verbose")) {
                            System.err.printf("closed: %s (%s) at commit %d, blamed %d, step %s%% at %d%n", corpus.get(s0).name(),
                                    corpus.get(s0).noise(), c, hitBlame.get(s0), corpus.get(s0).stepPercent(), corpus.get(s0).stepAt());
                        }
                    }
                }
                if (!d.alarm()) {
                    continue;
                }
                int s = judged.get(k);
                if (!blamed.computeIfAbsent(s, x -> new HashSet<>()).add(d.blamed())) {
                    continue;
                }
                LabeledSeries series = corpus.get(s);
                int position = measuredIndices.get(s).indexOf(c);
                int labelPosition = series.label() < 0 ? -1 : measuredIndices.get(s).indexOf(series.label());
                boolean inWindow = labelPosition >= 0 && position >= labelPosition && position - labelPosition < WINDOW;
                if (inWindow) {
                    if (!firstHit.containsKey(s)) {
                        firstHit.put(s, position - labelPosition);
                        hitBlame.put(s, d.blamed());
                    }
                } else {
                    falseAlarms++;
                    if (Boolean.getBoolean("hostgap.eval.verbose")) {
                        System.err.printf("false alarm: %s (%s) at commit %d blaming %d, step %s%% at %d%n", series.name(),
                                series.noise(), c, d.blamed(), series.stepPercent(), series.stepAt());
                    }
                }
            }
        }
        Map<Double, int[]> bySize = new HashMap<>();
        List<Integer> delays = new ArrayList<>();
        int exact = 0;
        int foundLarge = 0;
        int stepsLarge = 0;
        for (int s = 0; s < corpus.size(); s++) {
            LabeledSeries series = corpus.get(s);
            if (series.label() < 0) {
                continue;
            }
            int[] counts = bySize.computeIfAbsent(series.stepPercent(), x -> new int[2]);
            counts[1]++;
            boolean found = firstHit.containsKey(s);
            if (found) {
                counts[0]++;
            }
            if (series.stepPercent() >= 5) {
                stepsLarge++;
                if (!found && Boolean.getBoolean("hostgap.eval.verbose")) {
                    System.err.printf("missed: %s (%s), step %s%% at %d%n", series.name(), series.noise(),
                            series.stepPercent(), series.stepAt());
                }
                if (found) {
                    foundLarge++;
                    delays.add(firstHit.get(s));
                    if (hitBlame.get(s) == series.label()) {
                        exact++;
                    }
                }
            }
        }
        return new Scores(method.name(), bySize, falseAlarms, seriesCommits, delays, exact, foundLarge, stepsLarge,
                closed.size(), firstHit.size());
    }

    static String table(List<Scores> scores) {
        StringBuilder md = new StringBuilder();
        md.append("| method | precision (≥ 5%) | recall (≥ 5%) | F1 (≥ 5%) | false alarms / 1,000 series-commits | exact commit (≥ 5%) | median delay (commits) | persistent steps closed as fixed |");
        for (double size : CorpusGenerator.STEP_SIZES) {
            md.append(String.format(Locale.ROOT, " recall %s%% |", fmt(size)));
        }
        md.append("\n|---|---:|---:|---:|---:|---:|---:|---:|");
        md.append("---:|".repeat(CorpusGenerator.STEP_SIZES.length)).append('\n');
        for (Scores s : scores) {
            md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.2f | %.0f%% | %.0f | %s |", s.method(),
                    s.precisionLarge(), s.recallLarge(), s.f1Large(),
                    s.falseAlarmsPerThousand(), 100 * s.exactShare(), s.medianDelay(),
                    s.method().startsWith("hostgap") ? s.closedAsFixed() + " of " + s.found() : "–"));
            for (double size : CorpusGenerator.STEP_SIZES) {
                md.append(String.format(Locale.ROOT, " %.2f |", s.recall(size)));
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((int) v) : String.valueOf(v);
    }

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 20261126L;
        int series = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        List<LabeledSeries> corpus = CorpusGenerator.generate(seed, series, 120, 5);
        List<Scores> scores = new ArrayList<>();
        for (Method m : Methods.all()) {
            long start = System.nanoTime();
            scores.add(evaluate(corpus, m));
            System.err.printf("%s: %.1f s%n", m.name(), (System.nanoTime() - start) / 1e9);
        }
        System.out.printf("seed %d, %d series x 120 commits x 5 forks%n%n", seed, series);
        System.out.print(table(scores));
    }
}
