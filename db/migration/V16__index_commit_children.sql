-- A commit's children, found by the parent's sha: refusing a parent that would close a cycle asks
-- first whether the commit being recorded was named as a parent before (CommitGraph.refuseCycles),
-- on every upload; without this index that was a scan of every parent edge of every project.
create index commit_parent_sha_idx on commit_parent (parent_sha);
