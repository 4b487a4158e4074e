package dev.hostgap.platform.compare;

import java.util.Locale;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import static dev.hostgap.platform.Api.sha;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A compare's {@code detected}: the changes on record dated after the base up to the head. The base
 * is looked for among the head's 32 nearest first-parent commits first, then 500; the answer must
 * not depend on which of the two walks found it.
 */
@PlatformTest
class CompareDetectedRangeTest {

    static final int STEP = 9, HEAD = 45;

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Test
    void listsTheChangeDatedBetweenNearAndFarBasesAlike() throws Exception {
        Api api = new Api(mvc);
        String project = api.newProject("compare-detected");
        uploadStepChain(api, project, HEAD, STEP);
        Api.awaitJudged(jdbc, project);
        String compare = "/api/v1/projects/" + project + "/compare?base=%s&head=%s";

        // the step's commit is 2 first-parent commits above the base: found by the near walk
        api.get(compare.formatted(sha(STEP - 1), sha(STEP + 1))).andExpect(status().isOk())
                .andExpect(jsonPath("$.detected", hasSize(1)))
                .andExpect(jsonPath("$.detected[0].kind", is("regression")))
                .andExpect(jsonPath("$.detected[0].firstBadCommit", is(sha(STEP))));
        // 37 commits above it: beyond the near walk, found by the longer one
        api.get(compare.formatted(sha(STEP - 1), sha(HEAD))).andExpect(status().isOk())
                .andExpect(jsonPath("$.detected", hasSize(1)))
                .andExpect(jsonPath("$.detected[0].firstBadCommit", is(sha(STEP))));
        // a base at or after the step: nothing dated in between, near or far
        api.get(compare.formatted(sha(STEP), sha(HEAD))).andExpect(jsonPath("$.detected", empty()));
        api.get(compare.formatted(sha(STEP + 1), sha(STEP + 2))).andExpect(jsonPath("$.detected", empty()));
        // a base that is not below the head: no range
        api.get(compare.formatted(sha(HEAD), sha(STEP - 1))).andExpect(jsonPath("$.detected", empty()));
    }

    /**
     * A head whose first-parent chain breaks after one step, at a parent dated after the head (clock
     * skew): the walk is filled with the branch's measured commits older than that parent, the head
     * among them, which the walk already holds and leaves out. The 32-commit walk then comes back
     * with 31 commits though history goes on, and the base is the 500-commit walk's 32nd.
     */
    @Test
    void findsABaseBeyondAShortenedNearWalk() throws Exception {
        Api api = new Api(mvc);
        String project = api.newProject("compare-detected-skew");
        int chain = 40, step = 20;
        uploadStepChain(api, project, chain, step);
        // the parent: its own parent was never uploaded, and it is dated an hour after its child
        api.upload(new Run(project, sha(100)).parent(sha(999)).at("2026-01-05T12:00:00Z")
                .result("launch.enqueue", "{\"args\":\"4\"}", "host_us", CompareTest.forks(4.2)).json()).andExpect(status().isCreated());
        api.upload(new Run(project, sha(101)).parent(sha(100)).at("2026-01-05T11:00:00Z")
                .result("launch.enqueue", "{\"args\":\"4\"}", "host_us", CompareTest.forks(4.2)).json()).andExpect(status().isCreated());
        Api.awaitJudged(jdbc, project);

        // the walk from the head: head, parent, then commits 40, 39, ...; commit 11 is the 32nd
        api.get("/api/v1/projects/" + project + "/compare?base=" + sha(11) + "&head=" + sha(101)).andExpect(status().isOk())
                .andExpect(jsonPath("$.detected[*].firstBadCommit", hasItem(sha(step))));
    }

    /** Commits 1 to {@code commits} on one first-parent chain, an hour apart; the level steps up 20% at {@code step}. */
    private static void uploadStepChain(Api api, String project, int commits, int step) throws Exception {
        for (int n = 1; n <= commits; n++) {
            double quiet = 1 + ((n * 3) % 5 - 2) * 0.002;
            Run run = new Run(project, sha(n)).at(String.format(Locale.ROOT, "2026-01-%02dT%02d:00:00Z", 1 + n / 24, n % 24))
                    .result("launch.enqueue", "{\"args\":\"4\"}", "host_us", CompareTest.forks((n < step ? 3.5 : 4.2) * quiet));
            if (n > 1) {
                run.parent(sha(n - 1));
            }
            api.upload(run.json()).andExpect(status().isCreated());
        }
    }
}
