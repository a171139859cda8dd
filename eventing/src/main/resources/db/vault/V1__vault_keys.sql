-- The key store of a service's vault: its own database, apart from the event store, so that no
-- backup of the event store ever holds a key. One data key per subject, wrapped by a master key;
-- a forgotten subject keeps its row, without a key, as a tombstone (no later write can give them a
-- new key, and a write racing the forget conflicts on the same primary key). Give this database's
-- backups a short retention: an erasure is final once no backup of it holds the key.
create table if not exists vault_key (
  subject      uuid        primary key,
  master_key   text,
  wrapped_key  bytea,
  created_at   timestamptz not null default now(),
  forgotten_at timestamptz
);

create index if not exists vault_key_master on vault_key (master_key) where wrapped_key is not null;
