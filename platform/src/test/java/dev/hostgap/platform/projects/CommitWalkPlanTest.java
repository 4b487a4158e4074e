package dev.hostgap.platform.projects;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hostgap.platform.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commit graph's walks (V22) look up one row by key per step at every table size: in a database
 * of their own, so that the statistics are those of 100, 500, 700, 900 and 5,000 commits (with 500 to
 * 700 the recursive joins they replaced hashed a sequential scan of commit_parent on every step). The
 * plan is the one the function gets: its own statement text and settings, read from pg_proc, with a
 * generic plan as a SQL function's parameters have. They also answer as the recursive joins did.
 */
class CommitWalkPlanTest {

    private static TestDatabase.OwnDatabase database;
    private static SingleConnectionDataSource dataSource;
    private static JdbcClient jdbc;

    @BeforeAll
    static void ownDatabase() {
        database = TestDatabase.ownDatabase("walks_");
        dataSource = database.dataSource();
        jdbc = database.jdbc();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void walksFirstParentsThroughTheirKeysAtEverySize() {
        long project = project("plans");
        int have = 0;
        for (int commits : new int[] {100, 500, 700, 900, 5000}) {
            chain(project, have + 1, commits);
            have = commits;
            jdbc.sql("analyze").update();
            long head = commitId(project, sha(commits));
            List<String> plan = functionPlan("first_parent_chain", "bigint, bigint, integer, boolean, boolean",
                    project + ", " + head + ", 1000, false, true");
            String text = String.join("\n", plan);
            String before = String.join("\n", jdbc.sql("explain (analyze, costs off) " + RecursiveWalks.OLD_CHAIN)
                    .params(head, project, 1000).query(String.class).list());
            System.out.printf("first_parent_chain at %d commits:%n%s%nthe recursive join it replaced:%n%s%n", commits, text, before);
            int steps = Math.min(commits, 1000) - 1;
            assertThat(text).as("plan at %d commits:%n%s", commits, text)
                    .doesNotContain("Seq Scan", "Hash Join", "Merge Join", "Bitmap")
                    .contains("Index Scan using git_commit_project_id_sha_key on git_commit");
            Matcher step = Pattern
                    .compile("Index Scan using commit_parent_pkey on commit_parent cp \\(actual time=\\S+ rows=1 loops=(\\d+)\\)")
                    .matcher(text);
            assertThat(step.find()).as("one keyed lookup of a first parent per step, at %d commits:%n%s", commits, text).isTrue();
            assertThat(Integer.parseInt(step.group(1))).as("lookups at %d commits", commits).isBetween(steps, steps + 1);
            assertThat(walk(project, head, 1000)).hasSize(steps + 1);
        }
    }

    @Test
    void answersAsTheRecursiveJoinsDidOnAHistoryWithMergesAndGaps() {
        long project = project("answers");
        chain(project, 1, 300);
        // a merge (second parent from a side line), a parent nobody uploaded, and a backfilled side line
        insertCommit(project, sha(301), sha(300), sha(1001));
        insertCommit(project, sha(1001), sha(150));
        insertCommit(project, sha(302), sha(301));
        insertCommit(project, sha(2000), sha(4242));
        insertCommit(project, sha(2001), sha(2000));
        for (String start : List.of(sha(302), sha(301), sha(1001), sha(2001), sha(1))) {
            long from = commitId(project, start);
            for (int limit : new int[] {1, 2, 50, 1000}) {
                assertThat(walk(project, from, limit)).as("walk from %s, %d commits", start, limit)
                        .isEqualTo(jdbc.sql(RecursiveWalks.OLD_CHAIN).params(from, project, limit).query(Long.class).list());
            }
        }
        for (String commit : List.of(sha(302), sha(1001), sha(2001), sha(4242))) {
            for (String ancestor : List.of(sha(1), sha(150), sha(151), sha(1001), sha(302), sha(2000), sha(4242))) {
                assertThat(jdbc.sql("select commit_has_ancestor(?, cast(? as char(40)), cast(? as char(40)))")
                        .params(project, commit, ancestor).query(Boolean.class).single())
                        .as("%s has ancestor %s", commit, ancestor)
                        .isEqualTo(jdbc.sql(RecursiveWalks.OLD_UP).params(commit, project, ancestor).query(Boolean.class).single());
            }
        }
    }

    private List<Long> walk(long project, long from, int limit) {
        return jdbc.sql("select id from first_parent_chain(?, ?, ?, false, false) order by depth")
                .params(project, from, limit).query(Long.class).list();
    }

    /** EXPLAIN ANALYZE of a function's statement as the function runs it: its settings, a generic plan. */
    private List<String> functionPlan(String function, String argumentTypes, String arguments) {
        return inTransaction(() -> {
            String body = jdbc.sql("select prosrc from pg_proc where proname = ?").param(function).query(String.class).single();
            List<String> settings = jdbc.sql("select unnest(proconfig) from pg_proc where proname = ?").param(function)
                    .query(String.class).list();
            for (String setting : settings) {
                String[] nameValue = setting.split("=", 2);
                jdbc.sql("set local " + nameValue[0] + " = " + nameValue[1]).update();
            }
            jdbc.sql("set local plan_cache_mode = force_generic_plan").update();
            jdbc.sql("prepare walk_plan (" + argumentTypes + ") as " + body).update();
            List<String> plan = jdbc.sql("explain (analyze, costs off) execute walk_plan (" + arguments + ")")
                    .query(String.class).list();
            jdbc.sql("deallocate walk_plan").update();
            return plan;
        });
    }

    private static <T> T inTransaction(Supplier<T> work) {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource)).execute(tx -> {
            tx.setRollbackOnly();
            return work.get();
        });
    }

    private long project(String name) {
        return jdbc.sql("insert into project (name, repo_url, default_branch) values (?, 'https://example.org/x.git', 'main') returning id")
                .param(name).query(Long.class).single();
    }

    /** Commits from..to, each the first parent of the next. */
    private void chain(long project, int from, int to) {
        jdbc.sql("""
                insert into git_commit (project_id, sha, committed_at)
                select ?, lpad(to_hex(i), 40, '0'), timestamptz '2020-01-01' + i * interval '1 hour' from generate_series(?, ?) i
                """).params(project, from, to).update();
        jdbc.sql("""
                insert into commit_parent (commit_id, position, parent_sha)
                select c.id, 0, lpad(to_hex(i - 1), 40, '0')
                from generate_series(greatest(?, 2), ?) i join git_commit c on c.project_id = ? and c.sha = lpad(to_hex(i), 40, '0')
                """).params(from, to, project).update();
    }

    private void insertCommit(long project, String sha, String... parents) {
        long id = jdbc.sql("insert into git_commit (project_id, sha) values (?, ?) returning id").params(project, sha)
                .query(Long.class).single();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < parents.length; i++) {
            rows.add(new Object[] {id, i, parents[i]});
        }
        rows.forEach(r -> jdbc.sql("insert into commit_parent (commit_id, position, parent_sha) values (?, ?, ?)").params(r).update());
    }

    private long commitId(long project, String sha) {
        return jdbc.sql("select id from git_commit where project_id = ? and sha = ?").params(project, sha).query(Long.class).single();
    }

    private static String sha(int n) {
        return String.format(Locale.ROOT, "%040x", n);
    }
}
