package dev.hostgap.platform.runs;

import java.util.List;
import java.util.UUID;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** {@code GET /api/v1/projects/{p}/runs}: what the dashboard shows as a project's recent runs. */
@PlatformTest
class RecentRunsTest {

    private static final String FAILED = "{\"benchmark\":\"graph.replay\",\"version\":2,\"params\":{\"nodes\":\"64\"},"
            + "\"metric\":\"host_us\",\"unit\":\"us\",\"direction\":\"lower_is_better\",\"error\":\"CUDA_ERROR_OUT_OF_MEMORY\"}";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;
    Api api;
    String project;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(mvc);
        project = api.newProject("recent");
    }

    @Test
    void listsNewestRunsFirstWithTheirFailedWorkloadsAndErrors() throws Exception {
        String first = upload(new Run(project, sha(1)).result("launch.empty", "{}", "host_us", 3.5, 3.6));
        String second = upload(new Run(project, sha(2)).parent(sha(1))
                .result("launch.empty", "{}", "host_us", 3.5, 3.6).rawResult(FAILED));

        api.get("/api/v1/projects/" + project + "/runs")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].runId", contains(second, first)))
                .andExpect(jsonPath("$[0].sha", is(sha(2))))
                .andExpect(jsonPath("$[0].branch", is("main")))
                .andExpect(jsonPath("$[0].subject", is("test")))
                .andExpect(jsonPath("$[0].gpu", is("NVIDIA H100 80GB HBM3")))
                .andExpect(jsonPath("$[0].host", is("node-7")))
                .andExpect(jsonPath("$[0].results", is(2)))
                .andExpect(jsonPath("$[0].failed", is(1)))
                .andExpect(jsonPath("$[0].failures[0].benchmark", is("graph.replay")))
                .andExpect(jsonPath("$[0].failures[0].version", is(2)))
                .andExpect(jsonPath("$[0].failures[0].params.nodes", is("64")))
                .andExpect(jsonPath("$[0].failures[0].error", is("CUDA_ERROR_OUT_OF_MEMORY")))
                .andExpect(jsonPath("$[1].failed", is(0)))
                .andExpect(jsonPath("$[1].failures.length()", is(0)));
    }

    @Test
    void keepsToOneBranchAndToTheLimit() throws Exception {
        String main1 = upload(new Run(project, sha(11)).result("launch.empty", "{}", "host_us", 3.5));
        String main2 = upload(new Run(project, sha(12)).parent(sha(11)).result("launch.empty", "{}", "host_us", 3.5));
        String feature = upload(new Run(project, sha(13)).parent(sha(12)).branch("feature/x").result("launch.empty", "{}", "host_us", 3.5));

        api.get("/api/v1/projects/" + project + "/runs?branch=main")
                .andExpect(status().isOk()).andExpect(jsonPath("$[*].runId", contains(main2, main1)));
        api.get("/api/v1/projects/" + project + "/runs?branch=feature/x")
                .andExpect(jsonPath("$[*].runId", contains(feature)));
        api.get("/api/v1/projects/" + project + "/runs?limit=2")
                .andExpect(jsonPath("$[*].runId", contains(feature, main2)));
        api.get("/api/v1/projects/" + project + "/runs?branch=nowhere")
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()", is(0)));
    }

    @Test
    void refusesALimitOutsideOneTo200AndAnUnknownProject() throws Exception {
        for (String limit : List.of("0", "201", "-1", "many")) {
            api.get("/api/v1/projects/" + project + "/runs?limit=" + limit)
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type", is("/problems/invalid-parameter")));
        }
        api.get("/api/v1/projects/" + project + "/runs?limit=200").andExpect(status().isOk());
        api.get("/api/v1/projects/no-such-project-" + UUID.randomUUID() + "/runs")
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type", is("/problems/unknown-project")));
    }

    /** With sequential scans, bitmap scans and sorts priced out, both statements read their V10 index in order. */
    @Test
    void readsTheNewestRunsFromAnIndexInOrder() {
        String whole = explain(RecentRuns.NEWEST_OF_PROJECT);
        String branch = explain(RecentRuns.NEWEST_OF_BRANCH);
        assertThat(whole).contains("run_project_recent_idx").doesNotContain("Sort");
        assertThat(branch).contains("run_project_branch_recent_idx").doesNotContain("Sort");
    }

    private String explain(String sql) {
        return transactions.execute(tx -> {
            // on the few rows of a test database the planner may prefer a bitmap scan and a sort; with
            // those priced out too, the plan shows whether an index gives the order and the limit. Asked
            // for a branch most runs are not on (with statistics; without them the planner guessed from
            // the row's width, and V23's wider row made both indexes look alike), the branch index is the
            // cheaper read wherever the planner can tell branches apart.
            jdbc.sql("analyze run").update();
            jdbc.sql("set local enable_seqscan = off").update();
            jdbc.sql("set local enable_bitmapscan = off").update();
            jdbc.sql("set local enable_sort = off").update();
            String plan = String.join("\n", jdbc.sql("explain " + sql.replace(":project", "1").replace(":branch", "'release/rare'")
                    .replace(":limit", "20")).query(String.class).list());
            tx.setRollbackOnly();
            return plan;
        });
    }

    private String upload(Run run) throws Exception {
        String runId = UUID.randomUUID().toString();
        api.upload(run.runId(runId).json()).andExpect(status().isCreated());
        return runId;
    }
}
