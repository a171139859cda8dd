-- Forgetting a subject keeps their row, without a key, as a tombstone: no later write can give
-- them a new key (an in-flight request would otherwise make their words readable again), and a
-- write racing the forget conflicts on the same primary key.
alter table vault_key alter column wrapped_key drop not null;
alter table vault_key alter column master_key drop not null;
alter table vault_key add column forgotten_at timestamptz;
