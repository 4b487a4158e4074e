package dev.hostgap.platform.verdicts;

import java.util.Locale;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A CI job that uploads its runs itself marks a pull request's runs with {@code pullRequest} in the
 * run file: they are judged as the head against the level its base is at, and never touch the
 * branch (its history, noise, changes).
 */
@PlatformTest
class PullRequestUploadTest {

    private static final double[] WOBBLE = Api.WOBBLE;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    Api api;
    String project;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(mvc);
        project = api.newProject("pr-upload");
        for (int n = 1; n <= 12; n++) {
            upload(new Run(project, sha(n)), n, 100 * WOBBLE[n - 1], null);
        }
        Api.awaitJudged(jdbc, project);
    }

    @Test
    void aPullRequestsRunsAreJudgedAgainstItsBaseAndLeaveTheBranchAlone() throws Exception {
        String head = sha(100);
        for (int run = 0; run < 3; run++) {
            upload(new Run(project, head), 100, 115 * WOBBLE[run], "{\"number\":7,\"baseSha\":\"" + sha(12) + "\"}");
        }
        Api.awaitJudged(jdbc, project);

        api.get("/api/v1/projects/" + project + "/commits/" + head + "/verdict")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state", is("judged")))
                .andExpect(jsonPath("$.verdict", is("regression")))
                .andExpect(jsonPath("$.pullRequest.number", is(7)))
                .andExpect(jsonPath("$.pullRequest.baseSha", is(sha(12))))
                .andExpect(jsonPath("$.summary", startsWith("Regression against base " + sha(12).substring(0, 10)
                        + ": launch.enqueue args=4 host_us_per_op +1")))
                .andExpect(jsonPath("$.link", is("/#/p/" + project + "/compare?base=" + sha(12) + "&head=" + head + "&baseline=level")));
        // the page the answer links to says the same, from the base's level: 12 runs of the branch against the head's 3
        api.get("/api/v1/projects/" + project + "/compare?base=" + sha(12) + "&head=" + head + "&baseline=level")
                .andExpect(jsonPath("$.baseline", is("level")))
                .andExpect(jsonPath("$.rows[0].verdict", is("regression")))
                .andExpect(jsonPath("$.rows[0].baseRuns", is(12)))
                .andExpect(jsonPath("$.rows[0].headRuns", is(3)));

        assertThat(jdbc.sql("select distinct branch from run where project_id = (select id from project where name = ?)"
                + " and pull_request = 7").param(project).query(String.class).list()).containsExactly("pull-request:7");
        api.get("/api/v1/projects/" + project + "/regressions?kind=all").andExpect(jsonPath("$", hasSize(0)));
        api.get("/api/v1/projects/" + project + "/commits?branch=main&limit=1").andExpect(jsonPath("$[0].sha", is(sha(12))));
        api.get("/api/v1/projects/" + project + "/commits/" + sha(12) + "/verdict").andExpect(jsonPath("$.pullRequest", nullValue()));
    }

    @Test
    void aPullRequestWithoutANumberOrWithABadBaseIsRefusedAndStoresNothing() throws Exception {
        long before = runs();
        for (String bad : new String[] {"{\"baseSha\":\"" + sha(12) + "\"}", "{\"number\":0,\"baseSha\":\"" + sha(12) + "\"}",
                "{\"number\":7,\"baseSha\":\"main\"}", "{\"number\":7}"}) {
            api.upload(new Run(project, sha(200)).result("launch.enqueue", "{\"args\":\"4\"}", "host_us_per_op", 100, 101)
                            .json().replaceFirst("\\}$", ",\"pullRequest\":" + bad + "}"))
                    .andExpect(status().isUnprocessableEntity())
                    .andExpect(jsonPath("$.type", org.hamcrest.Matchers.anyOf(is("/problems/invalid-field"), is("/problems/invalid-sha"),
                            is("/problems/missing-field"))));
        }
        assertThat(runs()).isEqualTo(before);
        api.get("/api/v1/projects/" + project + "/commits/" + sha(12) + "/verdict?pullRequest=9")
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.type", is("/problems/unknown-commit")));
        api.get("/api/v1/projects/" + project + "/commits/" + sha(12) + "/verdict?pullRequest=0")
                .andExpect(status().isBadRequest());
        api.get("/api/v1/projects/" + project + "/compare?base=" + sha(1) + "&head=" + sha(12) + "&baseline=nearest")
                .andExpect(status().isBadRequest());
    }

    private long runs() {
        return jdbc.sql("select count(*) from run r join project p on p.id = r.project_id where p.name = ?").param(project)
                .query(Long.class).single();
    }

    /** Commit {@code n} of main (child of n-1), or a run of a pull request when {@code pullRequest} is given. */
    private void upload(Run run, int n, double level, String pullRequest) throws Exception {
        double[] forks = new double[5];
        for (int f = 0; f < forks.length; f++) {
            forks[f] = level * (1 + (((n * 7 + f * 3) % 7) - 3) * 0.001);
        }
        run.at(String.format(Locale.ROOT, "2026-01-01T%02d:00:00Z", Math.min(n, 23)))
                .result("launch.enqueue", "{\"args\":\"4\"}", "host_us_per_op", forks);
        if (n > 1) {
            run.parent(sha(n == 100 ? 12 : n - 1));
        }
        String json = run.json();
        if (pullRequest != null) {
            json = json.replaceFirst("\\}$", ",\"pullRequest\":" + pullRequest + "}");
        }
        api.upload(json).andExpect(status().isCreated());
    }
}
