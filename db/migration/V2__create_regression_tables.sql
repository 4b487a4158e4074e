-- Detection results: a judgement per series per run, regressions/improvements as records with a
-- lifecycle, and baseline resets (false positives and intended changes start a new baseline).

-- Runs wait here to be judged: PostgreSQL is the queue (SKIP LOCKED), so any instance may judge
-- any run, and a run stored just before a crash is still judged after the restart.
alter table run add column judged_at timestamptz;
create index run_unjudged_idx on run (uploaded_at) where judged_at is null;

create table judgement (
    run_id            uuid     not null references run (id) on delete cascade,
    series_id         bigint   not null references series (id) on delete cascade,
    kind              text     not null check (kind in ('regression', 'improvement', 'unchanged', 'insufficient_data')),
    p_value           double precision,
    q_value           double precision,
    change_percent    double precision,
    threshold_percent double precision,
    primary key (run_id, series_id)
);

create table regression (
    id                  bigserial primary key,
    series_id           bigint      not null references series (id) on delete cascade,
    kind                text        not null check (kind in ('regression', 'improvement')),
    first_bad_commit_id bigint      not null references git_commit (id) on delete cascade,
    last_good_commit_id bigint      references git_commit (id) on delete cascade,
    detected_in_run     uuid        not null references run (id) on delete cascade,
    change_percent      double precision not null,
    p_value             double precision not null,
    q_value             double precision not null,
    threshold_percent   double precision not null,
    baseline_median     double precision not null,
    status              text        not null default 'open'
                        check (status in ('open', 'acknowledged', 'false_positive', 'fixed')),
    note                text,
    status_changed_by   text,
    status_changed_at   timestamptz,
    created_at          timestamptz not null default now(),
    unique (series_id, first_bad_commit_id)
);
create index regression_status_idx on regression (status, series_id);

create table baseline_reset (
    series_id   bigint      not null references series (id) on delete cascade,
    commit_id   bigint      not null references git_commit (id) on delete cascade,
    reason      text        not null,
    created_at  timestamptz not null default now(),
    primary key (series_id, commit_id)
);
