package dev.hostgap.platform.regressions.review;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import dev.hostgap.platform.runs.Measurements;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Review of issue 23 (0be71fe): batched judging decides what run-by-run judging decides on a backlog
 * whose batches mix two projects, a release branch forked from main, series that only some runs
 * measure (one first seen mid-history, one only on the branch), reruns, a run with failed results
 * only, a pull-request run and paired runs. BatchedJudgingEquivalenceTest uploads one branch whose
 * every run measures the same eight series, so a batch read that took only the first run's series
 * would pass it; this one fails on that.
 */
@PlatformTest
class MixedBatchJudgingTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    Measurements measurements;
    @Autowired
    ApplicationContext context;

    @Test
    void judgesAMixedBacklogInBatchesExactlyAsRunByRun() throws Exception {
        Api api = new Api(mvc);
        String p1 = api.newProject("mixed1");
        String p2 = api.newProject("mixed2");
        Random random = new Random(7);
        for (int n = 1; n <= 50; n++) {
            api.upload(mainRun(p1, n, random).json()).andExpect(status().isCreated());
            if (n >= 21 && n <= 45) {
                api.upload(releaseRun(p1, n, random).json()).andExpect(status().isCreated());
            }
            if (n <= 40) {
                api.upload(otherProjectRun(p2, n, random).json()).andExpect(status().isCreated());
            }
            if (n == 33 || n == 41) {
                api.upload(mainRun(p1, n, random).json()).andExpect(status().isCreated()); // a rerun
            }
            if (n == 38) { // a run whose every result failed
                api.upload(new Run(p1, sha(38)).at(at(38)).rawResult("{\"benchmark\":\"mixed.b0\",\"version\":1,\"params\":{},"
                        + "\"metric\":\"host_us\",\"unit\":\"us\",\"direction\":\"lower_is_better\",\"error\":\"CUDA_ERROR\"}").json())
                        .andExpect(status().isCreated());
            }
        }
        Api.awaitJudged(jdbc, p1);
        Api.awaitJudged(jdbc, p2);
        long id1 = projectId(p1);
        long id2 = projectId(p2);
        // a pull-request run and two paired (probe) runs, in the middle of the backlog
        jdbc.sql("""
                update run set pull_request = 7, branch = 'pull-request:7' where id = (
                    select r.id from run r join git_commit c on c.id = r.commit_id
                    where r.project_id = ? and c.sha = ? and r.branch = 'main' order by r.uploaded_at limit 1)
                """).params(id1, sha(41)).update();
        jdbc.sql("""
                update run set paired = true where id in (
                    select r.id from run r join git_commit c on c.id = r.commit_id
                    where r.project_id = ? and c.sha in (?, ?) and r.branch = 'main')
                """).params(id1, sha(30), sha(36)).update();

        Object queue = bean("dev.hostgap.platform.regressions.DetectionQueue");
        Object detection = bean("dev.hostgap.platform.regressions.DetectionService");
        Object properties = bean("dev.hostgap.platform.regressions.DetectionProperties");
        Method judgeBatch = method(queue, "judgeBatch");
        Method lockSeriesOf = method(detection, "lockSeriesOf", List.class);
        Method judge = method(detection, "judge", UUID.class);
        int raiseWithin = (int) method(properties, "raiseWithinCommits").invoke(properties);

        List<String> batched = judgedFromScratch(List.of(id1, id2), () -> {
            while ((int) judgeBatch.invoke(queue) > 0) {
                // the queue's own batches
            }
        });
        List<String> runByRun = judgedFromScratch(List.of(id1, id2), () -> {
            for (List<UUID> runs = measurements.claimUnjudged(20); !runs.isEmpty(); runs = measurements.claimUnjudged(20)) {
                lockSeriesOf.invoke(detection, runs);
                for (UUID run : runs) {
                    judge.invoke(detection, run);
                    measurements.requeueLaterRuns(run, raiseWithin);
                    measurements.markJudged(run);
                }
            }
        });

        assertThat(batched).containsExactlyElementsOf(runByRun);
        assertThat(String.join("\n", batched)).contains("mixed.late", "mixed.relonly", "regression open", "improvement open", "suspected->open");
    }

    private static String at(int n) {
        return String.format(Locale.ROOT, "2026-01-%02dT%02d:00:00Z", 1 + n / 24, n % 24);
    }

    private static double[] forks(double level, Random random) {
        double[] forks = new double[5];
        for (int f = 0; f < forks.length; f++) {
            forks[f] = level * (1 + random.nextGaussian() * 0.01);
        }
        return forks;
    }

    /** main: b0 flat, b1 steps at 25, "late" first measured at 30 and steps at 40. */
    private static Run mainRun(String project, int n, Random random) {
        Run run = new Run(project, sha(n)).at(at(n));
        if (n > 1) {
            run.parent(sha(n - 1));
        }
        run.result("mixed.b0", "{}", "host_us", forks(100, random));
        run.result("mixed.b1", "{}", "host_us", forks(n >= 25 ? 110 : 100, random));
        if (n >= 30) {
            run.result("mixed.late", "{}", "host_us", forks(n >= 40 ? 115 : 100, random));
        }
        return run;
    }

    /** rel forks at main's 20: b0 steps at 32, b1 flat, "relonly" steps at 35. */
    private static Run releaseRun(String project, int n, Random random) {
        Run run = new Run(project, sha(1000 + n)).branch("rel").at(at(n) .replace(":00:00Z", ":30:00Z"))
                .parent(n == 21 ? sha(20) : sha(1000 + n - 1));
        run.result("mixed.b0", "{}", "host_us", forks(n >= 32 ? 112 : 100, random));
        run.result("mixed.b1", "{}", "host_us", forks(100, random));
        run.result("mixed.relonly", "{}", "host_us", forks(n >= 35 ? 120 : 100, random));
        return run;
    }

    /** a second project with the same benchmark names: a step at 28. */
    private static Run otherProjectRun(String project, int n, Random random) {
        Run run = new Run(project, sha(n)).at(at(n));
        if (n > 1) {
            run.parent(sha(n - 1));
        }
        run.result("mixed.b0", "{}", "host_us", forks(n >= 28 ? 91 : 100, random));
        run.result("mixed.late", "{}", "host_us", forks(100, random));
        return run;
    }

    private long projectId(String name) {
        return jdbc.sql("select id from project where name = ?").param(name).query(Long.class).single();
    }

    private Object bean(String className) throws Exception {
        return context.getBean(Class.forName(className));
    }

    private static Method method(Object target, String name, Class<?>... parameters) throws Exception {
        Method m = target.getClass().getDeclaredMethod(name, parameters);
        m.setAccessible(true);
        return m;
    }

    interface Judging {
        void run() throws Exception;
    }

    private List<String> judgedFromScratch(List<Long> projects, Judging judging) {
        return transactions.execute(tx -> {
            Long[] ids = projects.toArray(Long[]::new);
            jdbc.sql("delete from regression where detected_in_run in (select id from run where project_id = any(?))").param(ids).update();
            jdbc.sql("delete from judgement where run_id in (select id from run where project_id = any(?))").param(ids).update();
            jdbc.sql("update run set judged_at = null, first_judged_at = null, judge_after = null where project_id = any(?)").param(ids).update();
            try {
                judging.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            List<String> ledger = ledger(ids);
            tx.setRollbackOnly();
            return ledger;
        });
    }

    private List<String> ledger(Long[] projects) {
        List<String> ledger = new ArrayList<>();
        ledger.addAll(jdbc.sql("""
                        select format('change %s %s %s %s..%s %s %s %s %s %s in a run of %s', b.project_id, g.kind, g.status, lg.sha, fb.sha,
                                      b.name, g.change_percent, g.p_value, g.threshold_percent, g.baseline_median, dc.sha)
                        from regression g join series s on s.id = g.series_id join benchmark b on b.id = s.benchmark_id
                        join run dr on dr.id = g.detected_in_run join git_commit dc on dc.id = dr.commit_id
                        join git_commit fb on fb.id = g.first_bad_commit_id left join git_commit lg on lg.id = g.last_good_commit_id
                        where b.project_id = any(?) order by b.project_id, b.name, fb.sha
                        """).param(projects).query(String.class).list());
        ledger.addAll(jdbc.sql("""
                        select format('event %s %s->%s %s %s by %s: %s', b.project_id, e.from_status, e.to_status, b.name, fb.sha, e.changed_by,
                                      regexp_replace(e.reason, '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', 'RUN', 'g'))
                        from regression_event e join regression g on g.id = e.regression_id join series s on s.id = g.series_id
                        join benchmark b on b.id = s.benchmark_id join git_commit fb on fb.id = g.first_bad_commit_id
                        where b.project_id = any(?) order by e.id
                        """).param(projects).query(String.class).list());
        ledger.addAll(jdbc.sql("""
                        select format('judgement %s %s %s %s %s#%s %s %s %s %s %s', r.project_id, r.branch, j.kind, b.name, c.sha,
                                      rank() over (partition by r.commit_id, j.series_id order by r.uploaded_at, r.id),
                                      j.p_value, j.change_percent, j.threshold_percent, j.noise_percent, j.history_runs)
                        from judgement j join run r on r.id = j.run_id join git_commit c on c.id = r.commit_id
                        join series s on s.id = j.series_id join benchmark b on b.id = s.benchmark_id
                        where r.project_id = any(?) order by r.project_id, c.sha, b.name, r.uploaded_at, r.id
                        """).param(projects).query(String.class).list());
        ledger.add("unjudged runs " + jdbc.sql("select count(*) from run where project_id = any(?) and judged_at is null")
                .param(projects).query(Long.class).single());
        return ledger;
    }
}
