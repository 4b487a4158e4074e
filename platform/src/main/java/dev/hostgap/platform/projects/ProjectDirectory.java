package dev.hostgap.platform.projects;

import java.util.List;
import java.util.Optional;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Projects by name: the lookups every other feature starts from, and the rows behind /projects. */
@Repository
public class ProjectDirectory {

    private final JdbcClient jdbc;

    ProjectDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
                        insert into project (name, repo_url, default_branch, webhook_secret, runner_labels)
                        values (?, ?, ?, ?, ?)
                        on conflict (name) do nothing
                        returning id, name, repo_url, default_branch, runner_labels, created_at
                        """)
                .params(request.name(), request.repoUrl(), request.defaultBranch(), request.webhookSecret(),
                        request.runnerLabels().toArray(String[]::new))
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
}
