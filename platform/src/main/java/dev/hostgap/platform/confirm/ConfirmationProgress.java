package dev.hostgap.platform.confirm;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.hostgap.platform.jobs.JobQueue;
import org.springframework.stereotype.Component;

/**
 * How far the confirmation of a change has come, for the answers that wait on it ("confirming: 2 of
 * 8 runs"): the one public read of this feature.
 */
@Component
public class ConfirmationProgress {

    /** The probe measuring the change, and how many of its runs have ended. */
    public record Progress(long changeId, long probeId, int runsEnded, int runs) {
    }

    private final Probes probes;
    private final JobQueue queue;

    ConfirmationProgress(Probes probes, JobQueue queue) {
        this.probes = probes;
        this.queue = queue;
    }

    /** The changes among these that a probe is measuring now (a change waiting for its probe to be queued has none yet). */
    public Map<Long, Progress> of(Collection<Long> changeIds) {
        Map<Long, Progress> progress = new HashMap<>();
        if (changeIds.isEmpty()) {
            return progress;
        }
        Map<Long, JobQueue.GroupUse> groups = new HashMap<>();
        for (Probes.ChangeProbe p : probes.measuringConfirmations(changeIds)) {
            List<JobQueue.GroupJob> jobs = groups.computeIfAbsent(p.group(), queue::group).jobs();
            int ended = (int) jobs.stream().filter(j -> j.state().equals("completed") || j.state().equals("failed")).count();
            progress.put(p.changeId(), new Progress(p.changeId(), p.probeId(), ended, jobs.size()));
        }
        return progress;
    }
}
