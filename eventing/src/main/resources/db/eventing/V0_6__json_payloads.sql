-- Payloads and metadata are kept as the JSON text the service wrote (json), not as jsonb. The store
-- never queries inside them: it hands them back as text to loads and to the relay. jsonb parsed
-- every payload into its binary form on insert and printed it back on every read, for nothing;
-- json only checks that the text is JSON. Measured on the benchmark's probe (16 writers, each
-- variant on a fresh database, three rounds interleaved): about 7% more appends per second.
alter table event_store
  alter column payload type json using payload::json,
  alter column metadata type json using metadata::json,
  alter column metadata set default '{}';
