package dev.hostgap.platform.notify;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Back to CI against a stub GitHub/GitLab: job rows are inserted as the jobs feature will write them
 * (run_id set once the job completed), runs are uploaded and judged by the real detection worker.
 */
@SpringBootTest(properties = {"hostgap.security.admin-token=" + PlatformTest.ADMIN_TOKEN,
        "hostgap.notify.github.token=gh-test-token", "hostgap.notify.gitlab.token=gl-test-token",
        "hostgap.notify.public-url=https://hostgap.example.org/", "hostgap.notify.first-backoff=20ms",
        "hostgap.notify.max-backoff=3s", "hostgap.notify.sweep-interval=300ms"})
@AutoConfigureMockMvc
@ContextConfiguration(initializers = PlatformTest.DatabaseInitializer.class)
class NotificationTest {

    static final ProviderStub STUB = ProviderStub.start();

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("hostgap.notify.github.api-url", () -> STUB.url("/github"));
        registry.add("hostgap.notify.gitlab.api-url", () -> STUB.url("/gitlab/api/v4/"));
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;
    @Autowired
    Sender sender;
    @Autowired
    NotificationLog notifications;
    @Autowired
    CiMessages messages;
    Api api;
    String project;
    NotifiedProject notified;
    String repo;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(mvc);
        project = api.newProject("notify");
        repo = "acme/" + project;
        notified = new NotifiedProject(api, jdbc, project);
    }

    @Test
    void reportsARegressedPushAsAFailedStatusWithTheWorstChange() throws Exception {
        for (int n = 1; n <= 12; n++) {
            measure(n, 100);
        }
        assertThat(STUB.receivedUnder("/github/repos/" + repo)).as("runs uploaded by hand have no job").isEmpty();
        long job = job(measure(13, 110), sha(13), null, null, "github", repo);

        Received status = awaitOne("POST", "/github/repos/" + repo + "/statuses/" + sha(13));
        JsonNode body = json.readTree(status.body());
        assertThat(body.get("state").asString()).isEqualTo("failure");
        assertThat(body.get("description").asString()).matches("(Suspected r|R)egression #\\d+ here: .*")
                .contains(" here: launch.enqueue args=4 host_us_per_op +10.").contains("(1 regression)").hasSizeLessThanOrEqualTo(140);
        long change = jdbc.sql("select g.id from regression g join git_commit c on c.id = g.first_bad_commit_id where c.sha = ?"
                + " and c.project_id = (select id from project where name = ?)").params(sha(13), project).query(Long.class).single();
        assertThat(body.get("description").asString()).contains("#" + change + " ");
        assertThat(body.get("target_url").asString())
                .isEqualTo("https://hostgap.example.org/#/p/" + project + "/regressions/" + change);
        assertThat(body.get("description").asString()).isEqualTo(summary(sha(13) + "/verdict"));
        assertThat(body.get("context").asString()).isEqualTo("hostgap");
        assertThat(status.header("Authorization")).isEqualTo("Bearer gh-test-token");
        assertThat(status.header("Accept")).isEqualTo("application/vnd.github+json");
        assertThat(STUB.receivedUnder("/github/repos/" + repo + "/issues")).as("a push gets no comment").isEmpty();
        awaitState(job, "status", "delivered");
        api.get("/api/v1/projects/" + project + "/jobs/" + job + "/notifications")
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$[0].attempts").value(1));
    }

    @Test
    void commentsOnAPullRequestOnceAndEditsThatCommentOnTheNextPush() throws Exception {
        measure(1, 100);
        long first = job(measure(2, 100), sha(2), 7, sha(1), "github", repo);
        Received comment = awaitOne("POST", "/github/repos/" + repo + "/issues/7/comments");
        String markdown = json.readTree(comment.body()).get("body").asString();
        assertThat(markdown).startsWith(messages.commentMarker(new CiJob(0, 0, project, "main", sha(2), "main", 7, sha(1), "github", repo)) + "\n")
                .matches("(?s)<!-- hostgap project=" + java.util.regex.Pattern.quote(project) + " tag=[0-9a-f]{32} -->\n.*")
                .contains("### hostgap: " + project + " " + sha(1).substring(0, 10) + " → " + sha(2).substring(0, 10))
                .contains("| verdict | benchmark |").contains("launch.enqueue");
        Received status = awaitOne("POST", "/github/repos/" + repo + "/statuses/" + sha(2));
        assertThat(json.readTree(status.body()).get("state").asString()).isEqualTo("success");
        assertThat(json.readTree(status.body()).get("description").asString()).startsWith("No change against base "
                + sha(1).substring(0, 10)).isEqualTo(summary(sha(2) + "/verdict?pullRequest=7"));
        assertThat(markdown).contains(dev.hostgap.platform.compare.MarkdownReport.escape(summary(sha(2) + "/verdict?pullRequest=7")));
        awaitState(first, "comment", "delivered");
        long commentId = jdbc.sql("select comment_id from pull_request_comment where provider_project = ?").param(repo)
                .query(Long.class).single();

        long second = job(measure(3, 100), sha(3), 7, sha(1), "github", repo);
        Received edit = awaitOne("PATCH", "/github/repos/" + repo + "/issues/comments/" + commentId);
        assertThat(json.readTree(edit.body()).get("body").asString()).contains(sha(3).substring(0, 10));
        awaitState(second, "comment", "delivered");
        assertThat(STUB.received("POST", "/github/repos/" + repo + "/issues/7/comments")).hasSize(1);
        assertThat(jdbc.sql("select job_id from pull_request_comment where provider_project = ?").param(repo)
                .query(Long.class).single()).isEqualTo(second);
    }

    @Test
    void aCommentPostedByAnInstanceThatStoppedBeforeStoringItsIdIsFoundByItsMarkerAndEditedNotPostedAgain() throws Exception {
        measure(1, 100);
        String comments = "/github/repos/" + repo + "/issues/11/comments";
        String marker = messages.commentMarker(new CiJob(0, 0, project, "main", sha(2), "main", 11, sha(1), "github", repo));
        // someone's imitation without the tag, an unrelated comment, the marker of another pull request of this
        // project, then this project's comment: posted, its id never stored
        STUB.script("GET", comments, new Answer(200, Map.of(), """
                [{"id": 70, "body": "<!-- hostgap project=%1$s -->\\nan imitation"},
                 {"id": 71, "body": "LGTM %2$s"},
                 {"id": 72, "body": "%3$s\\nanother pull request's table"},
                 {"id": 73, "body": "%2$s\\nthe table as it was"}]
                """.formatted(project, marker,
                messages.commentMarker(new CiJob(0, 0, project, "main", sha(2), "main", 12, sha(1), "github", repo))), 0));
        long job = job(measure(2, 100), sha(2), 11, sha(1), "github", repo);
        awaitState(job, "comment", "delivered");
        assertThat(STUB.received("GET", comments)).hasSize(1);
        assertThat(STUB.received("GET", comments).get(0).query()).contains("per_page=100").contains("page=1");
        assertThat(STUB.received("POST", comments)).as("never a second comment").isEmpty();
        Received edit = awaitOne("PATCH", "/github/repos/" + repo + "/issues/comments/73");
        assertThat(json.readTree(edit.body()).get("body").asString()).contains(sha(2).substring(0, 10));
        assertThat(jdbc.sql("select comment_id from pull_request_comment where provider_project = ? and pull_request = 11")
                .param(repo).query(Long.class).single()).isEqualTo(73L);
    }

    @Test
    void aMarkedCommentThatIsNotOursToEditIsLeftAndOurOwnIsPosted() throws Exception {
        measure(1, 100);
        String comments = "/github/repos/" + repo + "/issues/13/comments";
        String marker = messages.commentMarker(new CiJob(0, 0, project, "main", sha(2), "main", 13, sha(1), "github", repo));
        STUB.script("GET", comments, new Answer(200, Map.of(), "[{\"id\": 88, \"body\": \"" + marker + " copied\"}]", 0));
        STUB.script("PATCH", "/github/repos/" + repo + "/issues/comments/88",
                new Answer(403, Map.of(), "{\"message\":\"Resource not accessible by integration\"}", 0));
        long job = job(measure(2, 100), sha(2), 13, sha(1), "github", repo);
        awaitState(job, "comment", "delivered");
        assertThat(STUB.received("PATCH", "/github/repos/" + repo + "/issues/comments/88")).hasSize(1);
        assertThat(STUB.received("POST", comments)).as("our own comment, once").hasSize(1);
        assertThat(jdbc.sql("select comment_id from pull_request_comment where provider_project = ? and pull_request = 13")
                .param(repo).query(Long.class).single()).isEqualTo(9001L);
    }

    @Test
    void aCommentIsNotPostedWhileThePullRequestsCommentsCannotBeListed() throws Exception {
        measure(1, 100);
        String comments = "/github/repos/" + repo + "/issues/12/comments";
        STUB.script("GET", comments, Answer.of(502), new Answer(200, Map.of(), "{\"not\": \"a list\"}", 0));
        long job = job(measure(2, 100), sha(2), 12, sha(1), "github", repo);
        awaitState(job, "comment", "delivered");
        assertThat(STUB.received("GET", comments)).hasSize(3);
        assertThat(STUB.received("POST", comments)).as("posted once, after a listing was read").hasSize(1);
        assertThat(STUB.received("POST", comments).get(0).at()).isAfter(STUB.received("GET", comments).get(2).at());
        assertThat(attempts(job, "comment")).isEqualTo(3);
    }

    @Test
    void aMessageLeasedByAKilledInstanceIsLeftToItUntilTheLeaseExpiresThenSentByThisOne() throws Exception {
        long job = job(measure(1, 100), sha(1), null, null, "github", repo);
        String path = "/github/repos/" + repo + "/statuses/" + sha(1);
        awaitState(job, "status", "delivered");
        assertThat(STUB.received("POST", path)).hasSize(1);
        // another instance leased the message (the answer had moved: last_description cleared) and was killed
        jdbc.sql("""
                        update notification set state = 'pending', lease_owner = 'killed-instance', last_description = null,
                               lease_expires_at = now() + interval '2 seconds'
                        where job_id = ? and kind = 'status'
                        """).param(job).update();
        Thread.sleep(1200); // four sweeps of this instance while the lease holds
        assertThat(jdbc.sql("select lease_owner from notification where job_id = ? and kind = 'status'").param(job)
                .query(String.class).single()).isEqualTo("killed-instance");
        assertThat(STUB.received("POST", path)).hasSize(1);
        awaitState(job, "status", "delivered");
        assertThat(STUB.received("POST", path)).as("sent by this instance once the lease expired").hasSize(2);
        assertThat(jdbc.sql("select lease_owner is null and lease_expires_at is null from notification where job_id = ? and kind = 'status'")
                .param(job).query(Boolean.class).single()).isTrue();
    }

    @Test
    void aMessageHandedBackByAStoppingInstanceIsSentAtOnceEvenThoughItsLeaseHadAnHourToRun() throws Exception {
        long job = job(measure(1, 100), sha(1), null, null, "github", repo);
        String path = "/github/repos/" + repo + "/statuses/" + sha(1);
        awaitState(job, "status", "delivered");
        jdbc.sql("""
                        update notification set state = 'pending', lease_owner = 'stopping-instance#a-claim', last_description = null,
                               lease_expires_at = now() + interval '1 hour'
                        where job_id = ? and kind = 'status'
                        """).param(job).update();
        assertThat(notifications.release("stopping-instance")).isEqualTo(1);
        assertThat(notifications.release("stopping-instance")).isZero();
        awaitState(job, "status", "delivered");
        assertThat(STUB.received("POST", path)).hasSize(2);
    }

    @Test
    void twoJobsOfOnePullRequestDeliveredAtOncePostOneComment() throws Exception {
        measure(1, 100);
        long projectId = jdbc.sql("select id from project where name = ?").param(project).query(Long.class).single();
        CiJob a = new CiJob(1_000_001, projectId, project, "main", sha(1), "feature", 9, null, "github", repo);
        CiJob b = new CiJob(1_000_002, projectId, project, "main", sha(1), "feature", 9, null, "github", repo);
        CiMessage message = new CiMessage(CiMessage.State.SUCCESS, "d", "u", "table", CiMessage.PULL_REQUEST_CONTEXT);
        GitHubApi github = new GitHubApi(URI.create(STUB.url("/github")), "gh-test-token", json);
        STUB.delayDefaultAnswers(300);
        try {
            var first = CompletableFuture.supplyAsync(() -> sender.comment(github, a, message));
            var second = CompletableFuture.supplyAsync(() -> sender.comment(github, b, message));
            assertThat(List.of(first.get(), second.get())).allMatch(attempt -> attempt instanceof Attempt.Delivered);
        } finally {
            STUB.delayDefaultAnswers(0);
        }
        assertThat(STUB.received("POST", "/github/repos/" + repo + "/issues/9/comments")).hasSize(1);
        assertThat(STUB.receivedUnder("/github/repos/" + repo + "/issues/comments/")).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void retriesAServerErrorUntilTheStatusIsTaken() throws Exception {
        String path = "/github/repos/" + repo + "/statuses/" + sha(1);
        STUB.script("POST", path, Answer.of(502));
        long job = job(measure(1, 100), sha(1), null, null, "github", repo);
        awaitState(job, "status", "delivered");
        assertThat(STUB.received("POST", path)).hasSize(2);
        assertThat(attempts(job, "status")).isEqualTo(2);
    }

    @Test
    void waitsAsToldByRetryAfterWhenRateLimited() throws Exception {
        String path = "/github/repos/" + repo + "/statuses/" + sha(1);
        STUB.script("POST", path, new Answer(429, Map.of("Retry-After", "1"), "{}", 0));
        long job = job(measure(1, 100), sha(1), null, null, "github", repo);
        awaitState(job, "status", "delivered");
        List<Received> calls = STUB.received("POST", path);
        assertThat(calls).hasSize(2);
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void recordsAClientErrorWithoutRetrying() throws Exception {
        String path = "/github/repos/" + repo + "/statuses/" + sha(1);
        STUB.script("POST", path, new Answer(404, Map.of(), "{\"message\":\"Not Found\"}", 0));
        long job = job(measure(1, 100), sha(1), null, null, "github", repo);
        awaitState(job, "status", "failed");
        assertThat(STUB.received("POST", path)).hasSize(1);
        assertThat(jdbc.sql("select last_status || ' ' || last_error from notification where job_id = ? and kind = 'status'")
                .param(job).query(String.class).single()).startsWith("404 HTTP 404").contains("Not Found");
    }

    @Test
    void reportsToGitLabWithTheStatusInTheQueryAndAMergeRequestNote() throws Exception {
        measure(1, 100);
        long job = job(measure(2, 100), sha(2), 3, sha(1), "gitlab", "4242");
        Received status = awaitOne("POST", "/gitlab/api/v4/projects/4242/statuses/" + sha(2));
        Map<String, String> query = Arrays.stream(status.query().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
        assertThat(query).containsEntry("state", "success").containsEntry("name", "hostgap/pull-request")
                .containsEntry("target_url", "https://hostgap.example.org/#/p/" + project + "/compare?base=" + sha(1) + "&head=" + sha(2) + "&baseline=level");
        assertThat(query.get("description")).isEqualTo(summary(sha(2) + "/verdict?pullRequest=3"));
        assertThat(status.header("PRIVATE-TOKEN")).isEqualTo("gl-test-token");
        Received note = awaitOne("POST", "/gitlab/api/v4/projects/4242/merge_requests/3/notes");
        assertThat(json.readTree(note.body()).get("body").asString()).contains("| verdict | benchmark |");
        awaitState(job, "comment", "delivered");
    }

    /** What the commit's verdict says: the one line every surface shows. */
    private String summary(String shaAndVerdictPath) throws Exception {
        String body = api.get("/api/v1/projects/" + project + "/commits/" + shaAndVerdictPath).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        return json.readTree(body).get("summary").asString();
    }

    private UUID measure(int n, double level) throws Exception {
        return notified.measure(n, level);
    }

    private long job(UUID runId, String sha, Integer pullRequest, String baseSha, String provider, String providerProject) {
        return notified.job(runId, sha, pullRequest, baseSha, provider, providerProject);
    }

    private static Received awaitOne(String method, String path) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !STUB.received(method, path).isEmpty());
        return STUB.received(method, path).get(0);
    }

    private void awaitState(long job, String kind, String state) {
        await().atMost(Duration.ofSeconds(20)).until(() -> state.equals(jdbc.sql(
                "select state from notification where job_id = ? and kind = ?").params(job, kind).query(String.class).optional().orElse(null)));
    }

    private int attempts(long job, String kind) {
        return jdbc.sql("select attempts from notification where job_id = ? and kind = ?").params(job, kind).query(Integer.class).single();
    }
}
