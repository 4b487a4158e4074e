package dev.hostgap.platform.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the {@code job} table (filled by the jobs feature) for the jobs a judged run completed.
 * Only jobs that came from a provider ({@code provider} set) are told anything; a run uploaded by
 * hand has no job at all.
 */
@Repository
class CiJobs {

    private static final String SELECT = """
            select j.id, j.project_id, p.name, p.default_branch, j.sha, j.branch, j.pull_request, j.base_sha,
                   j.provider, j.provider_project
            from job j join project p on p.id = j.project_id
            """;

    private final JdbcClient jdbc;

    CiJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<CiJob> completedBy(UUID runId) {
        return jdbc.sql(SELECT + " where j.run_id = ? and j.provider is not null and j.provider_project is not null order by j.id")
                .param(runId).query(CiJobs::job).list();
    }

    /**
     * Jobs of these providers whose run was judged within the last day and that nothing was sent
     * for: the event was lost (a restart, a full queue) or another instance without tokens judged it.
     */
    List<CiJob> judgedWithoutNotification(Collection<String> providers, int limit) {
        return jdbc.sql(SELECT + """
                        join run_commit r on r.run_id = j.run_id
                        where j.provider = any(?) and j.provider_project is not null
                          and r.judged_at > now() - interval '1 day'
                          and not exists (select 1 from notification n where n.job_id = j.id)
                        order by j.id limit ?
                        """)
                .params(providers.toArray(String[]::new), limit).query(CiJobs::job).list();
    }

    private static CiJob job(ResultSet rs, int row) throws SQLException {
        return new CiJob(rs.getLong("id"), rs.getLong("project_id"), rs.getString("name"), rs.getString("default_branch"),
                rs.getString("sha").trim(), rs.getString("branch"), rs.getObject("pull_request", Integer.class),
                rs.getString("base_sha") == null ? null : rs.getString("base_sha").trim(), rs.getString("provider"),
                rs.getString("provider_project"));
    }
}
