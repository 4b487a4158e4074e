-- The walks of the commit graph, as functions whose every step is a lookup by key. Written as plain
-- recursive joins, PostgreSQL planned them by its row guess for the recursion: with 500 to 700
-- commits in the tables it hashed a sequential scan of commit_parent on every step (quadratic: 40 ms
-- for a chart's window of 700 commits), from 900 on it used the key. Here each step is a LATERAL
-- subquery with LIMIT 1, so it cannot be turned into a join over the whole table, and the functions
-- plan their statements with sequential, bitmap, hash, merge and memoize paths off, so that even a table of one
-- page is read through its index. A step costs the same at 100 commits and at 100,000.
-- Only new functions: the version before this one keeps its own queries during a rolling upgrade.

-- The first-parent chain from start_commit, at most max_commits commits (depth 0 is the start),
-- stopping after the first one with a run when until_measured. with_details adds each commit's
-- message and parents (in git's order); without it they are null and empty.
create function first_parent_chain(project_id bigint, start_commit bigint, max_commits integer,
                                   until_measured boolean, with_details boolean)
    returns table (id bigint, depth integer, measured boolean, sha char(40), at timestamptz, message text,
                   parents text[])
    language sql stable
    set enable_seqscan = off set enable_bitmapscan = off set enable_hashjoin = off set enable_mergejoin = off
        set enable_memoize = off
as $$
    with recursive chain (id, depth, measured) as (
        select $2, 0, false
        union all
        select parent.id, chain.depth + 1,
               $4 and exists (select 1 from run_commit r where r.commit_id = parent.id)
        from chain
        cross join lateral (select cp.parent_sha from commit_parent cp
                            where cp.commit_id = chain.id and cp.position = 0 limit 1) first_parent
        cross join lateral (select g.id from git_commit g
                            where g.project_id = $1 and g.sha = first_parent.parent_sha limit 1) parent
        where chain.depth + 1 < $3 and not chain.measured
    )
    select chain.id, chain.depth, chain.measured, c.sha, c.at, c.message,
           case when $5 then coalesce((select array_agg(cast(p.parent_sha as text) order by p.position)
                                       from commit_parent p where p.commit_id = chain.id), '{}')
                else cast('{}' as text[]) end
    from chain
    cross join lateral (select g.sha, coalesce(g.committed_at, g.first_seen_at) as at,
                               case when $5 then g.message end as message
                        from git_commit g where g.id = chain.id limit 1) c
    order by chain.depth
$$;

-- Whether ancestor_sha is commit_sha or one of its ancestors along any parent: a new commit whose
-- parent descends from it would close a cycle. Each commit is visited once.
create function commit_has_ancestor(project_id bigint, commit_sha char(40), ancestor_sha char(40))
    returns boolean
    language sql stable
    set enable_seqscan = off set enable_bitmapscan = off set enable_hashjoin = off set enable_mergejoin = off
        set enable_memoize = off
as $$
    with recursive up (sha) as (
        select $2
        union
        select parents.parent_sha
        from up
        cross join lateral (select g.id from git_commit g where g.project_id = $1 and g.sha = up.sha limit 1) c
        cross join lateral (select cp.parent_sha from commit_parent cp where cp.commit_id = c.id offset 0) parents
    )
    select exists (select 1 from up where up.sha = $3)
$$;
