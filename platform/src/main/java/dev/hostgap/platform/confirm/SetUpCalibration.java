package dev.hostgap.platform.confirm;

import java.util.List;

import dev.hostgap.platform.calibration.Calibrations;
import dev.hostgap.platform.jobs.JobEnded;
import dev.hostgap.platform.jobs.JobQueue;
import dev.hostgap.platform.projects.CiProject;
import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.projects.ProjectDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A new project's noise, measured before its first pull request is judged: when its first commit of
 * the default branch has been measured by a webhook's job (a push's head, or a pull request's base), that commit is
 * measured again {@code calibrationRuns} times, and once those runs have ended they are declared an
 * A/A calibration. Until then a pull request's answer waits ("calibrating"): with a few runs a
 * series' threshold is ±36% to ±87%, and a first pull request would pass whatever it does.
 */
@Component
class SetUpCalibration {

    private static final Logger log = LoggerFactory.getLogger(SetUpCalibration.class);

    private final JobQueue queue;
    private final Calibrations calibrations;
    private final ProjectDirectory projects;
    private final CommitGraph graph;
    private final ConfirmProperties properties;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;

    SetUpCalibration(JobQueue queue, Calibrations calibrations, ProjectDirectory projects, CommitGraph graph,
                     ConfirmProperties properties, TransactionTemplate transactions, JdbcClient jdbc) {
        this.queue = queue;
        this.calibrations = calibrations;
        this.projects = projects;
        this.graph = graph;
        this.properties = properties;
        // its own transaction: a listener runs after the caller's committed, where joining it would write into a finished one
        // and announce nothing
        this.transactions = new TransactionTemplate(java.util.Objects.requireNonNull(transactions.getTransactionManager()));
        this.transactions.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.jdbc = jdbc;
    }

    @TransactionalEventListener(fallbackExecution = true)
    public void onJobEnded(JobEnded event) {
        if (properties.calibrationRuns() == 0 || event.group() != null) {
            return;
        }
        try {
            transactions.executeWithoutResult(status -> queue.endedJob(event.jobId()).ifPresent(job -> {
                jdbc.sql("select pg_advisory_xact_lock(hashtextextended('calibrate:' || ?, 4))").param(job.projectId())
                        .query(Object.class).single();
                if (job.trigger().equals("calibrate")) {
                    declareWhenDone(job);
                } else if (job.state().equals("completed")) {
                    calibrateIfNew(job);
                }
            }));
        } catch (RuntimeException e) {
            log.error("Calibrating the project of job {} failed", event.jobId(), e);
        }
    }

    /** The first measured default-branch commit of a project with no calibration: repeated, once. */
    private void calibrateIfNew(JobQueue.EndedJob job) {
        CiProject ci = projects.requireCiById(job.projectId());
        boolean defaultBranchCommit = job.pullRequest() == null ? job.branch().equals(ci.defaultBranch())
                : job.sha().equals(job.baseSha());
        // CI set up: a webhook's job (a job queued through the API is someone measuring by hand)
        boolean fromWebhook = job.trigger().equals("push") || job.trigger().equals("pull_request");
        if (!defaultBranchCommit || !fromWebhook || ci.benchmarkCommand() == null || ci.runnerLabels().isEmpty()
                || queue.everCalibrated(ci.id()) || calibrations.any(ci.id())) {
            return;
        }
        for (int repeat = 1; repeat <= properties.calibrationRuns(); repeat++) {
            queue.enqueue(new JobQueue.NewJob(ci.id(), job.sha(), ci.defaultBranch(), "calibrate", null, null, null, null,
                    ci.runnerLabels(), ci.benchmarkCommand(), ci.timeoutSeconds(), null, repeat));
        }
        log.info("Project {}: calibrating its noise with {} repeats of {}", ci.name(), properties.calibrationRuns(), job.sha());
    }

    private void declareWhenDone(JobQueue.EndedJob job) {
        if (queue.calibrating(job.projectId())) {
            return;
        }
        long commitId = graph.requireCommitId(job.projectId(), job.sha());
        int series = calibrations.declare(job.projectId(), commitId, "set-up: " + properties.calibrationRuns()
                + " repeats of the first measured commit, queued by hostgap", "hostgap");
        log.info("Project {}: set-up calibration of {} declared for {} series", projects.requireCiById(job.projectId()).name(),
                job.sha(), series);
    }
}
