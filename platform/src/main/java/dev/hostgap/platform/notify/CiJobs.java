package dev.hostgap.platform.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the {@code job} table (filled by the jobs feature) for the jobs whose commit's answer is to
 * be told to CI. Only jobs that came from a provider ({@code provider} set) are told anything; a run
 * uploaded by hand has no job at all.
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

    /** Jobs that report to a provider: only those are told anything. */
    private static final String TOLD = " j.provider is not null and j.provider_project is not null ";

    List<CiJob> byId(long jobId) {
        return jdbc.sql(SELECT + " where j.id = ? and" + TOLD).param(jobId).query(CiJobs::job).list();
    }

    /**
     * The jobs a judged run answers: the one it completed, and the pull requests whose base is the
     * run's commit (their answer waited for the base to be measured).
     */
    List<CiJob> answeredBy(UUID runId) {
        return jdbc.sql(SELECT + """
                        where (j.run_id = :run
                               -- a run whose job tells nothing (a probe's, a calibration's) moves its commit's answer too:
                               -- the commit's own job tells it
                               or j.id = (select max(o.id) from job o join run_commit r on r.run_id = :run and r.pull_request is null
                                          join git_commit c on c.id = r.commit_id
                                          where o.project_id = r.project_id and o.sha = c.sha and o.pull_request is null
                                            and o.provider is not null and o.provider_project is not null and o.state = 'completed')
                               or (j.pull_request is not null and j.state in ('awaiting_approval', 'queued', 'leased', 'completed')
                               and (j.project_id, j.base_sha) = (select r.project_id, c.sha from run_commit r
                                                                 join git_commit c on c.id = r.commit_id where r.run_id = :run)
                               and j.sha <> j.base_sha))
                          and""" + TOLD + " order by j.id")
                .param("run", runId).query(CiJobs::job).list();
    }

    /**
     * The newest job of each of these commits, and of the commits measured after them on the same
     * branch (bounded): a change dated to a commit moves its answer, and the answers of the commits
     * built on it name the change.
     */
    List<CiJob> ofCommitsAndLater(Collection<Long> commitIds, int limit) {
        return jdbc.sql(SELECT + """
                        where j.id in (
                            select max(l.id) from job l
                            join (select f.project_id, f.branch, min(f.id) as first_id from job f
                                  join git_commit c on c.project_id = f.project_id and c.sha = f.sha
                                  where c.id = any(:commits) and f.pull_request is null
                                  group by f.project_id, f.branch) first on first.project_id = l.project_id
                                                                       and first.branch = l.branch and l.id >= first.first_id
                            where l.pull_request is null and l.state = 'completed'
                              -- a probe's job of a commit with a job of its own tells nothing: the commit's own job does
                              and l.provider is not null and l.provider_project is not null
                            group by l.sha)
                          and""" + TOLD + " order by j.id limit :limit")
                .param("commits", commitIds.toArray(Long[]::new)).param("limit", limit).query(CiJobs::job).list();
    }

    /**
     * The jobs, and every other job of the same commit (and pull request) that has told CI something
     * before: their messages share one status on the provider (one context per commit), so when the
     * answer moves, each of them sends it again. Else a sibling's older message, still being retried
     * (a replicate of a pull request's head cancelled by a newer push, a rerun), could land after the
     * newest one and stay the last word.
     */
    List<CiJob> withSiblings(List<CiJob> jobs) {
        if (jobs.isEmpty()) {
            return jobs;
        }
        List<CiJob> siblings = jdbc.sql(SELECT + """
                        join (select distinct o.project_id, o.sha, o.pull_request from job o where o.id = any(:jobs)) told
                          on told.project_id = j.project_id and told.sha = j.sha and told.pull_request is not distinct from j.pull_request
                        where j.id <> all(:jobs) and exists (select 1 from notification n where n.job_id = j.id)
                          and""" + TOLD + " order by j.id")
                .param("jobs", jobs.stream().map(CiJob::id).toArray(Long[]::new)).query(CiJobs::job).list();
        if (siblings.isEmpty()) {
            return jobs;
        }
        List<CiJob> all = new java.util.ArrayList<>(jobs);
        all.addAll(siblings);
        return all;
    }

    /**
     * Jobs of these providers with a message that waits to be sent or whose lease expired (its
     * instance was killed or stalled), asked for within the last day; or whose run was judged within
     * the last day after its last message (the event was lost: a restart, a full queue, or another
     * instance without tokens judged it).
     */
    List<CiJob> needingNotification(Collection<String> providers, int limit) {
        return jdbc.sql(SELECT + """
                        where j.provider = any(:providers) and j.provider_project is not null
                          and (j.id in (select n.job_id from notification n
                                        where n.state in ('queued', 'pending') and n.updated_at > now() - interval '1 day'
                                          and (n.state = 'queued' or coalesce(n.lease_expires_at, n.updated_at + interval '15 minutes') < now()))
                               or (j.updated_at > now() - interval '1 day'
                                   and exists (select 1 from run_commit r where r.run_id = j.run_id and r.judged_at is not null
                                               and not exists (select 1 from notification n where n.job_id = j.id and n.kind = 'status'
                                                               and n.updated_at >= r.judged_at))))
                        order by j.id limit :limit
                        """)
                .param("providers", providers.toArray(String[]::new)).param("limit", limit).query(CiJobs::job).list();
    }

    private static CiJob job(ResultSet rs, int row) throws SQLException {
        return new CiJob(rs.getLong("id"), rs.getLong("project_id"), rs.getString("name"), rs.getString("default_branch"),
                rs.getString("sha").trim(), rs.getString("branch"), rs.getObject("pull_request", Integer.class),
                rs.getString("base_sha") == null ? null : rs.getString("base_sha").trim(), rs.getString("provider"),
                rs.getString("provider_project"));
    }
}
