package dev.hostgap.platform.verdicts;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.hostgap.platform.compare.CommitComparer;
import dev.hostgap.platform.confirm.ConfirmationProgress;
import dev.hostgap.platform.compare.CompareReport;
import dev.hostgap.platform.compare.CompareRow;
import dev.hostgap.platform.jobs.CommitJobs;
import dev.hostgap.platform.jobs.CommitJobs.JobStatus;
import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.projects.CommitNode;
import dev.hostgap.platform.projects.ProjectRef;
import dev.hostgap.platform.regressions.ChangeLedger;
import dev.hostgap.platform.regressions.ChangeRef;
import dev.hostgap.platform.regressions.ChangeStatus;
import dev.hostgap.platform.runs.Measurements;
import dev.hostgap.platform.runs.Measurements.CommitRuns;
import dev.hostgap.platform.stats.Verdict;
import dev.hostgap.platform.traces.TraceComparer;
import org.springframework.stereotype.Service;

/**
 * The one place that answers "did this commit change anything?". A branch commit's answer is the
 * changes detection dated to it ({@link ChangeLedger}): a commit on top of a change that began
 * earlier passes and names it. A pull request's head is answered by compare, head against the level
 * its base is at ({@code baseline=level}), with the noise learned on the branch; the rows come with
 * the answer so that the
 * comment's table and the status are one computation. Before there is an answer it is pending (a
 * job waits or measures, a run waits to be judged, the base is not measured) or an error (the job
 * failed for good, judging failed).
 */
@Service
public class CommitVerdicts {

    /** How far back a commit looks for the changes it sits on: as far as detection looks. */
    private static final int OPEN_CHANGE_DEPTH = 200;

    private final CommitGraph graph;
    private final ChangeLedger ledger;
    private final CommitJobs jobs;
    private final Measurements measurements;
    private final CommitComparer comparer;
    private final ConfirmationProgress progress;
    private final TraceComparer traces;

    CommitVerdicts(CommitGraph graph, ChangeLedger ledger, CommitJobs jobs, Measurements measurements, CommitComparer comparer,
                   ConfirmationProgress progress, TraceComparer traces) {
        this.progress = progress;
        this.traces = traces;
        this.graph = graph;
        this.ledger = ledger;
        this.jobs = jobs;
        this.measurements = measurements;
        this.comparer = comparer;
    }

    /** The answer, and for a pull request the compare it was read from (null otherwise). */
    public record Answer(CommitVerdict verdict, CompareReport pullRequestReport) {
    }

    /**
     * @param pullRequest answer as this pull request's head (a CI job of that pull request); when null,
     *                    as a branch commit if it has a branch run, else as the pull request it was measured for
     */
    public Answer answer(ProjectRef project, String sha, Integer pullRequest) {
        Optional<Long> commitId = graph.findCommitId(project.id(), sha);
        Optional<JobStatus> job = jobs.newest(project.id(), sha, pullRequest);
        if (commitId.isEmpty() && job.isEmpty()) {
            throw new ApiProblem(ProblemType.UNKNOWN_COMMIT, "No run was uploaded and no job queued for commit " + sha
                    + " in this project.");
        }
        CommitRuns runs = commitId.map(measurements::runsAt).orElse(CommitRuns.NONE);
        if (pullRequest != null && job.isEmpty() && !pullRequest.equals(runs.pullRequest())) {
            throw new ApiProblem(ProblemType.UNKNOWN_COMMIT, "Commit " + sha + " was not measured for pull request "
                    + pullRequest + " in this project.");
        }
        CommitVerdict.PullRequest pr = pullRequest(pullRequest, job, runs);
        // a pull request's head may also have been measured on a branch (a same-repository pull request): compare reads every run
        int relevantRuns = pr == null ? runs.branchRuns() : runs.branchRuns() + runs.pullRequestRuns();
        Optional<String> waiting = waiting(job, runs, relevantRuns);
        if (waiting.isPresent()) {
            return new Answer(unjudged(sha, VerdictState.PENDING, waiting.get(), project, pr), null);
        }
        Optional<String> failed = failed(job, runs);
        if (failed.isPresent()) {
            return new Answer(unjudged(sha, VerdictState.ERROR, failed.get(), project, pr), null);
        }
        return pr == null ? new Answer(branchAnswer(project, sha, commitId.orElseThrow(), runs), null)
                : pullRequestAnswer(project, sha, commitId.orElseThrow(), pr);
    }

