-- Thresholds as data (per project, optionally narrowed to one benchmark and/or one metric): what it
-- takes for a change to count. The most specific row wins; with none, the configured defaults apply.
create table threshold (
    id                  bigserial primary key,
    project_id          bigint  not null references project (id) on delete cascade,
    benchmark           text,
    metric              text,
    min_change_percent  double precision not null check (min_change_percent >= 0 and min_change_percent <= 1000),
    noise_multiplier    double precision not null check (noise_multiplier >= 1 and noise_multiplier <= 100),
    min_history_runs    integer not null check (min_history_runs between 3 and 1000),
    updated_by          text    not null,
    updated_at          timestamptz not null default now()
);
create unique index threshold_scope_idx on threshold (project_id, coalesce(benchmark, ''), coalesce(metric, ''));
