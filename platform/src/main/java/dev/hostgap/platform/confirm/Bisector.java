package dev.hostgap.platform.confirm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.hostgap.platform.jobs.JobQueue;
import dev.hostgap.platform.projects.CiProject;
import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.projects.CommitNode;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.regressions.ChangeConfirmations;
import dev.hostgap.platform.regressions.ChangeConfirmations.Suspicion;
import dev.hostgap.platform.stats.Judgement;
import org.springframework.stereotype.Component;

/**
 * Bisects a confirmed change whose range (last good, first bad] holds first-parent commits never
 * measured: measures the middle one paired with both ends, keeps the half the change is in, and
 * repeats until the first bad commit is pinned; then re-dates the change there, which tells the
 * statuses of the commits it concerns again. Within a budget of jobs and runner time per change
 * (the confirmation's jobs count); a commit that cannot be measured is skipped, never read as a change.
 */
@Component
class Bisector {

    private final Bisections bisections;
    private final Probes probes;
    private final ProbeLauncher launcher;
    private final JobQueue queue;
    private final CommitGraph graph;
    private final ProjectDirectory projects;
    private final ChangeConfirmations changes;
    private final ConfirmProperties properties;

    Bisector(Bisections bisections, Probes probes, ProbeLauncher launcher, JobQueue queue, CommitGraph graph,
             ProjectDirectory projects, ChangeConfirmations changes, ConfirmProperties properties) {
        this.bisections = bisections;
        this.probes = probes;
        this.launcher = launcher;
        this.queue = queue;
        this.graph = graph;
        this.projects = projects;
        this.changes = changes;
        this.properties = properties;
    }

    /**
     * After a confirmation: bisects when commits lie between its base and head on the first-parent
     * chain. Returns the bisection's id, or empty when there is nothing to bisect.
     */
    Optional<Long> startAfter(Probe confirmation) {
        if (commitsBetween(confirmation.projectId(), confirmation.branch(), confirmation.baseSha(), confirmation.headSha())
                .filter(between -> !between.isEmpty()).isEmpty()) {
            return Optional.empty();
        }
        Optional<Long> id = bisections.insert(confirmation.projectId(), confirmation.branch(), confirmation.baseSha(),
                confirmation.headSha(), properties.maxJobsPerChange(), (int) properties.maxRunnerTimePerChange().toSeconds(),
                confirmation.id());
        id.ifPresent(this::step);
        return id;
    }

    /**
     * The first-parent commits strictly between {@code good} and {@code bad}, oldest first; empty
     * when {@code good} is not on {@code bad}'s first-parent chain within the bound.
     */
    Optional<List<CommitNode>> commitsBetween(long projectId, String branch, String good, String bad) {
        Optional<Long> badId = graph.findCommitId(projectId, bad);
        if (badId.isEmpty()) {
            return Optional.empty();
        }
        List<CommitNode> chain = graph.historyFrom(projectId, badId.get(), branch, properties.maxBisectCommits() + 2);
        List<CommitNode> between = new ArrayList<>();
        for (int i = 1; i < chain.size(); i++) {
            CommitNode child = chain.get(i - 1);
            CommitNode node = chain.get(i);
            if (child.parents().isEmpty() || !child.parents().get(0).equals(node.sha())) {
                return Optional.empty(); // past a gap in the known graph: not a first-parent ancestor
            }
            if (node.sha().equals(good)) {
                java.util.Collections.reverse(between);
                return Optional.of(between);
            }
            between.add(node);
        }
        return Optional.empty();
    }

    /** Queues the next step, or ends the bisection: pinned, out of budget, nothing left to measure. */
    void step(long bisectionId) {
        Bisection b = bisections.lock(bisectionId).orElseThrow();
        if (!b.state().equals("bisecting")) {
            return;
        }
        List<CommitNode> between = commitsBetween(b.projectId(), b.branch(), b.goodSha(), b.badSha()).orElse(List.of());
        List<CommitNode> candidates = between.stream().filter(c -> !b.skipped().contains(c.sha())).toList();
        if (candidates.isEmpty()) {
            pin(b, between);
            return;
        }
        Usage used = usage(b);
        int stepJobs = 3 * properties.rounds();
        if (used.jobs() + stepJobs > b.maxJobs() || used.runnerSeconds() >= b.maxRunnerSeconds()) {
            String note = String.format(Locale.ROOT, "budget spent (%d of %d jobs, %.0f of %d runner seconds): the first bad commit "
                            + "is one of the %d commits after %s up to %s", used.jobs(), b.maxJobs(), used.runnerSeconds(),
                    b.maxRunnerSeconds(), between.size() + 1, b.goodSha().substring(0, 10), b.badSha().substring(0, 10));
            if (bisections.end(b.id(), "budget_spent", null, note)) {
                redate(b, b.badSha(), b.goodSha(), "bisection " + b.id() + ": " + note);
            }
            return;
        }
        CommitNode middle = candidates.get((candidates.size() - 1) / 2);
        Probe confirmation = probes.find(b.confirmProbeId()).orElseThrow();
        CiProject ci = projects.requireCiById(b.projectId());
        launcher.launch(new ProbeLauncher.Plan(ci, "bisect", b.branch(), b.goodSha(), middle.sha(), b.badSha(), null,
                properties.rounds(), b.id(), "hostgap", probes.changesOf(confirmation.id()), null,
                queue.statusTarget(b.projectId(), confirmation.headSha()).orElse(null)));
    }

