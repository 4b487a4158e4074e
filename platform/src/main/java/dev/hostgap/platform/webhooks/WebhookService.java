package dev.hostgap.platform.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.hostgap.platform.jobs.CommitJobs;
import dev.hostgap.platform.jobs.JobQueue;
import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.CiProject;
import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.projects.ForkPullRequests;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.runs.Measurements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns an authenticated delivery into commits and jobs, once: the delivery id is recorded in the
 * same transaction as the jobs it created, so a re-delivery creates nothing and a failed one can be
 * sent again.
 */
@Service
class WebhookService {

    private static final Logger log = LoggerFactory.getLogger(WebhookService.class);

    record Outcome(boolean duplicate, String project, List<Long> jobs, String note) {
    }

    /** Projects whose secret one delivery is checked against, at most. */
    private static final int MAX_CANDIDATES = 8;

    private final ProjectDirectory projects;
    private final CommitGraph graph;
    private final JobQueue queue;
    private final JdbcClient jdbc;
    private final Measurements measurements;
    private final WebhookProperties properties;
    private final CommitJobs commitJobs;

    WebhookService(ProjectDirectory projects, CommitGraph graph, JobQueue queue, JdbcClient jdbc, Measurements measurements,
                   WebhookProperties properties, CommitJobs commitJobs) {
        this.commitJobs = commitJobs;
        this.measurements = measurements;
        this.properties = properties;
        this.projects = projects;
        this.graph = graph;
        this.queue = queue;
        this.jdbc = jdbc;
    }

    /**
     * The project the delivery is for, proven by its signature: GitHub's HMAC-SHA256 of the raw body,
     * or GitLab's token, checked against the secret of each project with that repository. An unknown
     * repository and a wrong signature get the same 401, so nobody learns which repositories exist.
     */
    CiProject authenticate(String provider, List<String> repositoryUrls, byte[] body, String signature, String gitlabToken) {
        // each candidate costs an HMAC over the body: a delivery names one repository, rarely kept by
        // more than a few projects; past that many an unauthenticated body asks for too much work
        for (CiProject project : projects.findByRepository(repositoryUrls).stream().limit(MAX_CANDIDATES).toList()) {
            if (project.webhookSecret() == null) {
                continue; // no secret set: its webhooks are refused
            }
            boolean valid = "github".equals(provider)
                    ? signature != null && constantTimeEquals(signature, "sha256=" + hmacSha256(project.webhookSecret(), body))
                    : gitlabToken != null && constantTimeEquals(gitlabToken, project.webhookSecret());
            if (valid) {
                return project;
            }
        }
        log.warn("A {} webhook for {} was refused: no project with that repository accepts its {}", provider,
                printable(repositoryUrls.toString()), "github".equals(provider) ? "signature" : "token");
        throw new ApiProblem(ProblemType.UNAUTHENTICATED, "No project with this repository accepts this delivery's "
                + ("github".equals(provider) ? "X-Hub-Signature-256" : "X-Gitlab-Token")
                + ": check the project's repoUrl and that its webhook secret is the one set in "
                + ("github".equals(provider) ? "GitHub" : "GitLab") + ".");
    }

