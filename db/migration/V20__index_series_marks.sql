-- The series chart marks each point with the run and machine behind it and shows the failed results
-- of its window. With the run id in the summary index, the runs of a window are an index-only scan
-- like the values themselves (reading 5,000 result rows for their run id took 45 ms of a 52 ms query at
-- 10^7 samples); failed results, a few, get a small index of their own.
drop index result_summary_idx;
create index result_summary_idx on result (series_id, commit_id) include (n, median, p10, p90, run_id) where error is null;
create index result_failed_idx on result (series_id, commit_id) where error is not null;
