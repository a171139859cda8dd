package app.openup.eventing.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.EventingDatabase;
import app.openup.eventing.FaultyProxy;
import io.smallrye.mutiny.Uni;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outcome the store reports is what a load returns afterwards: duplicates, idempotency keys,
 * lost replies, sizes, overload and conditions on other streams.
 */
class AppendOutcomeTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static EventingDatabase db;
  private static EventStore store;

  @BeforeAll
  static void start() {
    db = new EventingDatabase("append_outcomes");
    store = new EventStore(db.pool(4), "tests");
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  private static NewEvent event(UUID id) {
    return new NewEvent(id, "e", 1, "{}");
  }

  private static AppendRequest request(
      String stream, ExpectedVersion expected, NewEvent... events) {
    return new AppendRequest(
        stream, expected, UUID.randomUUID(), "partner-1", List.of(events), null, null);
  }

  private static AppendRequest keyed(String stream, String key, String payload) {
    return new AppendRequest(
        stream,
        ExpectedVersion.any(),
        null,
        "a",
        List.of(new NewEvent(UUID.randomUUID(), "e", 1, payload)),
        null,
        key);
  }

  private static Object outcome(EventStore on, AppendRequest request) {
    return on.append(request)
        .map(r -> (Object) r)
        .onFailure()
        .recoverWithItem(f -> f)
        .await()
        .atMost(WAIT);
  }

  private static long rows(String stream) throws Exception {
    try (Connection c = db.jdbc();
        PreparedStatement q =
            c.prepareStatement("select count(*) from event_store where stream_id = ?")) {
      q.setString(1, stream);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static void assertReportsWhatTheStreamHolds(Object outcome, String stream)
      throws Exception {
    if (outcome instanceof AppendResult appended) {
      assertEquals(rows(stream), appended.toVersion(), "the version reported is the stream's");
      assertEquals(
          appended.toVersion(), store.load(stream).await().atMost(WAIT).size(), "load agrees");
    }
  }

  // --- an event id is stored once ---

  @Test
  void anEventIdNamedTwiceInOneAppendIsRefusedBeforeAnythingIsWritten() throws Exception {
    UUID x = UUID.randomUUID();
    String stream = "dup-" + UUID.randomUUID();
    assertThrows(
        DuplicateEventId.class,
        () -> request(stream, ExpectedVersion.noStream(), event(x), event(x)));
    assertEquals(0, rows(stream));
  }

  @Test
  void anAnyVersionAppendOfAStoredEventIdIsRefusedAtOnce() throws Exception {
    UUID x = UUID.randomUUID();
    String first = "dup-" + UUID.randomUUID();
    store.append(request(first, ExpectedVersion.noStream(), event(x))).await().atMost(WAIT);
    String second = "dup-" + UUID.randomUUID();
    Object result = outcome(store, request(second, ExpectedVersion.any(), event(x)));
    assertInstanceOf(DuplicateEventId.class, result);
    assertEquals(0, rows(second));
    assertEquals(1, rows(first));
  }

  @Test
  void anExactAppendOfAStoredEventIdElsewhereIsRefused() throws Exception {
    UUID x = UUID.randomUUID();
    store
        .append(request("dup-" + UUID.randomUUID(), ExpectedVersion.noStream(), event(x)))
        .await()
        .atMost(WAIT);
    String other = "dup-" + UUID.randomUUID();
    assertInstanceOf(
        DuplicateEventId.class,
        outcome(store, request(other, ExpectedVersion.noStream(), event(x))));
    assertEquals(0, rows(other));
  }

  @Test
  void twoAppendsOfOneBatchSharingAnEventIdAreNeverBothAppended() throws Exception {
    UUID x = UUID.randomUUID();
    String a = "dup-a-" + UUID.randomUUID();
    String b = "dup-b-" + UUID.randomUUID();
    List<Object> outcomes =
        queuedBehindABlockedBatch(
            List.of(
                request(a, ExpectedVersion.noStream(), event(x)),
                request(b, ExpectedVersion.noStream(), event(x))));
    assertEquals(
        1, outcomes.stream().filter(o -> o instanceof AppendResult).count(), "" + outcomes);
    assertEquals(1, outcomes.stream().filter(o -> o instanceof DuplicateEventId).count());
    assertEquals(1, rows(a) + rows(b));
    assertReportsWhatTheStreamHolds(outcomes.get(0), a);
    assertReportsWhatTheStreamHolds(outcomes.get(1), b);
  }

  @Test
  void theSameAppendRetriedAfterItWasStoredIsAnsweredAsARepeat() throws Exception {
    String stream = "retried-" + UUID.randomUUID();
    AppendRequest append =
        request(stream, ExpectedVersion.any(), event(UUID.randomUUID()), event(UUID.randomUUID()));
    AppendResult first = store.append(append).await().atMost(WAIT);
    AppendResult again = store.append(append).await().atMost(WAIT);
    assertFalse(first.repeated());
    assertTrue(again.repeated());
    assertEquals(first.toVersion(), again.toVersion());
    assertEquals(first.token(), again.token());
    assertEquals(2, rows(stream));
  }

  /**
   * Holds the first version of a stream in an open transaction so that the store's batch writing it
   * waits, queues the requests behind it (they form the next batch, together), then lets go.
   */
  private List<Object> queuedBehindABlockedBatch(List<AppendRequest> requests) throws Exception {
    return queuedBehindABlockedBatch(store, requests, () -> {});
  }

  private List<Object> queuedBehindABlockedBatch(
      EventStore store, List<AppendRequest> requests, Runnable beforeRelease) throws Exception {
    String blocker = "blocker-" + UUID.randomUUID();
    try (Connection holder = db.jdbc()) {
      holder.setAutoCommit(false);
      try (PreparedStatement insert =
          holder.prepareStatement(
              "insert into event_store (stream_id, stream_version, event_id, event_type,"
                  + " schema_version, occurred_at, payload) values (?, 1, ?, 'e', 1, now(), '{}')")) {
        insert.setString(1, blocker);
        insert.setObject(2, UUID.randomUUID());
        insert.executeUpdate();
      }
      CompletableFuture<AppendResult> blocked =
          store
              .append(request(blocker, ExpectedVersion.noStream(), event(UUID.randomUUID())))
              .subscribeAsCompletionStage();
      await().atMost(WAIT).until(() -> lockWaiters() > 0);
      List<CompletableFuture<Object>> queued = new ArrayList<>();
      for (AppendRequest request : requests) {
        queued.add(
            store
                .append(request)
                .map(r -> (Object) r)
                .onFailure()
                .recoverWithItem(f -> f)
                .subscribeAsCompletionStage());
      }
      beforeRelease.run();
      holder.rollback();
      blocked.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      List<Object> outcomes = new ArrayList<>();
      for (CompletableFuture<Object> q : queued) {
        outcomes.add(q.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      }
      return outcomes;
    }
  }

  private long lockWaiters() throws Exception {
    try (Connection c = db.jdbc();
        ResultSet r =
            c.createStatement()
                .executeQuery(
                    "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                        + " and datname = current_database()")) {
      r.next();
      return r.getLong(1);
    }
  }

  // --- a lost reply ---

  @Test
  void aBatchWhoseCommitReplyIsLostReportsWhatTheStreamsHold() throws Exception {
    var server = db.server();
    try (FaultyProxy proxy = new FaultyProxy(server.getHost(), server.getPort())) {
      EventStore viaProxy = new EventStore(db.poolVia("127.0.0.1", proxy.port(), 2), "tests");
      String a = "lost-a-" + UUID.randomUUID();
      String b = "lost-b-" + UUID.randomUUID();
      String c = "lost-c-" + UUID.randomUUID();
      store
          .append(request(c, ExpectedVersion.noStream(), event(UUID.randomUUID())))
          .await()
          .atMost(WAIT);
      // Three appends in one transaction; its COMMIT reaches the server, its answer is lost, and
      // each append is then tried alone against its own committed rows.
      List<Object> outcomes =
          queuedBehindABlockedBatch(
              viaProxy,
              List.of(
                  request(a, ExpectedVersion.any(), event(UUID.randomUUID())),
                  request(b, ExpectedVersion.any(), event(UUID.randomUUID())),
                  request(c, ExpectedVersion.exactly(1), event(UUID.randomUUID())).asGuarded()),
              proxy::loseNextCommitReply);
      assertEquals(1, proxy.repliesDropped(), "a commit reply was lost");
      assertEquals(List.of(1L, 1L, 2L), List.of(rows(a), rows(b), rows(c)), "all three committed");
      for (Object o : outcomes) {
        assertInstanceOf(AppendResult.class, o, "a stored append is reported appended");
      }
      assertReportsWhatTheStreamHolds(outcomes.get(0), a);
      assertReportsWhatTheStreamHolds(outcomes.get(1), b);
      assertReportsWhatTheStreamHolds(outcomes.get(2), c);
    }
  }

  private static Uni<Object> asOutcome(Uni<AppendResult> append) {
    return append.map(r -> (Object) r).onFailure().recoverWithItem(f -> f);
  }

  // --- idempotency keys answer for one request ---

  @Test
  void anIdempotencyKeyUsedForAnotherRequestIsRefusedAndWritesNothing() throws Exception {
    String key = "k-" + UUID.randomUUID();
    String first = "s-" + UUID.randomUUID();
    store.append(keyed(first, key, "{\"n\":1}")).await().atMost(WAIT);
    String other = "s-" + UUID.randomUUID();
    assertInstanceOf(IdempotencyKeyReused.class, outcome(store, keyed(other, key, "{\"n\":1}")));
    assertInstanceOf(IdempotencyKeyReused.class, outcome(store, keyed(first, key, "{\"n\":2}")));
    assertEquals(0, rows(other));
    assertEquals(1, rows(first));
    // The same request again is a repeat.
    assertTrue(store.append(keyed(first, key, "{\"n\":1}")).await().atMost(WAIT).repeated());
  }

  @Test
  void aKeyBoundToACallersFingerprintIsARepeatWhateverTheNewIdsAndStream() throws Exception {
    String key = "k-" + UUID.randomUUID();
    // A create retried by a client: new stream and event ids, the same request.
    AppendResult first =
        store
            .append(keyed("new-" + UUID.randomUUID(), null, "{}").withIdempotency(key, "fp-1"))
            .await()
            .atMost(WAIT);
    AppendResult again =
        store
            .append(keyed("new-" + UUID.randomUUID(), null, "{}").withIdempotency(key, "fp-1"))
            .await()
            .atMost(WAIT);
    assertTrue(again.repeated());
    assertEquals(first.streamId(), again.streamId());
    assertInstanceOf(
        IdempotencyKeyReused.class,
        outcome(store, keyed("new-" + UUID.randomUUID(), null, "{}").withIdempotency(key, "fp-2")));
    assertThrows(
        IdempotencyKeyReused.class,
        () -> store.outcomeOf(new AppendRequest.Idempotency(key, "fp-2")).await().atMost(WAIT));
  }

  @Test
  void concurrentRetriesOfOneRequestOnOneStreamAllGetTheFirstOutcome() throws Exception {
    String stream = "s-" + UUID.randomUUID();
    store
        .append(request(stream, ExpectedVersion.noStream(), event(UUID.randomUUID())))
        .await()
        .atMost(WAIT);
    String key = "k-" + UUID.randomUUID();
    List<Uni<Object>> attempts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      EventStore instance = new EventStore(db.pool(1), "tests");
      attempts.add(
          asOutcome(
              instance.append(
                  new AppendRequest(
                      stream,
                      ExpectedVersion.exactly(1),
                      null,
                      "a",
                      List.of(new NewEvent(UUID.randomUUID(), "e", 1, "{\"same\":true}")),
                      null,
                      key))));
    }
    List<Object> outcomes = Uni.join().all(attempts).andFailFast().await().atMost(WAIT);
    assertTrue(outcomes.stream().allMatch(o -> o instanceof AppendResult), outcomes.toString());
    assertEquals(1, outcomes.stream().filter(o -> !((AppendResult) o).repeated()).count());
    assertEquals(1, outcomes.stream().map(o -> ((AppendResult) o).token()).distinct().count());
    assertEquals(2, rows(stream));
  }

  @Test
  void keysExpireAfterTheRetentionAndThePurgeRemovesThem() throws Exception {
    String key = "k-" + UUID.randomUUID();
    String stream = "s-" + UUID.randomUUID();
    store.append(keyed(stream, key, "{}")).await().atMost(WAIT);
    try (Connection c = db.jdbc();
        PreparedStatement age =
            c.prepareStatement(
                "update event_idempotency set created_at = now() - interval '25 hours'"
                    + " where idempotency_key = ?")) {
      age.setString(1, key);
      assertEquals(1, age.executeUpdate());
    }
    assertTrue(
        store.outcomeOf(new AppendRequest.Idempotency(key, null)).await().atMost(WAIT).isEmpty());
    assertTrue(store.purgeIdempotencyKeys().await().atMost(WAIT) >= 1);
    try (Connection c = db.jdbc();
        PreparedStatement left =
            c.prepareStatement(
                "select count(*) from event_idempotency where idempotency_key = ?")) {
      left.setString(1, key);
      try (ResultSet r = left.executeQuery()) {
        r.next();
        assertEquals(0, r.getLong(1));
      }
    }
    assertFalse(store.append(keyed(stream, key, "{}")).await().atMost(WAIT).repeated());
    assertEquals(2, rows(stream), "an expired key is a new request");
  }

  // --- limits ---

  @Test
  void anEventKafkaCouldNotCarryIsRefusedAtAppend() throws Exception {
    String big = "{\"x\":\"" + "a".repeat(600 * 1024) + "\"}";
    String stream = "big-" + UUID.randomUUID();
    assertInstanceOf(
        EventTooLarge.class,
        outcome(
            store,
            request(
                stream, ExpectedVersion.noStream(), new NewEvent(UUID.randomUUID(), "e", 1, big))));
    assertEquals(0, rows(stream));
  }

  @Test
  void underOverloadAnAppendFailsFastAndUnwritten() throws Exception {
    EventStore small =
        new EventStore(
            db.pool(1), "tests", StoreOptions.defaults().withQueue(2, Duration.ofMillis(300)));
    String blocker = "blocker-" + UUID.randomUUID();
    try (Connection holder = db.jdbc()) {
      holder.setAutoCommit(false);
      try (PreparedStatement insert =
          holder.prepareStatement(
              "insert into event_store (stream_id, stream_version, event_id, event_type,"
                  + " schema_version, occurred_at, payload) values (?, 1, ?, 'e', 1, now(), '{}')")) {
        insert.setString(1, blocker);
        insert.setObject(2, UUID.randomUUID());
        insert.executeUpdate();
      }
      CompletableFuture<Object> blocked =
          asOutcome(
                  small.append(
                      request(blocker, ExpectedVersion.noStream(), event(UUID.randomUUID()))))
              .subscribeAsCompletionStage();
      await().atMost(WAIT).until(() -> lockWaiters() > 0);
      List<String> streams = new ArrayList<>();
      List<CompletableFuture<Object>> waiting = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String stream = "waits-" + UUID.randomUUID();
        streams.add(stream);
        waiting.add(
            asOutcome(
                    small.append(
                        request(stream, ExpectedVersion.noStream(), event(UUID.randomUUID()))))
                .subscribeAsCompletionStage());
      }
      // The third finds the queue full at once; the other two wait their time and are refused.
      assertInstanceOf(StoreOverloaded.class, waiting.get(2).get(1, TimeUnit.SECONDS));
      assertInstanceOf(StoreOverloaded.class, waiting.get(0).get(5, TimeUnit.SECONDS));
      assertInstanceOf(StoreOverloaded.class, waiting.get(1).get(5, TimeUnit.SECONDS));
      holder.rollback();
      assertInstanceOf(AppendResult.class, blocked.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      for (String stream : streams) {
        assertEquals(0, rows(stream), "a refused append wrote nothing");
      }
    } finally {
      small.close();
    }
  }

  // --- conditions on other streams ---

  @Test
  void anAppendConditionedOnAnotherStreamConflictsOnceThatStreamMoved() throws Exception {
    String couple = "couple-" + UUID.randomUUID();
    String need = "need-" + UUID.randomUUID();
    store
        .append(request(couple, ExpectedVersion.noStream(), event(UUID.randomUUID())).asGuarded())
        .await()
        .atMost(WAIT);
    store
        .append(
            request(need, ExpectedVersion.noStream(), event(UUID.randomUUID())).onlyIf(couple, 1))
        .await()
        .atMost(WAIT);
    store
        .append(request(couple, ExpectedVersion.exactly(1), event(UUID.randomUUID())).asGuarded())
        .await()
        .atMost(WAIT);
    ConcurrencyConflict conflict =
        assertInstanceOf(
            ConcurrencyConflict.class,
            outcome(
                store,
                request(need, ExpectedVersion.exactly(1), event(UUID.randomUUID()))
                    .onlyIf(couple, 1)));
    assertEquals(couple, conflict.streamId());
    assertEquals(2, conflict.actualVersion());
    assertEquals(1, rows(need));
  }

  @Test
  void aConditionHoldsUntilTheCommitSoARacingWriteToItsStreamComesAfter() throws Exception {
    // Many rounds of a need append conditioned on the couple racing an append that closes the
    // couple, from two instances: never both on the same couple version.
    EventStore otherInstance = new EventStore(db.pool(2), "tests");
    for (int round = 0; round < 40; round++) {
      String couple = "couple-" + UUID.randomUUID();
      String need = "need-" + UUID.randomUUID();
      store
          .append(request(couple, ExpectedVersion.noStream(), event(UUID.randomUUID())).asGuarded())
          .await()
          .atMost(WAIT);
      Uni<Object> close =
          asOutcome(
              otherInstance.append(
                  request(couple, ExpectedVersion.exactly(1), event(UUID.randomUUID()))
                      .asGuarded()));
      Uni<Object> write =
          asOutcome(
              store.append(
                  request(need, ExpectedVersion.noStream(), event(UUID.randomUUID()))
                      .onlyIf(couple, 1)));
      List<Object> both = Uni.join().all(close, write).andFailFast().await().atMost(WAIT);
      assertInstanceOf(AppendResult.class, both.get(0), "the close always goes through");
      if (both.get(1) instanceof AppendResult) {
        // The need was written under the couple's version 1: it must come before the close.
        long needPosition = ((AppendResult) both.get(1)).lastPosition();
        List<RecordedEvent> coupleEvents = store.load(couple).await().atMost(WAIT);
        assertTrue(
            txOf(needPosition) < txOf(coupleEvents.get(1).globalPosition()),
            "round " + round + ": the need's transaction ended before the close began");
      } else {
        assertInstanceOf(ConcurrencyConflict.class, both.get(1));
        assertEquals(0, rows(need));
      }
    }
  }

  private static long txOf(long position) throws Exception {
    try (Connection c = db.jdbc();
        PreparedStatement q =
            c.prepareStatement("select tx_id::text from event_store where global_position = ?")) {
      q.setLong(1, position);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return Long.parseLong(r.getString(1));
      }
    }
  }

  @Test
  void anUnpublishedAppendIsStoredAndMarkedPrivate() throws Exception {
    String draft = "draft-" + UUID.randomUUID();
    store
        .append(request(draft, ExpectedVersion.noStream(), event(UUID.randomUUID())).unpublished())
        .await()
        .atMost(WAIT);
    try (Connection c = db.jdbc();
        PreparedStatement q =
            c.prepareStatement("select bool_or(published) from event_store where stream_id = ?")) {
      q.setString(1, draft);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        assertFalse(r.getBoolean(1));
      }
    }
    assertEquals(1, store.load(draft).await().atMost(WAIT).size());
  }
}
