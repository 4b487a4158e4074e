package dev.hostgap.platform.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * The plans of the series query, as PostgreSQL runs it for the first calls (a custom plan for the
 * bound values) and after the JDBC driver's fifth call has made it a server-prepared statement
 * that may get a generic plan (forced here with {@code plan_cache_mode}), for the window of the
 * newest 1,000 commits and for all of them; and the query this replaced, with a generic plan.
 */
final class SeriesPlans {

    private static final String SUMMARIES = """
            prepare summaries(bigint[], bigint, bigint) as
            select s.id, x.commit_id, x.n, x.median, x.p10, x.p90
            from unnest($1) as s(id)
            cross join lateral (
                select r.commit_id, r.n, r.median, r.p10, r.p90 from result r
                where r.series_id = s.id and r.error is null and r.commit_id between $2 and $3
            ) x""";
    private static final String FORKS = """
            prepare forks(bigint[], bigint[]) as
            select r.series_id, r.commit_id, r.samples from result r
            where r.series_id = any($1) and r.commit_id = any($2) and r.error is null""";

    private SeriesPlans() {
    }

    static String explain(DataSource dataSource, int commits) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            long series = single(st, "select s.id from series s join benchmark b on b.id = s.benchmark_id where b.params_key = 'args=7'");
            long newest = single(st, "select max(id) from git_commit");
            long oldest = single(st, "select min(id) from git_commit");
            long windowStart = newest - 999;
            st.execute(SUMMARIES);
            st.execute(FORKS);
            for (String mode : new String[] {"force_custom_plan", "force_generic_plan"}) {
                st.execute("set plan_cache_mode = " + mode);
                out.append("-- series summaries, newest 1,000 commits, ").append(mode).append('\n');
                plan(st, out, "execute summaries('{%d}', %d, %d)".formatted(series, windowStart, newest));
                out.append("\n-- series summaries, all ").append(commits).append(" commits, ").append(mode).append('\n');
                plan(st, out, "execute summaries('{%d}', %d, %d)".formatted(series, oldest, newest));
                out.append('\n');
            }
            out.append("-- the fork query it replaced, newest 1,000 commits, force_generic_plan\n");
            String window = java.util.stream.LongStream.rangeClosed(windowStart, newest).mapToObj(Long::toString)
                    .collect(java.util.stream.Collectors.joining(",", "'{", "}'"));
            plan(st, out, "execute forks('{%d}', %s)".formatted(series, window));
            st.execute("reset plan_cache_mode");
            st.execute("deallocate all");
        }
        return out.toString();
    }

    private static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void plan(Statement st, StringBuilder out, String execute) throws SQLException {
        try (ResultSet rs = st.executeQuery("explain (analyze, buffers) " + execute)) {
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
        }
    }
}
