package dev.hostgap.platform.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * EXPLAIN ANALYZE of the queries behind the calls issue 23 measured at every size: the first-parent
 * walks (a series window's and a commit list's, and the search for a new run's baseline), the noise
 * history a cold compare reads, and the result counts of the dashboard's 200 newest runs. The text is
 * the query each one runs, with this history's values bound.
 */
final class ViewPlans {

    private ViewPlans() {
    }

    static String explain(DataSource dataSource, int commits) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            long project = single(st, "select id from project where name = '" + ViewsBenchmark.PROJECT + "'");
            long head = single(st, "select id from git_commit where project_id = " + project + " and sha = '"
                    + SyntheticHistory.sha(commits) + "'");
            out.append("\n-- first-parent walk from the head, 1,000 commits (").append(commits).append(" in the table)\n");
            plan(st, out, """
                    with recursive chain (id, depth) as (
                        select cast(%1$d as bigint), 0
                        union all
                        select parent.id, chain.depth + 1
                        from chain
                        join commit_parent cp on cp.commit_id = chain.id and cp.position = 0
                        join git_commit parent on parent.project_id = %2$d and parent.sha = cp.parent_sha
                        where chain.depth + 1 < 1000
                    )
                    select c.id, c.sha, coalesce(c.committed_at, c.first_seen_at) as at, c.message,
                           coalesce((select array_agg(p.parent_sha order by p.position)
                                     from commit_parent p where p.commit_id = c.id), '{}') as parents
                    from chain join git_commit c on c.id = chain.id
                    order by chain.depth""".formatted(head, project));
            out.append("\n-- noise history of every series, as a cold compare reads it\n");
            plan(st, out, """
                    select s.id, x.median, x.p10, x.p90, x.n, x.machine
                    from unnest(array(select id from series order by id)) as s(id)
                    cross join lateral (
                        select r.median, r.p10, r.p90, r.n, coalesce(e.attributes ->> 'gpu_uuid', e.host) as machine,
                               coalesce(c.committed_at, c.first_seen_at) as at, run.uploaded_at, r.id
                        from result r
                        join run on run.id = r.run_id
                        join environment e on e.id = run.environment_id
                        join git_commit c on c.id = r.commit_id
                        where r.series_id = s.id and r.error is null and run.pull_request is null and not run.paired
                        order by r.commit_id desc, r.id desc
                        limit 200
                    ) x
                    order by s.id, x.at, x.uploaded_at, x.id""");
            out.append("\n-- result counts of the 200 newest runs (runs?limit=200)\n");
            plan(st, out, """
                    select run_id, count(*), count(error) from result
                    where run_id = any(array(select id from run where project_id = %d order by uploaded_at desc, id desc limit 200))
                    group by run_id""".formatted(project));
        }
        return out.toString();
    }

    private static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void plan(Statement st, StringBuilder out, String query) throws SQLException {
        try (ResultSet rs = st.executeQuery("explain (analyze, buffers) " + query)) {
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
        }
    }
}
