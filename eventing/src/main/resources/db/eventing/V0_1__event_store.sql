-- The event store of one service: the single source of truth, and the relay's outbox.
create table event_store (
  global_position bigint      generated always as identity primary key,
  stream_id       text        not null,
  stream_version  bigint      not null check (stream_version > 0),
  event_id        uuid        not null unique,
  event_type      text        not null,
  schema_version  int         not null check (schema_version > 0),
  couple_id       uuid,
  actor           text,
  occurred_at     timestamptz not null,
  payload         jsonb       not null,
  metadata        jsonb       not null default '{}',
  -- The writing transaction: the relay reads only below the oldest transaction still running,
  -- so a slow transaction that commits late is never skipped.
  tx_id           xid8        not null default pg_current_xact_id(),
  unique (stream_id, stream_version)
);

create index event_store_relay_order on event_store (tx_id, global_position);

-- Wakes the relay when events commit (delivered at commit, folded per transaction).
create function event_store_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('event_store', '');
  return null;
end;
$$;

create trigger event_store_appended
  after insert on event_store
  for each statement execute function event_store_notify();

-- A command's idempotency key and the outcome it produced the first time.
create table event_idempotency (
  idempotency_key text        primary key,
  stream_id       text        not null,
  outcome         jsonb       not null,
  created_at      timestamptz not null default now()
);

-- Where the relay has published up to: the (transaction, position) of the last event Kafka
-- acknowledged.
create table event_relay_checkpoint (
  relay           text        primary key,
  tx_id           xid8        not null,
  global_position bigint      not null,
  updated_at      timestamptz not null default now()
);

-- Consumers: which events a projection has applied (redelivery changes nothing), and the
-- highest position per source it has processed (consistency tokens).
create table projection_processed_event (
  projection text not null,
  event_id   uuid not null,
  primary key (projection, event_id)
);

create table projection_source_position (
  projection      text        not null,
  source          text        not null,
  global_position bigint      not null,
  updated_at      timestamptz not null default now(),
  primary key (projection, source)
);

-- Crypto-shredding: one data key per subject, wrapped by the master key. Deleting the row makes
-- every ciphertext of that subject unreadable.
create table vault_key (
  subject     uuid        primary key,
  master_key  text        not null,
  wrapped_key bytea       not null,
  created_at  timestamptz not null default now()
);
