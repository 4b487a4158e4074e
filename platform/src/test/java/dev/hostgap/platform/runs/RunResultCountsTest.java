package dev.hostgap.platform.runs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The result counts stored on each run (V23), which the run list shows instead of counting results:
 * after every way a run is stored they equal a count of its result rows, and a run stored without
 * them (by the version before V23, during a rolling upgrade) is listed with the same numbers.
 */
@PlatformTest
class RunResultCountsTest {

    private static final String FAILED = "{\"benchmark\":\"graph.replay\",\"version\":2,\"params\":{\"nodes\":\"64\"},"
            + "\"metric\":\"host_us\",\"unit\":\"us\",\"direction\":\"lower_is_better\",\"error\":\"CUDA_ERROR_OUT_OF_MEMORY\"}";
    private static final String ADMIN = "Bearer " + PlatformTest.ADMIN_TOKEN;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    Api api;
    String project;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(mvc);
        project = api.newProject("counts");
    }

    @Test
    void storesCountsEqualToARecountAfterEveryKindOfIngest() throws Exception {
        // an upload with a failed workload, and the same runId sent again (answered as a repeat)
        String upload = new Run(project, sha(1)).runId(UUID.randomUUID().toString())
                .result("launch.empty", "{}", "host_us", 3.5, 3.6).result("launch.empty", "{\"args\":\"4\"}", "host_us", 3.9)
                .rawResult(FAILED).json();
        api.upload(upload).andExpect(status().isCreated());
        api.upload(upload).andExpect(status().isOk());
        // a pull request's run, on a branch of its own
        api.upload(new Run(project, sha(2)).parent(sha(1)).runId(UUID.randomUUID().toString())
                .result("launch.empty", "{}", "host_us", 3.4).json().replaceFirst("\\{", "{\"pullRequest\":{\"number\":7,\"baseSha\":\""
                        + sha(1) + "\"},")).andExpect(status().isCreated());
        // JMH's own output
        mvc.perform(post("/api/v1/runs/jmh").param("project", project).param("sha", sha(3)).param("branch", "main")
                        .param("gpu", "NVIDIA H100 80GB HBM3").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content(Files.readString(Path.of("src/test/resources/jmh/array-sum.json"))))
                .andExpect(status().isCreated());
        // a CI job completed with a run file, twice (the second is a repeated completion)
        completeJob(sha(4), new Run("elsewhere", sha(999)).result("launch.empty", "{}", "host_us", 3.5, 3.6, 3.4)
                .rawResult(FAILED).json());

        List<int[]> rows = jdbc.sql("""
                        select run.result_count, run.failed_count,
                               (select count(*) from result r where r.run_id = run.id),
                               (select count(r.error) from result r where r.run_id = run.id)
                        from run join project p on p.id = run.project_id where p.name = ?
                        """).param(project)
                .query((rs, i) -> new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)}).list();
        assertThat(rows).hasSize(4);
        assertThat(rows).allSatisfy(r -> assertThat(new int[] {r[0], r[1]}).as("stored counts against a recount")
                .containsExactly(r[2], r[3]));
        assertThat(rows).extracting(r -> r[1]).contains(1, 0);
        assertThat(rows).extracting(r -> r[0]).contains(3, 8, 2, 1);
    }

    @Test
    void listsARunStoredWithoutCountsWithTheCountsOfItsResults() throws Exception {
        api.upload(new Run(project, sha(11)).runId(UUID.randomUUID().toString())
                .result("launch.empty", "{}", "host_us", 3.5).rawResult(FAILED).json()).andExpect(status().isCreated());
        api.upload(new Run(project, sha(12)).parent(sha(11)).runId(UUID.randomUUID().toString())
                .result("launch.empty", "{}", "host_us", 3.5).json()).andExpect(status().isCreated());
        Api.awaitJudged(jdbc, project);
        String stored = list();

        // as the version before V23 writes a run: no counts
        jdbc.sql("update run set result_count = null, failed_count = null where project_id = (select id from project where name = ?)")
                .param(project).update();

        assertThat(list()).isEqualTo(stored).contains("\"results\":2,\"failed\":1").contains("CUDA_ERROR_OUT_OF_MEMORY");

        // V24's backfill gives them the counts their results have
        jdbc.sql(Files.readString(Path.of("../db/migration/V24__backfill_run_result_counts.sql"))).update();
        assertThat(jdbc.sql("""
                        select count(*) from run where project_id = (select id from project where name = ?)
                        and (result_count, failed_count) is distinct from
                            ((select count(*) from result r where r.run_id = run.id), (select count(r.error) from result r where r.run_id = run.id))
                        """).param(project).query(Long.class).single()).isZero();
        assertThat(list()).isEqualTo(stored);
    }

    private String list() throws Exception {
        return api.get("/api/v1/projects/" + project + "/runs").andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    private void completeJob(String sha, String runFile) throws Exception {
        String label = "counts-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(put("/api/v1/projects/" + project + "/ci").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                .content("{\"benchmarkCommand\":\"./bench.sh\",\"runnerLabels\":[\"" + label + "\"]}")).andExpect(status().isOk());
        String token = body(mvc.perform(post("/api/v1/runners").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                // scoped to this project: other tests leave jobs without labels queued, which any runner of every project would lease
                .content("{\"name\":\"" + label + "\",\"labels\":[\"" + label + "\"],\"projects\":[\"" + project + "\"]}"))
                .andExpect(status().isCreated()).andReturn()
                .getResponse().getContentAsString()).get("token").asString();
        mvc.perform(post("/api/v1/projects/" + project + "/jobs").header("Authorization", ADMIN)
                .contentType(MediaType.APPLICATION_JSON).content("{\"sha\":\"" + sha + "\"}")).andExpect(status().isCreated());
        long id = body(mvc.perform(post("/api/v1/jobs/lease").header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"waitSeconds\":0}"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString()).get("id").asLong();
        String completion = "{\"runId\":\"" + UUID.randomUUID() + "\",\"result\":" + runFile + ",\"environment\":{\"gpu\":\"NVIDIA H200\","
                + "\"driver\":\"580\",\"cuda\":\"13.0\",\"runtime\":\"jcuda\",\"jvm\":\"17\",\"host\":\"node-1\",\"attributes\":{}}}";
        for (int i = 0; i < 2; i++) {
            mvc.perform(post("/api/v1/jobs/" + id + "/complete").header("Authorization", "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON).content(completion)).andExpect(status().isOk());
        }
    }

    private static JsonNode body(String json) {
        return JSON.readTree(json);
    }
}
