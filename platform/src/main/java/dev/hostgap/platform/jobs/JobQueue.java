package dev.hostgap.platform.jobs;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The job queue, in PostgreSQL: jobs are leased with {@code FOR UPDATE SKIP LOCKED}, so any number
 * of platform instances and runners share it without leasing one job twice; a lease is a deadline
 * that heartbeats move, and an expired lease returns the job to the queue (or fails it after its
 * last attempt). Every attempt and how it ended is kept in {@code job_attempt}.
 */
@Repository
public class JobQueue {

    /** A job to queue. {@code provider}/{@code providerProject} say where its commit status goes. */
    public record NewJob(long projectId, String sha, String branch, String trigger, Integer pullRequest, String baseSha,
                         String provider, String providerProject, List<String> labels, String command,
                         int timeoutSeconds, String deliveryId, int replicate) {

        /** The first (or only) measurement of its commit. */
        public NewJob(long projectId, String sha, String branch, String trigger, Integer pullRequest, String baseSha,
                      String provider, String providerProject, List<String> labels, String command,
                      int timeoutSeconds, String deliveryId) {
            this(projectId, sha, branch, trigger, pullRequest, baseSha, provider, providerProject, labels, command,
                    timeoutSeconds, deliveryId, 1);
        }
    }

    /** What a runner gets when it leases: everything it needs to measure the commit. */
    record LeasedJob(long id, String project, String repoUrl, String sha, String branch, String command,
                     int timeoutSeconds, long leaseSeconds, int attempt, PullRequest pullRequest) {
    }

    record PullRequest(int number, String baseSha) {
    }

    /**
     * A job row as the API lists it, with every attempt it had, the first first: the reason the first
     * one failed (a CUDA error) stays next to the reason of the last (a lease that expired).
     */
    record JobView(long id, String project, String sha, String branch, String trigger, Integer pullRequest, String baseSha,
                   String state, int attempts, int maxAttempts, Long runnerId, String runnerName, OffsetDateTime leaseExpiresAt,
                   String runId, OffsetDateTime createdAt, OffsetDateTime updatedAt, List<Attempt> attemptHistory) {

        JobView withAttempts(List<Attempt> history) {
            return new JobView(id, project, sha, branch, trigger, pullRequest, baseSha, state, attempts, maxAttempts, runnerId,
                    runnerName, leaseExpiresAt, runId, createdAt, updatedAt, history);
        }
    }

    /**
     * One lease of a job and how it ended ({@code outcome} and {@code endedAt} null while it runs).
     * {@code attempt} counts every lease of the job, those before a person ran it again included.
     */
    record Attempt(int attempt, Long runnerId, String runnerName, OffsetDateTime startedAt, OffsetDateTime endedAt,
                   String outcome, String reason) {
    }

    private final JdbcClient jdbc;
    private final org.springframework.context.ApplicationEventPublisher events;

