package dev.hostgap.platform.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.hostgap.platform.jobs.JobQueue;
import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.CiProject;
import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.projects.ProjectDirectory;
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

    private final ProjectDirectory projects;
    private final CommitGraph graph;
    private final JobQueue queue;
    private final JdbcClient jdbc;

    WebhookService(ProjectDirectory projects, CommitGraph graph, JobQueue queue, JdbcClient jdbc) {
        this.projects = projects;
        this.graph = graph;
        this.queue = queue;
        this.jdbc = jdbc;
    }

    /**
     * The project the delivery is for, proven by its signature: GitHub's HMAC-SHA256 of the raw body,
     * or GitLab's token, checked against the secret of each project with that repository.
     */
    CiProject authenticate(WebhookEvent event, byte[] body, String signature, String gitlabToken) {
        List<CiProject> candidates = projects.findByRepository(event.repositoryUrls());
        if (candidates.isEmpty()) {
            throw new ApiProblem(ProblemType.UNKNOWN_REPOSITORY, "No project has the repository " + event.repositoryUrls()
                    + "; create one with that repoUrl, or fix the project's repoUrl.");
        }
        for (CiProject project : candidates) {
            if (project.webhookSecret() == null) {
                continue;
            }
            boolean valid = "github".equals(event.provider())
                    ? signature != null && constantTimeEquals(signature, "sha256=" + hmacSha256(project.webhookSecret(), body))
                    : gitlabToken != null && constantTimeEquals(gitlabToken, project.webhookSecret());
            if (valid) {
                return project;
            }
        }
        log.warn("Webhook for {} refused: {}", event.repositoryUrls(), "github".equals(event.provider())
                ? (signature == null ? "no X-Hub-Signature-256" : "signature does not match") : "X-Gitlab-Token does not match");
        throw new ApiProblem(ProblemType.UNAUTHENTICATED, "github".equals(event.provider())
                ? "X-Hub-Signature-256 is missing or does not match the project's webhook secret."
                : "X-Gitlab-Token is missing or does not match the project's webhook secret.");
    }

    @Transactional
    Outcome handle(CiProject project, WebhookEvent event, String eventName, String deliveryId) {
        int recorded = jdbc.sql("""
                        insert into webhook_delivery (provider, delivery_id, project_id, event, outcome)
                        values (?, ?, ?, ?, ?) on conflict do nothing
                        """)
                .params(event.provider(), deliveryId, project.id(), eventName,
                        event.measures() ? event.kind() : "ignored: " + event.ignoredBecause())
                .update();
        if (recorded == 0) {
            return new Outcome(true, project.name(), List.of(), "delivery " + deliveryId + " was already handled");
        }
        if (!event.measures()) {
            return new Outcome(false, project.name(), List.of(), "nothing to measure: " + event.ignoredBecause());
        }
        for (PushedCommit commit : event.commits()) {
            graph.record(project.id(), commit.sha(), commit.parent() == null ? List.of() : List.of(commit.parent()),
                    commit.timestamp(), commit.message());
        }
        if (event.branch() == null || !project.measures(event.branch())) {
            return new Outcome(false, project.name(), List.of(), "branch '" + event.branch() + "' is not measured");
        }
        if (project.benchmarkCommand() == null) {
            return new Outcome(false, project.name(), List.of(), "the project has no benchmark command (PUT /api/v1/projects/"
                    + project.name() + "/ci)");
        }
        List<Long> jobs = new ArrayList<>();
        boolean pullRequest = "pull_request".equals(event.kind());
        if (pullRequest) {
            queue.cancelQueuedForPullRequest(project.id(), event.pullRequest(), event.headSha());
        }
        Optional<Long> job = queue.enqueue(new JobQueue.NewJob(project.id(), event.headSha(),
                // a pull request's run belongs to its own branch: it must not move the base branch's head
                event.headBranch() == null ? event.branch() : event.headBranch(), pullRequest ? "pull_request" : "push",
                event.pullRequest(), event.baseSha(), event.provider(), event.providerProject(), project.runnerLabels(),
                project.benchmarkCommand(), project.timeoutSeconds(), deliveryId));
        job.ifPresent(jobs::add);
        return new Outcome(false, project.name(), jobs, job.isPresent() ? "queued" : "this commit is already queued or measured");
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
