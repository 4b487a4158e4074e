-- Replayed webhooks change nothing (hardening round 2).
--
-- A delivery's id header is not signed: the same signed body re-sent under a new id (or none) was
-- processed again. The body's SHA-256 now counts as seen, for the project it authenticated to,
-- whatever the id (two projects of one repository each get the same body, signed with their own
-- secrets). Deliveries stored before this have no hash; they were all handled long ago.
alter table webhook_delivery add column body_sha256 char(64);
create unique index webhook_delivery_body_idx on webhook_delivery (provider, project_id, body_sha256)
    where body_sha256 is not null;

-- The newest pull request (merge request) event processed, by the provider's updated_at of the pull
-- request: an older one (a captured `synchronize` replayed later) must not cancel the newer head's
-- job and queue the stale head. A later event that moves the head back to an older sha is newer, and runs.
create table pull_request_clock (
    project_id       bigint      not null references project (id) on delete cascade,
    provider         text        not null check (provider in ('github', 'gitlab')),
    pull_request     integer     not null,
    newest_event_at  timestamptz not null,
    primary key (project_id, provider, pull_request)
);
