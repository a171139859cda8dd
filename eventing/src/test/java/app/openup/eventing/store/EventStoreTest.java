package app.openup.eventing.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.EventingDatabase;
import io.smallrye.mutiny.Uni;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventStoreTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static EventingDatabase db;
  private static EventStore store;

  @BeforeAll
  static void start() {
    db = new EventingDatabase("event_store");
    store = new EventStore(db.pool(4), "tests");
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  static NewEvent event(String type, String json) {
    return new NewEvent(UUID.randomUUID(), type, 1, json);
  }

  static AppendRequest request(String stream, ExpectedVersion expected, NewEvent... events) {
    return new AppendRequest(
        stream, expected, UUID.randomUUID(), "partner-1", List.of(events), null, null);
  }

  /** Writes a first event of schema version 1 straight into the table, as an older writer did. */
  static void insertRow(String stream, String type, String payload, String metadata)
      throws Exception {
    try (Connection connection = db.jdbc();
        PreparedStatement insert =
            connection.prepareStatement(
                "insert into event_store (stream_id, stream_version, event_id, event_type,"
                    + " schema_version, occurred_at, payload, metadata)"
                    + " values (?, 1, ?, ?, 1, now(), ?::json, ?::json)")) {
      insert.setString(1, stream);
      insert.setObject(2, UUID.randomUUID());
      insert.setString(3, type);
      insert.setString(4, payload);
      insert.setString(5, metadata);
      insert.executeUpdate();
    }
  }

  @Test
  void appendedEventsLoadInOrderWithTheirEnvelope() {
    String stream = "need-" + UUID.randomUUID();
    UUID couple = UUID.randomUUID();
    UUID correlation = UUID.randomUUID();
    String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    AppendResult first =
        store
            .append(
                new AppendRequest(
                    stream,
                    ExpectedVersion.noStream(),
                    couple,
                    "alex",
                    List.of(event("drafted", "{\"topic\":\"FINANCES\"}")),
                    new EventMetadata(correlation, null, traceparent),
                    null))
            .await()
            .atMost(WAIT);
    AppendResult second =
        store
            .append(
                request(
                    stream,
                    ExpectedVersion.exactly(1),
                    event("revised", "{\"n\":1}"),
                    event("shared", "{\"n\":2}")))
            .await()
            .atMost(WAIT);

    assertEquals(1, first.fromVersion());
    assertEquals(1, first.toVersion());
    assertEquals(2, second.fromVersion());
    assertEquals(3, second.toVersion());
    assertTrue(second.lastPosition() > first.lastPosition());
    assertEquals("tests", second.token().source());

    List<RecordedEvent> events = store.load(stream).await().atMost(WAIT);
    assertEquals(
        List.of("drafted", "revised", "shared"), events.stream().map(e -> e.type()).toList());
    RecordedEvent drafted = events.get(0);
    assertEquals(couple, drafted.partitionKey());
    assertEquals("alex", drafted.actor());
    assertEquals(correlation, drafted.metadata().correlationId());
    assertEquals(traceparent, drafted.metadata().traceparent());
    assertEquals(first.lastPosition(), drafted.globalPosition());
    assertNotNull(drafted.occurredAt());
    assertEquals(
        List.of("shared"),
        store.load(stream, 2).await().atMost(WAIT).stream().map(e -> e.type()).toList());
    assertEquals(3L, store.version(stream).await().atMost(WAIT));
  }

  @Test
  void sixteenWritersRacingAtTheSameVersionHaveExactlyOneWinnerEveryRound() throws Exception {
    // Four stores on four pools: four service instances whose transactions race in PostgreSQL.
    List<EventStore> instances = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      instances.add(new EventStore(db.pool(4), "tests"));
    }
    for (int round = 0; round < 200; round++) {
      String stream = "race-" + UUID.randomUUID();
      store
          .append(request(stream, ExpectedVersion.noStream(), event("created", "{}")))
          .await()
          .atMost(WAIT);
      List<Uni<Object>> writers = new ArrayList<>();
      for (int writer = 0; writer < 16; writer++) {
        EventStore instance = instances.get(writer % instances.size());
        writers.add(
            instance
                .append(
                    request(
                        stream,
                        ExpectedVersion.exactly(1),
                        event("raced", "{\"w\":" + writer + "}")))
                .map(r -> (Object) r)
                .onFailure()
                .recoverWithItem(failure -> failure));
      }
      List<Object> outcomes = Uni.join().all(writers).andFailFast().await().atMost(WAIT);
      long winners = outcomes.stream().filter(o -> o instanceof AppendResult).count();
      assertEquals(1, winners, "round " + round + ": " + outcomes);
      for (Object outcome : outcomes) {
        if (!(outcome instanceof AppendResult)) {
          ConcurrencyConflict conflict = assertInstanceOf(ConcurrencyConflict.class, outcome);
          assertEquals(2, conflict.actualVersion());
        }
      }
      assertEquals(2L, store.version(stream).await().atMost(WAIT));
    }
    try (Connection connection = db.jdbc();
        ResultSet duplicates =
            connection
                .createStatement()
                .executeQuery(
                    "select count(*) from (select stream_id, stream_version from event_store"
                        + " where stream_id like 'race-%' group by 1, 2 having count(*) > 1) d");
        ResultSet total =
            connection
                .createStatement()
                .executeQuery("select count(*) from event_store where stream_id like 'race-%'")) {
      duplicates.next();
      assertEquals(0, duplicates.getLong(1));
      total.next();
      assertEquals(400, total.getLong(1), "200 rounds of one creation and one winner");
    }
  }

  @Test
  void expectingANewStreamFailsOnceItExistsAndAnyVersionNeverConflicts() {
    String stream = "couple-" + UUID.randomUUID();
    store
        .append(request(stream, ExpectedVersion.noStream(), event("formed", "{}")))
        .await()
        .atMost(WAIT);
    ConcurrencyConflict conflict =
        assertThrows(
            ConcurrencyConflict.class,
            () ->
                store
                    .append(request(stream, ExpectedVersion.noStream(), event("formed", "{}")))
                    .await()
                    .atMost(WAIT));
    assertEquals(1, conflict.actualVersion());

    List<Uni<AppendResult>> anyVersion = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      anyVersion.add(store.append(request(stream, ExpectedVersion.any(), event("noted", "{}"))));
    }
    Uni.join().all(anyVersion).andFailFast().await().atMost(WAIT);
    assertEquals(11L, store.version(stream).await().atMost(WAIT));
  }

  @Test
  void expectingAVersionTheStreamHasNotReachedIsAConflictAndLeavesNoGap() {
    String stream = "need-" + UUID.randomUUID();
    store
        .append(request(stream, ExpectedVersion.noStream(), event("drafted", "{}")))
        .await()
        .atMost(WAIT);
    assertThrows(
        ConcurrencyConflict.class,
        () ->
            store
                .append(request(stream, ExpectedVersion.exactly(5), event("shared", "{}")))
                .await()
                .atMost(WAIT));
    assertEquals(1L, store.version(stream).await().atMost(WAIT));
  }

  @Test
  void aRepeatedIdempotencyKeyReturnsTheFirstOutcomeAndAppendsNothing() {
    String stream = "need-" + UUID.randomUUID();
    String key = "idem-" + UUID.randomUUID();
    AppendRequest create =
        new AppendRequest(
            stream,
            ExpectedVersion.noStream(),
            null,
            "alex",
            List.of(event("drafted", "{}")),
            null,
            key);
    AppendResult first = store.append(create).await().atMost(WAIT);
    AppendRequest again =
        new AppendRequest(
            stream,
            ExpectedVersion.noStream(),
            null,
            "alex",
            List.of(event("drafted", "{}")),
            null,
            key);
    AppendResult second = store.append(again).await().atMost(WAIT);

    assertFalse(first.repeated());
    assertTrue(second.repeated());
    assertEquals(first.lastPosition(), second.lastPosition());
    assertEquals(first.token(), second.token());
    assertEquals(1, store.load(stream).await().atMost(WAIT).size());
  }

  @Test
  void concurrentCommandsWithOneIdempotencyKeyAppendOnce() {
    String key = "idem-" + UUID.randomUUID();
    List<Uni<AppendResult>> attempts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      EventStore instance = new EventStore(db.pool(2), "tests");
      // Different stream ids: a client retrying a create before it saw the first answer.
      attempts.add(
          instance.append(
              new AppendRequest(
                      "need-" + UUID.randomUUID(),
                      ExpectedVersion.noStream(),
                      null,
                      "alex",
                      List.of(event("drafted", "{}")),
                      null,
                      null)
                  // The service fingerprints the client's request, not the new ids it made.
                  .withIdempotency(key, "POST /needs {}")));
    }
    List<AppendResult> results = Uni.join().all(attempts).andFailFast().await().atMost(WAIT);
    assertEquals(1, results.stream().filter(r -> !r.repeated()).count(), results.toString());
    assertEquals(1, results.stream().map(AppendResult::streamId).distinct().count());
    assertEquals(1, store.load(results.get(0).streamId()).await().atMost(WAIT).size());
  }

  @Test
  void concurrentLoadsAreReadTogetherAndEachGetsItsOwnStreamInOrder() {
    List<String> streams = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String stream = "load-" + UUID.randomUUID();
      NewEvent[] events = new NewEvent[i + 1];
      for (int v = 1; v <= i + 1; v++) {
        events[v - 1] = event("e" + v, "{\"v\":" + v + "}");
      }
      store.append(request(stream, ExpectedVersion.noStream(), events)).await().atMost(WAIT);
      streams.add(stream);
    }
    streams.add("load-missing-" + UUID.randomUUID());

    // Issued at once: the first is read on its own, those queued behind it in one statement.
    List<String> loadedStreams = new ArrayList<>();
    List<Long> afterVersions = new ArrayList<>();
    List<Uni<List<RecordedEvent>>> loads = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (String stream : streams) {
        long after = round == 0 ? 0 : (round * 2L + stream.length()) % 4;
        loadedStreams.add(stream);
        afterVersions.add(after);
        loads.add(store.load(stream, after));
      }
    }
    List<List<RecordedEvent>> histories = Uni.join().all(loads).andFailFast().await().atMost(WAIT);

    for (int i = 0; i < histories.size(); i++) {
      String stream = loadedStreams.get(i);
      int index = streams.indexOf(stream);
      long stored = index == streams.size() - 1 ? 0 : index + 1;
      List<Long> expected = new ArrayList<>();
      for (long v = afterVersions.get(i) + 1; v <= stored; v++) {
        expected.add(v);
      }
      List<RecordedEvent> history = histories.get(i);
      assertEquals(expected, history.stream().map(RecordedEvent::streamVersion).toList(), stream);
      assertTrue(history.stream().allMatch(e -> e.streamId().equals(stream)));
      assertEquals(
          expected.stream().map(v -> "e" + v).toList(),
          history.stream().map(RecordedEvent::type).toList());
    }
  }

  @Test
  void anUnreadableRowFailsOnlyTheLoadItBelongsTo() throws Exception {
    String damaged = "damaged-" + UUID.randomUUID();
    insertRow(damaged, "e", "{}", "{\"correlationId\": \"not-a-uuid\"}");
    List<String> healthy = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String stream = "healthy-" + UUID.randomUUID();
      store
          .append(request(stream, ExpectedVersion.noStream(), event("e", "{}")))
          .await()
          .atMost(WAIT);
      healthy.add(stream);
    }

    // Issued at once, so that all but the first are read in one statement with the damaged one.
    List<Uni<Object>> loads = new ArrayList<>();
    for (int i = 0; i < healthy.size(); i++) {
      loads.add(store.load(healthy.get(i)).map(events -> (Object) events));
      if (i == 2) {
        loads.add(store.load(damaged).map(events -> (Object) events));
      }
    }
    List<Object> outcomes =
        Uni.join()
            .all(
                loads.stream()
                    .map(load -> load.onFailure().recoverWithItem(failure -> failure))
                    .toList())
            .andFailFast()
            .await()
            .atMost(WAIT);

    assertInstanceOf(IllegalArgumentException.class, outcomes.get(3));
    for (int i : new int[] {0, 1, 2, 4, 5, 6}) {
      assertEquals(1, ((List<?>) outcomes.get(i)).size(), "load " + i);
    }
  }

  @Test
  void aBrokenAppendDoesNotFailTheAppendsBatchedWithIt() {
    List<Uni<Object>> appends = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String json = i == 7 ? "{not json" : "{\"i\":" + i + "}";
      appends.add(
          store
              .append(
                  request(
                      "batch-" + UUID.randomUUID(), ExpectedVersion.noStream(), event("e", json)))
              .map(r -> (Object) r)
              .onFailure()
              .recoverWithItem(f -> f));
    }
    List<Object> outcomes = Uni.join().all(appends).andFailFast().await().atMost(WAIT);
    assertEquals(19, outcomes.stream().filter(o -> o instanceof AppendResult).count());
    assertFalse(outcomes.get(7) instanceof AppendResult);
  }

  @Test
  void aPayloadIsReadBackAsTheTextThatWasWritten() {
    // Keys out of order, spaces, a repeated key: jsonb would sort, respace and fold them.
    String payload = "{\"zeta\": 1,  \"alpha\": {\"b\": [1, 2], \"a\": null}, \"zeta\": 2}";
    String stream = "text-" + UUID.randomUUID();
    store
        .append(request(stream, ExpectedVersion.noStream(), event("e", payload)))
        .await()
        .atMost(WAIT);

    assertEquals(payload, store.load(stream).await().atMost(WAIT).get(0).payloadJson());
  }

  // --- upcasting ---

  /** Version 2 of an event split a single "name" field into "first" and "last". */
  record Renamed(String first, String last) {}

  @Test
  void anOldSchemaVersionIsUpcastToTheCurrentRecordOnRead() throws Exception {
    String stream = "person-" + UUID.randomUUID();
    insertRow(stream, "renamed", "{\"name\": \"Ada Lovelace\"}", "{}");
    EventCatalog<Record> catalog =
        EventCatalog.builder(Record.class)
            .event(Renamed.class, "renamed", 2)
            .upcast(
                "renamed",
                1,
                old -> {
                  String[] parts = old.remove("name").asText().split(" ", 2);
                  return old.put("first", parts[0]).put("last", parts[1]);
                })
            .build();

    List<RecordedEvent> stored = store.load(stream).await().atMost(WAIT);
    assertEquals(1, stored.get(0).schemaVersion());
    assertEquals(new Renamed("Ada", "Lovelace"), catalog.decode(stored.get(0)));

    NewEvent current = catalog.encode(new Renamed("Grace", "Hopper"));
    assertEquals(2, current.schemaVersion());
    assertEquals("renamed", current.type());
  }

  @Test
  void aStoredVersionWithoutAnUpcasterIsAClearError() {
    EventCatalog<Record> catalog =
        EventCatalog.builder(Record.class).event(Renamed.class, "renamed", 3).build();
    RecordedEvent old =
        new RecordedEvent(
            UUID.randomUUID(),
            "s",
            1,
            1,
            "renamed",
            1,
            null,
            null,
            null,
            "{}",
            EventMetadata.none());
    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> catalog.decode(old));
    assertTrue(error.getMessage().contains("from schema version 1"));
  }
}
