package dev.hostgap.platform.projects;

/**
 * The commit graph's walks as recursive joins, as they were before V22 made them functions: what
 * the tests of those functions compare their answers with.
 */
public final class RecursiveWalks {

    public static final String OLD_CHAIN = """
            with recursive chain (id, depth) as (
                select cast(? as bigint), 0
                union all
                select parent.id, chain.depth + 1
                from chain
                join commit_parent cp on cp.commit_id = chain.id and cp.position = 0
                join git_commit parent on parent.project_id = ? and parent.sha = cp.parent_sha
                where chain.depth + 1 < ?
            )
            select c.id from chain join git_commit c on c.id = chain.id order by chain.depth""";
    public static final String OLD_UP = """
            with recursive up (sha) as (
                select cast(? as char(40))
                union
                select cp.parent_sha from up
                join git_commit c on c.project_id = ? and c.sha = up.sha
                join commit_parent cp on cp.commit_id = c.id
            )
            select exists (select 1 from up where sha = ?)""";

    private RecursiveWalks() {
    }
}
