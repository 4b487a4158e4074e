package dev.hostgap.platform.regressions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The regressions list as an inbox reads it: every state, filtered by state, kind, benchmark text and
 * environment, ordered by size over threshold (undecided first), with the levels in units, the first bad
 * commit's subject, the confirmation and the series' levels around the change.
 */
@PlatformTest
class RegressionInboxTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Each series' step at commit 13: three regressions of different sizes, an improvement, and one on another benchmark. */
    private static final double[] STEPS = {1.10, 1.30, 0.80, 1.20};
    private static final int STEP_AT = 13, LAST = 15;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    Api api;
    String project;
    String list;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(mvc);
        project = api.newProject("inbox");
        list = "/api/v1/projects/" + project + "/regressions?kind=all";
        for (int n = 1; n <= LAST; n++) {
            Run run = new Run(project, sha(n)).at(String.format(Locale.ROOT, "2026-01-01T%02d:00:00Z", n));
            for (int s = 0; s < STEPS.length; s++) {
                run.result("launch.enqueue", "{\"args\":\"" + s + "\"}", "host_us", forks(n, s, n >= STEP_AT ? STEPS[s] : 1));
            }
            run.result("graph.replay", "{\"nodes\":\"64\"}", "host_us", forks(n, 9, n >= STEP_AT ? 1.5 : 1));
            api.upload((n > 1 ? run.parent(sha(n - 1)) : run).json()).andExpect(status().isCreated());
            Api.awaitJudged(jdbc, project);
        }
    }

    private static double[] forks(int n, int s, double factor) {
        double[] forks = new double[5];
        for (int f = 0; f < forks.length; f++) {
            forks[f] = 100 * factor * (1 + (((n * 7 + f * 3 + s) % 7) - 3) * 0.001);
        }
        return forks;
    }

    @Test
    void ordersUndecidedFirstThenBySizeOverThreshold() throws Exception {
        List<JsonNode> all = rows(list + "&sort=size");
        assertThat(all).hasSize(5);
        long largest = all.get(0).get("id").asLong();
        assertThat(all.get(0).get("benchmark").asString()).isEqualTo("graph.replay"); // +50%
        triage(largest, "acknowledged");

        List<JsonNode> inbox = rows(list + "&sort=size");
        assertThat(inbox.get(inbox.size() - 1).get("id").asLong()).as("a decided change goes after the undecided ones").isEqualTo(largest);
        List<Double> sizes = inbox.subList(0, 4).stream().map(r -> r.get("sizeOverThreshold").asDouble()).toList();
        assertThat(sizes).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        for (JsonNode r : inbox) {
            assertThat(r.get("sizeOverThreshold").asDouble())
                    .isCloseTo(Math.abs(r.get("changePercent").asDouble()) / r.get("thresholdPercent").asDouble(), within(1e-9));
        }

        // a page at a time in the same order
        List<Long> paged = new ArrayList<>();
        String next = list + "&sort=size&limit=2";
        while (next != null) {
            var response = api.get(next).andExpect(status().isOk()).andReturn().getResponse();
            JSON.readTree(response.getContentAsString()).forEach(r -> paged.add(r.get("id").asLong()));
            String link = response.getHeader("Link");
            next = link == null ? null : link.substring(1, link.indexOf(">; rel=\"next\""));
        }
        assertThat(paged).isEqualTo(inbox.stream().map(r -> r.get("id").asLong()).toList());
    }

    @Test
    void filtersByStatesKindBenchmarkTextAndEnvironment() throws Exception {
        List<JsonNode> all = rows(list);
        long fixed = all.get(0).get("id").asLong(), falsePositive = all.get(1).get("id").asLong();
        triage(fixed, "fixed");
        triage(falsePositive, "false_positive");

        assertThat(ids(list + "&status=fixed,false_positive")).containsExactlyInAnyOrder(fixed, falsePositive);
        assertThat(ids(list + "&status=fixed")).containsExactly(fixed);
        assertThat(rows(list.replace("kind=all", "kind=improvement"))).singleElement()
                .satisfies(r -> assertThat(r.get("changePercent").asDouble()).isNegative());
        assertThat(rows(list + "&q=RePlAy")).singleElement()
                .satisfies(r -> assertThat(r.get("benchmark").asString()).isEqualTo("graph.replay"));
        assertThat(rows(list + "&q=enqueue")).hasSize(4);
        String environment = all.get(0).get("environment").asString();
        assertThat(rows(list + "&environment=" + environment)).hasSize(5);
        api.get(list + "&environment=other-gpu").andExpect(jsonPath("$.length()", is(0)));

        for (String bad : new String[] {"status=open,bogus", "status=open,", "sort=oldest", "levels=-1", "levels=65"}) {
            api.get(list + "&" + bad).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type", is("/problems/invalid-parameter")));
        }
    }

    @Test
    void answersTheLevelsInUnitsTheSubjectTheConfirmationAndTheLevelsAround() throws Exception {
        JsonNode slower = rows(list + "&q=graph&levels=6").get(0);
        assertThat(slower.get("firstBadCommit").asString()).isEqualTo(sha(STEP_AT));
        assertThat(slower.get("firstBadMessage").asString()).isEqualTo("test");
        assertThat(slower.get("baseLevel").asDouble()).isCloseTo(100, within(1.0));
        assertThat(slower.get("headLevel").asDouble()).isCloseTo(150, within(1.5));
        assertThat(slower.get("headLevel").asDouble()).isCloseTo(
                slower.get("baseLevel").asDouble() * (1 + slower.get("changePercent").asDouble() / 100), within(1e-9));
        assertThat(slower.get("confirmation").isNull()).isTrue();

        List<String> shas = new ArrayList<>();
        slower.get("levels").forEach(l -> shas.add(l.get("sha").asString()));
        assertThat(shas).containsExactly(sha(10), sha(11), sha(12), sha(13), sha(14), sha(15));
        assertThat(slower.get("levels").get(2).get("median").asDouble()).isCloseTo(100, within(1.0));
        assertThat(slower.get("levels").get(3).get("median").asDouble()).isCloseTo(150, within(1.5));
        assertThat(rows(list + "&q=graph").get(0).get("levels").isNull()).as("levels only when asked for").isTrue();

        // a probe measuring it again, and the bisection after it
        long id = slower.get("id").asLong();
        long projectId = jdbc.sql("select id from project where name = ?").param(project).query(Long.class).single();
        long probe = jdbc.sql("""
                        insert into probe (project_id, kind, state, outcome, branch, base_sha, head_sha, rounds, job_group, requested_by)
                        values (?, 'confirm', 'concluded', 'confirmed', 'main', ?, ?, 4, -?, 'hostgap') returning id
                        """).params(projectId, sha(12), sha(13), id).query(Long.class).single();
        jdbc.sql("insert into probe_change (probe_id, regression_id) values (?, ?)").params(probe, id).update();
        long bisection = jdbc.sql("""
                        insert into bisection (project_id, branch, good_sha, bad_sha, max_jobs, max_gpu_seconds, confirm_probe_id)
                        values (?, 'main', ?, ?, 10, 600, ?) returning id
                        """).params(projectId, sha(12), sha(13), probe).query(Long.class).single();
        api.get("/api/v1/regressions/" + id)
                .andExpect(jsonPath("$.regression.confirmation.probe", is((int) probe)))
                .andExpect(jsonPath("$.regression.confirmation.state", is("concluded")))
                .andExpect(jsonPath("$.regression.confirmation.outcome", is("confirmed")))
                .andExpect(jsonPath("$.regression.confirmation.bisection", is((int) bisection)))
                .andExpect(jsonPath("$.regression.confirmation.bisectionState", is("bisecting")));
    }

    private void triage(long id, String status) throws Exception {
        mvc.perform(patch("/api/v1/regressions/" + id).header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                .contentType(MediaType.APPLICATION_JSON).content("{\"status\":\"" + status + "\"}")).andExpect(status().isOk());
    }

    private List<JsonNode> rows(String url) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        JSON.readTree(api.get(url).andExpect(status().isOk()).andReturn().getResponse().getContentAsString()).forEach(rows::add);
        return rows;
    }

    private List<Long> ids(String url) throws Exception {
        return rows(url).stream().map(r -> r.get("id").asLong()).toList();
    }
}
