-- A/A calibrations: a commit measured in several separate runs (hostgap-runner run --repeat N),
-- declared by the project as runs of the same code. Per series, the run-to-run noise those runs
-- show is stored; compare and detection never take a series' noise below it, and a series with too
-- little history of its own is judged with it. One calibration per commit: declaring it again
-- recomputes it from the runs stored by then.
create table calibration (
    id          bigserial primary key,
    project_id  bigint not null references project (id) on delete cascade,
    commit_id   bigint not null references git_commit (id) on delete cascade,
    note        text,
    updated_by  text   not null,
    updated_at  timestamptz not null default now(),
    unique (project_id, commit_id)
);

create table calibration_noise (
    calibration_id  bigint not null references calibration (id) on delete cascade,
    series_id       bigint not null references series (id) on delete cascade,
    runs            integer not null check (runs >= 2),
    machines        integer not null check (machines >= 0),
    level           double precision not null,
    within_machine  double precision not null check (within_machine >= 0),
    between_machines double precision not null check (between_machines >= 0),
    primary key (calibration_id, series_id)
);
create index calibration_noise_series_idx on calibration_noise (series_id);
