-- The web UI's dashboard lists a project's newest runs, of all branches or of one: both lists read
-- an index in order and stop at the page's limit, however many runs the project has.
create index run_project_recent_idx on run (project_id, uploaded_at desc, id desc);
create index run_project_branch_recent_idx on run (project_id, branch, uploaded_at desc, id desc);
