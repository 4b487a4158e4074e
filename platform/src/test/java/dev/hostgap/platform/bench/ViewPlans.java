package dev.hostgap.platform.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * EXPLAIN ANALYZE of the queries behind the calls issue 23 measured at every size, each next to the
 * query it replaced: the first-parent walk of a series window and a commit list (the V22 function's
 * statement with its own settings and a generic plan), the noise history a cold compare reads, and the
 * dashboard's 200 newest runs with their result counts.
 */
final class ViewPlans {

    /** The newest 200 runs of each series, before any order over all of them. */
    private static final String NOISE_LATERAL = """
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
            ) x""";
    private static final String NOISE_HISTORY = """
            select s.id, y.median, y.p10, y.p90, y.n, y.machine, y.position
            from unnest(array(select id from series order by id)) as s(id)
            cross join lateral (
                select x.*, row_number() over (order by x.at, x.uploaded_at, x.id) as position
                from (
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
            ) y""";

    private ViewPlans() {
    }

    static String explain(DataSource dataSource, int commits) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            long project = single(st, "select id from project where name = '" + ViewsBenchmark.PROJECT + "'");
            long head = single(st, "select id from git_commit where project_id = " + project + " and sha = '"
                    + SyntheticHistory.sha(commits) + "'");
            out.append("\n-- first-parent walk from the head, 1,000 commits, as the V22 function runs it (")
                    .append(commits).append(" in the table)\n");
            functionPlan(c, st, out, "first_parent_chain", "bigint, bigint, integer, boolean, boolean",
                    project + ", " + head + ", 1000, false, true");
            out.append("\n-- the recursive join it replaced\n");
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
            out.append("\n-- noise history of every series, as a cold compare reads it (numbered within each series)\n");
            plan(st, out, NOISE_HISTORY);
            out.append("\n-- the same as before issue 23: one sort over every series' rows\n");
            plan(st, out, "select s.id, x.median, x.p10, x.p90, x.n, x.machine\n" + NOISE_LATERAL
                    + "\norder by s.id, x.at, x.uploaded_at, x.id");
            out.append("\n-- the dashboard's 200 newest runs with their stored counts (runs?limit=200)\n");
            plan(st, out, """
                    select run.id, run.result_count, run.failed_count from run
                    where run.project_id = %d order by run.uploaded_at desc, run.id desc limit 200""".formatted(project));
            out.append("\n-- result counts of the 200 newest runs, as counted before issue 23\n");
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

    /** A SQL function's statement as the function plans it: its own settings, a generic plan. */
    private static void functionPlan(Connection c, Statement st, StringBuilder out, String function, String types,
                                     String arguments) throws SQLException {
        String body;
        List<String> settings = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("select prosrc, proconfig from pg_proc where proname = '" + function + "'")) {
            rs.next();
            body = rs.getString(1);
            for (String setting : (String[]) rs.getArray(2).getArray()) {
                settings.add(setting);
            }
        }
        c.setAutoCommit(false);
        try {
            for (String setting : settings) {
                String[] nameValue = setting.split("=", 2);
                st.execute("set local " + nameValue[0] + " = " + nameValue[1]);
            }
            st.execute("set local plan_cache_mode = force_generic_plan");
            st.execute("prepare function_plan (" + types + ") as " + body);
            plan(st, out, "execute function_plan (" + arguments + ")");
            st.execute("deallocate function_plan");
        } finally {
            c.rollback();
            c.setAutoCommit(true);
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