    /** Attacker-supplied text goes into the log without line breaks or control characters. */
    private static String printable(String text) {
        String cut = text.length() > 300 ? text.substring(0, 300) + "…" : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /**
     * A delivery is handled once: neither its id (which is not signed) nor its body (which is) may
     * have been seen before. A pull request event older than the newest one processed for that pull
     * request is stale and changes nothing.
     */
    @Transactional
    Outcome handle(CiProject project, WebhookEvent event, String eventName, String deliveryId, String bodySha256) {
        int recorded = jdbc.sql("""
                        insert into webhook_delivery (provider, delivery_id, project_id, event, outcome, body_sha256)
                        values (?, ?, ?, ?, ?, ?) on conflict do nothing
                        """)
                .params(event.provider(), deliveryId, project.id(), eventName,
                        event.measures() ? event.kind() : "ignored: " + event.ignoredBecause(), bodySha256)
                .update();
        if (recorded == 0) {
            return new Outcome(true, project.name(), List.of(), "this delivery (its id or its body) was already handled");
        }
        if (!event.measures()) {
            return new Outcome(false, project.name(), List.of(), "nothing to measure: " + event.ignoredBecause());
        }
        if ("approval".equals(event.kind())) {
            return approve(project, event);
        }
        if ("pull_request".equals(event.kind()) && event.pullRequestUpdatedAt() != null
                // a time in the future (a forged GitLab body: its token is a shared secret, not a
                // signature of the body) must not make every later event of the pull request stale
                && event.pullRequestUpdatedAt().isBefore(java.time.OffsetDateTime.now().plusMinutes(5))
                && !newest(project, event)) {
            jdbc.sql("update webhook_delivery set outcome = 'ignored: stale' where provider = ? and delivery_id = ?")
                    .params(event.provider(), deliveryId).update();
            return new Outcome(false, project.name(), List.of(), "stale: a newer event of this pull request was already "
                    + "processed (this one's updated_at is " + event.pullRequestUpdatedAt() + ")");
        }
        for (PushedCommit commit : event.commits()) {
            graph.record(project.id(), commit.sha(), commit.parent() == null ? List.of() : List.of(commit.parent()),
                    commit.timestamp(), commit.message());
        }
        if (event.branch() == null || !project.measures(event.branch())) {
            return new Outcome(false, project.name(), List.of(), "branch '" + printable(String.valueOf(event.branch()))
                    + "' is not measured");
        }
        if (project.benchmarkCommand() == null) {
            return new Outcome(false, project.name(), List.of(), "the project has no benchmark command (PUT /api/v1/projects/"
                    + project.name() + "/ci)");
        }
        List<Long> jobs = new ArrayList<>();
        boolean pullRequest = "pull_request".equals(event.kind());
        boolean fork = pullRequest && event.fromFork();
        if (fork && project.forkPullRequests() == ForkPullRequests.NEVER) {
            return new Outcome(false, project.name(), List.of(), "a pull request from a fork: not measured "
                    + "(the project's forkPullRequests is never)");
        }
        // the head of a fork's pull request is code anyone wrote: it waits until a maintainer approves it
        boolean awaitingApproval = fork && project.forkPullRequests() == ForkPullRequests.AFTER_APPROVAL;
        if (pullRequest) {
            queue.cancelQueuedForPullRequest(project.id(), event.pullRequest(), event.headSha());
        }
        // a pull request's head is measured several times: it is judged once, against its base, with no later commits to confirm it
        int replicates = pullRequest ? properties.pullRequestRuns() : 1;
        for (int replicate = 1; replicate <= replicates; replicate++) {
            queue.enqueue(new JobQueue.NewJob(project.id(), event.headSha(),
                    // a pull request's run belongs to its own branch: it must not move the base branch's head
                    event.headBranch() == null ? event.branch() : event.headBranch(), pullRequest ? "pull_request" : "push",
                    // statuses go to the project's repository, never to one a (signed) payload names
                    event.pullRequest(), event.baseSha(), event.provider(), project.statusRepository(), project.runnerLabels(),
                    project.benchmarkCommand(), project.timeoutSeconds(), deliveryId, replicate), awaitingApproval).ifPresent(jobs::add);
        }
        if (pullRequest && event.baseSha() != null && !measurements.measured(project.id(), event.baseSha())
                && commitJobs.newest(project.id(), event.baseSha(), null).filter(j -> !j.failed()).isEmpty()) {
            // the head is judged against its base: measure the base too, on the same runner labels. Its run
            // is one of the pull request's (never the branch's history), and it reports no status of its own
            queue.enqueue(new JobQueue.NewJob(project.id(), event.baseSha(), event.headBranch(), "pull_request",
                    event.pullRequest(), event.baseSha(), null, null, project.runnerLabels(), project.benchmarkCommand(),
                    project.timeoutSeconds(), deliveryId)).ifPresent(jobs::add);
        }
        String queued = awaitingApproval && !jobs.isEmpty() && commitJobs.newest(project.id(), event.headSha(), event.pullRequest())
                .filter(j -> j.state().equals("awaiting_approval")).isPresent()
                ? "waiting for approval: a fork's pull request runs once a maintainer approves its head (POST /api/v1/projects/"
                        + project.name() + "/pull-requests/" + event.pullRequest() + "/approvals, or a \"/hostgap run\" comment)"
                : "queued";
        return new Outcome(false, project.name(), jobs, !jobs.isEmpty() ? queued : "this commit is already queued or measured");
    }

    /**
     * A comment by someone with write access ({@link CommentApprovals} asked GitHub) approves the one
     * waiting head of the pull request its sha names.
     */
    private Outcome approve(CiProject project, WebhookEvent event) {
        List<String> heads = queue.awaitingApproval(project.id(), event.pullRequest()).stream()
                .filter(head -> head.startsWith(event.headSha())).toList();
        if (heads.size() != 1) {
            return new Outcome(false, project.name(), List.of(), heads.isEmpty()
                    ? "no head of this pull request that waits for approval starts with " + event.headSha()
                    : "more than one waiting head starts with " + event.headSha() + ": give more of the sha");
        }
        String head = heads.get(0);
        List<Long> jobs = queue.approve(project.id(), event.pullRequest(), head, event.provider() + ":" + event.approvedBy());
        return new Outcome(false, project.name(), jobs, "approved by " + printable(event.approvedBy()) + ": " + head);
    }

    /** Advances the pull request's clock to this event's time; false when a newer event was processed. */
    private boolean newest(CiProject project, WebhookEvent event) {
        return jdbc.sql("""
                        insert into pull_request_clock (project_id, provider, pull_request, newest_event_at)
                        values (?, ?, ?, ?)
                        on conflict (project_id, provider, pull_request) do update set newest_event_at = excluded.newest_event_at
                        where pull_request_clock.newest_event_at <= excluded.newest_event_at
                        """)
                .params(project.id(), event.provider(), event.pullRequest(), event.pullRequestUpdatedAt())
                .update() == 1;
    }

    private static String hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