    /**
     * A step ended: the middle is on the change's side ({@code bad}), on the base's ({@code good}),
     * or could not be measured ({@code skipped}). Then the next step.
     */
    void stepEnded(Probe step, String outcome) {
        Bisection b = bisections.lock(step.bisectionId()).orElseThrow();
        if (!b.state().equals("bisecting")) {
            return;
        }
        switch (outcome) {
            case "bad" -> bisections.narrow(b.id(), b.goodSha(), step.middleSha());
            case "good" -> bisections.narrow(b.id(), step.middleSha(), b.badSha());
            default -> bisections.skip(b.id(), step.middleSha());
        }
        step(b.id());
    }

    /**
     * Which side the middle is on, for the change the bisection follows (the largest of those it
     * re-dates): changed against the base and not against the head is bad, the other way round good;
     * when both or neither say so (a step split over several commits, or too small to tell apart in
     * a few rounds), the side it is nearer to.
     */
    static String side(PairedTable.Row row, String kind) {
        Judgement fromBase = row.middleAgainstBase();
        Judgement toHead = row.headAgainstMiddle();
        boolean changedFromBase = fromBase.verdict().wireName().equals(kind);
        boolean changedToHead = toHead.verdict().wireName().equals(kind);
        if (changedFromBase != changedToHead) {
            return changedFromBase ? "bad" : "good";
        }
        double fromBaseSize = fromBase.changePercent() == null ? 0 : Math.abs(fromBase.changePercent());
        double toHeadSize = toHead.changePercent() == null ? 0 : Math.abs(toHead.changePercent());
        return fromBaseSize >= toHeadSize ? "bad" : "good";
    }

    /** Cancels the bisection and its step under way. */
    boolean cancel(Bisection b, String by) {
        if (!bisections.end(b.id(), "cancelled", null, "cancelled by " + by + " with the first bad commit after "
                + b.goodSha().substring(0, 10) + " up to " + b.badSha().substring(0, 10))) {
            return false;
        }
        for (Probe p : probes.ofBisection(b.id())) {
            if (p.measuring() && probes.end(p.id(), "cancelled", null, null, "cancelled with bisection " + b.id() + " by " + by)) {
                queue.cancelGroup(p.group());
            }
        }
        return true;
    }

    /** A step's end ({@code good} or {@code bad}) could not be measured: the bisection cannot go on. */
    void failed(Probe step, String reason) {
        Bisection b = bisections.lock(step.bisectionId()).orElseThrow();
        if (bisections.end(b.id(), "failed", null, reason)) {
            redate(b, b.badSha(), b.goodSha(), "bisection " + b.id() + " failed: " + reason);
        }
    }

    private void pin(Bisection b, List<CommitNode> between) {
        // every commit left between the bounds was skipped: the first bad commit is one of them or the bad end
        String note = between.isEmpty() ? "first bad commit " + b.badSha() + " (last good " + b.goodSha() + ")"
                : "first bad commit among " + b.badSha().substring(0, 10) + " and the skipped " + between.stream()
                .map(c -> c.sha().substring(0, 10)).toList() + " (they could not be measured)";
        if (bisections.end(b.id(), "pinned", between.isEmpty() ? b.badSha() : null, note)) {
            // the last commit known good: the bad end's first-parent predecessor, or before the skipped ones
            redate(b, b.badSha(), b.goodSha(), "bisection " + b.id() + ": " + note);
        }
    }

    private void redate(Bisection b, String firstBad, String lastGood, String note) {
        long firstBadId = graph.requireCommitId(b.projectId(), firstBad);
        long lastGoodId = graph.requireCommitId(b.projectId(), lastGood);
        Collection<Long> ids = probes.changesOf(b.confirmProbeId());
        for (Suspicion change : changes.byIds(ids)) {
            if (!change.firstBadSha().equals(firstBad) && !changes.redate(change.id(), firstBadId, lastGoodId, note)) {
                // the step is on record at that commit already (seen there too, judged out of order): one record of it
                changes.giveWayAtCommit(change.id(), firstBadId, note);
            }
        }
    }

    /** Jobs queued and runner time used for the change: its confirmation and every step so far. */
    record Usage(long jobs, double runnerSeconds) {
    }

    Usage usage(Bisection b) {
        long jobs = 0;
        double seconds = 0;
        List<Long> groups = new ArrayList<>();
        probes.find(b.confirmProbeId()).ifPresent(p -> groups.add(p.group()));
        probes.ofBisection(b.id()).forEach(p -> groups.add(p.group()));
        for (long group : groups) {
            JobQueue.GroupUse use = queue.group(group);
            jobs += use.jobsQueued();
            seconds += use.runnerSeconds();
        }
        return new Usage(jobs, seconds);
    }
}
