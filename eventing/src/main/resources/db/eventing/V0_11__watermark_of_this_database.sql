-- Where the relay and the read models of the store may read up to: below every transaction still
-- running that could have written to this database. The snapshot's oldest running transaction
-- (pg_snapshot_xmin) is the whole cluster's, so a transaction of another database of the cluster
-- (another service's store, a session left open by hand) held this store's events back until it
-- ended. A running transaction is passed over only when the server's activity shows it in another
-- database (any role sees each session's database and transaction id there); one it does not show
-- (ended since the snapshot, prepared, of a process with no database) still holds, as before.
-- PL/pgSQL, so that its plans are kept for the session: the relay calls it on every look; the
-- server's activity is read once a call, and not at all when nothing runs.
create function event_store_watermark() returns xid8 language plpgsql stable as $$
declare
  snapshot pg_snapshot := pg_current_snapshot();
  oldest xid8;
begin
  if pg_snapshot_xmin(snapshot) = pg_snapshot_xmax(snapshot) then
    return pg_snapshot_xmax(snapshot);
  end if;
  select min(running) into oldest from pg_snapshot_xip(snapshot) as running
  where (running::text::numeric % 4294967296)::text not in (
    select activity.backend_xid::text from pg_stat_get_activity(null) as activity
    where activity.backend_xid is not null
      and activity.datid <> (select oid from pg_database where datname = current_database()));
  return coalesce(oldest, pg_snapshot_xmax(snapshot));
end;
$$;
