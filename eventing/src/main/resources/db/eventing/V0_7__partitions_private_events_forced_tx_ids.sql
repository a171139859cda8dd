-- The library's own words: what keeps related streams in order on Kafka is a partition key (Open
-- Up's services use the couple id); the library knows nothing of couples.
alter table event_store rename column couple_id to partition_key;
alter index event_store_couple rename to event_store_partition;

-- Private events are stored and never relayed (a partner's draft, say). A stream is private or
-- public as a whole, so each published stream keeps contiguous versions on Kafka.
alter table event_store add column published boolean not null default true;

-- The relay's watermark is only sound if tx_id is the id of the transaction that wrote the row.
-- The column default fills it; a writer that names another value is refused. (A restore by
-- pg_restore loads the rows before it creates this trigger, keeping their old ids; the relay
-- notices ids from another cluster and re-bases, see EventRelay.)
create function event_store_tx_id_is_the_writers() returns trigger language plpgsql as $$
begin
  raise exception 'event_store.tx_id is the writing transaction''s id; it cannot be set'
    using errcode = '42501';
end;
$$;

create trigger event_store_tx_id_forced
  before insert on event_store
  for each row when (new.tx_id is distinct from pg_current_xact_id())
  execute function event_store_tx_id_is_the_writers();

-- An idempotency key answers for one request: the fingerprint of that request is kept with it,
-- and keys expire (a scheduled purge removes those older than the retention).
alter table event_idempotency add column fingerprint text;
create index event_idempotency_created on event_idempotency (created_at);

-- What the relay could not publish (too large for Kafka, unreadable), set aside with the reason
-- so that the rest of the log goes on; counted in a metric, read by operators (README runbook).
create table event_relay_dead_letter (
  relay           text        not null,
  global_position bigint      not null,
  event_id        uuid        not null,
  reason          text        not null,
  set_aside_at    timestamptz not null default now(),
  primary key (relay, global_position)
);
