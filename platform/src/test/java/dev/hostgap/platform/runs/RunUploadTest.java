package dev.hostgap.platform.runs;

import java.util.UUID;

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
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@PlatformTest
class RunUploadTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    Api api;
    String project;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(mvc);
        project = api.newProject("ingest");
    }

    /** Eight CI retries of one upload at once: every one is answered as success, one run is stored. */
    @Test
    void identicalConcurrentUploadsAllSucceedAndStoreOneRun() throws Exception {
        String body = new Run(project, sha(40)).runId("5b1f6a3e-2c4d-4e8f-9a0b-1c2d3e4f5a6b")
                .result("launch.empty", "{}", "host_us", 3.5, 3.6).json();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var answers = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> api.upload(body).andReturn().getResponse().getStatus()));
            }
            var statuses = new java.util.ArrayList<Integer>();
            for (var answer : answers) {
                statuses.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(statuses).containsOnly(200, 201).containsOnlyOnce(201);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("run")).isEqualTo(1);
    }

    /**
     * Parentless commits uploaded at once (CI jobs of consecutive pushes finishing together): the
     * branch ends at the newest commit whatever the order the transactions commit in.
     */
    @Test
    void concurrentUploadsLeaveTheBranchAtTheNewestCommit() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                var answers = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
                for (int i = 0; i < 8; i++) {
                    Run run = new Run(project, sha(1000 + round * 10 + i))
                            .at(String.format(java.util.Locale.ROOT, "2026-11-%02dT10:00:%02dZ", round + 1, i));
                    for (int args = 0; args < 30; args++) {
                        run.result("launch.empty", "{\"args\":" + args + "}", "host_us", 3.5, 3.6);
                    }
                    String body = run.json();
                    answers.add(pool.submit(() -> api.upload(body).andReturn().getResponse().getStatus()));
                }
                for (var answer : answers) {
                    assertThat(answer.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(201);
                }
                assertThat(jdbc.sql("""
                                select b.head_sha from branch b join project p on p.id = b.project_id
                                where p.name = ? and b.name = 'main'
                                """).param(project).query(String.class).single())
                        .as("branch head after round %d", round)
                        .isEqualTo(sha(1000 + round * 10 + 7));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNulCharacterInAQueryParameterIsA400NotA500() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(
                        java.net.URI.create("/api/v1/projects/" + project + "/series?benchmark=a%00b")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type", is("/problems/invalid-parameter")));
    }

    /** ISO-8601 allows offsets up to ±18:00, PostgreSQL up to ±15:59: a commit time far east is stored, not a 500. */
    @Test
    void aCommitTimeWithTheLargestOffsetIsStoredAsTheSameInstant() throws Exception {
        api.upload(new Api.Run(project, Api.sha(1)).at("2026-01-01T10:00:00+18:00")
                        .result("launch.enqueue", "{\"args\":\"4\"}", "host_us_per_op", 4.1, 4.2).json())
                .andExpect(status().isCreated());
        assertThat(jdbc.sql("select committed_at from git_commit c join project p on p.id = c.project_id where p.name = ?")
                .param(project).query(java.time.OffsetDateTime.class).single().toInstant())
                .isEqualTo(java.time.Instant.parse("2025-12-31T16:00:00Z"));
    }

    /**
     * 14 parameters of 200 characters are each within the documented bounds, but together past
     * PostgreSQL's 2,704-byte index entry: that was a 503 database-unavailable that every retry
     * repeated. It is a 422 naming the field, and nothing is stored; so are a metric and a GPU name of
     * 4-byte characters.
     */
    @Test
    void seriesNamesPastWhatAnIndexEntryHoldsAre422sNamingTheFieldAndStoreNothing() throws Exception {
        StringBuilder params = new StringBuilder("{");
        for (int i = 0; i < 14; i++) {
            params.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":\"").append("v".repeat(200)).append('"');
        }
        params.append('}');
        api.upload(new Api.Run(project, Api.sha(1)).result("launch.enqueue", params.toString(), "host_us_per_op", 4.1).json())
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.type", is("/problems/invalid-field")))
                .andExpect(jsonPath("$.errors[0].field", is("results[0].params")))
                .andExpect(jsonPath("$.errors[0].message", org.hamcrest.Matchers.containsString("at most 2400")));
        String wide = "中".repeat(200); // 200 characters of 3 bytes each: within every per-field bound
        api.upload(new Api.Run(project, Api.sha(2)).gpu(wide).result("launch.enqueue", "{}", wide, 4.1).json()
                        .replace("580.159.04", wide).replace("\"13.0\"", "\"" + wide + "\"").replace("jcuda-12.6.0", wide))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors[0].field", is("results[0].metric")));
        assertThat(jdbc.sql("select count(*) from run r join project p on p.id = r.project_id where p.name = ?")
                .param(project).query(Long.class).single()).isZero();
        // just within the bound it is stored and read back
        StringBuilder fits = new StringBuilder("{");
        for (int i = 0; i < 10; i++) {
            fits.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":\"").append("v".repeat(200)).append('"');
        }
        fits.append('}');
        api.upload(new Api.Run(project, Api.sha(3)).result("launch.enqueue", fits.toString(), "host_us_per_op", 4.1).json())
                .andExpect(status().isCreated());
    }

    /** Commits uploaded child first (a backfill) whose parents would close a cycle: refused, nothing stored. */
    @Test
    void parentsThatWouldCloseACycleAreRefused() throws Exception {
        api.upload(new Api.Run(project, Api.sha(12)).parent(Api.sha(11)).result("launch.enqueue", "{}", "host_us_per_op", 4.1).json())
                .andExpect(status().isCreated());
        api.upload(new Api.Run(project, Api.sha(11)).parent(Api.sha(10)).result("launch.enqueue", "{}", "host_us_per_op", 4.1).json())
                .andExpect(status().isCreated());
        // 10's parent would be 12, which descends from 10 through 11
        api.upload(new Api.Run(project, Api.sha(10)).parent(Api.sha(12)).result("launch.enqueue", "{}", "host_us_per_op", 4.1).json())
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.detail", org.hamcrest.Matchers.containsString("cycle")));
        assertThat(jdbc.sql("select count(*) from git_commit c join project p on p.id = c.project_id where p.name = ? and c.sha = ?")
                .params(project, Api.sha(10)).query(Long.class).single()).as("commit 10 stays as named, without parents")
                .isLessThanOrEqualTo(1);
        assertThat(jdbc.sql("""
                        select count(*) from commit_parent cp join git_commit c on c.id = cp.commit_id
                        join project p on p.id = c.project_id where p.name = ? and c.sha = ?""")
                .params(project, Api.sha(10)).query(Long.class).single()).isZero();
        // its true parent is accepted
        api.upload(new Api.Run(project, Api.sha(10)).parent(Api.sha(9)).result("launch.enqueue", "{}", "host_us_per_op", 4.1).json())
                .andExpect(status().isCreated());
    }

    @Test
    void storesEveryForkSampleAndItsSummary() throws Exception {
        api.upload(new Run(project, sha(1)).result("launch.empty", "{\"args\":\"4\"}", "host_us_per_launch", 3.51, 3.60, 3.55).json())
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.runId").isString())
                .andExpect(jsonPath("$.duplicate", is(false)))
                .andExpect(jsonPath("$.results", is(1)));

        var row = jdbc.sql("""
                        select r.samples::text, r.n, r.median, r.min, r.max from result r
                        join run on run.id = r.run_id join project p on p.id = run.project_id where p.name = ?
                        """).param(project).query().singleRow();
        assertThat(row.get("samples")).isEqualTo("{3.51,3.6,3.55}");
        assertThat(row.get("n")).isEqualTo(3);
        assertThat((Double) row.get("median")).isEqualTo(3.55);
        assertThat((Double) row.get("max")).isEqualTo(3.60);
    }

    /** What a client (or the reliability harness) reads back to check that an acknowledged upload landed whole. */
    @Test
    void readsAStoredRunBackWithEveryResultAndFailure() throws Exception {
        String runId = UUID.randomUUID().toString();
        api.upload(new Run(project, sha(5)).runId(runId)
                        .result("launch.empty", "{\"args\":\"4\"}", "host_us", 3.51, 3.60, 3.55)
                        .rawResult("{\"benchmark\":\"graph.replay\",\"version\":2,\"params\":{},\"metric\":\"host_us\","
                                + "\"unit\":\"us\",\"direction\":\"lower_is_better\",\"error\":\"CUDA_ERROR_OUT_OF_MEMORY\"}")
                        .json())
                .andExpect(status().isCreated());

        api.get("/api/v1/runs/" + runId)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.runId", is(runId)))
                .andExpect(jsonPath("$.project", is(project)))
                .andExpect(jsonPath("$.commit.sha", is(sha(5))))
                .andExpect(jsonPath("$.environment.gpu", is("NVIDIA H100 80GB HBM3")))
                .andExpect(jsonPath("$.environment.attributes.sm_clock_mhz", is("1980")))
                .andExpect(jsonPath("$.results.length()", is(2)))
                .andExpect(jsonPath("$.results[0].params.args", is("4")))
                .andExpect(jsonPath("$.results[0].samples", org.hamcrest.Matchers.contains(3.51, 3.60, 3.55)))
                .andExpect(jsonPath("$.results[0].median", is(3.55)))
                .andExpect(jsonPath("$.results[1].n", is(0)))
                .andExpect(jsonPath("$.results[1].median").value(org.hamcrest.Matchers.nullValue()))
                .andExpect(jsonPath("$.results[1].error", is("CUDA_ERROR_OUT_OF_MEMORY")));
        api.get("/api/v1/runs/" + UUID.randomUUID())
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.type", is("/problems/unknown-run")));
        api.get("/api/v1/runs/1-1-1-1-1")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.type", is("/problems/invalid-parameter")));
    }

    @Test
    void sameRunIdTwiceStoresOneRun() throws Exception {
        String body = new Run(project, sha(2)).runId(UUID.randomUUID().toString())
                .result("launch.empty", "{}", "host_us_per_launch", 3.5, 3.6).json();
        api.upload(body).andExpect(status().isCreated());
        api.upload(body).andExpect(status().isOk()).andExpect(jsonPath("$.duplicate", is(true)));

        assertThat(count("run")).isEqualTo(1);
        assertThat(count("result")).isEqualTo(1);
    }

    @Test
    void refusesSameRunIdWithOtherContent() throws Exception {
        String runId = UUID.randomUUID().toString();
        api.upload(new Run(project, sha(3)).runId(runId).result("launch.empty", "{}", "m", 1, 2).json())
                .andExpect(status().isCreated());
        api.upload(new Run(project, sha(3)).runId(runId).result("launch.empty", "{}", "m", 1, 3).json())
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type", is("/problems/run-id-conflict")));
        assertThat(count("result")).isEqualTo(1);
    }

    @Test
    void storesFailedWorkloadAsResultWithError() throws Exception {
        api.upload(new Run(project, sha(4))
                        .result("launch.empty", "{}", "host_us_per_launch", 3.5, 3.6)
                        .rawResult("{\"benchmark\":\"graph.replay\",\"version\":2,\"params\":{\"K\":\"1000\"},\"metric\":\"gpu_us\","
                                + "\"unit\":\"us\",\"direction\":\"lower_is_better\",\"error\":\"CUDA_ERROR_OUT_OF_MEMORY\"}")
                        .json())
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.results", is(2)));
        String error = jdbc.sql("""
                        select r.error from result r join run on run.id = r.run_id join project p on p.id = run.project_id
                        where p.name = ? and r.n = 0""").param(project).query(String.class).single();
        assertThat(error).isEqualTo("CUDA_ERROR_OUT_OF_MEMORY");
    }

    @Test
    void answersWithVerdictsAgainstNearestMeasuredAncestor() throws Exception {
        api.upload(new Run(project, sha(10)).at("2026-01-01T00:00:00Z")
                .result("launch.empty", "{}", "host_us", 3.50, 3.52, 3.49, 3.51, 3.50, 3.53, 3.48, 3.50).json());
        api.upload(new Run(project, sha(11)).parent(sha(10)).at("2026-01-02T00:00:00Z")
                        .result("launch.empty", "{}", "host_us", 4.20, 4.22, 4.19, 4.21, 4.20, 4.23, 4.18, 4.20).json())
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.baseline", is(sha(10))))
                // two runs cannot say how much runs of this series move: the change is shown, not judged
                .andExpect(jsonPath("$.verdicts[0].verdict", is("insufficient_history")))
                .andExpect(jsonPath("$.verdicts[0].changePercent", closeTo(20.0, 0.5)));
    }

    @Test
    void rejectsUploadWithoutTokenAndWithTokenOfAnotherProject() throws Exception {
        String body = new Run(project, sha(5)).result("launch.empty", "{}", "m", 1, 2).json();
        api.upload(body, null).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type", is("/problems/unauthenticated")));
        api.upload(body, "not-a-token").andExpect(status().isUnauthorized());
        assertThat(count("run")).isZero();
    }

    @Test
    void rollsBackEverythingWhenALaterResultContradictsAStoredSeries() throws Exception {
        api.upload(new Run(project, sha(20)).result("launch.empty", "{}", "m", 1, 2).json()).andExpect(status().isCreated());

        String contradicting = new Run(project, sha(21)).parent(sha(20))
                .result("fresh.benchmark", "{}", "m", 1, 2)
                .rawResult("{\"benchmark\":\"launch.empty\",\"version\":1,\"params\":{},\"metric\":\"m\",\"unit\":\"ms\","
                        + "\"direction\":\"lower_is_better\",\"samples\":[1,2]}").json();
        api.upload(contradicting)
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail", containsString("stored as us")));

        assertThat(count("run")).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from benchmark b join project p on p.id = b.project_id where p.name = ? and b.name = 'fresh.benchmark'")
                .param(project).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from git_commit c join project p on p.id = c.project_id where p.name = ? and c.sha = ?")
                .params(project, sha(21)).query(Long.class).single()).isZero();
        // the cache must not remember the rolled-back benchmark: uploading it again works
        api.upload(new Run(project, sha(21)).parent(sha(20)).result("fresh.benchmark", "{}", "m", 1, 2).json())
                .andExpect(status().isCreated());
    }

    long count(String table) {
        String join = switch (table) {
            case "run" -> "select count(*) from run join project p on p.id = run.project_id where p.name = ?";
            case "result" -> "select count(*) from result r join run on run.id = r.run_id join project p on p.id = run.project_id where p.name = ?";
            default -> throw new IllegalArgumentException(table);
        };
        return jdbc.sql(join).param(project).query(Long.class).single();
    }
}
