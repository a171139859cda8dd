package app.openup.eventing.vault;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Moves the vault's keys out of the event store's database, where versions before the key store
 * kept them, into the key store: each key is copied (a tombstone wins over a key), then the old
 * table is dropped, so that no later backup of the event store holds a key. Safe to run at every
 * start: it finds nothing to move once done, and a move cut short is finished by the next run.
 */
public final class KeyStoreMove {

  private static final Logger LOG = Logger.getLogger(KeyStoreMove.class);

  private static final String WHERE_AM_I =
      "select current_database() || '@' || coalesce(inet_server_addr()::text, 'local') || ':'"
          + " || coalesce(inet_server_port(), 0), to_regclass('vault_key') is not null";
  private static final String OLD_KEYS =
      "select subject, master_key, wrapped_key, created_at, forgotten_at from vault_key";
  private static final String COPY =
      "insert into vault_key (subject, master_key, wrapped_key, created_at, forgotten_at)"
          + " values ($1, $2, $3, $4, $5) on conflict (subject) do update set"
          + " master_key = case when excluded.forgotten_at is not null then null"
          + " else vault_key.master_key end,"
          + " wrapped_key = case when excluded.forgotten_at is not null then null"
          + " else vault_key.wrapped_key end,"
          + " forgotten_at = coalesce(vault_key.forgotten_at, excluded.forgotten_at)";

  private KeyStoreMove() {}

  /** Moves the keys; returns how many rows were copied (0 if there was nothing to move). */
  public static Uni<Integer> moveKeys(Pool eventStore, Pool keyStore) {
    return Uni.combine()
        .all()
        .unis(whereAmI(eventStore), whereAmI(keyStore))
        .asTuple()
        .flatMap(
            places -> {
              Row from = places.getItem1();
              Row to = places.getItem2();
              if (!from.getBoolean(1) || from.getString(0).equals(to.getString(0))) {
                return Uni.createFrom().item(0);
              }
              return eventStore
                  .query(OLD_KEYS)
                  .execute()
                  .flatMap(rows -> copy(keyStore, rows))
                  .call(ignored -> eventStore.query("drop table vault_key").execute())
                  .invoke(
                      copied ->
                          LOG.infof(
                              "Moved %d vault keys from the event store to the key store", copied));
            });
  }

  private static Uni<Row> whereAmI(Pool pool) {
    return pool.query(WHERE_AM_I).execute().map(rows -> rows.iterator().next());
  }

  private static Uni<Integer> copy(Pool keyStore, Iterable<Row> rows) {
    List<Tuple> copies = new ArrayList<>();
    for (Row row : rows) {
      copies.add(
          Tuple.of(
              row.getUUID(0),
              row.getString(1),
              row.getValue(2) == null
                  ? null
                  : io.vertx.core.buffer.Buffer.buffer(row.getBuffer(2).getBytes()),
              row.getOffsetDateTime(3),
              row.getOffsetDateTime(4)));
    }
    if (copies.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    return keyStore.preparedQuery(COPY).executeBatch(copies).replaceWith(copies.size());
  }
}
