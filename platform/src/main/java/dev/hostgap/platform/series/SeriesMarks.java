package dev.hostgap.platform.series;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.hostgap.platform.projects.CommitNode;
import dev.hostgap.platform.runs.ResultRuns;

/**
 * What the series chart marks beside a window's values, read in two queries: the runs and machines
 * behind each point (a chart colours points by machine and marks throttled runs), the failed results
 * (a failed commit is shown, not skipped), and the noise and threshold detection judged the newest
 * judged commit with (the band a change must leave to count).
 */
record SeriesMarks(Map<Long, Map<String, Runs>> runs, List<SeriesView.Failure> failures, SeriesView.Noise noise) {

    /** The successful runs of one commit in one environment class. */
    record Runs(UUID newest, String machines, boolean throttled) {
        static final Runs NONE = new Runs(null, null, false);
    }

    Runs runsAt(long commitId, String environment) {
        return runs.getOrDefault(commitId, Map.of()).getOrDefault(environment, Runs.NONE);
    }

    /** {@code environments}: the environment class of each series id; {@code history} newest commit first. */
    static SeriesMarks read(ResultRuns source, Map<Long, String> environments, List<CommitNode> history) {
        if (history.isEmpty()) {
            return new SeriesMarks(Map.of(), List.of(), null);
        }
        Map<Long, Integer> position = new HashMap<>();
        for (int i = 0; i < history.size(); i++) {
            position.put(history.get(i).id(), i);
        }
        long from = Collections.min(position.keySet());
        long to = Collections.max(position.keySet());
        record Acc(List<UUID> runs, Set<String> machines, boolean[] throttled) {
        }
        Map<Long, Map<String, Acc>> byCommit = new HashMap<>();
        List<SeriesView.Failure> failures = new ArrayList<>();
        for (ResultRuns.ResultRun r : source.of(environments.keySet(), from, to)) {
            Integer at = position.get(r.commitId());
            if (at == null) {
                continue;
            }
            String environment = environments.get(r.seriesId());
            if (r.error() != null) {
                CommitNode c = history.get(at);
                failures.add(new SeriesView.Failure(c.sha(), c.timestamp(), r.runId(), environment, r.machine(), r.error()));
                continue;
            }
            Acc acc = byCommit.computeIfAbsent(r.commitId(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(environment, k -> new Acc(new ArrayList<>(), new LinkedHashSet<>(), new boolean[1]));
            acc.runs().add(r.runId());
            acc.machines().add(r.machine());
            acc.throttled()[0] |= r.throttled();
        }
        failures.sort(java.util.Comparator.comparingInt((SeriesView.Failure f) -> -indexOf(history, f.sha())));
        Map<Long, Map<String, Runs>> runs = new HashMap<>();
        byCommit.forEach((commit, classes) -> classes.forEach((environment, acc) -> runs.computeIfAbsent(commit, k -> new HashMap<>())
                .put(environment, new Runs(acc.runs().get(acc.runs().size() - 1), String.join(" + ", acc.machines()), acc.throttled()[0]))));
        return new SeriesMarks(runs, failures, noise(source, environments.keySet(), history, position));
    }

    /** Commits looked at first for the newest judgement: nearly always one of them was judged. */
    private static final int NEWEST_FIRST = 50;

    /**
     * The newest judged commit's threshold and noise (its newest run's judgement): looked for among the
     * window's newest commits first, and in the whole window only when none of those was judged.
     */
    private static SeriesView.Noise noise(ResultRuns source, Set<Long> series, List<CommitNode> history, Map<Long, Integer> position) {
        List<Long> newestCommits = history.subList(0, Math.min(NEWEST_FIRST, history.size())).stream().map(CommitNode::id).toList();
        List<ResultRuns.Judged> judged = source.judgements(series, newestCommits);
        if (judged.isEmpty() && history.size() > NEWEST_FIRST) {
            judged = source.judgements(series, position.keySet());
        }
        ResultRuns.Judged newest = null;
        for (ResultRuns.Judged j : judged) {
            if (newest == null || position.get(j.commitId()) <= position.get(newest.commitId())) {
                newest = j;
            }
        }
        return newest == null ? null : new SeriesView.Noise(history.get(position.get(newest.commitId())).sha(),
                newest.thresholdPercent(), newest.noisePercent(), newest.historyRuns());
    }

    private static int indexOf(List<CommitNode> history, String sha) {
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).sha().equals(sha)) {
                return i;
            }
        }
        return -1;
    }
}
