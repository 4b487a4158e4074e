-- Verdicts from the run-level model: a judgement may say the series' history is too short to know
-- its noise, and carries the noise it was judged against; detection no longer adjusts p-values
-- across a run's series (no q-value); a change from a level of 0 has no percentage.
alter table judgement drop constraint judgement_kind_check;
alter table judgement add constraint judgement_kind_check
    check (kind in ('regression', 'improvement', 'unchanged', 'insufficient_history', 'insufficient_data'));
alter table judgement add column noise_percent double precision;
alter table judgement add column history_runs integer;
alter table judgement drop column q_value;
alter table regression drop column q_value;
alter table regression alter column p_value drop not null;
alter table regression alter column change_percent drop not null;
alter table regression alter column threshold_percent drop not null;
