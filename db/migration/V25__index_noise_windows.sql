-- Compare and confirmation estimate a series' noise from its newest 200 runs: newest by commit, then
-- by result id. The summary index gains the result id, so that window is an index-only scan in its
-- own order (before, every one of the 40,000 rows of 200 series was read from the heap and sorted:
-- 120-195 ms on the 2-vCPU VM at 700 commits, against 57 ms this way). The series charts read the
-- same index by (series, commit) as before.
drop index result_summary_idx;
create index result_summary_idx on result (series_id, commit_id, id) include (n, median, p10, p90, run_id) where error is null;
-- A stored noise estimate (V26) is still the series' own while no newer successful result exists: the
-- series' newest result id is one backward step on this index.
create index result_series_newest_idx on result (series_id, id) where error is null;
