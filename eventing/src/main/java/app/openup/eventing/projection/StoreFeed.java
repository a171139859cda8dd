package app.openup.eventing.projection;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.store.EventMetadata;
import app.openup.eventing.store.EventStore;
import app.openup.eventing.store.RecordedEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * A service's own events, private ones included, for the read models it keeps of them: read in the
 * relay's order (below the oldest transaction still running in the database, by transaction id and
 * position), so that no event is ever skipped. Each read model, in each of its versions, keeps
 * where it is ({@code projection_feed}); the projection moves that position in the transaction that
 * writes its rows ({@link #ADVANCE}, optimistic: it moves only from where it was read), so each
 * event is applied exactly once, even with several instances running the projection.
 */
public final class StoreFeed {

  /** Where a read model is in the store's order. */
  public record Position(String txId, long globalPosition) {
    public static final Position START = new Position("0", 0);

    /** Whether this position is the other one or later in the store's order. */
    public boolean isAtOrAfter(Position other) {
      int byTransaction =
          Long.compareUnsigned(Long.parseUnsignedLong(txId), Long.parseUnsignedLong(other.txId));
      return byTransaction > 0 || (byTransaction == 0 && globalPosition >= other.globalPosition);
    }
  }

  /** An event and where it stands in the store's order. */
  public record Fed(RecordedEvent event, Position position) {}

  /**
   * Moves a read model's position, if it is still where it was read: parameters projection,
   * version, new transaction id, new position, old transaction id, old position (in that order, as
   * {@code ?1} to {@code ?6}). Run it in the transaction that writes the rows; 0 rows updated means
   * another instance applied these events first, and the transaction must roll back.
   */
  public static final String ADVANCE =
      "update projection_feed set tx_id = cast(?3 as xid8), global_position = ?4,"
          + " updated_at = now() where projection = ?1 and version = ?2"
          + " and tx_id = cast(?5 as xid8) and global_position = ?6";

  private static final String ENSURE =
      "insert into projection_feed (projection, version) values ($1, $2)"
          + " on conflict (projection, version) do nothing";
  private static final String POSITION =
      "select tx_id::text, global_position from projection_feed"
          + " where projection = $1 and version = $2";
  private static final String RESET =
      "insert into projection_feed (projection, version) values ($1, $2)"
          + " on conflict (projection, version) do update set tx_id = '0', global_position = 0,"
          + " updated_at = now()";
  private static final String EVENT_COLUMNS =
      "tx_id::text, event_id, stream_id, stream_version, global_position, event_type,"
          + " schema_version, partition_key, actor, occurred_at, payload::text, metadata::text";
  // Where the read model is and the events after it, in one statement: a row per event, each with
  // the position; one row with no event when there is none. The outer order is the inner one again
  // (on the transaction id as a number, not its text), so that it does not rest on the plan.
  private static final String NEXT =
      "select f.tx_id::text, f.global_position, e.* from projection_feed f"
          + " left join lateral (select "
          + EVENT_COLUMNS
          + ", event_store.tx_id as in_order"
          + " from event_store where (tx_id, global_position) > (f.tx_id, f.global_position)"
          + " and"
          + EventStore.BELOW_WATERMARK
          + EventStore.IN_STORE_ORDER
          + " limit $3) e on true"
          + " where f.projection = $1 and f.version = $2"
          + " order by e.in_order, e.global_position";
  private static final String APPLIED =
      "select 1 from projection_feed f join event_store e on e.event_id = $3"
          + " where f.projection = $1 and f.version = $2"
          + " and (e.tx_id, e.global_position) <= (f.tx_id, f.global_position)";
  private static final String BEHIND =
      "select count(*) from event_store e, projection_feed f where f.projection = $1"
          + " and f.version = $2 and (e.tx_id, e.global_position) > (f.tx_id, f.global_position)";

  private final Pool pool;

  public StoreFeed(Pool pool) {
    this.pool = pool;
  }

  /** Where a read model's version is, and the events after it. */
  public record Batch(Position from, List<Fed> events) {}

  /** Where the read model's version is (the start, the first time). */
  public Uni<Position> position(String projection, int version) {
    Tuple key = Tuple.of(projection, version);
    return FirstUse.select(pool, POSITION, key, ENSURE, key)
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new Position(row.getString(0), row.getLong(1));
            });
  }

  /**
   * Where the read model's version is (the start, the first time) and the next events after it, at
   * most {@code limit}, in the store's order, in one statement.
   */
  public Uni<Batch> next(String projection, int version, int limit) {
    return FirstUse.select(
            pool, NEXT, Tuple.of(projection, version, limit), ENSURE, Tuple.of(projection, version))
        .map(
            rows -> {
              Position from = null;
              List<Fed> fed = new ArrayList<>();
              for (Row row : rows) {
                from = new Position(row.getString(0), row.getLong(1));
                if (row.getValue(2) != null) {
                  fed.add(fed(row, 2));
                }
              }
              return new Batch(from, fed);
            });
  }

  /** Sends a version back to the start, for a rebuild. */
  public Uni<Void> reset(String projection, int version) {
    return pool.preparedQuery(RESET).execute(Tuple.of(projection, version)).replaceWithVoid();
  }

  /** The event whose {@link #EVENT_COLUMNS} start at column {@code at} of the row. */
  private static Fed fed(Row row, int at) {
    RecordedEvent event =
        new RecordedEvent(
            row.getUUID(at + 1),
            row.getString(at + 2),
            row.getLong(at + 3),
            row.getLong(at + 4),
            row.getString(at + 5),
            row.getInteger(at + 6),
            row.getUUID(at + 7),
            row.getString(at + 8),
            row.getOffsetDateTime(at + 9).toInstant(),
            row.getString(at + 10),
            EventMetadata.fromJson(row.getString(at + 11)));
    return new Fed(event, new Position(row.getString(at), row.getLong(at + 4)));
  }

  /** Whether the read model's version has applied the event a token names. */
  public Uni<Boolean> hasApplied(String projection, int version, ConsistencyToken token) {
    return pool.preparedQuery(APPLIED)
        .execute(Tuple.of(projection, version, token.eventId()))
        .map(rows -> rows.size() > 0);
  }

  /** Events the read model's version has not applied yet (its lag). */
  public Uni<Long> behind(String projection, int version) {
    return pool.preparedQuery(BEHIND)
        .execute(Tuple.of(projection, version))
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
