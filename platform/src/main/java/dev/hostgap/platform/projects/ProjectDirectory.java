package dev.hostgap.platform.projects;

import java.util.List;
import java.util.Optional;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.support.SecretBox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Projects by name: the lookups every other feature starts from, and the rows behind /projects. */
@Repository
public class ProjectDirectory {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProjectDirectory.class);

    private final JdbcClient jdbc;
    private final SecretBox secrets;

    ProjectDirectory(JdbcClient jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    public ProjectRef require(String name) {
        return find(name).orElseThrow(() -> new ApiProblem(ProblemType.UNKNOWN_PROJECT,
                "No project named '" + name + "'. Create it with POST /api/v1/projects first."));
    }

    public Optional<ProjectRef> find(String name) {
        return jdbc.sql("select id, name, default_branch from project where name = ?")
                .param(name)
                .query((rs, i) -> new ProjectRef(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    Optional<Project> insert(ProjectRequest request) {
        return jdbc.sql("""
                        insert into project (name, repo_url, default_branch, webhook_secret_sealed, runner_labels, status_repository)
                        values (?, ?, ?, ?, ?, ?)
                        on conflict (name) do nothing
                        returning id, name, repo_url, default_branch, runner_labels, created_at
                        """)
                .params(request.name(), request.repoUrl(), request.defaultBranch(),
                        request.webhookSecret() == null ? null : secrets.seal(request.webhookSecret()),
                        request.runnerLabels().toArray(String[]::new), request.statusRepository())
                .query(ProjectDirectory::project)
                .optional();
    }

    List<Project> list() {
        return jdbc.sql("select id, name, repo_url, default_branch, runner_labels, created_at from project order by name")
                .query(ProjectDirectory::project)
                .list();
    }

    private static Project project(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Project(rs.getString("name"), rs.getString("repo_url"), rs.getString("default_branch"),
                List.of((String[]) rs.getArray("runner_labels").getArray()),
                rs.getObject("created_at", java.time.OffsetDateTime.class));
    }

    private static final String CI_COLUMNS = """
            id, name, repo_url, default_branch, webhook_secret_sealed, benchmark_command, job_timeout_seconds,
            measured_branches, runner_labels, status_repository, fork_pull_requests""";

    /** Projects whose repository is any of these URLs (in any of their spellings). */
    public List<CiProject> findByRepository(java.util.Collection<String> urls) {
        java.util.Set<String> wanted = new java.util.HashSet<>();
        urls.forEach(u -> wanted.add(RepositoryUrls.normalize(u)));
        wanted.remove("");
        // URLs first, secrets only for the projects that match: an unauthenticated request decrypts
        // nothing of other projects, and one unreadable secret breaks no other project's webhooks
        List<Long> matching = jdbc.sql("select id, repo_url from project order by id")
                .query((rs, i) -> wanted.contains(RepositoryUrls.normalize(rs.getString(2))) ? rs.getLong(1) : null)
                .list().stream().filter(java.util.Objects::nonNull).toList();
        return matching.isEmpty() ? List.of() : jdbc.sql("select " + CI_COLUMNS + " from project where id = any(?) order by id")
                .param(matching.toArray(Long[]::new)).query(this::ciProject).list();
    }

    public CiProject requireCi(String name) {
        ProjectRef ref = require(name);
        return jdbc.sql("select " + CI_COLUMNS + " from project where id = ?").param(ref.id()).query(this::ciProject).single();
    }

    public CiProject requireCiById(long projectId) {
        return jdbc.sql("select " + CI_COLUMNS + " from project where id = ?").param(projectId).query(this::ciProject).single();
    }

    CiSettings ciSettings(CiProject p) {
        return new CiSettings(p.name(), p.repoUrl(), p.webhookSecret() != null, p.benchmarkCommand(), p.timeoutSeconds(),
                p.measuredBranches(), p.runnerLabels(), p.statusRepository(), p.forkPullRequests());
    }

    void updateCi(long projectId, CiSettingsRequest request) {
        jdbc.sql("""
                        update project set
                            webhook_secret_sealed = coalesce(:secret, webhook_secret_sealed),
                            webhook_secret = case when cast(:secret as text) is null then webhook_secret end,
                            benchmark_command = coalesce(:command, benchmark_command),
                            job_timeout_seconds = coalesce(:timeout, job_timeout_seconds),
                            measured_branches = coalesce(:branches, measured_branches),
                            runner_labels = coalesce(:labels, runner_labels),
                            status_repository = coalesce(:statusRepository, status_repository),
                            fork_pull_requests = coalesce(:forkPullRequests, fork_pull_requests)
                        where id = :id
                        """)
                .param("secret", request.webhookSecret() == null ? null : secrets.seal(request.webhookSecret()))
                .param("command", request.benchmarkCommand())
                .param("timeout", request.timeoutSeconds())
                .param("branches", request.measuredBranches() == null ? null : request.measuredBranches().toArray(String[]::new))
                .param("labels", request.runnerLabels() == null ? null : request.runnerLabels().toArray(String[]::new))
                .param("statusRepository", request.statusRepository())
                .param("forkPullRequests", request.forkPullRequests())
                .param("id", projectId)
                .update();
    }

    /**
     * Seals webhook secrets that projects created before they were encrypted still keep in plain
     * text, and empties the plain column. Runs at every start; a no-op once done.
     */
    void sealPlainWebhookSecrets() {
        jdbc.sql("select id, webhook_secret from project where webhook_secret is not null")
                .query((rs, i) -> java.util.Map.entry(rs.getLong(1), rs.getString(2))).list()
                .forEach(e -> jdbc.sql("update project set webhook_secret_sealed = ?, webhook_secret = null where id = ?")
                        .params(secrets.seal(e.getValue()), e.getKey()).update());
    }

    private CiProject ciProject(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        String sealed = rs.getString("webhook_secret_sealed");
        String secret = null;
        if (sealed != null) {
            try {
                secret = secrets.open(sealed);
            } catch (RuntimeException e) {
                // treated as no secret: its webhooks are refused until an admin sets it again
                log.warn("The webhook secret of project '{}' cannot be decrypted ({}); set it again with PUT /api/v1/projects/{}/ci",
                        rs.getString("name"), e.getMessage(), rs.getString("name"));
            }
        }
        String blankIsUnset = secret == null || secret.isBlank() ? null : secret;
        return new CiProject(rs.getLong("id"), rs.getString("name"), rs.getString("repo_url"), rs.getString("default_branch"),
                blankIsUnset, rs.getString("benchmark_command"), rs.getInt("job_timeout_seconds"),
                List.of((String[]) rs.getArray("measured_branches").getArray()),
                List.of((String[]) rs.getArray("runner_labels").getArray()), rs.getString("status_repository"),
                ForkPullRequests.fromWireName(rs.getString("fork_pull_requests")).orElseThrow());
    }
}
