-- Projections remember what they applied per stream, not per event: the highest version of each
-- stream below which every version was applied, plus the versions applied beyond a gap (an
-- earlier version not seen yet, after a relay re-send delivered a later one first). A gap's rows
-- fold into the stream's version as soon as it closes, so the marks grow with the number of
-- streams, not of events. (Each published stream has contiguous versions on Kafka.)
create table projection_stream_version (
  projection text   not null,
  stream_id  text   not null,
  version    bigint not null,
  ahead      int    not null default 0,
  primary key (projection, stream_id)
);

create table projection_applied_ahead (
  projection text   not null,
  stream_id  text   not null,
  version    bigint not null,
  event_id   uuid   not null,
  primary key (projection, stream_id, version)
);

-- The per-event marks are replaced; a projection that kept them is rebuilt (or re-applies what
-- its consumer group re-delivers, which the new marks then remember).
drop table projection_processed_event;
