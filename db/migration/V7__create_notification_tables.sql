-- Back to CI: what was sent to GitHub/GitLab once a job's run was judged.

-- One row per job and kind of message, inserted before the first attempt (the insert is the claim:
-- a job's status is sent by one worker, once) and updated after every attempt, so an operator sees
-- what failed and why.
create table notification (
    id           bigserial primary key,
    job_id       bigint      not null references job (id) on delete cascade,
    kind         text        not null check (kind in ('status', 'comment')),
    state        text        not null default 'pending' check (state in ('pending', 'delivered', 'failed')),
    attempts     integer     not null default 0,
    last_status  integer,
    last_error   text,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    unique (job_id, kind)
);

-- The one comment hostgap keeps on a pull request (GitLab: merge request note), edited in place on
-- later pushes. The row is locked while the comment is posted or edited, so two runs judged at once
-- for one pull request never post two comments; job_id is the job whose table the comment shows
-- (an older job's table never replaces a newer one's).
create table pull_request_comment (
    project_id        bigint      not null references project (id) on delete cascade,
    provider          text        not null check (provider in ('github', 'gitlab')),
    provider_project  text        not null,
    pull_request      integer     not null,
    comment_id        bigint,
    job_id            bigint,
    updated_at        timestamptz not null default now(),
    primary key (project_id, provider, provider_project, pull_request)
);
