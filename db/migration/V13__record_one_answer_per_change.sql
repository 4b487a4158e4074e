-- One answer per change: a commit's verdict is the set of changes dated to it, so a change is on
-- record from the first look. 'suspected': the commit's own run crossed compare's threshold and
-- detection has not confirmed it yet; 'dismissed': later commits did not confirm it (the level came
-- back, or it never stood out). Both keep the (series, first bad commit) slot, so a later
-- confirmation revives the same record instead of opening a second one.
alter table regression drop constraint regression_status_check;
alter table regression add constraint regression_status_check
    check (status in ('suspected', 'open', 'acknowledged', 'false_positive', 'fixed', 'dismissed'));
create index regression_first_bad_idx on regression (first_bad_commit_id);

-- Pull-request runs: judged as their head against their own base, never part of a branch's
-- history, noise, detection or regressions. base_sha is the commit the pull request targets.
alter table run add column pull_request integer check (pull_request > 0);
alter table run add column base_sha char(40);
-- the pull-request runs stored before: those a pull request's job completed
update run set pull_request = j.pull_request, base_sha = j.base_sha
from job j where j.run_id = run.id and j.pull_request is not null;

-- Judging that fails is retried with backoff a bounded number of times; until it succeeds the
-- commit's answer is an error, never a green status.
alter table run add column judge_attempts integer not null default 0;
alter table run add column judge_error text;
alter table run add column judge_after timestamptz;

-- The view other features read: which runs are pull-request runs, and whether judging failed.
create or replace view run_commit as
    select id as run_id, project_id, commit_id, branch, uploaded_at, judged_at, pull_request, base_sha, judge_error
    from run;

-- Statuses are posted more than once per job (pending, then the verdict, then again when a change
-- is opened, re-dated, dismissed or triaged). A row is one job's message of one kind: 'queued' wants
-- sending; 'pending' is being sent; resend asks for one more send once the current one ends.
alter table notification drop constraint notification_state_check;
alter table notification add constraint notification_state_check
    check (state in ('queued', 'pending', 'delivered', 'failed'));
alter table notification add column resend boolean not null default false;
alter table notification add column last_description text;
create index notification_queued_idx on notification (updated_at) where state in ('queued', 'pending');

-- A run judged after runs of later commits of its branch (a backfill, a burst judged out of order)
-- changes what those later commits were judged against: they are judged again, once per backfill.
-- first_judged_at tells a first judging (which may re-queue its successors) from a re-judging (which never does).
alter table run add column first_judged_at timestamptz;
update run set first_judged_at = judged_at;

-- A pull request's head is measured several times (hostgap.webhooks.pull-request-runs): one run
-- against its base's level leaves the threshold at about 4.5 run-noise widths, too wide to see a
-- step of a few. Each replicate is a job of its own, so any runner may take it.
alter table job add column replicate smallint not null default 1 check (replicate between 1 and 10);
drop index job_once_idx;
create unique index job_once_idx on job (project_id, sha, trigger, coalesce(pull_request, 0), replicate)
    where state in ('queued', 'leased', 'completed');
