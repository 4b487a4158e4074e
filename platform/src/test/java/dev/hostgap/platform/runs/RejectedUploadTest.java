package dev.hostgap.platform.runs;

import java.util.Map;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Every kind of bad upload gets its own problem type and leaves no row behind. */
@PlatformTest
class RejectedUploadTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    Api api;
    String project;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(mvc);
        project = api.newProject("rejected");
    }

    @AfterEach
    void leavesNothingInTheDatabase() {
        Map<String, Object> counts = jdbc.sql("""
                        select (select count(*) from run r where r.project_id = p.id) as runs,
                               (select count(*) from git_commit c where c.project_id = p.id) as commits,
                               (select count(*) from benchmark b where b.project_id = p.id) as benchmarks,
                               (select count(*) from branch b where b.project_id = p.id) as branches
                        from project p where p.name = ?
                        """).param(project).query().singleRow();
        assertThat(counts).containsOnly(Map.entry("runs", 0L), Map.entry("commits", 0L),
                Map.entry("benchmarks", 0L), Map.entry("branches", 0L));
    }

    private Run valid() {
        return new Run(project, sha(1)).result("launch.empty", "{\"args\":\"4\"}", "host_us_per_launch", 3.5, 3.6);
    }

    @Test
    void rejectsMalformedJson() throws Exception {
        api.upload("{\"schemaVersion\":\"1.0\", \"project\": ")
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", containsString("application/problem+json")))
                .andExpect(jsonPath("$.type", is("/problems/malformed-json")));
    }

    @Test
    void rejectsUploadWithUnknownSchemaMajor() throws Exception {
        api.upload(valid().json().replace("\"schemaVersion\":\"1.0\"", "\"schemaVersion\":\"2.0\""))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type", is("/problems/unknown-schema-version")))
                .andExpect(jsonPath("$.detail", containsString("major version 2")));
    }

    @Test
    void rejectsMissingFieldsNamingEachOne() throws Exception {
        api.upload("{\"schemaVersion\":\"1.0\",\"project\":\"" + project + "\"}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type", is("/problems/missing-field")))
                .andExpect(jsonPath("$.errors[*].field", org.hamcrest.Matchers.containsInAnyOrder(
                        "commit", "environment", "results")));
    }

    @Test
    void rejectsNonFiniteAndNegativeSamples() throws Exception {
        api.upload(new Run(project, sha(1)).rawResult("{\"benchmark\":\"launch.empty\",\"version\":1,\"metric\":\"m\",\"unit\":\"us\","
                        + "\"direction\":\"lower_is_better\",\"samples\":[1e400, -1.0, 3.5]}").json())
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type", is("/problems/invalid-sample")))
                .andExpect(jsonPath("$.errors[0].field", is("results[0].samples[0]")))
                .andExpect(jsonPath("$.errors[1].field", is("results[0].samples[1]")));
    }

    @Test
    void rejectsShaThatIsNotFortyHex() throws Exception {
        api.upload(new Run(project, "abc123").result("launch.empty", "{}", "m", 1, 2).json())
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type", is("/problems/invalid-sha")))
                .andExpect(jsonPath("$.errors[0].field", is("commit.sha")));
    }

    @Test
    void rejectsUnknownProject() throws Exception {
        api.upload(valid().json().replace("\"project\":\"" + project + "\"", "\"project\":\"no-such-project\""))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type", is("/problems/unknown-project")));
    }

    @Test
    void rejectsBodyOverTheConfiguredLimit() throws Exception {
        byte[] big = new byte[(int) (17 * 1024 * 1024)];
        java.util.Arrays.fill(big, (byte) ' ');
        mvc.perform(post("/api/v1/runs").header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                        .contentType(MediaType.APPLICATION_JSON).content(big))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.type", is("/problems/payload-too-large")));
    }

    @Test
    void rejectsTwoResultsForTheSameSeries() throws Exception {
        api.upload(new Run(project, sha(1))
                        .result("launch.empty", "{}", "m", 1, 2)
                        .result("launch.empty", "{}", "m", 1, 2).json())
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field", is("results[1]")));
    }

    @Test
    void rejectsJmhBodyThatIsNotJmhOutput() throws Exception {
        mvc.perform(post("/api/v1/runs/jmh").param("project", project).param("sha", sha(1))
                        .header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                        .contentType(MediaType.APPLICATION_JSON).content("[{\"name\":\"not jmh\"}]"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type", is("/problems/not-jmh-output")))
                .andExpect(content().string(containsString("-rf json")));
    }
}
