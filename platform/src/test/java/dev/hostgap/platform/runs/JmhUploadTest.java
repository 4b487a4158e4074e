package dev.hostgap.platform.runs;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** array-sum.json is real JMH 1.37 output: 2 params x (avgt + 3 gc profiler metrics), 2 forks x 3 iterations. */
@PlatformTest
class JmhUploadTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    @Test
    void storesPrimaryAndSecondaryMetricsWithOneSamplePerFork() throws Exception {
        String project = new Api(mvc).newProject("jmh");
        String body = Files.readString(Path.of("src/test/resources/jmh/array-sum.json"));
        mvc.perform(post("/api/v1/runs/jmh").param("project", project).param("sha", sha(1)).param("branch", "main")
                        .param("gpu", "NVIDIA H100 80GB HBM3")
                        .header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.results", is(8)));

        var avgt = jdbc.sql("""
                        select r.samples, s.unit, s.direction, r.n, b.params_key from result r
                        join series s on s.id = r.series_id join benchmark b on b.id = s.benchmark_id
                        join project p on p.id = b.project_id
                        where p.name = ? and s.metric = 'avgt' and b.params_key = 'n=256'
                        """).param(project)
                .query((rs, i) -> new Object[] {rs.getArray(1).getArray(), rs.getString(2), rs.getString(3), rs.getInt(4)})
                .single();
        Double[] samples = (Double[]) avgt[0];
        // fork means of rawData [[0.18893739148753785, 0.16133469562565092, 0.1618553813298778], [0.1425656879262833, ...]]
        assertThat(samples).hasSize(2);
        assertThat(samples[0]).isCloseTo((0.18893739148753785 + 0.16133469562565092 + 0.1618553813298778) / 3,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(avgt[1]).isEqualTo("us/op");
        assertThat(avgt[2]).isEqualTo("lower_is_better");

        String jvm = jdbc.sql("""
                        select distinct e.jvm from environment e join run r on r.environment_id = e.id
                        join project p on p.id = r.project_id where p.name = ?""").param(project).query(String.class).single();
        assertThat(jvm).isEqualTo("17.0.15 OpenJDK 64-Bit Server VM");
    }

    @Test
    void refusesJmhParamsThatAreNotSingleValues() throws Exception {
        String project = new Api(mvc).newProject("jmh-bad");
        String body = Files.readString(Path.of("src/test/resources/jmh/array-sum.json"))
                .replaceFirst("\"params\"\\s*:\\s*\\{", "\"params\" : { \"nested\" : { \"a\" : 1 }, ");
        assertThat(body).contains("\"nested\"");
        mvc.perform(post("/api/v1/runs/jmh").param("project", project).param("sha", sha(1))
                        .header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type", is("/problems/not-jmh-output")));
    }

    @Test
    void throughputModeIsHigherIsBetter() {
        assertThat(JmhConverter.direction("thrpt", "thrpt", "ops/us")).isEqualTo("higher_is_better");
        assertThat(JmhConverter.direction("avgt", "gc.alloc.rate", "MB/sec")).isEqualTo("lower_is_better");
        assertThat(JmhConverter.direction("avgt", "avgt", "us/op")).isEqualTo("lower_is_better");
    }
}
