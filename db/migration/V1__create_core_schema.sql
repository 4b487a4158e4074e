-- Core model: projects, the commit DAG, branches, environments, benchmarks, series, runs and results.
-- Identity of a series (DESIGN.md): project, benchmark id, version, params, metric, environment class.

create table project (
    id              bigserial primary key,
    name            text        not null unique,
    repo_url        text        not null,
    default_branch  text        not null,
    webhook_secret  text,
    runner_labels   text[]      not null default '{}',
    created_at      timestamptz not null default now()
);

-- A commit is known once a run (or, later, a webhook) names it. Parents are kept by sha because a
-- parent need not have been uploaded yet; position 0 is the first parent.
create table git_commit (
    id            bigserial primary key,
    project_id    bigint      not null references project (id) on delete cascade,
    sha           char(40)    not null,
    committed_at  timestamptz,
    message       text,
    first_seen_at timestamptz not null default now(),
    unique (project_id, sha)
);
-- history walks fall back to commit time where the first-parent chain has gaps
create index git_commit_time_idx on git_commit (project_id, (coalesce(committed_at, first_seen_at)), id);

create table commit_parent (
    commit_id   bigint   not null references git_commit (id) on delete cascade,
    position    smallint not null,
    parent_sha  char(40) not null,
    primary key (commit_id, position)
);

create table branch (
    project_id  bigint      not null references project (id) on delete cascade,
    name        text        not null,
    head_sha    char(40)    not null,
    updated_at  timestamptz not null default now(),
    primary key (project_id, name)
);

-- Everything a runner reports about where it measured. The class fingerprint covers only what
-- changes the numbers systematically (GPU, driver, CUDA, runtime); host and JVM are kept per run.
create table environment (
    id                 bigserial primary key,
    fingerprint        char(64) not null unique,
    environment_class  text     not null,
    gpu                text     not null,
    driver             text     not null,
    cuda               text     not null,
    runtime            text     not null,
    jvm                text     not null,
    host               text     not null,
    attributes         jsonb    not null default '{}'
);

create table benchmark (
    id           bigserial primary key,
    project_id   bigint  not null references project (id) on delete cascade,
    name         text    not null,
    version      integer not null check (version >= 0),
    params       jsonb   not null,
    params_key   text    not null,
    unique (project_id, name, version, params_key)
);

create table series (
    id                 bigserial primary key,
    benchmark_id       bigint not null references benchmark (id) on delete cascade,
    metric             text   not null,
    unit               text   not null,
    direction          text   not null check (direction in ('lower_is_better', 'higher_is_better')),
    environment_class  text   not null,
    unique (benchmark_id, metric, environment_class)
);

create table run (
    id              uuid        primary key,
    project_id      bigint      not null references project (id) on delete cascade,
    commit_id       bigint      not null references git_commit (id) on delete cascade,
    branch          text,
    environment_id  bigint      not null references environment (id),
    schema_version  text        not null,
    source          text        not null check (source in ('hostgap', 'jmh')),
    content_hash    char(64)    not null,
    uploaded_at     timestamptz not null default now()
);
create index run_commit_idx on run (commit_id);

-- One row per series per run. samples holds one value per fork; the summary columns are derived
-- from it at ingest so that history queries never re-sort arrays. commit_id is copied from run so
-- that series and compare queries need no join through run.
create table result (
    id          bigserial primary key,
    run_id      uuid     not null references run (id) on delete cascade,
    series_id   bigint   not null references series (id) on delete cascade,
    commit_id   bigint   not null references git_commit (id) on delete cascade,
    samples     double precision[] not null default '{}',
    n           integer  not null,
    median      double precision,
    mean        double precision,
    p10         double precision,
    p90         double precision,
    min         double precision,
    max         double precision,
    error       text,
    kernel_hash text,
    unique (run_id, series_id),
    check ((error is null) = (n > 0))
);
create index result_series_commit_idx on result (series_id, commit_id);
create index result_commit_idx on result (commit_id);

-- Bearer tokens, stored as SHA-256 of the secret. Admin tokens have no project; upload tokens do.
create table api_token (
    id          bigserial primary key,
    name        text        not null,
    token_hash  char(64)    not null unique,
    scope       text        not null check (scope in ('admin', 'upload')),
    project_id  bigint      references project (id) on delete cascade,
    created_at  timestamptz not null default now(),
    revoked_at  timestamptz,
    check ((scope = 'admin') = (project_id is null))
);
