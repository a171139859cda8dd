package app.openup.eventing.projection;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.openup.eventing.EventingDatabase;
import app.openup.eventing.projection.StoreFeed.Batch;
import app.openup.eventing.projection.StoreFeed.Fed;
import app.openup.eventing.projection.StoreFeed.Position;
import app.openup.eventing.store.EventStore;
import app.openup.eventing.store.ExpectedVersion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The feed a store's read models are fed from, against PostgreSQL: in the store's order, by the
 * writing transaction's id as a number, also where the ids gain a digit; held back by the
 * transactions of its own database only; a read model's position read with the events after it.
 */
class StoreFeedTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private EventingDatabase db;
  private Pool pool;
  private EventStore store;

  @BeforeEach
  void setUp() {
    db = new EventingDatabase("feed");
    pool = db.pool(2);
    store = new EventStore(pool, "tests");
  }

  @AfterEach
  void tearDown() {
    if (store != null) {
      store.close();
    }
    db.close();
  }

  @Test
  void eventsComeInTransactionOrderWhereTheTransactionIdsGainADigit() {
    UUID couple = UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      append(couple);
    }
    // As a store's are once its cluster's ids pass 9 (or 99, 999, ...): the first event written
    // by transaction 9, the second by transaction 10, the third by today's, far above both. (The
    // ids are set afterwards the way the relay's re-base sets them; a writer cannot name its own.)
    rewriteTransactionId(1, "9");
    rewriteTransactionId(2, "10");

    // The feed reads below the oldest transaction running in its database.
    List<Fed> all =
        await()
            .atMost(WAIT)
            .until(
                () -> feed().next("digits", 1, 10).await().atMost(WAIT).events(),
                fed -> fed.size() == 3);
    assertEquals(List.of(1L, 2L, 3L), versions(all), "transaction 9's event before 10's");
    assertEquals(new Position("9", all.get(0).position().globalPosition()), all.get(0).position());

    // A batch that ends at transaction 9 goes on with transaction 10, and nothing comes twice.
    moveTo("digits", 1, all.get(0).position());
    List<Fed> afterFirst = feed().next("digits", 1, 1).await().atMost(WAIT).events();
    assertEquals(List.of(2L), versions(afterFirst));
    moveTo("digits", 1, afterFirst.get(0).position());
    List<Fed> afterSecond = feed().next("digits", 1, 10).await().atMost(WAIT).events();
    assertEquals(List.of(3L), versions(afterSecond));
  }

  @Test
  void aReadModelsPositionComesWithTheEventsAfterIt() {
    UUID couple = UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      append(couple);
    }
    // First use: the read model's version stands at the start.
    Batch first =
        await()
            .atMost(WAIT)
            .until(
                () -> feed().next("counted", 1, 2).await().atMost(WAIT),
                batch -> batch.events().size() == 2);
    assertEquals(Position.START, first.from());
    assertEquals(List.of(1L, 2L), versions(first.events()));

    // Moved as a turn's transaction moves it, the next read starts there.
    Position second = first.events().get(1).position();
    moveTo("counted", 1, second);
    Batch rest = feed().next("counted", 1, 2).await().atMost(WAIT);
    assertEquals(second, rest.from());
    assertEquals(List.of(3L), versions(rest.events()));

    // At the end: the position, and no event.
    Position last = rest.events().get(0).position();
    moveTo("counted", 1, last);
    Batch none = feed().next("counted", 1, 2).await().atMost(WAIT);
    assertEquals(last, none.from());
    assertEquals(List.of(), none.events());
    assertEquals(last, feed().position("counted", 1).await().atMost(WAIT));

    // Another version of the read model has a position of its own.
    assertEquals(Position.START, feed().next("counted", 2, 2).await().atMost(WAIT).from());
  }

  @Test
  void aTransactionOfAnotherDatabaseOfTheClusterHoldsNothingBack() throws Exception {
    try (EventingDatabase other = new EventingDatabase("feed_other");
        Connection held = other.jdbc()) {
      // Another service's store in the same cluster, in the middle of a transaction that wrote.
      held.setAutoCommit(false);
      try (Statement statement = held.createStatement()) {
        statement.execute("select pg_current_xact_id()");
      }
      UUID couple = UUID.randomUUID();
      append(couple);
      List<Fed> fed =
          await()
              .atMost(WAIT)
              .until(
                  () -> feed().next("held", 1, 10).await().atMost(WAIT).events(),
                  f -> f.size() == 1);
      assertEquals(List.of(1L), versions(fed));
      held.rollback();
    }
  }

  private StoreFeed feed() {
    return new StoreFeed(pool);
  }

  private void append(UUID couple) {
    store
        .append(Counted.append("couple-" + couple, ExpectedVersion.any(), couple))
        .await()
        .atMost(WAIT);
  }

  private void moveTo(String projection, int version, Position position) {
    pool.preparedQuery(
            "update projection_feed set tx_id = $1::xid8, global_position = $2"
                + " where projection = $3 and version = $4")
        .execute(Tuple.of(position.txId(), position.globalPosition(), projection, version))
        .await()
        .atMost(WAIT);
  }

  private void rewriteTransactionId(long streamVersion, String txId) {
    pool.preparedQuery("update event_store set tx_id = $1::xid8 where stream_version = $2")
        .execute(Tuple.of(txId, streamVersion))
        .await()
        .atMost(WAIT);
  }

  private static List<Long> versions(List<Fed> fed) {
    return fed.stream().map(f -> f.event().streamVersion()).toList();
  }
}
