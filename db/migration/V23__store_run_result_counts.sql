-- The dashboard lists a project's newest runs with how many results each has and how many failed.
-- Counting them read every result of the page's runs (40,000 rows for 200 runs of 200 series: 22 ms
-- warm, 58 ms cold at 10^7 samples). A run's results are stored with it, in its upload's transaction,
-- and never change after: the counts are written with the run and read from it.
-- Nullable, for a rolling upgrade: the version before this one inserts runs without them, and a run
-- without counts is counted from its results as before.
alter table run add column result_count integer;
alter table run add column failed_count integer;
-- Filled by V24, in a transaction of its own: adding the columns takes an ACCESS EXCLUSIVE lock on
-- run, held until this migration commits, and a backfill under it would stop every instance's
-- uploads, detection and views for as long as it counts.
