-- Series charts read one series' per-result summaries along a window of commits. This index holds
-- them, so the read is an index-only scan over (series, commit) that never visits a result row or
-- its fork array. Failed results (error set, no samples) are never drawn and are left out.
create index result_summary_idx on result (series_id, commit_id) include (n, median, p10, p90) where error is null;
