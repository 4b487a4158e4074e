package dev.hostgap.platform.confirm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.hostgap.platform.jobs.JobQueue;
import dev.hostgap.platform.jobs.JobQueue.StatusTarget;
import dev.hostgap.platform.projects.CiProject;
import org.springframework.stereotype.Component;

/**
 * Queues a probe: its row, and its jobs as one group measured in order by one runner (round by round:
 * base, middle, head). Only a bisection's middle reports a status of its own (it is a commit of the
 * branch nobody measured before, and its answer is the bisection's); the ends have their own jobs.
 */
@Component
class ProbeLauncher {

    /** What a probe measures, and for whom. */
    record Plan(CiProject project, String kind, String branch, String baseSha, String middleSha, String headSha,
                Integer pullRequest, int rounds, Long bisectionId, String requestedBy, Collection<Long> changeIds,
                Long pinnedRunner, StatusTarget middleStatus) {
    }

    private final JobQueue queue;
    private final Probes probes;

    ProbeLauncher(JobQueue queue, Probes probes) {
        this.queue = queue;
        this.probes = probes;
    }

    /** Queues it; the caller holds the transaction. Returns the probe's id. */
    long launch(Plan plan) {
        CiProject ci = plan.project();
        List<String> order = plan.middleSha() == null ? List.of(plan.baseSha(), plan.headSha())
                : List.of(plan.baseSha(), plan.middleSha(), plan.headSha());
        List<JobQueue.NewJob> jobs = rounds(ci, plan.kind(), plan.branch(), order, plan.pullRequest(), plan.baseSha(),
                plan.middleSha(), plan.middleStatus(), plan.rounds());
        JobQueue.QueuedGroup group = queue.enqueueGroup(jobs, plan.pinnedRunner(), needsApproval(ci, plan.pullRequest()));
        long id = probes.insert(ci.id(), plan.kind(), plan.branch(), plan.baseSha(), plan.middleSha(), plan.headSha(),
                plan.pullRequest(), plan.rounds(), group.group(), plan.bisectionId(), plan.requestedBy());
        if (!plan.changeIds().isEmpty()) {
            probes.attach(id, plan.changeIds());
        }
        return id;
    }

    /**
     * Queues {@code more} rounds after a probe's last, on its runner; the caller holds the transaction
     * and has raised the probe's rounds. Used for a confirmation only: its commits report no status.
     */
    void extend(Probe probe, CiProject ci, int more) {
        List<JobQueue.NewJob> jobs = rounds(ci, probe.kind(), probe.branch(), probe.roundOrder(), probe.pullRequest(), probe.baseSha(),
                probe.middleSha(), null, more);
        queue.extendGroup(probe.group(), jobs, needsApproval(ci, probe.pullRequest()));
    }

    private boolean needsApproval(CiProject ci, Integer pullRequest) {
        // a pull request's head runs on the project's runners as its own jobs would: after approval where it needs one
        return pullRequest != null && queue.needsApproval(ci.id(), pullRequest);
    }

    private static List<JobQueue.NewJob> rounds(CiProject ci, String kind, String branch, List<String> order, Integer pullRequest,
                                                String baseSha, String middleSha, StatusTarget middleStatus, int rounds) {
        List<JobQueue.NewJob> jobs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (String sha : order) {
                boolean middle = sha.equals(middleSha) && middleStatus != null;
                jobs.add(new JobQueue.NewJob(ci.id(), sha, branch, kind, pullRequest, pullRequest == null ? null : baseSha,
                        middle ? middleStatus.provider() : null, middle ? middleStatus.providerProject() : null,
                        ci.runnerLabels(), ci.benchmarkCommand(), ci.timeoutSeconds(), null));
            }
        }
        return jobs;
    }
}
