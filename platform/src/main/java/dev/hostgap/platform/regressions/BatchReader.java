package dev.hostgap.platform.regressions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.projects.CommitNode;
import dev.hostgap.platform.runs.Measurements;
import dev.hostgap.platform.runs.Measurements.RunContext;
import dev.hostgap.platform.runs.Measurements.SeriesInfo;
import org.springframework.stereotype.Component;

/**
 * Reads what a batch of claimed runs is judged on ({@link BatchReads}): each run's context, series
 * and first-parent history, and the run levels of the batch's runs, once for each group of a
 * project's runs whose histories overlap. Detection's largest cost was these levels read again for
 * every run (issue 23).
 */
@Component
class BatchReader {

    private final Measurements measurements;
    private final CommitGraph graph;
    private final DetectionProperties properties;

    BatchReader(Measurements measurements, CommitGraph graph, DetectionProperties properties) {
        this.measurements = measurements;
        this.graph = graph;
        this.properties = properties;
    }

    /** How much more than its largest run a group of runs may read at once (see readLevelsInGroups). */
    private static final long GROUP_CELLS_PER_RUN = 2;

    /**
     * Reads, for the caller's transaction, what judging these runs needs and does not change while
     * they are judged ({@link BatchReads}): each run's context, series and history, and the run
     * levels of each project's runs in as few queries as keep the read near one run's size.
     */
    BatchReads read(List<UUID> runIds) {
        Map<UUID, BatchReads.JudgedRun> runs = new LinkedHashMap<>();
        for (UUID runId : runIds) {
            RunContext run = measurements.run(runId).orElse(null);
            List<SeriesInfo> series = run == null || run.pullRequest() != null ? List.of() : measurements.seriesOf(runId);
            if (series.isEmpty()) {
                continue;
            }
            List<CommitNode> history = new ArrayList<>(graph.timelineFrom(run.projectId(), run.commitId(), run.branch(),
                    properties.historyCommits()));
            Collections.reverse(history); // oldest first
            runs.put(runId, new BatchReads.JudgedRun(run, series, history));
        }
        Map<Long, List<BatchReads.JudgedRun>> byProject = new TreeMap<>();
        runs.values().forEach(judged -> byProject.computeIfAbsent(judged.run().projectId(), k -> new ArrayList<>()).add(judged));
        Map<UUID, Measurements.RunLevels> levels = new HashMap<>();
        byProject.values().forEach(projectRuns -> readLevelsInGroups(projectRuns, levels));
        return new BatchReads(runs, levels);
    }

    /**
     * One levels read per group of a project's runs, a run joining the current group while the group's
     * series × commits stay within {@link #GROUP_CELLS_PER_RUN} times what its largest run reads alone.
     * Runs of one branch in commit order share all but a commit or two and read once; runs whose
     * histories barely overlap (a backfill across the history, long-diverged branches) read apart, so
     * the batch never holds much more than its largest run would alone.
     */
    private void readLevelsInGroups(List<BatchReads.JudgedRun> projectRuns, Map<UUID, Measurements.RunLevels> levels) {
        List<BatchReads.JudgedRun> group = new ArrayList<>();
        Set<Long> series = new TreeSet<>();
        Set<Long> commits = new TreeSet<>();
        long largestRun = 0;
        for (BatchReads.JudgedRun judged : projectRuns) {
            Set<Long> withSeries = new TreeSet<>(series);
            judged.series().forEach(s -> withSeries.add(s.id()));
            Set<Long> withCommits = new TreeSet<>(commits);
            judged.history().forEach(c -> withCommits.add(c.id()));
            long largest = Math.max(largestRun, (long) judged.series().size() * judged.history().size());
            if (!group.isEmpty() && (long) withSeries.size() * withCommits.size() > GROUP_CELLS_PER_RUN * largest) {
                readGroup(group, series, commits, levels);
                group = new ArrayList<>();
                withSeries.clear();
                judged.series().forEach(s -> withSeries.add(s.id()));
                withCommits.clear();
                judged.history().forEach(c -> withCommits.add(c.id()));
                largest = (long) judged.series().size() * judged.history().size();
            }
            group.add(judged);
            series = withSeries;
            commits = withCommits;
            largestRun = largest;
        }
        if (!group.isEmpty()) {
            readGroup(group, series, commits, levels);
        }
    }

    private void readGroup(List<BatchReads.JudgedRun> group, Set<Long> series, Set<Long> commits,
                           Map<UUID, Measurements.RunLevels> levels) {
        Measurements.RunLevels read = measurements.runLevels(series, commits);
        group.forEach(judged -> levels.put(judged.run().runId(), read));
    }
}
