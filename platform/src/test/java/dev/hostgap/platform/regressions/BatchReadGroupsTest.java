package dev.hostgap.platform.regressions;

import java.util.List;
import java.util.UUID;

import dev.hostgap.platform.Api;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The equivalence of {@link BatchedJudgingEquivalenceTest} where a batch's runs read in several
 * groups: with 12-commit histories, runs of consecutive commits share one read, and the backfill of
 * commit 20, judged in a batch with commits 71-90, reads apart (their histories do not overlap, and
 * one read for both would hold more than twice what the largest of them reads alone).
 */
@TestPropertySource(properties = "hostgap.detection.history-commits=12")
class BatchReadGroupsTest extends BatchedJudgingEquivalenceTest {

    @Test
    void runsWhoseHistoriesOverlapShareOneReadAndADistantBackfillReadsApart() throws Exception {
        String project = uploadHistory();
        Api.awaitJudged(jdbc, project);
        List<UUID> runs = List.of(runAt(project, 89), runAt(project, 90), runAt(project, BACKFILLED));

        BatchReads reads = transactions.execute(tx -> detection.read(runs));

        assertThat(reads.levelsByRun()).containsOnlyKeys(runs);
        assertThat(reads.levelsByRun().get(runs.get(0))).isSameAs(reads.levelsByRun().get(runs.get(1)));
        assertThat(reads.levelsByRun().get(runs.get(2))).isNotSameAs(reads.levelsByRun().get(runs.get(0)));
    }

    private UUID runAt(String project, int commit) {
        return jdbc.sql("""
                        select r.id from run r join git_commit c on c.id = r.commit_id join project p on p.id = r.project_id
                        where p.name = ? and c.sha = ? order by r.uploaded_at limit 1
                        """).param(project).param(sha(commit)).query(UUID.class).single();
    }
}
