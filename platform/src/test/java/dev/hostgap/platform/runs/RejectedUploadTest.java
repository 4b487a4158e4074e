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

    /** Values that reached the database (500) or were stored wrong before they were bounded. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> hostileUploads() {
        String big = "x".repeat(10_000);
        String manyParents = java.util.stream.IntStream.range(0, 40_000).mapToObj(i -> "\"" + sha(i + 2) + "\"")
                .collect(java.util.stream.Collectors.joining(","));
        String manyAttributes = java.util.stream.IntStream.range(0, 20_000).mapToObj(i -> "\"a" + i + "\":\"v\"")
                .collect(java.util.stream.Collectors.joining(","));
        return java.util.stream.Stream.of(
                hostile("NUL in a benchmark name",
                        j -> j.replace("\"launch.empty\"", "\"launch\\u0000empty\"")),
                hostile("NUL in the commit message",
                        j -> j.replace("\"message\":\"test\"", "\"message\":\"a\\u0000b\"")),
                hostile("an unpaired surrogate",
                        j -> j.replace("\"host_us_per_launch\"", "\"host\\ud800\"")),
                hostile("a 10,000-character benchmark name",
                        j -> j.replace("\"launch.empty\"", "\"" + big + "\"")),
                hostile("a 10,000-character branch",
                        j -> j.replace("\"branch\":\"main\"", "\"branch\":\"" + big + "\"")),
                hostile("a 10,000-character parameter value",
                        j -> j.replace("{\"args\":\"4\"}", "{\"args\":\"" + big + "\"}")),
                hostile("the year 300000",
                        j -> j.replace("\"message\"", "\"timestamp\":\"+300000-01-01T00:00:00Z\",\"message\"")),
                hostile("schemaVersion 99999999999.0",
                        j -> j.replace("\"schemaVersion\":\"1.0\"", "\"schemaVersion\":\"99999999999.0\"")),
                hostile("40,000 parents",
                        j -> j.replace("\"parents\":[]", "\"parents\":[" + manyParents + "]")),
                hostile("20,000 attributes",
                        j -> j.replace("{\"sm_clock_mhz\":\"1980\"}", "{" + manyAttributes + "}")),
                hostile("runId 1-1-1-1-1",
                        j -> j.replace("{\"schemaVersion\":\"1.0\",", "{\"schemaVersion\":\"1.0\",\"runId\":\"1-1-1-1-1\",")),
                hostile("version 1.5",
                        j -> j.replace("\"version\":1,", "\"version\":1.5,")),
                hostile("samples as strings",
                        j -> j.replace("\"samples\":[3.5,3.6]", "\"samples\":[\"3.5\",\"3.6\"]")),
                hostile("a sample of 1.7e308",
                        j -> j.replace("\"samples\":[3.5,3.6]", "\"samples\":[3.5,1.7e308]")));
    }

    private static org.junit.jupiter.params.provider.Arguments hostile(String name, java.util.function.UnaryOperator<String> mutation) {
        return org.junit.jupiter.params.provider.Arguments.of(name, mutation);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("hostileUploads")
    void refusesHostileValuesWithA4xxAndStoresNothing(String name, java.util.function.UnaryOperator<String> mutation) throws Exception {
        String body = mutation.apply(valid().json());
        assertThat(body).as("the mutation applies").isNotEqualTo(valid().json());
        int status = api.upload(body).andReturn().getResponse().getStatus();
        assertThat(status).as(name).isBetween(400, 499);
    }

    @Test
    void namesTheFieldOfAWrongValueTypeWithoutJavaClassNames() throws Exception {
        api.upload(valid().json().replace("\"samples\":[3.5,3.6]", "\"samples\":[3.5,\"3.6\"]"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type", is("/problems/malformed-json")))
                .andExpect(jsonPath("$.detail", containsString("results[0].samples[1] must be a number")))
                .andExpect(jsonPath("$.detail", org.hamcrest.Matchers.not(containsString("java."))))
                .andExpect(jsonPath("$.detail", org.hamcrest.Matchers.not(containsString("dev.hostgap"))));
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
