-- Several instances share one database: a status or comment being sent is leased by one instance
-- until lease_expires_at, renewed before every attempt and across the wait before a retry. An
-- instance that stops hands its leases back (state queued); one that is killed loses them when they
-- expire, and any instance's sweep sends the message. Before this, a message claimed by an instance
-- that then stopped stayed pending until a 15-minute timeout that only a sweep of recent jobs found.
alter table notification add column lease_owner text;
alter table notification add column lease_expires_at timestamptz;

-- No constraint ties 'pending' to a lease: during a rolling upgrade, instances of the version before
-- this one still claim rows without one. Such a row counts as leased until 15 minutes after its
-- updated_at, the timeout those instances themselves apply (NotificationLog, CiJobs). The sweep
-- finds rows through notification_queued_idx (updated_at, where queued or pending).
