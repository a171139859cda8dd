package app.openup.eventing.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.EventingDatabase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProcessedEventsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static EventingDatabase db;
  private static Pool pool;

  @BeforeAll
  static void start() {
    db = new EventingDatabase("projection");
    pool = db.pool(4);
    pool.query("create table shares (couple_id uuid primary key, n int not null)")
        .execute()
        .await()
        .atMost(WAIT);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  private static IncomingEvent event(UUID couple, String source, long position) {
    return event(couple, source, position, "s-" + UUID.randomUUID(), 1);
  }

  private static IncomingEvent event(
      UUID couple, String source, long position, String stream, long version) {
    return new IncomingEvent(
        UUID.randomUUID(),
        "shared",
        source,
        couple,
        stream,
        version,
        position,
        1,
        null,
        Instant.now(),
        "{}");
  }

  private static Uni<Boolean> countShare(ProcessedEvents processed, IncomingEvent event) {
    return processed.applyOnce(
        event,
        connection ->
            connection
                .preparedQuery(
                    "insert into shares values ($1, 1) on conflict (couple_id)"
                        + " do update set n = shares.n + 1")
                .execute(Tuple.of(event.partitionKey()))
                .replaceWithVoid());
  }

  private static int shares(UUID couple) {
    return pool.preparedQuery("select n from shares where couple_id = $1")
        .execute(Tuple.of(couple))
        .map(rows -> rows.iterator().next().getInteger(0))
        .await()
        .atMost(WAIT);
  }

  @Test
  void aRedeliveredEventChangesNothing() {
    ProcessedEvents processed = new ProcessedEvents(pool, "shares");
    UUID couple = UUID.randomUUID();
    IncomingEvent event = event(couple, "sessions", 10);
    assertTrue(countShare(processed, event).await().atMost(WAIT));
    assertFalse(countShare(processed, event).await().atMost(WAIT));
    assertEquals(1, shares(couple));
  }

  @Test
  void aFailedApplyLeavesNoMarkSoTheEventIsAppliedOnRedelivery() {
    ProcessedEvents processed = new ProcessedEvents(pool, "shares");
    UUID couple = UUID.randomUUID();
    IncomingEvent event = event(couple, "sessions", 11);
    Uni<Boolean> failing =
        processed.applyOnce(
            event, connection -> Uni.createFrom().failure(new IllegalStateException("poison")));
    try {
      failing.await().atMost(WAIT);
    } catch (IllegalStateException expected) {
      // the transaction rolled back
    }
    assertFalse(processed.hasProcessed(token(event)).await().atMost(WAIT));
    assertTrue(countShare(processed, event).await().atMost(WAIT));
    assertEquals(1, shares(couple));
  }

  @Test
  void aQueryWaitsForItsOwnWriteWithABound() {
    ProcessedEvents processed = new ProcessedEvents(pool, "waits");
    IncomingEvent event = event(UUID.randomUUID(), "needs", 42);
    ConsistencyToken token = token(event);

    assertFalse(processed.awaitProcessed(token, Duration.ofMillis(100)).await().atMost(WAIT));

    Uni<Boolean> waiting = processed.awaitProcessed(token, Duration.ofSeconds(20));
    var result = waiting.subscribeAsCompletionStage();
    countShare(processed, event).await().atMost(WAIT);
    assertTrue(result.join());
  }

  private static ConsistencyToken token(IncomingEvent event) {
    return new ConsistencyToken(
        "needs", event.globalPosition(), event.id(), event.streamId(), event.streamVersion());
  }

  private static long count(String sql) {
    return pool.query(sql)
        .execute()
        .map(rows -> rows.iterator().next().getLong(0))
        .await()
        .atMost(WAIT);
  }

  @Test
  void aLaterVersionBeforeAnEarlierOneIsAppliedOnceEachAndTheGapClosesBehindIt() {
    ProcessedEvents processed = new ProcessedEvents(pool, "gaps");
    UUID couple = UUID.randomUUID();
    String stream = "gap-" + UUID.randomUUID();
    IncomingEvent v1 = event(couple, "needs", 1, stream, 1);
    IncomingEvent v2 = event(couple, "needs", 2, stream, 2);
    IncomingEvent v3 = event(couple, "needs", 3, stream, 3);
    // A relay re-send: 1, 3 (sent before a failure), then 2 and 3 again, then 2 once more.
    assertTrue(countShare(processed, v1).await().atMost(WAIT));
    assertTrue(countShare(processed, v3).await().atMost(WAIT));
    assertTrue(processed.hasProcessed(token(v3)).await().atMost(WAIT));
    assertFalse(processed.hasProcessed(token(v2)).await().atMost(WAIT));
    assertTrue(countShare(processed, v2).await().atMost(WAIT));
    assertFalse(countShare(processed, v3).await().atMost(WAIT));
    assertFalse(countShare(processed, v2).await().atMost(WAIT));
    assertEquals(3, shares(couple));
    assertEquals(
        0,
        count("select count(*) from projection_applied_ahead where projection = 'gaps'"),
        "the gap closed: nothing is kept beyond the stream's version");
  }

  @Test
  void onlyTheNextVersionOfAStreamWithNothingBeyondAGapIsClaimedInOneStatement() {
    ProcessedEvents processed = new ProcessedEvents(pool, "claims");
    UUID couple = UUID.randomUUID();
    String stream = "claim-" + UUID.randomUUID();
    assertTrue(claim(stream, 1), "a new stream's first event");
    assertFalse(claim(stream, 1), "the same again");
    assertTrue(claim(stream, 2), "the next");
    assertFalse(claim(stream, 4), "beyond a gap");
    assertTrue(countShare(processed, event(couple, "needs", 4, stream, 4)).await().atMost(WAIT));
    assertFalse(claim(stream, 3), "it follows on, but 4 is kept beyond the gap: the lock decides");
    assertTrue(countShare(processed, event(couple, "needs", 3, stream, 3)).await().atMost(WAIT));
    assertTrue(claim(stream, 5), "the gap closed behind 4");
    assertEquals(
        5,
        count(
            "select version from projection_stream_version where projection = 'claims'"
                + " and stream_id = '"
                + stream
                + "'"));
  }

  private static boolean claim(String stream, long version) {
    return pool.withTransaction(
            connection -> Marks.on(connection, "claims").claimNext(stream, version))
        .await()
        .atMost(WAIT);
  }

  @Test
  void whatIsRememberedGrowsWithTheStreamsNotTheEvents() {
    ProcessedEvents processed = new ProcessedEvents(pool, "bounded");
    UUID couple = UUID.randomUUID();
    String stream = "long-" + UUID.randomUUID();
    for (int v = 1; v <= 50; v++) {
      countShare(processed, event(couple, "needs", v, stream, v)).await().atMost(WAIT);
    }
    assertEquals(50, shares(couple));
    assertEquals(
        1, count("select count(*) from projection_stream_version where projection = 'bounded'"));
    assertEquals(
        0, count("select count(*) from projection_applied_ahead where projection = 'bounded'"));
  }

  @Test
  void theHighestPositionIsKeptPerSourceWhateverTheArrivalOrder() {
    ProcessedEvents processed = new ProcessedEvents(pool, "positions");
    UUID couple = UUID.randomUUID();
    countShare(processed, event(couple, "needs", 7)).await().atMost(WAIT);
    countShare(processed, event(couple, "needs", 5)).await().atMost(WAIT);
    countShare(processed, event(couple, "sessions", 3)).await().atMost(WAIT);
    assertEquals(
        Map.of("needs", 7L, "sessions", 3L), processed.highestPositions().await().atMost(WAIT));
  }
}