    private static CommitVerdict.PullRequest pullRequest(Integer asked, Optional<JobStatus> job, CommitRuns runs) {
        if (asked != null) {
            String base = job.map(JobStatus::baseSha).orElse(runs.baseSha());
            return new CommitVerdict.PullRequest(asked, base);
        }
        if (runs.branchRuns() > 0) {
            return null;
        }
        if (runs.pullRequest() != null) {
            return new CommitVerdict.PullRequest(runs.pullRequest(), runs.baseSha());
        }
        return job.filter(j -> j.pullRequest() != null).map(j -> new CommitVerdict.PullRequest(j.pullRequest(), j.baseSha()))
                .orElse(null);
    }

    private static Optional<String> waiting(Optional<JobStatus> job, CommitRuns runs, int relevantRuns) {
        if (job.isPresent() && job.get().waiting()) {
            JobStatus j = job.get();
            return Optional.of(switch (j.state()) {
                case "awaiting_approval" -> "Waiting for approval: a fork's head runs once a maintainer approves it";
                case "queued" -> "Queued (job " + j.id() + "): waiting for a runner";
                default -> "Measuring (job " + j.id() + ", attempt " + j.attempts() + " of " + j.maxAttempts() + ")";
            });
        }
        if (job.isPresent() && job.get().failed()) {
            return Optional.empty();
        }
        if (relevantRuns == 0) {
            return Optional.of("Not measured yet: no run of this commit");
        }
        if (runs.unjudged() > 0 && runs.retrying() == 0 || runs.retrying() > 0 && runs.judged() > 0) {
            return Optional.of("Judging the run");
        }
        return Optional.empty();
    }

    private static Optional<String> failed(Optional<JobStatus> job, CommitRuns runs) {
        if (job.isPresent() && job.get().failed()) {
            JobStatus j = job.get();
            return Optional.of("Job " + j.id() + " failed after " + j.attempts() + " attempt" + (j.attempts() == 1 ? "" : "s")
                    + (j.lastReason() == null ? "" : ": " + j.lastReason()));
        }
        if (runs.judgeError() != null && runs.judged() == 0) {
            // an error only while no run of the commit could be judged: another run judged since is its answer
            return Optional.of("Judging the run failed" + (runs.retrying() > 0 ? " (retrying)" : "") + ": " + runs.judgeError());
        }
        return Optional.empty();
    }

    private CommitVerdict unjudged(String sha, VerdictState state, String reason, ProjectRef project, CommitVerdict.PullRequest pr) {
        String link = pr != null && pr.baseSha() != null ? Links.compare(project, pr.baseSha(), sha) : Links.commit(project, sha);
        return unjudged(sha, state, reason, project, pr, link);
    }

    /** "Confirming regression #12 (launch.enqueue args=4 host_us_per_op +25.0%): 2 of 8 runs", for the largest one. */
    private String confirmingReason(List<ChangeRef> confirming) {
        ChangeRef first = confirming.get(0);
        ConfirmationProgress.Progress p = progress.of(List.of(first.id())).get(first.id());
        String what = (first.kind() == Verdict.REGRESSION ? "regression" : "improvement") + " #" + first.id() + " ("
                + VerdictSummary.series(first.benchmark(), first.params(), first.metric()) + " "
                + VerdictSummary.percent(first.changePercent()) + ")";
        String more = confirming.size() > 1 ? " and " + (confirming.size() - 1) + " more" : "";
        return p == null ? "Confirming suspected " + what + more + ": queuing its runs"
                : "Confirming suspected " + what + more + ": " + p.runsEnded() + " of " + p.runs() + " runs";
    }