    JobQueue(JdbcClient jdbc, org.springframework.context.ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * Queues the job unless the same commit is already queued, leased or measured for the same
     * trigger; a queued job is announced ({@link JobStateChanged}), so CI is told it is pending.
     */
    public Optional<Long> enqueue(NewJob job) {
        return enqueue(job, false);
    }

    /**
     * Queues the job, or, for the head of a fork's pull request that no one approved yet, keeps it
     * waiting for approval: announced like a queued one (its status says so), never leased.
     */
    public Optional<Long> enqueue(NewJob job, boolean awaitingApproval) {
        boolean waits = awaitingApproval && job.pullRequest() != null && !approved(job.projectId(), job.pullRequest(), job.sha());
        Optional<Long> id = jdbc.sql("""
                        insert into job (project_id, sha, branch, trigger, pull_request, base_sha, provider, provider_project,
                                         labels, command, timeout_seconds, delivery_id, replicate, state, needs_approval)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict do nothing
                        returning id
                        """)
                .params(job.projectId(), job.sha(), job.branch(), job.trigger(), job.pullRequest(), job.baseSha(),
                        job.provider(), job.providerProject(), job.labels().toArray(String[]::new), job.command(),
                        job.timeoutSeconds(), job.deliveryId(), job.replicate(), waits ? "awaiting_approval" : "queued",
                        awaitingApproval && job.pullRequest() != null)
                .query(Long.class).optional();
        if (waits && id.isPresent() && approved(job.projectId(), job.pullRequest(), job.sha())) {
            // approved by a concurrent request that could not see this job yet: queue it now
            jdbc.sql("update job set state = 'queued', updated_at = now() where id = ? and state = 'awaiting_approval'")
                    .param(id.get()).update();
        }
        id.ifPresent(queued -> events.publishEvent(new JobStateChanged(queued)));
        return id;
    }

    /**
     * Queues a job that failed or was cancelled again, with a fresh set of attempts: a person's "run
     * it again", which tells CI again too. A job that is queued, leased or completed is left alone
     * (empty): it is measuring or measured. A fork's head whose sha nobody approved goes back to
     * waiting for approval, not to the queue: a cancelled older head of a fork was never approved.
     */
    Optional<Long> requeue(long projectId, long jobId) {
        Optional<Long> id;
        try {
            id = requeueIfAlone(projectId, jobId);
        } catch (org.springframework.dao.DuplicateKeyException sameCommitQueuedMeanwhile) {
            return Optional.empty();
        }
        id.ifPresent(queued -> events.publishEvent(new JobStateChanged(queued)));
        return id;
    }

    private Optional<Long> requeueIfAlone(long projectId, long jobId) {
        return jdbc.sql("""
                        update job set state = case when needs_approval and not exists (
                                                 select 1 from pull_request_approval a where a.project_id = job.project_id
                                                 and a.pull_request = job.pull_request and a.sha = job.sha)
                                            then 'awaiting_approval' else 'queued' end,
                                       attempts = 0, max_attempts = default, runner_id = null,
                                       lease_expires_at = null, updated_at = now()
                        where id = ? and project_id = ? and state in ('failed', 'cancelled')
                          and not exists (select 1 from job o where o.project_id = job.project_id and o.sha = job.sha
                                          and o.trigger = job.trigger and coalesce(o.pull_request, 0) = coalesce(job.pull_request, 0)
                                          and o.replicate = job.replicate and coalesce(o.job_group, 0) = coalesce(job.job_group, 0)
                                          and o.state in ('awaiting_approval', 'queued', 'leased', 'completed') and o.id <> job.id)
                        returning id
                        """)
                .params(jobId, projectId).query(Long.class).optional();
    }

    private boolean approved(long projectId, int pullRequest, String sha) {
        return jdbc.sql("select exists (select 1 from pull_request_approval where project_id = ? and pull_request = ? and sha = ?)")
                .params(projectId, pullRequest, sha).query(Boolean.class).single();
    }

    /**
     * Approves a head of a fork's pull request: its waiting jobs are queued (and announced), and jobs
     * a later webhook creates for the same head are queued at once. Returns the jobs queued now.
     */
    public List<Long> approve(long projectId, int pullRequest, String sha, String approvedBy) {
        jdbc.sql("""
                        insert into pull_request_approval (project_id, pull_request, sha, approved_by) values (?, ?, ?, ?)
                        on conflict do nothing
                        """)
                .params(projectId, pullRequest, sha, approvedBy).update();
        List<Long> queued = jdbc.sql("""
                        update job set state = 'queued', updated_at = now()
                        where project_id = ? and pull_request = ? and sha = ? and state = 'awaiting_approval'
                        returning id
                        """)
                .params(projectId, pullRequest, sha).query(Long.class).list();
        queued.forEach(id -> events.publishEvent(new JobStateChanged(id)));
        return queued;
    }

    /** The heads of the pull request whose jobs wait for approval. */
    public List<String> awaitingApproval(long projectId, int pullRequest) {
        return jdbc.sql("select distinct sha from job where project_id = ? and pull_request = ? and state = 'awaiting_approval'")
                .params(projectId, pullRequest).query(String.class).list().stream().map(String::trim).toList();
    }

    /**
     * A new push to a pull request makes its queued (or waiting), not yet leased, jobs for older
     * heads moot (not the measurement of its base, which the new head is judged against too). A
     * cancellation is announced ({@link JobStateChanged}) where the old head was measured: its answer
     * moves with it (a head measured once of three times is judged on that run, no longer
     * "measuring"). A head never measured has no answer to tell; its last status stays "pending", as
     * GitHub shows for any commit a pull request moved past.
     */
    public int cancelQueuedForPullRequest(long projectId, int pullRequest, String currentHead) {
        List<Long> cancelled = new ArrayList<>();
        List<Long> announced = jdbc.sql("""
                        with cancelled as (
                            update job set state = 'cancelled', updated_at = now()
                            where project_id = ? and pull_request = ? and state in ('queued', 'awaiting_approval') and sha <> ?
                              and sha is distinct from base_sha
                            returning id, project_id, sha, pull_request)
                        select c.id, exists (select 1 from job o where o.project_id = c.project_id and o.sha = c.sha
                                                                and o.pull_request = c.pull_request and o.state in ('completed', 'failed'))
                        from cancelled c
                        """)
                .params(projectId, pullRequest, currentHead)
                .query((rs, i) -> {
                    cancelled.add(rs.getLong(1));
                    return rs.getBoolean(2) ? rs.getLong(1) : null;
                }).list().stream().filter(java.util.Objects::nonNull).toList();
        announced.forEach(id -> events.publishEvent(new JobStateChanged(id)));
        return cancelled.size();
    }

    /** A probe's jobs as queued: the group they share and their ids in order. */
    public record QueuedGroup(long group, List<Long> jobIds) {
    }

    /**
     * Queues jobs that are measured in this order by one runner (a probe's rounds: base, head, base,
     * head, ...): the first runner to lease one of them takes all of them, each only after the one
     * before it ended. {@code pinnedRunner} pins them to a runner from the start (a try job on a
     * chosen runner). A pull request's head whose sha nobody approved waits for approval, as its
     * own jobs would ({@code awaitingApproval}).
     */
    public QueuedGroup enqueueGroup(List<NewJob> jobs, Long pinnedRunner, boolean awaitingApproval) {
        long group = jdbc.sql("select nextval('job_group_seq')").query(Long.class).single();
        return new QueuedGroup(group, insertIntoGroup(group, 0, jobs, pinnedRunner, awaitingApproval));
    }

    /**
     * Adds jobs at the end of a group (a probe's further rounds): measured after its others, by the
     * runner it is pinned to (or the first that leases one of them), under the same approval rule as
     * {@link #enqueueGroup}. Returns the new jobs' ids in order.
     */
    public List<Long> extendGroup(long group, List<NewJob> jobs, boolean awaitingApproval) {
        record Tail(int last, Long pinned) {
        }
        Tail tail = jdbc.sql("select coalesce(max(replicate), 0), max(pinned_runner_id) from job where job_group = ?").param(group)
                .query((rs, i) -> new Tail(rs.getInt(1), rs.getObject(2, Long.class))).single();
        return insertIntoGroup(group, tail.last(), jobs, tail.pinned(), awaitingApproval);
    }

    /** Inserts a group's jobs at positions after {@code last}, announced once all are in. */
    private List<Long> insertIntoGroup(long group, int last, List<NewJob> jobs, Long pinnedRunner, boolean awaitingApproval) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            NewJob job = jobs.get(i);
            boolean waits = awaitingApproval && job.pullRequest() != null && !job.sha().equals(job.baseSha())
                    && !approved(job.projectId(), job.pullRequest(), job.sha());
            ids.add(jdbc.sql("""
                            insert into job (project_id, sha, branch, trigger, pull_request, base_sha, provider, provider_project,
                                             labels, command, timeout_seconds, delivery_id, replicate, state, needs_approval,
                                             job_group, pinned_runner_id)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            returning id
                            """)
                    .params(job.projectId(), job.sha(), job.branch(), job.trigger(), job.pullRequest(), job.baseSha(),
                            job.provider(), job.providerProject(), job.labels().toArray(String[]::new), job.command(),
                            job.timeoutSeconds(), job.deliveryId(), last + i + 1, waits ? "awaiting_approval" : "queued",
                            waits, group, pinnedRunner)
                    .query(Long.class).single());
        }
        ids.forEach(id -> events.publishEvent(new JobStateChanged(id)));
        return ids;
    }

    /** Where the commit's own statuses go (provider and its project), from the newest job of it that reports one. */
    public record StatusTarget(String provider, String providerProject) {
    }

    public Optional<StatusTarget> statusTarget(long projectId, String sha) {
        return jdbc.sql("""
                        select provider, provider_project from job
                        where project_id = ? and sha = ? and provider is not null and provider_project is not null
                          and pull_request is null
                        order by id desc limit 1
                        """)
                .params(projectId, sha).query((rs, i) -> new StatusTarget(rs.getString(1), rs.getString(2))).optional();
    }

    /** A job's commit as the features acting on its end read it. */
    public record EndedJob(long id, long projectId, String sha, String branch, String trigger, Integer pullRequest, String baseSha,
                           String state) {
    }

    public Optional<EndedJob> endedJob(long jobId) {
        return jdbc.sql("select id, project_id, sha, branch, trigger, pull_request, base_sha, state from job where id = ?")
                .param(jobId)
                .query((rs, i) -> new EndedJob(rs.getLong(1), rs.getLong(2), rs.getString(3).trim(), rs.getString(4), rs.getString(5),
                        rs.getObject(6, Integer.class), rs.getString(7) == null ? null : rs.getString(7).trim(), rs.getString(8)))
                .optional();
    }

    /** Whether the project ever had calibration jobs (a new project is calibrated once, at set-up). */
    public boolean everCalibrated(long projectId) {
        return jdbc.sql("select exists (select 1 from job where project_id = ? and trigger = 'calibrate')").param(projectId)
                .query(Boolean.class).single();
    }

    /** Whether any of the project's calibration jobs waits or measures. */
    public boolean calibrating(long projectId) {
        return jdbc.sql("""
                        select exists (select 1 from job where project_id = ? and trigger = 'calibrate'
                                       and state in ('awaiting_approval', 'queued', 'leased'))
                        """).param(projectId).query(Boolean.class).single();
    }

    /**
     * Why the runner cannot measure the project's jobs of these labels (unknown, revoked, not scoped to
     * the project, lacking a label); empty when it can: a try job pinned to it would otherwise wait forever.
     */
    public Optional<String> whyRunnerCannotTake(long runnerId, long projectId, List<String> labels) {
        return jdbc.sql("""
                        select r.revoked_at is not null, r.all_projects
                                   or exists (select 1 from runner_project p where p.runner_id = r.id and p.project_id = ?),
                               r.labels @> cast(? as text[])
                        from runner r where r.id = ?
                        """)
                .params(projectId, labels.toArray(String[]::new), runnerId)
                .query((rs, i) -> rs.getBoolean(1) ? "runner " + runnerId + " is revoked"
                        : !rs.getBoolean(2) ? "runner " + runnerId + " is not registered for this project"
                        : !rs.getBoolean(3) ? "runner " + runnerId + " lacks one of the project's runner labels " + labels : "")
                .optional().map(why -> why).or(() -> Optional.of("no runner " + runnerId)).filter(why -> !why.isEmpty());
    }

    /** Whether the pull request's heads wait for a maintainer's approval (it comes from a fork that needs one). */
    public boolean needsApproval(long projectId, int pullRequest) {
        return jdbc.sql("select exists (select 1 from job where project_id = ? and pull_request = ? and needs_approval)")
                .params(projectId, pullRequest).query(Boolean.class).single();
    }

    /** Cancels a group's jobs that wait or are queued; a leased one ends as its runner reports. Returns how many. */
    public int cancelGroup(long group) {
        return jdbc.sql("""
                        update job set state = 'cancelled', updated_at = now()
                        where job_group = ? and state in ('awaiting_approval', 'queued')
                        """)
                .param(group).update();
    }

    /** One job of a group as its probe reads it. */
    public record GroupJob(long id, String sha, int position, String state, String runId, Long runnerId, String lastReason) {
    }

    /** What a group has used and where it stands: its jobs in order, and the seconds its attempts ran. */
    public record GroupUse(List<GroupJob> jobs, long jobsQueued, double runnerSeconds) {
    }

    public GroupUse group(long group) {
        List<GroupJob> jobs = jdbc.sql("""
                        select j.id, j.sha, j.replicate, j.state, j.run_id::text, coalesce(j.runner_id, j.pinned_runner_id),
                               (select a.reason from job_attempt a where a.job_id = j.id order by a.attempt desc limit 1)
                        from job j where j.job_group = ? order by j.replicate
                        """)
                .param(group)
                .query((rs, i) -> new GroupJob(rs.getLong(1), rs.getString(2).trim(), rs.getInt(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, Long.class), rs.getString(7)))
                .list();
        double seconds = jdbc.sql("""
                        select coalesce(sum(extract(epoch from coalesce(a.ended_at, now()) - a.started_at)), 0)
                        from job_attempt a join job j on j.id = a.job_id where j.job_group = ?
                        """)
                .param(group).query(Double.class).single();
        return new GroupUse(jobs, jobs.size(), seconds);
    }

    /**
     * The oldest queued job of the runner's projects whose labels it has, leased to it; empty when
     * there is none.
     */
    Optional<LeasedJob> lease(long runnerId, RunnerRegistry.Scope scope, Duration lease) {
        Optional<LeasedJob> leased = jdbc.sql("""
                        with next as (
                            select id from job
                            where state = 'queued' and labels <@ cast(:labels as text[])
                              and (cast(:all as boolean) or project_id = any(cast(:projects as bigint[])))
                              -- a probe's jobs: only by the runner that took its first one, one after the other
                              and (pinned_runner_id is null or pinned_runner_id = :runner)
                              and (job_group is null or not exists (
                                  select 1 from job e where e.job_group = job.job_group and e.replicate < job.replicate
                                  and e.state in ('awaiting_approval', 'queued', 'leased')))
                            order by created_at, id
                            limit 1
                            -- not "for update": a notification row being written for the job holds a key-share lock
                            -- on it (its foreign key), and would make the lease skip a job that is there
                            for no key update skip locked
                        )
                        update job j set state = 'leased', runner_id = :runner, attempts = j.attempts + 1,
                                         lease_expires_at = now() + make_interval(secs => :lease), updated_at = now()
                        from next, project p
                        where j.id = next.id and p.id = j.project_id
                        returning j.id, p.name, p.repo_url, j.sha, j.branch, j.command, j.timeout_seconds, j.attempts,
                                  j.pull_request, j.base_sha, j.job_group
                        """)
                .param("labels", scope.labels().toArray(String[]::new)).param("runner", runnerId)
                .param("all", scope.allProjects()).param("projects", scope.projectIds().toArray(Long[]::new))
                .param("lease", (double) lease.toSeconds())
                .query((rs, i) -> new LeasedJob(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7), lease.toSeconds(), rs.getInt(8),
                        rs.getObject(9) == null ? null : new PullRequest(rs.getInt(9), rs.getString(10))))
                .optional();
        // numbered after the job's earlier attempts: a job run again (attempts back to 0) keeps its history
        leased.ifPresent(job -> jdbc.sql("""
                        insert into job_attempt (job_id, attempt, runner_id, started_at)
                        select ?, coalesce(max(attempt), 0) + 1, ?, now() from job_attempt where job_id = ?
                        """)
                .params(job.id(), runnerId, job.id()).update());
        // the first job of a probe that a runner takes pins the rest of it to that runner
        leased.ifPresent(job -> jdbc.sql("""
                        update job set pinned_runner_id = ? where job_group = (select job_group from job where id = ?)
                          and pinned_runner_id is null
                        """)
                .params(runnerId, job.id()).update());
        return leased;
    }

    /** Moves the lease deadline; empty when this runner no longer holds the job (expired, cancelled, done). */
    Optional<OffsetDateTime> heartbeat(long jobId, long runnerId, Duration lease) {
        return jdbc.sql("""
                        update job set lease_expires_at = now() + make_interval(secs => ?), updated_at = now()
                        where id = ? and runner_id = ? and state = 'leased' and lease_expires_at > now()
                        returning lease_expires_at
                        """)
                .params((double) lease.toSeconds(), jobId, runnerId)
                .query(OffsetDateTime.class).optional();
    }

    record JobState(String state, Long runnerId, String runId, long projectId, String sha, String branch, Integer pullRequest,
                    String baseSha, String trigger) {

        /** A probe's measurement: paired with the other side's run of its round, not an ordinary run of its commit. */
        boolean paired() {
            return trigger.equals("confirm") || trigger.equals("bisect") || trigger.equals("try");
        }
    }

    Optional<JobState> state(long jobId) {
        return state(jobId, "");
    }

    /** Locks the job for its completion; the caller's transaction holds the lock. */
    Optional<JobState> lockForCompletion(long jobId) {
        return state(jobId, " for update");
    }

    private Optional<JobState> state(long jobId, String lock) {
        return jdbc.sql("select state, runner_id, run_id, project_id, sha, branch, pull_request, base_sha, trigger from job where id = ?"
                        + lock)
                .param(jobId)
                .query((rs, i) -> new JobState(rs.getString(1), rs.getObject(2, Long.class),
                        rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6), rs.getObject(7, Integer.class),
                        rs.getString(8) == null ? null : rs.getString(8).trim(), rs.getString(9)))
                .optional();
    }

    void markCompleted(long jobId, java.util.UUID runId) {
        jdbc.sql("""
                        update job set state = 'completed', run_id = ?, lease_expires_at = null, updated_at = now()
                        where id = ?
                        """).params(runId, jobId).update();
        endAttempt(jobId, "completed", null);
        events.publishEvent(ended(jobId));
    }

    /**
     * Completes a job with a run stored before the completion (the trace its command left, uploaded
     * while the job was leased). That run may be judged already, so no judgement will announce the
     * answer: the completion does ({@link JobStateChanged}).
     */
    void markCompletedWithStoredRun(long jobId, java.util.UUID runId) {
        markCompleted(jobId, runId);
        events.publishEvent(new JobStateChanged(jobId));
    }

    /** The job's end as {@link JobEnded} tells it. */
    private JobEnded ended(long jobId) {
        return jdbc.sql("select id, project_id, job_group, trigger, state from job where id = ?").param(jobId)
                .query((rs, i) -> new JobEnded(rs.getLong(1), rs.getLong(2), rs.getObject(3, Long.class), rs.getString(4),
                        rs.getString(5)))
                .single();
    }

    /**
     * Ends the runner's attempt: back to the queue while attempts remain (or always, when the runner
     * only releases it), else failed. Returns the new state, or empty when the runner does not hold it.
     */
    Optional<String> fail(long jobId, long runnerId, String reason, boolean countsAsAttempt) {
        Optional<String> state = jdbc.sql("""
                        update job set
                            state = case when cast(:counts as boolean) and attempts >= max_attempts then 'failed' else 'queued' end,
                            -- a release does not use up an attempt, up to a bound: a runner that leases and
                            -- releases one job forever cannot keep it alive forever
                            max_attempts = case when :counts then max_attempts else least(max_attempts + 1, 13) end,
                            runner_id = null, lease_expires_at = null, updated_at = now()
                        where id = :id and runner_id = :runner and state = 'leased'
                        returning state
                        """)
                .param("counts", countsAsAttempt).param("id", jobId).param("runner", runnerId)
                .query(String.class).optional();
        state.ifPresent(s -> endAttempt(jobId, countsAsAttempt ? "failed" : "released", reason));
        state.filter("failed"::equals).ifPresent(failed -> {
            events.publishEvent(new JobStateChanged(jobId));
            events.publishEvent(ended(jobId));
        });
        return state;
    }

    /** Leases past their deadline: the job goes back to the queue, or fails after its last attempt. */
    int expireLeases() {
        List<Long> expired = jdbc.sql("""
                        update job set
                            state = case when attempts >= max_attempts then 'failed' else 'queued' end,
                            runner_id = null, lease_expires_at = null, updated_at = now()
                        where id in (select id from job where state = 'leased' and lease_expires_at < now()
                                     for no key update skip locked)
                        returning id
                        """)
                .query(Long.class).list();
        expired.forEach(id -> endAttempt(id, "expired", "the runner stopped sending heartbeats"));
        // those that used their last attempt failed for good: their commits' answers are errors now
        jdbc.sql("select id from job where id = any(?) and state = 'failed'").param(expired.toArray(Long[]::new))
                .query(Long.class).list().forEach(id -> {
                    events.publishEvent(new JobStateChanged(id));
                    events.publishEvent(ended(id));
                });
        return expired.size();
    }

    private void endAttempt(long jobId, String outcome, String reason) {
        jdbc.sql("""
                        update job_attempt set ended_at = now(), outcome = ?, reason = ?
                        where job_id = ? and attempt = (select max(attempt) from job_attempt where job_id = ?) and ended_at is null
                        """)
                .params(outcome, reason, jobId, jobId).update();
    }

    List<JobView> list(long projectId, String state, int limit) {
        List<JobView> jobs = jdbc.sql("""
                        select j.id, p.name, j.sha, j.branch, j.trigger, j.pull_request, j.base_sha, j.state, j.attempts,
                               j.max_attempts, j.runner_id, r.name as runner_name, j.lease_expires_at, j.run_id::text as run_id,
                               j.created_at, j.updated_at
                        from job j join project p on p.id = j.project_id
                        left join runner r on r.id = j.runner_id
                        where j.project_id = ? and (cast(? as text) is null or j.state = ?)
                        order by j.created_at desc, j.id desc limit ?
                        """)
                .params(projectId, state, state, limit)
                .query((rs, i) -> new JobView(rs.getLong("id"), rs.getString("name"), rs.getString("sha"), rs.getString("branch"),
                        rs.getString("trigger"), rs.getObject("pull_request", Integer.class), rs.getString("base_sha"),
                        rs.getString("state"), rs.getInt("attempts"), rs.getInt("max_attempts"),
                        rs.getObject("runner_id", Long.class), rs.getString("runner_name"),
                        rs.getObject("lease_expires_at", OffsetDateTime.class),
                        rs.getString("run_id"), rs.getObject("created_at", OffsetDateTime.class),
                        rs.getObject("updated_at", OffsetDateTime.class), List.of()))
                .list();
        Map<Long, List<Attempt>> attempts = attempts(jobs.stream().map(JobView::id).toList());
        return jobs.stream().map(j -> j.withAttempts(attempts.getOrDefault(j.id(), List.of()))).toList();
    }

    /** The attempts of all listed jobs in one query (a page of 1,000 jobs is not 1,000 round trips). */
    private Map<Long, List<Attempt>> attempts(List<Long> jobIds) {
        Map<Long, List<Attempt>> byJob = new HashMap<>();
        jdbc.sql("""
                        select a.job_id, a.attempt, a.runner_id, r.name, a.started_at, a.ended_at, a.outcome, a.reason
                        from job_attempt a left join runner r on r.id = a.runner_id
                        where a.job_id = any(?) order by a.job_id, a.attempt
                        """)
                .param(jobIds.toArray(Long[]::new))
                .query(rs -> {
                    byJob.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Attempt(rs.getInt(2),
                            rs.getObject(3, Long.class), rs.getString(4), rs.getObject(5, OffsetDateTime.class),
                            rs.getObject(6, OffsetDateTime.class), rs.getString(7), rs.getString(8)));
                });
        return byJob;
    }
}
