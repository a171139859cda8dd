package app.openup.eventing.projection;

import app.openup.eventing.ConsistencyToken;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Effectively-once projections: an event's read rows and the mark that the projection processed it
 * are written in one transaction, so a redelivered event (the relay delivers at least once) changes
 * nothing. The projection also keeps, per source service, the highest position it has processed,
 * for lag metrics; and it answers whether it has processed the event a {@link ConsistencyToken}
 * names, so a query can wait for its own writes.
 */
public final class ProcessedEvents {

  private static final String MARK =
      "insert into projection_processed_event (projection, event_id) values ($1, $2)"
          + " on conflict do nothing";
  private static final String ADVANCE =
      "insert into projection_source_position (projection, source, global_position)"
          + " values ($1, $2, $3) on conflict (projection, source) do update"
          + " set global_position = greatest(projection_source_position.global_position,"
          + " excluded.global_position), updated_at = now()";
  private static final String PROCESSED =
      "select 1 from projection_processed_event where projection = $1 and event_id = $2";
  private static final String POSITIONS =
      "select source, global_position from projection_source_position where projection = $1";
  private static final Duration POLL = Duration.ofMillis(20);

  private final Pool pool;
  private final String projection;

  public ProcessedEvents(Pool pool, String projection) {
    this.pool = pool;
    this.projection = projection;
  }

  /**
   * Applies the event in a transaction unless this projection already has; true if it was applied
   * now. {@code apply} writes the read rows on the connection it is given.
   */
  public Uni<Boolean> applyOnce(IncomingEvent event, Function<SqlConnection, Uni<Void>> apply) {
    return pool.withTransaction(
        connection ->
            connection
                .preparedQuery(MARK)
                .execute(Tuple.of(projection, event.id()))
                .flatMap(
                    marked -> {
                      if (marked.rowCount() == 0) {
                        return Uni.createFrom().item(false);
                      }
                      return apply
                          .apply(connection)
                          .flatMap(
                              ignored ->
                                  connection
                                      .preparedQuery(ADVANCE)
                                      .execute(
                                          Tuple.of(
                                              projection, event.source(), event.globalPosition())))
                          .replaceWith(true);
                    }));
  }

  /** Whether this projection has processed the event the token names. */
  public Uni<Boolean> hasProcessed(ConsistencyToken token) {
    return hasProcessed(token.eventId());
  }

  public Uni<Boolean> hasProcessed(UUID eventId) {
    return pool.preparedQuery(PROCESSED)
        .execute(Tuple.of(projection, eventId))
        .map(rows -> rows.size() > 0);
  }

  /**
   * Waits, at most {@code timeout}, until this projection has processed the event the token names;
   * true if it has, false if the wait ran out (the caller answers with what it has).
   */
  public Uni<Boolean> awaitProcessed(ConsistencyToken token, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    return awaitUntil(token.eventId(), deadline);
  }

  private Uni<Boolean> awaitUntil(UUID eventId, long deadline) {
    return hasProcessed(eventId)
        .flatMap(
            done -> {
              if (done || System.nanoTime() >= deadline) {
                return Uni.createFrom().item(done);
              }
              return Uni.createFrom()
                  .voidItem()
                  .onItem()
                  .delayIt()
                  .by(POLL)
                  .flatMap(ignored -> awaitUntil(eventId, deadline));
            });
  }

  /** The highest global position processed, per source service. */
  public Uni<Map<String, Long>> highestPositions() {
    return pool.preparedQuery(POSITIONS)
        .execute(Tuple.of(projection))
        .map(
            rows -> {
              Map<String, Long> positions = new HashMap<>();
              rows.forEach(row -> positions.put(row.getString(0), row.getLong(1)));
              return positions;
            });
  }
}
