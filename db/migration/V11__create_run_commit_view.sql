-- What the runs feature publishes about its runs to the others: which commit (and branch) a run
-- measured, and when it was uploaded and judged. The commit graph's "measured" walks, commit
-- verdicts and CI notifications read this view, never the run table, so the runs feature can change
-- its table behind it. A plain view: PostgreSQL inlines it, the run table's indexes still serve.
create view run_commit as
    select id as run_id, project_id, commit_id, branch, uploaded_at, judged_at from run;
