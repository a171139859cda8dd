-- Versions of a read model: the one queries read, and the one being rebuilt beside it, if any.
create table projection_version (
  projection         text        primary key,
  active_version     int         not null,
  rebuilding_version int,
  rebuild_processed  bigint      not null default 0,
  rebuild_total      bigint      not null default 0,
  updated_at         timestamptz not null default now()
);

-- Consumers find events of one couple quickly (histories, and reads that fold a couple's streams).
create index event_store_couple on event_store (couple_id, global_position);

-- A partner's couples are found by the events they appended.
create index event_store_actor on event_store (actor, couple_id);
