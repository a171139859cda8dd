package app.openup.eventing.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.EventingDatabase;
import app.openup.eventing.InTurn;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * Applies the batch in a transaction of its own as a set-wise projection would, recording what
   * {@code apply} was given.
   */
  private static List<IncomingEvent> applyAll(
      String projection, List<IncomingEvent> events, List<List<IncomingEvent>> calls) {
    return new ProcessedEvents(pool, projection)
        .applyAll(
            events,
            (connection, fresh) -> {
              calls.add(fresh);
              return InTurn.each(
                  fresh,
                  event ->
                      connection
                          .preparedQuery(
                              "insert into shares values ($1, 1) on conflict (couple_id)"
                                  + " do update set n = shares.n + 1")
                          .execute(Tuple.of(event.partitionKey())));
            })
        .await()
        .atMost(WAIT);
  }

  @Test
  void aBatchGoesSetWiseOnceEachWhateverItRepeats() {
    ProcessedEvents processed = new ProcessedEvents(pool, "set-wise");
    UUID couple = UUID.randomUUID();
    String first = "set-" + UUID.randomUUID();
    String second = "set-" + UUID.randomUUID();
    IncomingEvent a1 = event(couple, "needs", 1, first, 1);
    IncomingEvent a2 = event(couple, "needs", 2, first, 2);
    IncomingEvent b1 = event(couple, "sessions", 9, second, 1);
    IncomingEvent a3 = event(couple, "needs", 3, first, 3);
    assertTrue(countShare(processed, a1).await().atMost(WAIT), "applied before the batch");

    List<List<IncomingEvent>> calls = new ArrayList<>();
    List<IncomingEvent> applied = applyAll("set-wise", List.of(a1, a2, b1, a2, a3), calls);

    assertEquals(List.of(a2, b1, a3), applied, "each new event once, in order; repeats skipped");
    assertEquals(List.of(List.of(a2, b1, a3)), calls, "one call for the lot");
    assertEquals(4, shares(couple));
    assertTrue(processed.hasProcessed(token(a3)).await().atMost(WAIT));
    assertTrue(processed.hasProcessed(token(b1)).await().atMost(WAIT));
    assertEquals(
        Map.of("needs", 3L, "sessions", 9L), processed.highestPositions().await().atMost(WAIT));

    calls.clear();
    assertEquals(List.of(), applyAll("set-wise", List.of(a2, b1, a3), calls), "redelivered");
    assertEquals(List.of(), calls, "nothing to apply: apply is not called");
    assertEquals(4, shares(couple));
  }

  @Test
  void aBatchWithAGapGoesOneEventAtATimeAndTheGapIsKept() {
    ProcessedEvents processed = new ProcessedEvents(pool, "set-gaps");
    UUID couple = UUID.randomUUID();
    String stream = "set-gap-" + UUID.randomUUID();
    IncomingEvent v1 = event(couple, "needs", 1, stream, 1);
    IncomingEvent v2 = event(couple, "needs", 2, stream, 2);
    IncomingEvent v3 = event(couple, "needs", 3, stream, 3);

    List<List<IncomingEvent>> calls = new ArrayList<>();
    assertEquals(List.of(v1, v3), applyAll("set-gaps", List.of(v1, v3), calls));
    assertEquals(List.of(List.of(v1), List.of(v3)), calls, "the gap: one event per call");
    assertFalse(processed.hasProcessed(token(v2)).await().atMost(WAIT));

    calls.clear();
    assertEquals(
        List.of(v2),
        applyAll("set-gaps", List.of(v2, v3), calls),
        "while 3 is kept beyond the gap, the stream goes event by event; 3 is not applied again");
    assertEquals(List.of(List.of(v2)), calls);
    assertEquals(3, shares(couple));
    assertEquals(
        0,
        count("select count(*) from projection_applied_ahead where projection = 'set-gaps'"),
        "the gap closed");

    calls.clear();
    IncomingEvent v4 = event(couple, "needs", 4, stream, 4);
    assertEquals(List.of(v4), applyAll("set-gaps", List.of(v4), calls));
    assertEquals(List.of(List.of(v4)), calls, "set-wise again");
  }

  @Test
  void aGapInOneStreamLeavesTheOthersSetWiseAndTheOrderAsItWas() {
    ProcessedEvents processed = new ProcessedEvents(pool, "set-runs");
    UUID couple = UUID.randomUUID();
    String steady = "set-runs-" + UUID.randomUUID();
    String gapped = "set-runs-" + UUID.randomUUID();
    IncomingEvent a1 = event(couple, "needs", 1, steady, 1);
    IncomingEvent a2 = event(couple, "needs", 2, steady, 2);
    IncomingEvent a3 = event(couple, "needs", 3, steady, 3);
    IncomingEvent b2 = event(couple, "sessions", 4, gapped, 2);
    IncomingEvent b3 = event(couple, "sessions", 5, gapped, 3);

    List<List<IncomingEvent>> calls = new ArrayList<>();
    assertEquals(
        List.of(a1, a2, b2, b3, a3), applyAll("set-runs", List.of(a1, a2, b2, b3, a3), calls));
    assertEquals(
        List.of(List.of(a1, a2), List.of(b2), List.of(b3), List.of(a3)),
        calls,
        "the gapped stream one event at a time, in its place; the rest in runs");
    assertTrue(processed.hasProcessed(token(a3)).await().atMost(WAIT));
    assertTrue(processed.hasProcessed(token(b3)).await().atMost(WAIT));
    assertEquals(
        2,
        count("select count(*) from projection_applied_ahead where projection = 'set-runs'"),
        "2 and 3 are kept beyond the gap: 1 has not come");
  }

  @Test
  void aFailedBatchLeavesNoMark() {
    ProcessedEvents processed = new ProcessedEvents(pool, "set-failed");
    UUID couple = UUID.randomUUID();
    IncomingEvent event = event(couple, "needs", 1, "set-failed-" + UUID.randomUUID(), 1);
    assertThrows(
        PoisonEvent.class,
        () ->
            pool.withTransaction(
                    connection ->
                        ProcessedEvents.applyAll(
                            connection,
                            "set-failed",
                            List.of(event),
                            fresh -> Uni.createFrom().failure(new PoisonEvent("unreadable", null))))
                .await()
                .atMost(WAIT));
    assertFalse(processed.hasProcessed(token(event)).await().atMost(WAIT));
    assertEquals(Map.of(), processed.highestPositions().await().atMost(WAIT));
  }
}
