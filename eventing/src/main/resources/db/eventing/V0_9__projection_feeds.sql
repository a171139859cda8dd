-- Read models fed from the service's own event store (private events included), in the relay's
-- order: per projection and version of its read model, the (transaction, position) it has applied
-- up to, moved in the same transaction as the read rows it wrote.
create table projection_feed (
  projection      text        not null,
  version         int         not null,
  tx_id           xid8        not null default '0',
  global_position bigint      not null default 0,
  updated_at      timestamptz not null default now(),
  primary key (projection, version)
);
