-- Every status change of a regression, kept: who, when, why, from which status to which.
create table regression_event (
    id             bigserial primary key,
    regression_id  bigint      not null references regression (id) on delete cascade,
    from_status    text,
    to_status      text        not null,
    changed_by     text        not null,
    reason         text,
    changed_at     timestamptz not null default now()
);
create index regression_event_regression_idx on regression_event (regression_id, id);

insert into regression_event (regression_id, from_status, to_status, changed_by, reason, changed_at)
select id, null, 'open', 'hostgap', 'detected', created_at from regression;
insert into regression_event (regression_id, from_status, to_status, changed_by, reason, changed_at)
select id, 'open', status, coalesce(status_changed_by, 'unknown'), note, coalesce(status_changed_at, created_at)
from regression where status <> 'open';
