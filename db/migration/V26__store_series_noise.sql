-- Each series' run-to-run noise as compare last estimated it from its newest runs, kept across
-- restarts and shared by every instance. newest_result_id is the series' newest successful ordinary
-- result when the estimate was read: the estimate answers for the series only while that is still
-- its newest, so a new run (or a backfilled one: ids only grow) makes it be read again. read_at is
-- the database's time before the runs were read: of two estimates with the same newest result, the
-- one read later is kept, since a run that took its ids before that result's but committed after it
-- is only in the later one (the refresh after every upload reads it again for that reason).
create table series_noise (
    series_id        bigint primary key references series (id) on delete cascade,
    within_machine   double precision not null,
    between_machines double precision not null,
    runs             integer not null,
    machines         integer not null,
    level            double precision not null,
    newest_result_id bigint not null,
    read_at          timestamptz not null
);
