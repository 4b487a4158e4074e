-- CI loop: webhooks start jobs, runners lease them, results come back as runs.

-- What an admin sets per project for CI. The webhook secret is kept encrypted (AES-GCM under the
-- platform's secret key), never in plain text; the old plain column is emptied into it at the first
-- start that has a key (WebhookSecrets), then dropped by a later migration.
alter table project
    add column webhook_secret_sealed text,
    add column benchmark_command     text,
    add column job_timeout_seconds   integer not null default 3600 check (job_timeout_seconds between 60 and 86400),
    add column measured_branches     text[]  not null default '{}',
    -- where commit statuses go: GitHub "owner/repo", GitLab "group/project" or its numeric id; when
    -- null, the path of repo_url. Never taken from a delivery: a signed payload naming another
    -- repository must not make hostgap post to it
    add column status_repository     text;

-- Every accepted delivery, so that a re-delivery (same provider and delivery id) creates nothing new.
create table webhook_delivery (
    provider     text        not null check (provider in ('github', 'gitlab')),
    delivery_id  text        not null,
    project_id   bigint      not null references project (id) on delete cascade,
    event        text        not null,
    outcome      text        not null,
    received_at  timestamptz not null default now(),
    primary key (provider, delivery_id)
);

-- Machines that lease jobs. The token is stored as its SHA-256, like API tokens.
create table runner (
    id                bigserial primary key,
    name              text        not null unique,
    labels            text[]      not null default '{}',
    token_hash        char(64)    not null unique,
    created_at        timestamptz not null default now(),
    last_heartbeat_at timestamptz,
    revoked_at        timestamptz
);

-- One benchmark run of one commit to be measured by a runner whose labels cover the job's labels.
-- state: queued → leased → completed | failed; queued → cancelled (a newer push to the same PR).
create table job (
    id                bigserial primary key,
    project_id        bigint      not null references project (id) on delete cascade,
    sha               char(40)    not null,
    branch            text        not null,
    trigger           text        not null check (trigger in ('push', 'pull_request', 'api')),
    pull_request      integer,
    base_sha          char(40),
    -- where the status goes: github with "owner/repo", gitlab with the numeric project id; null for api jobs
    provider          text        check (provider in ('github', 'gitlab')),
    provider_project  text,
    labels            text[]      not null default '{}',
    command           text        not null,
    timeout_seconds   integer     not null,
    state             text        not null default 'queued'
                      check (state in ('queued', 'leased', 'completed', 'failed', 'cancelled')),
    attempts          integer     not null default 0,
    max_attempts      integer     not null default 3,
    runner_id         bigint      references runner (id),
    lease_expires_at  timestamptz,
    run_id            uuid        references run (id) on delete set null,
    delivery_id       text,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    check ((state = 'leased') = (lease_expires_at is not null))
);
-- the lease query: oldest queued job first
create index job_queued_idx on job (created_at, id) where state = 'queued';
create index job_expired_idx on job (lease_expires_at) where state = 'leased';
create index job_project_idx on job (project_id, created_at desc);
-- one job per commit, trigger and pull request: a re-sent push or a second webhook for the same sha
-- does not measure it twice
create unique index job_once_idx on job (project_id, sha, trigger, coalesce(pull_request, 0))
    where state in ('queued', 'leased', 'completed');

-- Why each attempt ended (a failed command, an expired lease): kept when the job is retried or fails.
create table job_attempt (
    job_id      bigint      not null references job (id) on delete cascade,
    attempt     integer     not null,
    runner_id   bigint      references runner (id),
    started_at  timestamptz not null,
    ended_at    timestamptz,
    outcome     text        check (outcome in ('completed', 'failed', 'expired', 'released')),
    reason      text,
    primary key (job_id, attempt)
);
