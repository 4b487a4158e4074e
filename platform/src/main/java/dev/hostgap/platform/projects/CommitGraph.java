package dev.hostgap.platform.projects;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The commit DAG of each project and its branch heads. History is the first-parent chain from a
 * branch head. Runners rarely upload every commit, so where the chain reaches a parent nobody
 * uploaded, it continues with the branch's measured commits in commit-time order. Every walk is
 * at most two queries, whatever the history's length; the walks themselves are database functions
 * (V22) that look up one row by key per step, whatever size the planner guesses the tables are.
 */
@Repository
public class CommitGraph {

    /** How far back a new run looks for a commit to be judged against. */
    private static final int BASELINE_SEARCH_DEPTH = 1000;

    private final JdbcClient jdbc;

    CommitGraph(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the commit once (first writer wins) and returns its id. */
    public long record(long projectId, String sha, List<String> parents, OffsetDateTime committedAt, String message) {
        Optional<Long> inserted = jdbc.sql("""
                        insert into git_commit (project_id, sha, committed_at, message) values (?, ?, ?, ?)
                        on conflict (project_id, sha) do nothing returning id
                        """)
                // ISO-8601 allows offsets to ±18:00, PostgreSQL to ±15:59: the same instant in UTC fits both
                .params(projectId, sha, committedAt == null ? null : committedAt.withOffsetSameInstant(java.time.ZoneOffset.UTC), message)
                .query(Long.class).optional();
        long id = inserted.orElseGet(() -> requireCommitId(projectId, sha));
        if (inserted.isPresent() || !hasParents(id)) {
            // parents given to a commit that has them are ignored below: nothing to check then
            refuseCycles(projectId, sha, parents);
        }
        // parents are added once: to a new commit, or to one first seen without them (a pull request's
        // head that a webhook named before the agent reported its parents); never rewritten
        for (int position = 0; position < parents.size(); position++) {
            jdbc.sql("insert into commit_parent (commit_id, position, parent_sha) values (?, ?, ?) on conflict do nothing")
                    .params(id, position, parents.get(position))
                    .update();
        }
        return id;
    }

    /**
     * A parent that descends from the commit would close a cycle, and every walk of the history would
     * then go round it (a commit listed as its own ancestor a hundred times). Only a commit that was
     * named as a parent before (a backfill, uploaded after its children) can have descendants, so
     * for the usual upload, oldest first, this is one indexed lookup; otherwise one walk up from each
     * parent, through its ancestors only, each visited once.
     */
    private boolean hasParents(long commitId) {
        return jdbc.sql("select exists (select 1 from commit_parent where commit_id = ?)").param(commitId)
                .query(Boolean.class).single();
    }

    private void refuseCycles(long projectId, String sha, List<String> parents) {
        if (parents.isEmpty()) {
            return;
        }
        boolean hasChildren = jdbc.sql("""
                        select exists (select 1 from commit_parent cp join git_commit c on c.id = cp.commit_id
                                       where c.project_id = ? and cp.parent_sha = ?)
                        """)
                .params(projectId, sha).query(Boolean.class).single();
        if (!hasChildren) {
            return;
        }
        for (String parent : parents) {
            boolean descends = jdbc.sql("select commit_has_ancestor(:project, cast(:parent as char(40)), cast(:sha as char(40)))")
                    .param("parent", parent).param("project", projectId).param("sha", sha)
                    .query(Boolean.class).single();
            if (descends) {
                throw new ApiProblem(ProblemType.INVALID_FIELD, "Parent " + parent + " of commit " + sha
                        + " descends from it (its history already names " + sha + " as an ancestor): the parents would "
                        + "make a cycle. Send the commit's parents as git records them (git rev-parse " + sha + "^@).");
            }
        }
    }

    /**
     * Points the branch at this commit unless its head is already newer: uploading an old commit
     * (a backfill) must not move a branch backwards.
     *
     * <p>Concurrent uploads to one branch take turns here (a lock held until the caller's transaction
     * commits): the comparison reads the current head's commit, which a concurrent upload may have
     * inserted and committed after this statement's snapshot would otherwise have been taken. Without
     * the turn, the newer of two concurrent parentless commits could lose to the older one.
     */
    public void advanceBranch(long projectId, String branch, String sha) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 1))")
                .param("branch:" + projectId + ":" + branch).query().singleRow();
        jdbc.sql("""
                        insert into branch (project_id, name, head_sha) values (:project, :branch, :sha)
                        on conflict (project_id, name) do update set head_sha = excluded.head_sha, updated_at = now()
                        where (select coalesce(c.committed_at, c.first_seen_at) from git_commit c
                               where c.project_id = :project and c.sha = branch.head_sha)
                           <= (select coalesce(c.committed_at, c.first_seen_at) from git_commit c
                               where c.project_id = :project and c.sha = :sha)
                        """)
                .param("project", projectId).param("branch", branch).param("sha", sha)
                .update();
    }

    public Optional<Long> findCommitId(long projectId, String sha) {
        return jdbc.sql("select id from git_commit where project_id = ? and sha = ?")
                .params(projectId, sha).query(Long.class).optional();
    }

    public long requireCommitId(long projectId, String sha) {
        return findCommitId(projectId, sha)
                .orElseThrow(() -> new ApiProblem(ProblemType.UNKNOWN_COMMIT,
                        "No run was uploaded for commit " + sha + " in this project."));
    }

    /** What a person may type for a commit: 7 to 40 hex digits, either case. */
    private static final java.util.regex.Pattern SHA_OR_PREFIX = java.util.regex.Pattern.compile("[0-9a-fA-F]{7,40}");
    /** How many candidates an ambiguous prefix names. */
    private static final int CANDIDATES = 10;

    /**
     * The full sha of the project's one commit that {@code shaOrPrefix} names: a full sha as it is
     * (whether known or not is the caller's question), a prefix of 7 to 39 hex digits (as git and
     * this UI abbreviate them, either case) looked up among the project's commits. The one place a
     * typed sha is resolved; what machines send (webhooks, jobs, uploads, runners) stays 40 hex.
     * A range on the (project_id, sha) unique index, so the lookup reads only the matching entries.
     *
     * @param field the request's name for it, for the 422 {@code invalid-sha}
     * @throws ApiProblem {@code invalid-sha} (not hex, or too short), {@code unknown-commit} (no commit
     *                    starts so), {@code ambiguous-commit} (several do: up to ten named)
     */
    public String resolve(long projectId, String field, String shaOrPrefix) {
        if (shaOrPrefix == null || !SHA_OR_PREFIX.matcher(shaOrPrefix).matches()) {
            throw new ApiProblem(ProblemType.INVALID_SHA, field + " must be a commit sha: 7 to 40 hex digits, not '"
                    + shaOrPrefix + "'.");
        }
        String prefix = shaOrPrefix.toLowerCase(java.util.Locale.ROOT);
        if (prefix.length() == 40) {
            return prefix;
        }
        // char(40) on both sides: compared as text, the column would leave its index unused
        List<String> matches = jdbc.sql("""
                        select sha from git_commit
                        where project_id = ? and sha >= cast(? as char(40)) and sha < cast(? as char(40))
                        order by sha limit ?
                        """)
                .params(projectId, prefix, prefix + "g", CANDIDATES + 1).query(String.class).list();
        if (matches.isEmpty()) {
            throw new ApiProblem(ProblemType.UNKNOWN_COMMIT, "No run was uploaded for a commit starting with " + prefix
                    + " in this project.");
        }
        if (matches.size() > 1) {
            throw new ApiProblem(ProblemType.AMBIGUOUS_COMMIT, field + " " + prefix + " starts "
                    + (matches.size() > CANDIDATES ? "more than " + CANDIDATES : String.valueOf(matches.size()))
                    + " commits of this project; give more of the sha: "
                    + String.join(", ", matches.subList(0, Math.min(CANDIDATES, matches.size()))) + ".");
        }
        return matches.get(0);
    }

    public String requireBranchHead(ProjectRef project, String branch) {
        return jdbc.sql("select head_sha from branch where project_id = ? and name = ?")
                .params(project.id(), branch).query(String.class).optional()
                .orElseThrow(() -> new ApiProblem(ProblemType.UNKNOWN_BRANCH,
                        "Project '" + project.name() + "' has no uploaded runs on branch '" + branch + "'."));
    }

    /** Up to {@code limit} commits from the head of the branch, newest first, along first parents. */
    public List<CommitNode> firstParentHistory(ProjectRef project, String branch, int limit) {
        String head = requireBranchHead(project, branch);
        return historyFrom(project.id(), requireCommitId(project.id(), head), branch, limit);
    }

    /** The commit a new run is judged against: the nearest first-parent ancestor with a run. */
    public record Baseline(long commitId, String sha) {
    }

    /**
     * Walks first parents only until the first commit with a run; where the chain breaks first,
     * the newest measured commit of the branch that is older than the break. At most two queries.
     */
    public Optional<Baseline> nearestMeasuredAncestor(long projectId, long commitId, String branch) {
        record Step(long id, String sha, boolean measured, OffsetDateTime at) {
        }
        // the start and up to BASELINE_SEARCH_DEPTH ancestors
        List<Step> chain = jdbc.sql("""
                        select id, sha, measured, at from first_parent_chain(:project, :from, :commits, true, false)
                        order by depth
                        """)
                .param("from", commitId).param("project", projectId).param("commits", BASELINE_SEARCH_DEPTH + 1)
                .query((rs, i) -> new Step(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getObject(4, OffsetDateTime.class)))
                .list();
        Step last = chain.get(chain.size() - 1);
        if (last.measured()) {
            return Optional.of(new Baseline(last.id(), last.sha()));
        }
        return measuredOnBranchBefore(projectId, branch, last.at(), 1).stream()
                .filter(c -> c.id() != commitId)
                .findFirst().map(c -> new Baseline(c.id(), c.sha()));
    }

    /**
     * Up to {@code limit} commits: the first-parent chain from {@code startCommitId}; where it
     * reaches a parent nobody uploaded, the branch's measured commits older than that gap follow,
     * newest first.
     */
    public List<CommitNode> historyFrom(long projectId, long startCommitId, String branch, int limit) {
        return walk(projectId, startCommitId, branch, limit, true);
    }

    /**
     * The walk of {@link #historyFrom} without messages and parents (null and empty): a chart's commit
     * axis needs only shas and times, and collecting each commit's parents costs a lookup per commit.
     */
    public List<CommitNode> timelineFrom(long projectId, long startCommitId, String branch, int limit) {
        return walk(projectId, startCommitId, branch, limit, false);
    }

    private List<CommitNode> walk(long projectId, long startCommitId, String branch, int limit, boolean details) {
        List<CommitNode> history = new ArrayList<>(firstParentChain(projectId, startCommitId, limit, details));
        if (history.size() < limit) {
            Set<Long> seen = new HashSet<>();
            history.forEach(c -> seen.add(c.id()));
            for (CommitNode c : measuredOnBranchBefore(projectId, branch, history.get(history.size() - 1).timestamp(),
                    limit - history.size())) {
                if (seen.add(c.id())) {
                    history.add(c);
                }
            }
        }
        return history;
    }

    private List<CommitNode> firstParentChain(long projectId, long fromCommitId, int limit, boolean details) {
        return jdbc.sql("""
                        select id, sha, at, message, parents from first_parent_chain(:project, :from, :limit, false, :details)
                        order by depth
                        """)
                .param("from", fromCommitId).param("project", projectId).param("limit", limit).param("details", details)
                .query(CommitGraph::commitNode).list();
    }

    private List<CommitNode> measuredOnBranchBefore(long projectId, String branch, OffsetDateTime before, int limit) {
        return jdbc.sql("""
                        select c.id, c.sha, coalesce(c.committed_at, c.first_seen_at) as at, c.message,
                               coalesce((select array_agg(p.parent_sha order by p.position)
                                         from commit_parent p where p.commit_id = c.id), '{}') as parents
                        from git_commit c
                        where c.project_id = :project
                          and coalesce(c.committed_at, c.first_seen_at) < :before
                          and exists (select 1 from run_commit r where r.commit_id = c.id and r.branch = :branch)
                        order by coalesce(c.committed_at, c.first_seen_at) desc, c.id desc
                        limit :limit
                        """)
                .param("project", projectId).param("before", before).param("branch", branch).param("limit", limit)
                .query(CommitGraph::commitNode).list();
    }

    private static CommitNode commitNode(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new CommitNode(rs.getLong("id"), rs.getString("sha"), rs.getObject("at", OffsetDateTime.class),
                rs.getString("message"), List.of((String[]) rs.getArray("parents").getArray()));
    }
}
