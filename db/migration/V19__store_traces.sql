-- Profiler traces (docs/traces.md). A trace uploaded for a commit is one run: its per-step figures are
-- that run's results (series benchmark = the trace's name, params = the device), so detection, compare and
-- CI statuses read it like any benchmark. What it says beyond those figures (the gaps' causes, one step's
-- timeline) is its summary; the uploaded file itself is kept in chunks, in this database so that every
-- instance can serve it, until raw_kept_until (the summary is kept as long as the run).
alter table run drop constraint run_source_check;
alter table run add constraint run_source_check check (source in ('hostgap', 'jmh', 'trace'));

create table trace (
    run_id          uuid        primary key references run (id) on delete cascade,
    project_id      bigint      not null references project (id) on delete cascade,
    job_id          bigint      references job (id) on delete set null,
    name            text        not null,
    format          text        not null check (format in ('kineto', 'nsys')),
    file_bytes      bigint      not null,
    file_sha256     char(64)    not null,
    gzipped         boolean     not null,
    summary         jsonb       not null,
    uploaded_at     timestamptz not null default now(),
    raw_kept_until  timestamptz
);
create index trace_project_name_idx on trace (project_id, name, uploaded_at desc);
create index trace_raw_expiry_idx on trace (raw_kept_until) where raw_kept_until is not null;

create table trace_chunk (
    run_id  uuid    not null references trace (run_id) on delete cascade,
    seq     integer not null,
    data    bytea   not null,
    primary key (run_id, seq)
);
-- traces are mostly gzip already: compressing the chunks again costs CPU and saves nothing
alter table trace_chunk alter column data set storage external;
