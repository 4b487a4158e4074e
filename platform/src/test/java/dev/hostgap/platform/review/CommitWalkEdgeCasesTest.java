package dev.hostgap.platform.review;

import java.util.List;

import dev.hostgap.platform.TestDatabase;
import dev.hostgap.platform.projects.RecursiveWalks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review of b7472ea (V22): the walk functions answer as the recursive joins they replaced on the
 * graph's odd shapes (a merge whose first parent nobody uploaded, a first-parent cycle stored
 * without the upload's check, an ancestor reached only through a second parent or known only by
 * sha), and their planner settings do not outlive the call in the caller's transaction.
 */
class CommitWalkEdgeCasesTest {

    private static TestDatabase.OwnDatabase database;
    private static SingleConnectionDataSource dataSource;
    private static JdbcClient jdbc;

    @BeforeAll
    static void ownDatabase() {
        database = TestDatabase.ownDatabase("review_walks_");
        dataSource = database.dataSource();
        jdbc = database.jdbc();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void stopsAtAMergeWhoseFirstParentIsUnknownAsTheJoinsDid() {
        long project = project("merge");
        insertCommit(project, sha(1));
        insertCommit(project, sha(2), sha(99), sha(1)); // first parent never uploaded, second known
        insertCommit(project, sha(3), sha(2));
        long head = commitId(project, sha(3));
        assertThat(newChain(project, head, 10)).isEqualTo(oldChain(project, head, 10))
                .containsExactly(head, commitId(project, sha(2)));
    }

    @Test
    void walksAFirstParentCycleToTheLimitAsTheJoinsDid() {
        long project = project("cycle");
        insertCommit(project, sha(1), sha(2));
        insertCommit(project, sha(2), sha(1));
        long start = commitId(project, sha(1));
        for (int limit : new int[] {0, 1, 2, 7}) {
            assertThat(newChain(project, start, limit)).isEqualTo(oldChain(project, start, limit));
        }
        assertThat(hasAncestor(project, sha(1), sha(3))).isFalse();
        assertThat(hasAncestor(project, sha(1), sha(2))).isTrue();
    }

    @Test
    void findsAncestorsThroughSecondParentsAndUnknownShasAsTheJoinsDid() {
        long project = project("ancestors");
        insertCommit(project, sha(10));
        insertCommit(project, sha(11), sha(10));
        insertCommit(project, sha(12), sha(11), sha(20)); // 20 is known only as a parent
        insertCommit(project, sha(13), sha(30), sha(12));
        long other = project("other");
        insertCommit(other, sha(40));
        insertCommit(project, sha(41), sha(40));
        for (String[] q : new String[][] {{sha(13), sha(10)}, {sha(13), sha(20)}, {sha(13), sha(30)}, {sha(13), sha(13)},
                {sha(11), sha(12)}, {sha(41), sha(40)}, {sha(99), sha(99)}, {sha(99), sha(10)}}) {
            boolean old = jdbc.sql(RecursiveWalks.OLD_UP).params(q[0], project, q[1]).query(Boolean.class).single();
            assertThat(hasAncestor(project, q[0], q[1])).as("%s above %s", q[1], q[0]).isEqualTo(old);
        }
        assertThat(hasAncestor(project, sha(13), sha(10))).isTrue();
    }

    @Test
    void leavesThePlannerSettingsOfTheCallersTransactionAsTheyWere() {
        long project = project("settings");
        insertCommit(project, sha(1));
        long id = commitId(project, sha(1));
        List<String> after = new TransactionTemplate(new DataSourceTransactionManager(dataSource)).execute(status -> {
            jdbc.sql("set local enable_hashjoin = on").update();
            jdbc.sql("select count(*) from first_parent_chain(?, ?, 5, true, true)").params(project, id).query(Long.class).single();
            jdbc.sql("select commit_has_ancestor(?, cast(? as char(40)), cast(? as char(40)))").params(project, sha(1), sha(2))
                    .query(Boolean.class).single();
            return List.of(show("enable_seqscan"), show("enable_bitmapscan"), show("enable_hashjoin"), show("enable_mergejoin"),
                    show("enable_memoize"));
        });
        assertThat(after).containsOnly("on");
        assertThat(List.of(show("enable_seqscan"), show("enable_memoize"))).containsOnly("on");
    }

    private static String show(String setting) {
        return jdbc.sql("select current_setting(?)").param(setting).query(String.class).single();
    }

    private static List<Long> oldChain(long project, long from, int limit) {
        return jdbc.sql(RecursiveWalks.OLD_CHAIN).params(from, project, limit).query(Long.class).list();
    }

    private static List<Long> newChain(long project, long from, int limit) {
        return jdbc.sql("select id from first_parent_chain(?, ?, ?, false, false) order by depth").params(project, from, limit)
                .query(Long.class).list();
    }

    private static boolean hasAncestor(long project, String commit, String ancestor) {
        return jdbc.sql("select commit_has_ancestor(?, cast(? as char(40)), cast(? as char(40)))").params(project, commit, ancestor)
                .query(Boolean.class).single();
    }

    private static long project(String name) {
        return jdbc.sql("insert into project (name, repo_url, default_branch) values (?, 'https://example.org/x.git', 'main') returning id")
                .param(name).query(Long.class).single();
    }

    private static void insertCommit(long project, String sha, String... parents) {
        long id = jdbc.sql("insert into git_commit (project_id, sha) values (?, ?) returning id").params(project, sha)
                .query(Long.class).single();
        for (int i = 0; i < parents.length; i++) {
            jdbc.sql("insert into commit_parent (commit_id, position, parent_sha) values (?, ?, ?)").params(id, i, parents[i]).update();
        }
    }

    private static long commitId(long project, String sha) {
        return jdbc.sql("select id from git_commit where project_id = ? and sha = ?").params(project, sha).query(Long.class).single();
    }

    private static String sha(int n) {
        return String.format("%040x", n);
    }
}
