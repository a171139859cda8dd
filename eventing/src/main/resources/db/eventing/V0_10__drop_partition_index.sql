-- Reads of a partition's events went to the services' read models; the index that served them
-- only cost every append an index entry (loads go by stream, the relay by transaction id).
drop index if exists event_store_partition;
