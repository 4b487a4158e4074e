-- Several instances share one database: a status or comment being sent is leased by one instance
-- until lease_expires_at, renewed before every attempt and across the wait before a retry. An
-- instance that stops hands its leases back (state queued); one that is killed loses them when they
-- expire, and any instance's sweep sends the message. Before this, a message claimed by an instance
-- that then stopped stayed pending until a 15-minute timeout that only a sweep of recent jobs found.
alter table notification add column lease_owner text;
alter table notification add column lease_expires_at timestamptz;

-- rows a stop left half-sent: taken up at once
update notification set lease_expires_at = now() where state = 'pending';

alter table notification add constraint notification_lease_check
    check (state <> 'pending' or lease_expires_at is not null);

create index notification_lease_idx on notification (lease_expires_at) where state = 'pending';
