package dev.hostgap.platform.regressions;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.hostgap.platform.projects.CommitNode;
import dev.hostgap.platform.runs.Measurements.RunContext;
import dev.hostgap.platform.runs.Measurements.RunLevels;
import dev.hostgap.platform.runs.Measurements.SeriesInfo;

/**
 * What judging a batch of runs reads once instead of once per run: each run's context, series and
 * first-parent history (oldest first), and the run levels of the series those runs measured at
 * every commit of their histories, read once for each group of a project's runs whose histories
 * overlap (BatchReader#readLevelsInGroups). Runs of one branch come in commit order, so their
 * histories overlap in all but a commit or two: one read of the levels instead of one per run was
 * detection's largest saving (issue 23). Results are only ever added and the levels are kept in the
 * order a run's own read returns them, so a run is judged on what it would have read alone when the
 * batch began; what changes while a batch is judged (the changes on record) is still read per run.
 *
 * @param runs the runs to judge, by id; a run absent here (a pull-request run, one without a
 *             successful result, one that vanished) has nothing to judge
 */
record BatchReads(Map<UUID, JudgedRun> runs, Map<UUID, RunLevels> levelsByRun) {

    /** One run as the detector sees it: where it was measured, its series, and its history, oldest first. */
    record JudgedRun(RunContext run, List<SeriesInfo> series, List<CommitNode> history) {
    }

    RunLevels levelsOf(JudgedRun judged) {
        return levelsByRun.get(judged.run().runId());
    }
}
