package dev.hostgap.platform.regressions;

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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Judging a batch with what it reads once ({@link BatchReads}) decides exactly what judging each run
 * with its own reads did (the code before issue 23): the same changes at the same commits with the
 * same statuses, sizes and moves, and the same judgement of every series of every run. One upload
 * sequence with steps, a fix, excursions, a rerun and a backfill is judged twice from scratch,
 * each time in a transaction that is rolled back, so that no other worker judges the runs meanwhile.
 */
@PlatformTest
class BatchedJudgingEquivalenceTest {

    static final int COMMITS = 90;
    static final int BACKFILLED = 20;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    DetectionQueue queue;
    @Autowired
    DetectionService detection;
    @Autowired
    Measurements measurements;
    @Autowired
    DetectionProperties properties;

    @Test
    void judgesABacklogInBatchesExactlyAsRunByRun() throws Exception {
        String project = uploadHistory();
        Api.awaitJudged(jdbc, project);

        List<String> batched = judgedFromScratch(project, () -> {
            while (queue.judgeBatch() > 0) {
                // the queue's own batches, reading once per batch
            }
        });
        List<String> runByRun = judgedFromScratch(project, () -> {
            for (List<UUID> runs = measurements.claimUnjudged(20); !runs.isEmpty(); runs = measurements.claimUnjudged(20)) {
                detection.lockSeriesOf(runs);
                for (UUID run : runs) {
                    detection.judge(run); // every read made for this run alone, as before batching
                    measurements.requeueLaterRuns(run, properties.raiseWithinCommits());
                    measurements.markJudged(run);
                }
            }
        });

        assertThat(batched).containsExactlyElementsOf(runByRun);
        // a sequence that suspects, confirms, opens and fixes nothing would prove nothing
        assertThat(String.join("\n", batched)).contains("change regression open", "change improvement open",
                "change regression fixed", "event ->suspected", "event suspected->open", "judgement regression", "judgement improvement");
    }

    /** Eight series over 90 commits; commit 20 is uploaded last (a backfill), commit 75 twice. */
    String uploadHistory() throws Exception {
        Api api = new Api(mvc);
        String project = api.newProject("batched");
        Random random = new Random(23);
        List<Integer> order = new ArrayList<>();
        for (int n = 1; n <= COMMITS; n++) {
            if (n != BACKFILLED) {
                order.add(n);
            }
            if (n == 76) {
                order.add(75);
            }
        }
        order.add(BACKFILLED);
        for (int n : order) {
            Run run = new Run(project, sha(n)).at(String.format(Locale.ROOT, "2026-01-%02dT%02d:00:00Z", 1 + n / 24, n % 24));
            if (n > 1) {
                run.parent(sha(n - 1));
            }
            for (int s = 0; s < 8; s++) {
                double level = level(s, n);
                double[] forks = new double[5];
                for (int f = 0; f < forks.length; f++) {
                    forks[f] = level * (1 + random.nextGaussian() * (s == 5 ? 0.03 : 0.01));
                }
                run.result("equivalence.b" + s, "{\"n\":\"" + s + "\"}", "host_us", s == 4 ? "higher_is_better" : "lower_is_better", forks);
            }
            api.upload(run.json()).andExpect(status().isCreated());
        }
        return project;
    }

    /** Flat, a step and its fix, an improvement, excursions of one and two commits, a drop of a higher-is-better series, a noisy small step and excursion, a slow drift. */
    private static double level(int series, int n) {
        return switch (series) {
            case 1 -> n >= 30 && n < 60 ? 108 : 100;
            case 2 -> n >= 45 ? 94 : 100;
            case 3 -> n == 50 ? 107 : n == 80 || n == 81 ? 112 : 100;
            case 4 -> n >= 70 ? 95 : 100;
            case 5 -> n == 65 ? 109 : n >= 40 ? 102 : 100;
            case 6 -> 100 + n * 0.05;
            case 7 -> n >= 84 ? 110 : 100;
            default -> 100;
        };
    }

    /**
     * Clears what detection wrote about the project, judges every run again with {@code judging} and
     * returns the ledger, then rolls it all back.
     */
    private List<String> judgedFromScratch(String project, Runnable judging) {
        return transactions.execute(tx -> {
            long id = jdbc.sql("select id from project where name = ?").param(project).query(Long.class).single();
            jdbc.sql("delete from regression where detected_in_run in (select id from run where project_id = ?)").param(id).update();
            jdbc.sql("delete from judgement where run_id in (select id from run where project_id = ?)").param(id).update();
            jdbc.sql("update run set judged_at = null, first_judged_at = null where project_id = ?").param(id).update();
            judging.run();
            List<String> ledger = ledger(id);
            tx.setRollbackOnly();
            return ledger;
        });
    }

    /** Changes, their moves and every judgement, with run ids written as the commit and upload order of the run. */
    private List<String> ledger(long project) {
        List<String> ledger = new ArrayList<>();
        ledger.addAll(jdbc.sql("""
                        select format('change %s %s %s..%s %s %s %s %s %s in a run of %s', g.kind, g.status, lg.sha, fb.sha, b.name,
                                      g.change_percent, g.p_value, g.threshold_percent, g.baseline_median, dc.sha)
                        from regression g join series s on s.id = g.series_id join benchmark b on b.id = s.benchmark_id
                        join run dr on dr.id = g.detected_in_run join git_commit dc on dc.id = dr.commit_id
                        join git_commit fb on fb.id = g.first_bad_commit_id left join git_commit lg on lg.id = g.last_good_commit_id
                        where b.project_id = ? order by b.name, fb.sha
                        """).param(project).query(String.class).list());
        ledger.addAll(jdbc.sql("""
                        select format('event %s->%s %s %s by %s: %s', e.from_status, e.to_status, b.name, fb.sha, e.changed_by,
                                      regexp_replace(e.reason, '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', 'RUN', 'g'))
                        from regression_event e join regression g on g.id = e.regression_id join series s on s.id = g.series_id
                        join benchmark b on b.id = s.benchmark_id join git_commit fb on fb.id = g.first_bad_commit_id
                        where b.project_id = ? order by e.id
                        """).param(project).query(String.class).list());
        ledger.addAll(jdbc.sql("""
                        select format('judgement %s %s %s#%s %s %s %s %s %s', j.kind, b.name, c.sha,
                                      rank() over (partition by r.commit_id, j.series_id order by r.uploaded_at, r.id),
                                      j.p_value, j.change_percent, j.threshold_percent, j.noise_percent, j.history_runs)
                        from judgement j join run r on r.id = j.run_id join git_commit c on c.id = r.commit_id
                        join series s on s.id = j.series_id join benchmark b on b.id = s.benchmark_id
                        where r.project_id = ? order by c.sha, b.name, r.uploaded_at, r.id
                        """).param(project).query(String.class).list());
        ledger.add("unjudged runs " + jdbc.sql("select count(*) from run where project_id = ? and judged_at is null")
                .param(project).query(Long.class).single());
        return ledger;
    }
}
