package dev.hostgap.platform.confirm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.hostgap.platform.jobs.JobEnded;
import dev.hostgap.platform.jobs.JobQueue;
import dev.hostgap.platform.jobs.JobQueue.GroupJob;
import dev.hostgap.platform.projects.CiProject;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.regressions.ChangeConfirmations;
import dev.hostgap.platform.regressions.ChangeConfirmations.Suspicion;
import dev.hostgap.platform.regressions.ChangesRecorded;
import dev.hostgap.platform.stats.Direction;
import dev.hostgap.platform.stats.PairedJudge;
import dev.hostgap.platform.stats.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Confirms what detection suspects, through the job queue, without anyone asking: a change put on
 * record as {@code confirming} gets a probe (its last good and first bad commit, interleaved on one
 * runner); when the probe's jobs have ended, its pairs decide — confirmed (the change counts, and is
 * bisected where its range holds commits never measured) or unconfirmed (recorded and closed). A
 * probe that cannot measure leaves the change suspected. Every probe's end is acted on once: the
 * probe's row is ended under a guard, whichever instance gets there first does the rest.
 */
@Service
class Confirmations {

    private static final Logger log = LoggerFactory.getLogger(Confirmations.class);

    private final ChangeConfirmations changes;
    private final Probes probes;
    private final ProbeLauncher launcher;
    private final PairedTable table;
    private final Bisector bisector;
    private final JobQueue queue;
    private final ProjectDirectory projects;
    private final ConfirmProperties properties;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;

    Confirmations(ChangeConfirmations changes, Probes probes, ProbeLauncher launcher, PairedTable table, Bisector bisector,
                  JobQueue queue, ProjectDirectory projects, ConfirmProperties properties, TransactionTemplate transactions,
                  JdbcClient jdbc) {
        this.changes = changes;
        this.probes = probes;
        this.launcher = launcher;
        this.table = table;
        this.bisector = bisector;
        this.queue = queue;
        this.projects = projects;
        this.properties = properties;
        // its own transaction: a listener runs after the caller's committed, where joining it would write into a finished one
        // and announce nothing
        this.transactions = new TransactionTemplate(java.util.Objects.requireNonNull(transactions.getTransactionManager()));
        this.transactions.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.jdbc = jdbc;
    }

    /** Detection put changes on record: those to confirm get their probe. */
    @TransactionalEventListener(fallbackExecution = true)
    public void onChangesRecorded(ChangesRecorded event) {
        guarded("starting confirmations", this::startPending);
    }

    /** A probe's job ended: the probe moves on (its next job is leasable already; its last one concludes it). */
    @TransactionalEventListener(fallbackExecution = true)
    public void onJobEnded(JobEnded event) {
        if (event.group() != null) {
            guarded("probe of job group " + event.group(), () -> advance(event.group()));
        }
    }

    @Scheduled(fixedDelayString = "${hostgap.confirm.sweep-interval:10s}", initialDelayString = "${hostgap.confirm.sweep-interval:10s}")
    public void sweep() {
        guarded("the confirmation sweep", () -> {
            startPending();
            for (Probe probe : probes.measuring(200)) {
                advance(probe.group());
            }
        });
    }