    private CommitVerdict unjudged(String sha, VerdictState state, String reason, ProjectRef project, CommitVerdict.PullRequest pr,
                                   String link) {
        return withSummary(new CommitVerdict(sha, state, null, 0, 0, 0, 0, 0, null, reason, link, List.of(), List.of(), pr),
                VerdictSummary.unjudged(state, reason));
    }

    private CommitVerdict branchAnswer(ProjectRef project, String sha, long commitId, CommitRuns runs) {
        List<ChangeRef> changes = ledger.introducedAt(commitId);
        List<ChangeRef> confirming = changes.stream().filter(c -> c.status() == ChangeStatus.CONFIRMING).toList();
        if (!confirming.isEmpty()) {
            // nobody is told of a suspicion before a probe has confirmed it: until then the answer is pending
            return unjudged(sha, VerdictState.PENDING, confirmingReason(confirming), project, null, Links.change(project, confirming.get(0).id()));
        }
        Map<Verdict, Long> judged = ledger.judgementsAt(commitId);
        long regressions = changes.stream().filter(c -> c.counts() && c.kind() == Verdict.REGRESSION).count();
        long improvements = changes.stream().filter(c -> c.counts() && c.kind() == Verdict.IMPROVEMENT).count();
        long history = judged.getOrDefault(Verdict.INSUFFICIENT_HISTORY, 0L);
        long data = judged.getOrDefault(Verdict.INSUFFICIENT_DATA, 0L);
        long total = judged.values().stream().mapToLong(Long::longValue).sum();
        long unchanged = Math.max(0, total - history - data - regressions - improvements);
        Verdict verdict = overall(regressions, improvements, history, unchanged);
        String branch = runs.branch() == null ? project.defaultBranch() : runs.branch();
        List<Long> earlier = graph.timelineFrom(project.id(), commitId, branch, OPEN_CHANGE_DEPTH).stream()
                .map(CommitNode::id).filter(id -> id != commitId).toList();
        List<ChangeRef> open = earlier.isEmpty() ? List.of() : ledger.presentAt(earlier).stream()
                .filter(c -> c.kind() == Verdict.REGRESSION && c.counts()).toList();
        Optional<ChangeRef> shown = changes.stream().filter(ChangeRef::counts)
                .filter(c -> c.kind() == (regressions > 0 ? Verdict.REGRESSION : Verdict.IMPROVEMENT)).findFirst();
        String link = shown.map(c -> Links.change(project, c.id())).orElse(Links.commit(project, sha));
        CommitVerdict partial = new CommitVerdict(sha, VerdictState.JUDGED, verdict, regressions, improvements, unchanged,
                history, data, null, null, link, changes, open, null);
        Optional<String> idle = shown.flatMap(c -> c.lastGoodCommit() == null ? Optional.empty()
                : idleExplanation(project, c.lastGoodCommit(), sha, c.benchmark(), c.params()));
        return withSummary(partial, VerdictSummary.branch(partial, shown.orElse(null), idle.orElse(null)));
    }

