-- Runner tokens are scoped and rotatable (issue 24, "Untrusted code on GPU runners").
--
-- Scope: a runner leases only jobs of its projects. all_projects keeps the behaviour of runners
-- registered before scopes (any project), and is what a registration without "projects" gets; a
-- runner with all_projects = false leases only the projects listed in runner_project, and nothing
-- once they are all gone (deleting a project never widens a runner's scope).
alter table runner add column all_projects boolean not null default true;

create table runner_project (
    runner_id  bigint not null references runner (id) on delete cascade,
    project_id bigint not null references project (id) on delete cascade,
    primary key (runner_id, project_id)
);
create index runner_project_project_idx on runner_project (project_id);

-- Rotation: a new token replaces token_hash; the one it replaces keeps working until
-- previous_token_expires_at (the grace an admin chose) so the new one can be rolled out first.
-- Only hashes are stored, as for token_hash.
alter table runner
    add column previous_token_hash       char(64) unique,
    add column previous_token_expires_at timestamptz,
    add column token_rotated_at          timestamptz,
    add constraint runner_previous_token_check
        check ((previous_token_hash is null) = (previous_token_expires_at is null));