    private void guarded(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.error("Confirming changes failed at {}; the sweep tries again", what, e);
        }
    }

    /**
     * Queues a probe for every change waiting to be confirmed that has none measuring: one probe per
     * pair of commits (the changes of several series suspected at one commit share it).
     */
    void startPending() {
        transactions.executeWithoutResult(status -> {
            // one instance at a time decides which changes lack a probe
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended('confirm:start', 3))").query(Object.class).single();
            List<Suspicion> waiting = changes.confirming(500);
            if (waiting.isEmpty()) {
                return;
            }
            Set<Long> measured = probes.measuringConfirmations(waiting.stream().map(Suspicion::id).toList()).stream()
                    .map(Probes.ChangeProbe::changeId).collect(Collectors.toSet());
            Map<List<Object>, List<Suspicion>> byCommits = new LinkedHashMap<>();
            for (Suspicion s : waiting) {
                if (!measured.contains(s.id())) {
                    byCommits.computeIfAbsent(List.of(s.projectId(), s.branch(), String.valueOf(s.lastGoodSha()), s.firstBadSha()),
                            k -> new ArrayList<>()).add(s);
                }
            }
            byCommits.values().forEach(this::launchConfirmation);
        });
    }

    private void launchConfirmation(List<Suspicion> suspicions) {
        Suspicion first = suspicions.get(0);
        CiProject ci = projects.requireCiById(first.projectId());
        if (first.lastGoodSha() == null || ci.benchmarkCommand() == null || ci.runnerLabels().isEmpty()) {
            String why = first.lastGoodSha() == null ? "no earlier measured commit to pair it with"
                    : "the project has no runners to confirm it (no benchmark command or runner labels)";
            suspicions.forEach(s -> changes.leftSuspected(s.id(), "not confirmed by a probe: " + why));
            return;
        }
        launcher.launch(new ProbeLauncher.Plan(ci, "confirm", first.branch(), first.lastGoodSha(), null, first.firstBadSha(), null,
                properties.rounds(), null, "hostgap", suspicions.stream().map(Suspicion::id).toList(), null, null));
    }

    /** Moves a probe on: concluded once every job completed, failed (or a middle skipped) once one failed for good. */
    void advance(long group) {
        transactions.executeWithoutResult(status -> probes.byGroup(group).filter(Probe::measuring).ifPresent(probe -> {
            List<GroupJob> jobs = queue.group(group).jobs();
            GroupJob failed = jobs.stream().filter(j -> j.state().equals("failed")).findFirst().orElse(null);
            GroupJob cancelled = jobs.stream().filter(j -> j.state().equals("cancelled")).findFirst().orElse(null);
            if (failed != null) {
                failedJob(probe, failed);
            } else if (cancelled != null) {
                // cancelled outside the probe (a newer push to its pull request): it cannot be completed
                cancelledJob(probe, cancelled);
            } else if (!jobs.isEmpty() && jobs.stream().allMatch(j -> j.state().equals("completed"))) {
                conclude(probe, jobs);
            }
        }));
    }

    private void failedJob(Probe probe, GroupJob failed) {
        String reason = "job " + failed.id() + " (" + failed.sha().substring(0, 10) + ") failed"
                + (failed.lastReason() == null ? "" : ": " + firstLine(failed.lastReason()));
        if (probe.kind().equals("bisect") && failed.sha().equals(probe.middleSha())) {
            // like git bisect skip: a commit that does not build or run is named, never read as a change
            if (probes.end(probe.id(), "concluded", "skipped", null, "skipped: " + reason)) {
                queue.cancelGroup(probe.group());
                bisector.stepEnded(probe, "skipped");
            }
            return;
        }
        if (!probes.end(probe.id(), "failed", null, null, reason)) {
            return;
        }
        queue.cancelGroup(probe.group());
        switch (probe.kind()) {
            case "confirm" -> probes.changesOf(probe.id()).forEach(id -> changes.leftSuspected(id,
                    "the confirmation (probe " + probe.id() + ") could not measure: " + reason));
            case "bisect" -> bisector.failed(probe, "probe " + probe.id() + " could not measure an end: " + reason);
            default -> {
            }
        }
    }

    private void cancelledJob(Probe probe, GroupJob cancelled) {
        String reason = "job " + cancelled.id() + " (" + cancelled.sha().substring(0, 10) + ") was cancelled";
        if (!probes.end(probe.id(), "cancelled", null, null, reason)) {
            return;
        }
        queue.cancelGroup(probe.group());
        switch (probe.kind()) {
            case "confirm" -> probes.changesOf(probe.id()).forEach(id -> changes.leftSuspected(id,
                    "its confirmation (probe " + probe.id() + ") could not end: " + reason));
            case "bisect" -> bisector.failed(probe, "probe " + probe.id() + " could not end: " + reason);
            default -> {
            }
        }
    }

    private void conclude(Probe probe, List<GroupJob> jobs) {
        List<PairedTable.Row> rows = table.judge(probe, jobs);
        List<Suspicion> measuredChanges = changes.byIds(probes.changesOf(probe.id()));
        switch (probe.kind()) {
            case "confirm" -> concludeConfirmation(probe, rows, measuredChanges);
            case "bisect" -> {
                Suspicion leading = measuredChanges.stream().max(java.util.Comparator.comparingDouble(
                        (Suspicion s) -> s.changePercent() == null ? 0 : Math.abs(s.changePercent()))).orElse(null);
                PairedTable.Row row = leading == null ? null : rowOf(rows, leading.seriesId());
                String outcome = row == null ? "skipped" : Bisector.side(row, leading.kind());
                String note = row == null ? "the followed series was not measured on both ends and the middle"
                        : String.format(Locale.ROOT, "middle against good %s, bad against middle %s",
                        percent(row.middleAgainstBase().changePercent()), percent(row.headAgainstMiddle().changePercent()));
                if (probes.end(probe.id(), "concluded", outcome, table.toJson(rows), note)) {
                    bisector.stepEnded(probe, outcome);
                }
            }
            default -> probes.end(probe.id(), "concluded", "judged", table.toJson(rows), null);
        }
    }

    private void concludeConfirmation(Probe probe, List<PairedTable.Row> rows, List<Suspicion> measuredChanges) {
        List<Suspicion> confirmed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Suspicion s : measuredChanges) {
            PairedTable.Row row = rowOf(rows, s.seriesId());
            boolean holds = row != null && row.change().verdict().wireName().equals(s.kind());
            notes.add("change #" + s.id() + ": " + (row == null ? "not measured" : percent(row.change().changePercent()) + " in "
                    + row.rounds().size() + " pairs, threshold " + percent(row.change().thresholdPercent())));
            if (holds) {
                confirmed.add(s);
            }
        }
        if (confirmed.isEmpty() && extended(probe, rows, measuredChanges)) {
            return;
        }
        if (!probes.end(probe.id(), "concluded", confirmed.isEmpty() ? "unconfirmed" : "confirmed", table.toJson(rows),
                String.join("; ", notes))) {
            return;
        }
        for (Suspicion s : measuredChanges) {
            PairedTable.Row row = rowOf(rows, s.seriesId());
            String said = row == null ? "its series was not measured in every round"
                    : percent(row.change().changePercent()) + " in " + row.rounds().size() + " interleaved pairs on one runner, threshold "
                    + percent(row.change().thresholdPercent());
            if (confirmed.contains(s)) {
                changes.confirmed(s.id(), "confirmed by probe " + probe.id() + ": " + said);
            } else {
                changes.unconfirmed(s.id(), "not confirmed by probe " + probe.id() + ": " + said);
            }
        }
        if (!confirmed.isEmpty()) {
            bisector.startAfter(probe);
        }
    }

    /**
     * Gives a confirmation that could not decide more rounds on its runner, within the change's budget
     * and {@code max-rounds}: true when it goes on measuring (extended now, or by another instance).
     */
    private boolean extended(Probe probe, List<PairedTable.Row> rows, List<Suspicion> suspicions) {
        boolean undecided = suspicions.stream().anyMatch(s -> {
            PairedTable.Row row = rowOf(rows, s.seriesId());
            return row != null && PairedJudge.inconclusive(row.change(), Verdict.fromWireName(s.kind()),
                    Direction.fromWireName(row.direction()).orElseThrow());
        });
        int more = Math.min(properties.rounds(), properties.maxRounds() - probe.rounds());
        if (!undecided || more <= 0) {
            return false;
        }
        JobQueue.GroupUse use = queue.group(probe.group());
        if (use.jobsQueued() + (long) more * probe.sides() > properties.maxJobsPerChange()
                || use.runnerSeconds() >= properties.maxRunnerTimePerChange().toSeconds()) {
            return false;
        }
        if (probes.addRounds(probe.id(), probe.rounds(), probe.rounds() + more)) {
            launcher.extend(probe, projects.requireCiById(probe.projectId()), more);
            log.info("Probe {} could not decide after {} rounds; {} more queued", probe.id(), probe.rounds(), more);
        }
        return true;
    }

    private static PairedTable.Row rowOf(List<PairedTable.Row> rows, long seriesId) {
        return rows.stream().filter(r -> r.seriesId() == seriesId && !r.rounds().isEmpty()).findFirst().orElse(null);
    }

    static String percent(Double value) {
        return value == null ? "(no percentage)" : String.format(Locale.ROOT, "%+.1f%%", value);
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().reduce((a, b) -> b).orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
