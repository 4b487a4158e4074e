-- The two database roles of a production hostgap, run once by a superuser in the hostgap database
-- (docker/postgres/10-hostgap-roles.sh does it when the compose file's PostgreSQL is first created;
-- docs/deployment.md shows it by hand). Safe to run again.
--
--   hostgap_owner  owns the database and everything in it; Flyway migrates as this role
--                  (spring.flyway.user). On PostgreSQL 15+ only the owner of a schema may create
--                  in it, so a role with CONNECT alone cannot migrate.
--   hostgap_app    what the instances serve with (spring.datasource.username): reads and writes
--                  rows, uses sequences, nothing else. It cannot create, alter or drop a table, so
--                  a compromised instance cannot change the schema or drop history.
--
-- Passwords are set apart (ALTER ROLE … PASSWORD), never written here.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'hostgap_owner') then
        create role hostgap_owner login;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'hostgap_app') then
        create role hostgap_app login;
    end if;
    execute format('alter database %I owner to hostgap_owner', current_database());
    execute format('revoke all on database %I from public', current_database());
    execute format('grant connect, temporary on database %I to hostgap_app', current_database());
end
$$;

alter schema public owner to hostgap_owner;
revoke all on schema public from public;
grant usage on schema public to hostgap_app;

-- what the owner creates from now on (every migration), the app role may use
alter default privileges for role hostgap_owner in schema public
    grant select, insert, update, delete on tables to hostgap_app;
alter default privileges for role hostgap_owner in schema public
    grant usage, select, update on sequences to hostgap_app;
alter default privileges for role hostgap_owner in schema public
    grant execute on functions to hostgap_app;

-- and what it created before these rules existed (a database first migrated by hostgap_owner
-- before this script ran): the same grants, once
grant select, insert, update, delete on all tables in schema public to hostgap_app;
grant usage, select, update on all sequences in schema public to hostgap_app;
grant execute on all functions in schema public to hostgap_app;