    private Answer pullRequestAnswer(ProjectRef project, String sha, long headId, CommitVerdict.PullRequest pr) {
        Optional<Long> baseId = pr.baseSha() == null ? Optional.empty() : graph.findCommitId(project.id(), pr.baseSha());
        if (baseId.isEmpty() || !measurements.measured(project.id(), pr.baseSha())) {
            Optional<JobStatus> baseJob = pr.baseSha() == null ? Optional.empty() : jobs.newest(project.id(), pr.baseSha(), null);
            String base = pr.baseSha() == null ? "its base" : "base " + pr.baseSha().substring(0, 10);
            if (baseJob.isPresent() && (baseJob.get().failed() || !baseJob.get().waiting())) {
                String reason = "The " + base + " could not be measured: job " + baseJob.get().id()
                        + (baseJob.get().failed() ? " failed" : " has no successful result");
                return new Answer(unjudged(sha, VerdictState.ERROR, reason, project, pr), null);
            }
            return new Answer(unjudged(sha, VerdictState.PENDING, "Waiting for " + base + " to be measured", project, pr), null);
        }
        Optional<CommitJobs.Calibrating> calibrating = jobs.calibrating(project.id());
        if (calibrating.isPresent()) {
            // a new project's first pull requests wait for the noise the calibration measures, not for a ±80% threshold
            CommitJobs.Calibrating c = calibrating.get();
            return new Answer(unjudged(sha, VerdictState.PENDING, "Calibrating the project's noise: " + c.ended() + " of " + c.total()
                    + " repeats of " + c.sha().substring(0, 10) + " measured", project, pr), null);
        }
        List<CompareRow> rows = comparer.compareToBaseLevel(project.id(), baseId.get(), headId, project.defaultBranch());
        CompareReport report = new CompareReport(pr.baseSha(), sha, rows, "level");
        long regressions = report.count(Verdict.REGRESSION.wireName());
        long improvements = report.count(Verdict.IMPROVEMENT.wireName());
        long unchanged = report.count(Verdict.UNCHANGED.wireName());
        long history = report.count(Verdict.INSUFFICIENT_HISTORY.wireName());
        long data = report.count(Verdict.INSUFFICIENT_DATA.wireName());
        Verdict verdict = overall(regressions, improvements, history, unchanged);
        CommitVerdict partial = new CommitVerdict(sha, VerdictState.JUDGED, verdict, regressions, improvements, unchanged,
                history, data, null, null, Links.compare(project, pr.baseSha(), sha), List.of(), List.of(), pr);
        Optional<String> idle = VerdictSummary.worst(partial, rows)
                .flatMap(w -> idleExplanation(project, pr.baseSha(), sha, w.benchmark(), w.params()));
        return new Answer(withSummary(partial, VerdictSummary.pullRequest(partial, rows, idle.orElse(null))), report);
    }

    /**
     * When the series a summary names is a profiler trace's (its params are one {@code device}), how the
     * device's idle time moved between the two commits' traces and the operator behind most of it.
     */
    private Optional<String> idleExplanation(ProjectRef project, String base, String head, String benchmark,
                                             Map<String, String> params) {
        if (params.size() != 1 || !params.containsKey("device")) {
            return Optional.empty();
        }
        return traces.idleLine(project.id(), base, head, benchmark, params.get("device"));
    }

    /** A regression anywhere makes it one; green is only when every series was judged (none still learning its noise). */
    private static Verdict overall(long regressions, long improvements, long learning, long unchanged) {
        return regressions > 0 ? Verdict.REGRESSION : improvements > 0 ? Verdict.IMPROVEMENT
                : learning > 0 ? Verdict.INSUFFICIENT_HISTORY : unchanged > 0 ? Verdict.UNCHANGED : Verdict.INSUFFICIENT_DATA;
    }

    /** GitHub keeps 140 characters of a status's description: the summary is that line, the same everywhere. */
    static final int MAX_SUMMARY = 140;

    private static CommitVerdict withSummary(CommitVerdict v, String line) {
        String summary = line.length() <= MAX_SUMMARY ? line : line.substring(0, MAX_SUMMARY - 1) + "…";
        return new CommitVerdict(v.sha(), v.state(), v.verdict(), v.regressions(), v.improvements(), v.unchanged(),
                v.insufficientHistory(), v.insufficientData(), summary, v.reason(), v.link(), v.changes(), v.openChanges(),
                v.pullRequest());
    }
}
