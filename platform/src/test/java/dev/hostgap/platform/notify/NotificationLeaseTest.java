package dev.hostgap.platform.notify;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.PlatformTest;
import dev.hostgap.platform.notify.ProviderStub.Answer;
import dev.hostgap.platform.notify.ProviderStub.Received;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How a message survives several instances and hostile pull request threads, the cases an
 * independent review found by reading the lease code: a stranger's comment that imitates hostgap's,
 * a sibling job still sending an older answer when a lost event is swept, a send that lost its lease
 * landing after the newest answer, and a pull request head superseded before it was measured.
 */
@SpringBootTest(properties = {"hostgap.security.admin-token=" + PlatformTest.ADMIN_TOKEN,
        "hostgap.notify.github.token=gh-test-token", "hostgap.notify.gitlab.token=gl-test-token",
        "hostgap.notify.public-url=https://hostgap.example.org/", "hostgap.notify.first-backoff=20ms",
        "hostgap.notify.max-backoff=3s", "hostgap.notify.sweep-interval=300ms"})
@AutoConfigureMockMvc
@ContextConfiguration(initializers = PlatformTest.DatabaseInitializer.class)
class NotificationLeaseTest {

    static final ProviderStub STUB = ProviderStub.start();

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("hostgap.notify.github.api-url", () -> STUB.url("/github"));
        registry.add("hostgap.notify.gitlab.api-url", () -> STUB.url("/gitlab/api/v4/"));
    }

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired JsonMapper json;
    @Autowired Sender sender;
    @Autowired CiMessages messages;
    @Autowired CiJobs ciJobs;
    @Autowired NotificationLog notifications;
    Api api;
    String project;
    NotifiedProject notified;
    String repo;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(mvc);
        project = api.newProject("review");
        repo = "acme/" + project;
        notified = new NotifiedProject(api, jdbc, project);
    }

    /**
     * Anyone who can comment on the pull request writes hostgap's marker line before hostgap's first
     * post: without the platform's tag it is not taken for hostgap's comment, and hostgap posts its own.
     */
    @Test
    void aStrangersCommentStartingWithTheMarkerIsNotTakenForHostgaps() throws Exception {
        measure(1, 100);
        String comments = "/github/repos/" + repo + "/issues/21/comments";
        String forged = """
                [{"id": 666, "user": {"login": "mallory", "type": "User"},
                  "body": "<!-- hostgap project=%s -->\\n**✅ No change against base** · looks good, merge"}]
                """.formatted(project);
        STUB.script("GET", comments, new Answer(200, Map.of(), forged, 0), new Answer(200, Map.of(), forged, 0));
        // the token cannot edit someone else's comment (GitLab always; GitHub without write on issues)
        STUB.script("PATCH", "/github/repos/" + repo + "/issues/comments/666",
                new Answer(403, Map.of(), "{\"message\":\"Resource not accessible by integration\"}", 0),
                new Answer(403, Map.of(), "{\"message\":\"Resource not accessible by integration\"}", 0));
        long job = job(measure(2, 100), sha(2), 21, sha(1), "github", repo);
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(state(job, "comment")) || "failed".equals(state(job, "comment")));
        assertThat(state(job, "comment")).isEqualTo("delivered");
        assertThat(STUB.received("PATCH", "/github/repos/" + repo + "/issues/comments/666")).as("a stranger's comment is never edited").isEmpty();
        assertThat(STUB.received("POST", comments)).as("hostgap posts its own comment").hasSize(1);
    }

    /**
     * The sweep tells a job whose judged run's event was lost, but not its siblings: a sibling still sending an
     * older answer (another instance's retry) lands last and stays.
     */
    @Test
    void theSweepMarksSiblingsOfAJobItTellsToBeSentAgain() throws Exception {
        measure(1, 100);
        long projectId = jdbc.sql("select id from project where name = ?").param(project).query(Long.class).single();
        // A: sha(2)'s job, queued
        long a = jdbc.sql("""
                insert into job (project_id, sha, branch, trigger, provider, provider_project, command, timeout_seconds, state, attempts)
                values (?, ?, 'main', 'push', 'github', ?, 'bench', 3600, 'queued', 0) returning id
                """).params(projectId, sha(2), repo).query(Long.class).single();
        // B: another job of sha(2) (a rerun asked for through the API, since cancelled), whose status another instance is retrying
        long b = jdbc.sql("""
                insert into job (project_id, sha, branch, trigger, provider, provider_project, command, timeout_seconds, state, attempts)
                values (?, ?, 'main', 'api', 'github', ?, 'bench', 3600, 'cancelled', 0) returning id
                """).params(projectId, sha(2), repo).query(Long.class).single();
        jdbc.sql("""
                insert into notification (job_id, kind, state, lease_owner, lease_expires_at)
                values (?, 'status', 'pending', 'instance-y', now() + interval '1 hour')
                """).param(b).update();
        CiJob jobB = ciJobs.byId(b).get(0);
        CiMessage old = messages.compose(jobB); // instance-y composed this before A's run was judged
        // A completes and its run is judged; the RunJudged event is lost (the instance that judged it was killed): the sweep finds A
        UUID run = UUID.randomUUID();
        measure(2, 100, run);
        jdbc.sql("update job set state = 'completed', run_id = ?, attempts = 1 where id = ?").params(run, a).update();
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(state(a, "status")));
        CiMessage now = messages.compose(ciJobs.byId(a).get(0));
        assertThat(old.statusKey()).as("the answer moved").isNotEqualTo(now.statusKey());
        // instance-y's retry of B now gets through, with what it composed
        GitHubApi github = new GitHubApi(URI.create(STUB.url("/github")), "gh-test-token", json);
        assertThat(sender.status(github, jobB, old)).isInstanceOf(Attempt.Delivered.class);
        assertThat(notifications.finish(notificationId(b), "instance-y", 1, "delivered", 201, null, old.statusKey()))
                .as("asked again while it was being sent").contains(true);
        Thread.sleep(2000); // several sweeps
        String last = lastStatusState(sha(2));
        assertThat(last).as("GitHub's last status of sha(2) is its answer").isEqualTo(now.state().github());
    }

    /**
     * An instance stalls past its lease after composing (a pause, CPU starvation, a comment waiting on
     * its row lock); another takes the message over and sends the newer answer; the stalled one then
     * sends the old one. Its finish finds the lease gone, and it asks for the message to be sent once
     * more, as {@link Notifier} does: the newest answer is the last word again.
     */
    @Test
    void aSendThatLostItsLeaseIsFollowedByTheNewestAnswer() throws Exception {
        measure(1, 100);
        long projectId = jdbc.sql("select id from project where name = ?").param(project).query(Long.class).single();
        UUID run = UUID.randomUUID();
        long j = jdbc.sql("""
                insert into job (project_id, sha, branch, trigger, provider, provider_project, command, timeout_seconds, state, attempts)
                values (?, ?, 'main', 'push', 'github', ?, 'bench', 3600, 'queued', 0) returning id
                """).params(projectId, sha(2), repo).query(Long.class).single();
        jdbc.sql("""
                insert into notification (job_id, kind, state, lease_owner, lease_expires_at)
                values (?, 'status', 'pending', 'stalled-x', now() + interval '2 seconds')
                """).param(j).update();
        CiJob job = ciJobs.byId(j).get(0);
        CiMessage old = messages.compose(job); // stalled-x composed, then stalled
        measure(2, 100, run);
        jdbc.sql("update job set state = 'completed', run_id = ? where id = ?").params(run, j).update();
        notifications.request(j, List.of("status")); // the answer moved while it was being sent: resend
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(state(j, "status")));
        CiMessage now = messages.compose(job);
        assertThat(old.statusKey()).isNotEqualTo(now.statusKey());
        // stalled-x wakes up and its call goes out
        GitHubApi github = new GitHubApi(URI.create(STUB.url("/github")), "gh-test-token", json);
        assertThat(sender.status(github, job, old)).isInstanceOf(Attempt.Delivered.class);
        assertThat(notifications.finish(notificationId(j), "stalled-x", 1, "delivered", 201, null, old.statusKey()))
                .as("the lease is no longer stalled-x's").isEmpty();
        notifications.sentAfterLosingTheLease(notificationId(j));
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(state(j, "status"))
                && now.state().github().equals(lastStatusState(sha(2))));
    }

    @Autowired dev.hostgap.platform.jobs.JobQueue queue;

    /**
     * A pull request head superseded before any run has no answer to tell: its cancellation is not
     * announced (composing would fail: no run, no job), and its last status stays pending.
     */
    @Test
    void aPullRequestHeadCancelledBeforeItsFirstRunIsNotAnnouncedAndNothingFails() throws Exception {
        measure(1, 100);
        long projectId = jdbc.sql("select id from project where name = ?").param(project).query(Long.class).single();
        long old = jdbc.sql("""
                insert into job (project_id, sha, branch, trigger, pull_request, base_sha, provider, provider_project, command,
                                 timeout_seconds, state, attempts)
                values (?, ?, 'feature', 'pull_request', 31, ?, 'github', ?, 'bench', 3600, 'queued', 0) returning id
                """).params(projectId, sha(2), sha(1), repo).query(Long.class).single();
        notifications.request(old, List.of("status", "comment")); // as JobQueue's announcement of the queued job does
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(state(old, "status")));
        assertThat(lastStatusState(sha(2))).isEqualTo("pending");
        assertThat(queue.cancelQueuedForPullRequest(projectId, 31, sha(3))).isEqualTo(1); // a new push to the PR
        Thread.sleep(1500); // sweeps
        assertThat(jdbc.sql("select state || ' ' || coalesce(last_error, '') from notification where job_id = ? and kind = 'status'")
                .param(old).query(String.class).single()).as("nothing failed").isEqualTo("delivered ");
        assertThat(STUB.received("POST", "/github/repos/" + repo + "/statuses/" + sha(2))).hasSize(1);
        assertThat(lastStatusState(sha(2))).isEqualTo("pending");
    }

    private String lastStatusState(String sha) {
        List<Received> posts = STUB.received("POST", "/github/repos/" + repo + "/statuses/" + sha);
        Received last = posts.stream().max(java.util.Comparator.comparing(Received::at)).orElseThrow();
        JsonNode body = json.readTree(last.body());
        return body.get("state").asString();
    }

    private long notificationId(long job) {
        return jdbc.sql("select id from notification where job_id = ? and kind = 'status'").param(job).query(Long.class).single();
    }

    private String state(long job, String kind) {
        return jdbc.sql("select state from notification where job_id = ? and kind = ?").params(job, kind).query(String.class)
                .optional().orElse(null);
    }

    private UUID measure(int n, double level) throws Exception {
        return notified.measure(n, level);
    }

    private UUID measure(int n, double level, UUID runId) throws Exception {
        return notified.measure(n, level, runId);
    }

    private long job(UUID runId, String sha, Integer pullRequest, String baseSha, String provider, String providerProject) {
        return notified.job(runId, sha, pullRequest, baseSha, provider, providerProject);
    }
}
