-- A fork's pull request runs code anyone wrote on the project's GPU runners: by default its jobs
-- wait for a maintainer's approval of the head they would measure (issue: untrusted code on GPU runners).
--
-- never:          fork pull requests are not measured
-- after_approval: their head jobs wait (state awaiting_approval, never leased) until a head sha is approved
-- always:         they run at once, as before this migration
alter table project add column fork_pull_requests text not null default 'after_approval'
    check (fork_pull_requests in ('never', 'after_approval', 'always'));

alter table job drop constraint job_state_check;
-- a fork's head needs its sha approved, whenever it is queued: at its first enqueue, and when a person
-- runs a cancelled or failed one again (an author's older head, cancelled by a newer push, stays unapproved)
alter table job add column needs_approval boolean not null default false;
alter table job add constraint job_state_check
    check (state in ('awaiting_approval', 'queued', 'leased', 'completed', 'failed', 'cancelled'));

-- one waiting job per commit and replicate too: a reopened pull request does not queue its head twice
drop index job_once_idx;
create unique index job_once_idx on job (project_id, sha, trigger, coalesce(pull_request, 0), replicate)
    where state in ('awaiting_approval', 'queued', 'leased', 'completed');

-- Jobs of fork pull requests queued before this migration stay queued: nothing recorded which came
-- from a fork (docs/ci.md says so in its upgrade note).

-- Who approved which head of which pull request. An approval is of one sha: a later push by the
-- fork's author waits again. It may come before the webhook that names the head (then its jobs are queued at once).
create table pull_request_approval (
    project_id    bigint      not null references project (id) on delete cascade,
    pull_request  integer     not null,
    sha           char(40)    not null,
    approved_by   text        not null,
    approved_at   timestamptz not null default now(),
    primary key (project_id, pull_request, sha)
);
