package dev.hostgap.platform.runs;

import java.util.List;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@PlatformTest
class SeriesIndexTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    /** main: three commits (enqueue at 3, 4, 5 us); a feature branch's run at 100 us that the index leaves out. */
    private String threeCommitsAndABranch(Api api) throws Exception {
        String project = api.newProject("series-index");
        api.upload(new Run(project, sha(1)).result("launch.enqueue", "{\"args\":\"4\"}", "host_us", 3, 3)
                .result("launch.empty", "{}", "host_us", 1, 1).json()).andExpect(status().isCreated());
        api.upload(new Run(project, sha(2)).parent(sha(1)).result("launch.enqueue", "{\"args\":\"4\"}", "host_us", 4, 4).json())
                .andExpect(status().isCreated());
        api.upload(new Run(project, sha(3)).parent(sha(2)).result("launch.enqueue", "{\"args\":\"4\"}", "host_us", 5, 5).json())
                .andExpect(status().isCreated());
        api.upload(new Run(project, sha(4)).parent(sha(3)).branch("feature")
                .result("launch.enqueue", "{\"args\":\"4\"}", "host_us", 100, 100).json()).andExpect(status().isCreated());
        return project;
    }

    @Test
    void listsEverySeriesWithItsNewestDefaultBranchLevelsOldestFirst() throws Exception {
        Api api = new Api(mvc);
        String project = threeCommitsAndABranch(api);
        String index = "/api/v1/projects/" + project + "/series-index";

        api.get(index).andExpect(status().isOk())
                .andExpect(header().string("X-Total-Count", "2"))
                .andExpect(jsonPath("$[*].benchmark", contains("launch.empty", "launch.enqueue")))
                .andExpect(jsonPath("$[1].paramsKey", is("args=4")))
                .andExpect(jsonPath("$[1].params.args", is("4")))
                .andExpect(jsonPath("$[1].version", is(1)))
                .andExpect(jsonPath("$[1].metric", is("host_us")))
                .andExpect(jsonPath("$[1].unit", is("us")))
                .andExpect(jsonPath("$[1].direction", is("lower_is_better")))
                .andExpect(jsonPath("$[1].environment", is("NVIDIA H100 80GB HBM3 | driver 580.159.04 | cuda 13.0 | jcuda-12.6.0")))
                .andExpect(jsonPath("$[1].levels[*].median", contains(3.0, 4.0, 5.0)))
                .andExpect(jsonPath("$[1].levels[*].sha", contains(sha(1), sha(2), sha(3))))
                .andExpect(jsonPath("$[1].latest.sha", is(sha(3))))
                .andExpect(jsonPath("$[1].latest.median", is(5.0)))
                .andExpect(jsonPath("$[0].levels[*].median", contains(1.0)));

        api.get(index + "?points=2").andExpect(status().isOk())
                .andExpect(jsonPath("$[1].levels[*].median", contains(4.0, 5.0)));
    }

    @Test
    void narrowsBySearchWordsInBenchmarkParamsAndMetricAndPages() throws Exception {
        Api api = new Api(mvc);
        String project = threeCommitsAndABranch(api);
        String index = "/api/v1/projects/" + project + "/series-index";

        api.get(index + "?q=ENQUEUE").andExpect(jsonPath("$[*].benchmark", contains("launch.enqueue")));
        api.get(index + "?q=args=4 HOST_us").andExpect(jsonPath("$[*].benchmark", contains("launch.enqueue")));
        api.get(index + "?q=launch args=4").andExpect(jsonPath("$[*].benchmark", contains("launch.enqueue")));
        api.get(index + "?q=launch").andExpect(jsonPath("$", hasSize(2)));
        api.get(index + "?q=memcpy").andExpect(jsonPath("$", empty())).andExpect(header().string("X-Total-Count", "0"));
        api.get(index + "?limit=1").andExpect(jsonPath("$[*].benchmark", contains("launch.empty")))
                .andExpect(header().string("X-Total-Count", "2"));
    }

    @Test
    void answersAProjectWithoutRunsAndRefusesBadParameters() throws Exception {
        Api api = new Api(mvc);
        String project = api.newProject("series-index-empty");
        api.get("/api/v1/projects/" + project + "/series-index").andExpect(status().isOk()).andExpect(jsonPath("$", empty()))
                .andExpect(header().string("X-Total-Count", "0"));
        api.get("/api/v1/projects/" + project + "/series-index?limit=0").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type", is("/problems/invalid-parameter")));
        api.get("/api/v1/projects/" + project + "/series-index?points=101").andExpect(status().isBadRequest());
        api.get("/api/v1/projects/" + project + "/series-index?q=" + "x".repeat(201)).andExpect(status().isBadRequest());
        api.get("/api/v1/projects/no-such-" + project + "/series-index").andExpect(status().isNotFound());
    }

    @Test
    void readsEachSeriesNewestRunsThroughItsIndexOnAProjectOfHundredsOfSeries() throws Exception {
        Api api = new Api(mvc);
        String project = api.newProject("series-index-plan");
        int series = 300, commits = 8;
        for (int c = 1; c <= commits; c++) {
            Run run = new Run(project, sha(c));
            if (c > 1) {
                run.parent(sha(c - 1));
            }
            for (int s = 0; s < series; s++) {
                run.result("bench.b" + (s % 30), "{\"n\":\"" + s + "\"}", "host_us", s + c, s + c);
            }
            api.upload(run.json()).andExpect(status().isCreated());
        }
        api.get("/api/v1/projects/" + project + "/series-index?limit=1000&points=5")
                .andExpect(jsonPath("$", hasSize(series)))
                .andExpect(jsonPath("$[0].levels", hasSize(5)))
                .andExpect(jsonPath("$[0].latest.sha", is(sha(commits))));
        jdbc.sql("analyze result").update();

        long projectId = jdbc.sql("select id from project where name = ?").param(project).query(Long.class).single();
        Long[] seriesIds = jdbc.sql("select s.id from series s join benchmark b on b.id = s.benchmark_id where b.project_id = ?")
                .param(projectId).query(Long.class).list().toArray(Long[]::new);
        List<String> plan = jdbc.sql("explain (analyze, costs off) " + SeriesIndex.WINDOW_SQL)
                .param("series", seriesIds).param("window", 5).query(String.class).list();
        String text = String.join("\n", plan);
        System.out.println("series-index window plan, " + series + " series x " + commits + " runs:\n" + text);
        // one statement for every series; each series' results are read bounded (a Limit of `points`
        // per series, run once a series) on the index alone, never by scanning the result table
        assertThat(text).as("results read on the index alone").doesNotContain("Seq Scan on result")
                .containsPattern("Index Only Scan( Backward)? using result_summary_idx on result");
        assertThat(text).as("each series' newest runs: a Limit of `points` rows, once a series")
                .containsPattern("Limit \\(actual time=[0-9.]+\\.\\.[0-9.]+ rows=5 loops=" + series + "\\)");
        String execution = plan.get(plan.size() - 1);
        double millis = Double.parseDouble(execution.replaceAll("[^0-9.]", ""));
        assertThat(millis).as(execution).isLessThan(1000);
    }

    @Test
    void readsFurtherBackForASeriesWhoseNewestRunsAreNotTheDefaultBranchs() throws Exception {
        Api api = new Api(mvc);
        String project = api.newProject("series-index-wider");
        // main at 3 and 4 us; then three feature-branch runs and a second series measured only on main
        api.upload(new Run(project, sha(1)).result("launch.enqueue", "{}", "host_us", 3, 3).json()).andExpect(status().isCreated());
        api.upload(new Run(project, sha(2)).parent(sha(1)).result("launch.enqueue", "{}", "host_us", 4, 4)
                .result("launch.sync", "{}", "host_us", 7, 7).json()).andExpect(status().isCreated());
        for (int c = 3; c <= 5; c++) {
            api.upload(new Run(project, sha(c)).parent(sha(c - 1)).branch("feature")
                    .result("launch.enqueue", "{}", "host_us", 100 + c, 100 + c).json()).andExpect(status().isCreated());
        }
        api.upload(new Run(project, sha(6)).parent(sha(2)).result("launch.sync", "{}", "host_us", 8, 8).json())
                .andExpect(status().isCreated());
        String index = "/api/v1/projects/" + project + "/series-index";

        // points=2: launch.enqueue's two newest results are feature runs, so its window is read again
        // (2 x 4 = 8 results) and shows main's two; launch.sync's two newest are main's already
        api.get(index + "?points=2").andExpect(status().isOk())
                .andExpect(jsonPath("$[*].benchmark", contains("launch.enqueue", "launch.sync")))
                .andExpect(jsonPath("$[0].levels[*].median", contains(3.0, 4.0)))
                .andExpect(jsonPath("$[0].levels[*].sha", contains(sha(1), sha(2))))
                .andExpect(jsonPath("$[0].latest.sha", is(sha(2))))
                .andExpect(jsonPath("$[1].levels[*].median", contains(7.0, 8.0)));
        // points=1: the wider window is 4 results, which still reaches main's newest (4 us at sha 2)
        api.get(index + "?points=1").andExpect(jsonPath("$[0].levels[*].median", contains(4.0)));
    }
}
