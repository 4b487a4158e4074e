-- Confirm, then bisect (docs/confirm-and-bisect.md). A suspected change is measured again before
-- anyone is told: one runner measures its base and head interleaved (a probe), and the pairs decide.
-- A confirmed change whose range holds commits never measured is bisected, one probe per step.

-- New kinds of job: a probe's measurements (confirm, bisect, try) and the repeats of a new project's
-- head that tell its noise before its first pull request (calibrate).
alter table job drop constraint job_trigger_check;
alter table job add constraint job_trigger_check
    check (trigger in ('push', 'pull_request', 'api', 'confirm', 'bisect', 'try', 'calibrate'));

-- A group is a probe's jobs: leased in order (replicate is the position), all by the runner that
-- leased the first one (pinned_runner_id), so base and head of a round ran on the same machine.
alter table job add column job_group bigint;
alter table job add column pinned_runner_id bigint references runner (id) on delete set null;
create sequence job_group_seq;
create index job_group_idx on job (job_group, replicate) where job_group is not null;
alter table job drop constraint job_replicate_check;
alter table job add constraint job_replicate_check check (replicate between 1 and 200);
drop index job_once_idx;
create unique index job_once_idx on job (project_id, sha, trigger, coalesce(pull_request, 0), coalesce(job_group, 0), replicate)
    where state in ('awaiting_approval', 'queued', 'leased', 'completed');

-- A paired run (a probe's) counts as evidence of its commit's level, but never in a series' noise
-- (back-to-back runs on one machine would make it look smaller than it is), and raises no suspicion itself.
alter table run add column paired boolean not null default false;
create or replace view run_commit as
    select id as run_id, project_id, commit_id, branch, uploaded_at, judged_at, pull_request, base_sha, judge_error, paired
    from run;

-- confirming:  a probe measures it; its commit's answer is pending
-- unconfirmed: the probe did not bear it out; recorded, visible, closed
alter table regression drop constraint regression_status_check;
alter table regression add constraint regression_status_check
    check (status in ('suspected', 'confirming', 'open', 'acknowledged', 'false_positive', 'fixed', 'dismissed',
                      'unconfirmed'));
create index regression_confirming_idx on regression (id) where status = 'confirming';

-- A bisection of a confirmed change whose range holds commits never measured: good_sha and bad_sha
-- close in, one probe per step, until bad_sha is good_sha's first-parent child.
create table bisection (
    id                 bigserial   primary key,
    project_id         bigint      not null references project (id) on delete cascade,
    branch             text        not null,
    state              text        not null default 'bisecting'
                       check (state in ('bisecting', 'pinned', 'budget_spent', 'cancelled', 'failed')),
    good_sha           char(40)    not null,
    bad_sha            char(40)    not null,
    first_bad_sha      char(40),
    skipped            text[]      not null default '{}',
    max_jobs           integer     not null check (max_jobs > 0),
    max_gpu_seconds    integer     not null check (max_gpu_seconds > 0),
    note               text,
    created_at         timestamptz not null default now(),
    ended_at           timestamptz
);

-- One paired measurement: rounds of base, (middle,) head on one runner, as one job group.
create table probe (
    id              bigserial   primary key,
    project_id      bigint      not null references project (id) on delete cascade,
    kind            text        not null check (kind in ('confirm', 'bisect', 'try')),
    state           text        not null default 'measuring'
                    check (state in ('measuring', 'concluded', 'failed', 'cancelled')),
    -- confirm: confirmed | unconfirmed; bisect: bad | good (the middle) | skipped; try: judged
    outcome         text        check (outcome in ('confirmed', 'unconfirmed', 'bad', 'good', 'skipped', 'judged')),
    branch          text        not null,
    base_sha        char(40)    not null,
    middle_sha      char(40),
    head_sha        char(40)    not null,
    pull_request    integer,
    rounds          smallint    not null check (rounds between 2 and 20),
    job_group       bigint      not null unique,
    bisection_id    bigint      references bisection (id) on delete cascade,
    requested_by    text        not null,
    note            text,
    -- the paired table as judged, per series (what GET …/probes/{id} shows)
    results         jsonb,
    created_at      timestamptz not null default now(),
    ended_at        timestamptz
);
create index probe_project_idx on probe (project_id, created_at desc);
create index probe_bisection_idx on probe (bisection_id) where bisection_id is not null;

-- The changes a probe confirms (or the bisection of those changes re-dates).
create table probe_change (
    probe_id       bigint not null references probe (id) on delete cascade,
    regression_id  bigint not null references regression (id) on delete cascade,
    primary key (probe_id, regression_id)
);
create index probe_change_regression_idx on probe_change (regression_id);
alter table bisection add column confirm_probe_id bigint not null references probe (id) on delete cascade;
create unique index bisection_once_idx on bisection (confirm_probe_id);
