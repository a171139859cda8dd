package app.openup.eventing.projection;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A read of a bookkeeping row that is made on first use (a read model's versions, its position in
 * the store) and never deleted: one statement once it exists, where making it first on every read
 * took two. Those reads are on every projection turn, and a command waits for its read model's.
 */
final class FirstUse {

  private FirstUse() {}

  /**
   * Runs {@code select}; if it finds no row, runs {@code make} (an insert that does nothing if the
   * row is there by then) and {@code select} again.
   */
  static Uni<RowSet<Row>> select(
      Pool pool, String select, Tuple arguments, String make, Tuple key) {
    return pool.preparedQuery(select)
        .execute(arguments)
        .flatMap(
            rows ->
                rows.size() > 0
                    ? Uni.createFrom().item(rows)
                    : pool.preparedQuery(make)
                        .execute(key)
                        .flatMap(made -> pool.preparedQuery(select).execute(arguments)));
  }
}
