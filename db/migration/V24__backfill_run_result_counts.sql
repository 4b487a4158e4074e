-- The result counts V23 added, for the runs stored before it. Flyway runs this in its own
-- transaction after V23 committed, so it holds row locks only: other instances keep reading runs and
-- storing new ones meanwhile (only an update of an old run, such as detection marking it judged,
-- waits for it). One statement, so one snapshot: a run committed after it started keeps null
-- counts and is counted from its results when listed; no run gets counts its results do not have.
update run set result_count = (select count(*) from result r where r.run_id = run.id),
               failed_count = (select count(r.error) from result r where r.run_id = run.id)
where result_count is null;
