package app.openup.eventing.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.EventingDatabase;
import app.openup.eventing.TopicReader;
import app.openup.eventing.projection.IncomingEvent;
import app.openup.eventing.store.AppendRequest;
import app.openup.eventing.store.EventCatalog;
import app.openup.eventing.store.EventMetadata;
import app.openup.eventing.store.EventStore;
import app.openup.eventing.store.ExpectedVersion;
import app.openup.eventing.store.NewEvent;
import app.openup.testkit.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

class EventRelayTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private EventingDatabase db;
  private String topic;
  private final List<EventRelay> relays = new ArrayList<>();

  @BeforeEach
  void freshDatabaseAndTopic() {
    db = new EventingDatabase("relay");
    topic = "relay-test-" + UUID.randomUUID();
  }

  @AfterEach
  void stopRelays() {
    relays.forEach(EventRelay::close);
    db.close();
  }

  private RelayOptions options() {
    return RelayOptions.defaults(
            "tests",
            topic,
            db.database().jdbcUrl(),
            db.database().user(),
            db.database().password(),
            SharedKafka.bootstrapServers())
        .withStandbyPoll(Duration.ofMillis(200));
  }

  private EventRelay start(RelayOptions options) {
    return start(options, false);
  }

  /** A relay, or with {@code naive} the "last position seen" relay its scenarios must catch. */
  private EventRelay start(RelayOptions options, boolean naive) {
    EventRelay relay =
        new EventRelay(
                options,
                java.time.Clock.systemUTC(),
                null,
                naive ? NaiveFetch.INSTANCE : RelayFetch.BELOW_WATERMARK)
            .start();
    relays.add(relay);
    return relay;
  }

  // --- writing rows the way concurrent command handlers do, with full control of transactions ---

  private static final String INSERT =
      "insert into event_store (stream_id, stream_version, event_id, event_type, schema_version,"
          + " partition_key, occurred_at, payload) values (?, ?, ?, 'tested', 1, ?, now(), '{}')";

  /** Inserts the next event of a couple's stream in the connection's open transaction. */
  private static UUID insertNext(Connection connection, UUID couple) throws SQLException {
    return insertNext(connection, couple, "couple-" + couple);
  }

  /** Inserts the next event of a stream of the couple in the connection's open transaction. */
  private static UUID insertNext(Connection connection, UUID couple, String stream)
      throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
      lock.setString(1, stream);
      lock.execute();
    }
    long version;
    try (PreparedStatement max =
        connection.prepareStatement(
            "select coalesce(max(stream_version), 0) + 1 from event_store where stream_id = ?")) {
      max.setString(1, stream);
      try (ResultSet result = max.executeQuery()) {
        result.next();
        version = result.getLong(1);
      }
    }
    UUID id = UUID.randomUUID();
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setString(1, stream);
      insert.setLong(2, version);
      insert.setObject(3, id);
      insert.setObject(4, couple);
      insert.executeUpdate();
    }
    return id;
  }

  private UUID commitOne(UUID couple) throws SQLException {
    return commitOne(couple, "couple-" + couple);
  }

  private UUID commitOne(UUID couple, String stream) throws SQLException {
    try (Connection connection = db.jdbc()) {
      connection.setAutoCommit(false);
      UUID id = insertNext(connection, couple, stream);
      connection.commit();
      return id;
    }
  }

  private static long currentTxId(Connection connection) throws SQLException {
    try (ResultSet result =
        connection.createStatement().executeQuery("select pg_current_xact_id()::text")) {
      result.next();
      return Long.parseLong(result.getString(1));
    }
  }

  private Map<UUID, Long> txIdsOfCommittedEvents() throws SQLException {
    Map<UUID, Long> txIds = new HashMap<>();
    try (Connection connection = db.jdbc();
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery("select event_id, tx_id::text from event_store")) {
      while (rows.next()) {
        txIds.put(rows.getObject(1, UUID.class), Long.parseLong(rows.getString(2)));
      }
    }
    return txIds;
  }

  private static UUID idOf(ConsumerRecord<String, byte[]> record) {
    return UUID.fromString(header(record, "ce_id"));
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  // --- the slow transaction ---

  @Test
  void aRelayStartedBeforeItsDatabaseIsReachableListensOnceItIs() throws Exception {
    Properties server = Driver.parseURL(db.database().jdbcUrl(), new Properties());
    int port = Forwarder.freePort();
    EventRelay relay =
        start(
            RelayOptions.defaults(
                "tests",
                topic,
                "jdbc:postgresql://127.0.0.1:" + port + "/" + db.database().name(),
                db.database().user(),
                db.database().password(),
                SharedKafka.bootstrapServers()));
    await().atMost(WAIT).until(() -> relay.state() == EventRelay.State.FAILING);
    assertFalse(relay.isListening());

    try (Forwarder database =
            Forwarder.start(
                port,
                server.getProperty("PGHOST"),
                Integer.parseInt(server.getProperty("PGPORT")));
        TopicReader reader = new TopicReader(SharedKafka.bootstrapServers(), topic)) {
      await().atMost(WAIT).until(relay::isListening);
      try (Connection connection = db.jdbc()) {
        connection.setAutoCommit(false);
        insertNext(connection, UUID.randomUUID());
        connection.commit();
      }
      reader.pollUntil(records -> records.size() == 1, WAIT);
      relay.close();
    }
  }

  @Test
  void aNaiveLastPositionSeenRelaySkipsTheEventOfASlowTransaction() throws Exception {
    List<UUID> published = slowTransactionScenario(options(), true);
    assertEquals(2, published.size(), "the slow transaction's event was skipped: " + published);
  }

  @Test
  void theRelayWaitsForASlowTransactionAndSkipsNothing() throws Exception {
    List<UUID> published = slowTransactionScenario(options(), false);
    assertEquals(3, published.size(), published.toString());
  }

  /**
   * A transaction takes position 1 and stays open; another takes position 2 and commits; then the
   * first commits, and a third event follows. Returns the ids published, in order.
   */
  private List<UUID> slowTransactionScenario(RelayOptions options, boolean naive) throws Exception {
    EventRelay relay = start(options, naive);
    await().atMost(WAIT).until(() -> relay.state() == EventRelay.State.ACTIVE);
    try (TopicReader reader = new TopicReader(SharedKafka.bootstrapServers(), topic);
        Connection slow = db.jdbc()) {
      slow.setAutoCommit(false);
      // One couple (one partition: the order read is the order published), three streams.
      UUID couple = UUID.randomUUID();
      UUID slowId = insertNext(slow, couple, "slow-" + couple);
      UUID fastId = commitOne(couple, "fast-" + couple);

      if (naive) {
        reader.pollUntil(r -> r.size() == 1, WAIT);
      } else {
        // The relay has looked at the committed event and held it back behind the open one.
        await().atMost(WAIT).until(() -> relay.lagEvents() == 1);
        assertTrue(reader.poll().isEmpty(), "nothing is published past an open transaction");
      }
      slow.commit();
      UUID lastId = commitOne(couple, "last-" + couple);
      List<UUID> published =
          reader.pollUntil(r -> r.stream().anyMatch(rec -> idOf(rec).equals(lastId)), WAIT).stream()
              .map(EventRelayTest::idOf)
              .toList();
      if (!naive) {
        assertEquals(List.of(slowId, fastId, lastId), published, "commit order, nothing skipped");
      }
      return published;
    }
  }

  @Test
  void aTransactionOfAnotherDatabaseOfTheClusterDoesNotHoldTheRelayBack() throws Exception {
    EventRelay relay = start(options());
    await().atMost(WAIT).until(() -> relay.state() == EventRelay.State.ACTIVE);
    try (EventingDatabase other = new EventingDatabase("relay_other");
        Connection held = other.jdbc();
        TopicReader reader = new TopicReader(SharedKafka.bootstrapServers(), topic)) {
      // Another service's store in the same cluster, in the middle of a transaction that wrote.
      held.setAutoCommit(false);
      currentTxId(held);
      UUID id = commitOne(UUID.randomUUID());
      List<UUID> published =
          reader.pollUntil(r -> !r.isEmpty(), WAIT).stream().map(EventRelayTest::idOf).toList();
      assertEquals(List.of(id), published, "published while the other database's transaction runs");
      held.rollback();
    }
  }

  // --- transaction ids that gain a digit ---

  @Test
  void eventsWhoseTransactionIdsGainADigitArePublishedInOrderAndOnce() throws Exception {
    UUID couple = UUID.randomUUID();
    UUID first = commitOne(couple);
    UUID second = commitOne(couple);
    // As a store's are once its cluster's ids pass 9 (or 99, 999, ...): as text, "10" sorts
    // before "9". (Set afterwards the way the re-base sets them; a writer cannot name its own.)
    try (Connection connection = db.jdbc();
        PreparedStatement rewrite =
            connection.prepareStatement(
                "update event_store set tx_id = ?::xid8 where event_id = ?")) {
      rewrite.setString(1, "9");
      rewrite.setObject(2, first);
      rewrite.executeUpdate();
      rewrite.setString(1, "10");
      rewrite.setObject(2, second);
      rewrite.executeUpdate();
    }
    EventRelay relay = start(options());
    await().atMost(WAIT).until(() -> relay.state() == EventRelay.State.ACTIVE);
    try (TopicReader reader = new TopicReader(SharedKafka.bootstrapServers(), topic)) {
      reader.pollUntil(records -> records.size() >= 2, WAIT);
      UUID third = commitOne(couple);
      List<UUID> published =
          reader
              .pollUntil(r -> r.stream().anyMatch(record -> idOf(record).equals(third)), WAIT)
              .stream()
              .map(EventRelayTest::idOf)
              .toList();
      assertEquals(List.of(first, second, third), published, "the store's order, each once");
    }
  }

  // --- many writers, rollbacks, and a transaction held open ---

  @Test
  void everyCommittedEventArrivesOnceInCommitOrderPerCoupleDespiteRollbacksAndAHeldTransaction()
      throws Exception {
    List<String> violations = manyWritersScenario(options(), false);
    assertEquals(List.of(), violations);
  }

  @Test
  void theSameScenarioCatchesANaiveRelay() throws Exception {
    List<String> violations = manyWritersScenario(options(), true);
    // What a naive relay always does here is publish what committed after a transaction still
    // open; whether it then skips that transaction's event depends on timing (a relay that starts
    // its turn again re-reads from its checkpoint), which the one-partition scenario above shows.
    assertTrue(
        violations.stream().anyMatch(v -> v.endsWith("past the held transaction")),
        "a naive relay must be caught publishing past a transaction still open: " + violations);
  }

  /** Runs writers against a relay and returns every broken promise it finds. */
  private List<String> manyWritersScenario(RelayOptions options, boolean naive) throws Exception {
    EventRelay relay = start(options.withBatchSize(50), naive);
    List<UUID> couples = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      couples.add(UUID.randomUUID());
    }
    Set<UUID> rolledBack = ConcurrentHashMap.newKeySet();
    AtomicInteger commitsAfterHold = new AtomicInteger();
    CountDownLatch held = new CountDownLatch(1);
    List<String> violations = new ArrayList<>();

    try (TopicReader reader = new TopicReader(SharedKafka.bootstrapServers(), topic);
        Connection holder = db.jdbc()) {
      List<Thread> writers = new ArrayList<>();
      List<Throwable> failures = new ArrayList<>();
      for (int w = 0; w < 6; w++) {
        Thread writer =
            new Thread(
                () -> {
                  try (Connection connection = db.jdbc()) {
                    connection.setAutoCommit(false);
                    for (int tx = 0; tx < 60; tx++) {
                      ThreadLocalRandom random = ThreadLocalRandom.current();
                      UUID couple = couples.get(random.nextInt(couples.size()));
                      List<UUID> ids = new ArrayList<>();
                      for (int e = 0, n = 1 + random.nextInt(3); e < n; e++) {
                        ids.add(insertNext(connection, couple));
                      }
                      if (random.nextInt(5) == 0) {
                        connection.rollback();
                        rolledBack.addAll(ids);
                      } else {
                        connection.commit();
                        if (held.getCount() == 0) {
                          commitsAfterHold.incrementAndGet();
                        }
                      }
                      if (tx == 10 && held.getCount() > 0) {
                        held.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                      }
                    }
                  } catch (Exception e) {
                    synchronized (failures) {
                      failures.add(e);
                    }
                  }
                });
        writers.add(writer);
        writer.start();
      }

      // One transaction opens and stays open while the writers commit many after it.
      holder.setAutoCommit(false);
      UUID heldCouple = UUID.randomUUID();
      UUID heldId = insertNext(holder, heldCouple);
      long heldTx = currentTxId(holder);
      held.countDown();
      for (Thread writer : writers) {
        writer.join(WAIT.toMillis());
      }
      assertEquals(List.of(), failures);
      assertTrue(commitsAfterHold.get() > 50, "writers committed after the held transaction");

      Map<UUID, Long> txIds = txIdsOfCommittedEvents();
      long before = txIds.values().stream().filter(tx -> tx < heldTx).count();
      long after = txIds.values().stream().filter(tx -> tx > heldTx).count();
      reader.pollUntil(r -> r.size() >= before, WAIT);
      if (!naive) {
        // The relay has seen every later commit and still holds them back.
        await().atMost(WAIT).until(() -> relay.lagEvents() == after);
      } else {
        reader.pollUntil(
            r ->
                r.stream()
                    .map(record -> txIds.get(idOf(record)))
                    .anyMatch(tx -> tx != null && tx > heldTx),
            WAIT);
      }
      for (ConsumerRecord<String, byte[]> record : reader.poll()) {
        Long tx = txIds.get(idOf(record));
        if (tx != null && tx > heldTx) {
          violations.add("published " + idOf(record) + " past the held transaction");
          break;
        }
      }

      holder.commit();
      UUID sentinel = commitOne(heldCouple);
      // The records of the three partitions reach the reader in no particular order with each
      // other, so the last one published is no sign that the others have been read: read until
      // every committed event is there, or the wait is up. (The naive relay never publishes some:
      // for it, the last one published is enough.)
      Map<UUID, Long> committed = txIdsOfCommittedEvents();
      List<ConsumerRecord<String, byte[]>> published =
          reader.pollUntil(
              r -> {
                Set<UUID> ids = new HashSet<>();
                r.forEach(record -> ids.add(idOf(record)));
                return naive ? ids.contains(sentinel) : ids.containsAll(committed.keySet());
              },
              WAIT);

      Set<UUID> seen = new HashSet<>();
      Map<String, Long> lastVersion = new HashMap<>();
      for (ConsumerRecord<String, byte[]> record : published) {
        UUID id = idOf(record);
        if (!seen.add(id)) {
          violations.add("published twice: " + id);
        }
        if (rolledBack.contains(id)) {
          violations.add("published a rolled-back event: " + id);
        }
        long version = Long.parseLong(header(record, "ce_streamversion"));
        Long previous = lastVersion.put(record.key(), version);
        if (previous != null && version != previous + 1) {
          violations.add(
              "couple " + record.key() + " out of order: " + version + " after " + previous);
        } else if (previous == null && version != 1) {
          violations.add("couple " + record.key() + " started at version " + version);
        }
      }
      for (UUID id : committed.keySet()) {
        if (!seen.contains(id)) {
          violations.add("skipped committed event " + id + (id.equals(heldId) ? " (held)" : ""));
        }
      }
    }
    return violations;
  }

  // --- the format on the wire ---

  @Test
  void eventsArePublishedAsBinaryCloudEventsKeyedByCoupleWithoutSealedText() throws Exception {
    EventStore store = new EventStore(db.pool(2), "tests");
    UUID couple = UUID.randomUUID();
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    NewEvent shared =
        new NewEvent(
            UUID.randomUUID(),
            "app.openup.need.shared.v1",
            1,
            "{\"topic\":\"FINANCES\",\"why\":{\"sealed\":\"v1.c2VjcmV0\"},"
                + "\"notes\":[{\"sealed\":\"v1.eA==\"},{\"level\":2}]}");
    store
        .append(
            new AppendRequest(
                "need-1",
                ExpectedVersion.noStream(),
                couple,
                "alex",
                List.of(shared),
                new EventMetadata(UUID.randomUUID(), null, traceparent),
                null))
        .await()
        .atMost(WAIT);
    start(options());

    try (TopicReader reader = new TopicReader(SharedKafka.bootstrapServers(), topic)) {
      ConsumerRecord<String, byte[]> record = reader.pollUntil(r -> !r.isEmpty(), WAIT).get(0);
      assertEquals(couple.toString(), record.key());
      assertEquals("1.0", header(record, "ce_specversion"));
      assertEquals(shared.eventId().toString(), header(record, "ce_id"));
      assertEquals("app.openup.need.shared.v1", header(record, "ce_type"));
      assertEquals("/openup/tests", header(record, "ce_source"));
      assertEquals(couple.toString(), header(record, "ce_subject"));
      assertEquals("application/json", header(record, "content-type"));
      assertEquals("1", header(record, "ce_streamversion"));
      assertEquals(traceparent, header(record, "traceparent"));
      String data = new String(record.value(), StandardCharsets.UTF_8);
      assertEquals(
          EventCatalog.json().readTree("{\"topic\":\"FINANCES\",\"notes\":[{\"level\":2}]}"),
          EventCatalog.json().readTree(data),
          "sealed text never leaves the service");

      IncomingEvent incoming = IncomingEvent.fromKafka(topic, record.headers(), record.value());
      assertEquals(shared.eventId(), incoming.id());
      assertEquals("tests", incoming.source());
      assertEquals(couple, incoming.partitionKey());
      assertEquals("need-1", incoming.streamId());
      assertEquals(1, incoming.streamVersion());
      assertTrue(incoming.globalPosition() > 0);
      assertEquals("alex", incoming.actor());
    }
  }

  // --- one active relay, and takeover ---

  @Test
  void onlyOneRelayPublishesAndAStandbyTakesOverWhenItStops() throws Exception {
    EventRelay first = start(options());
    await().atMost(WAIT).until(() -> first.state() == EventRelay.State.ACTIVE);
    EventRelay second = start(options());
    await().atMost(WAIT).until(() -> second.state() == EventRelay.State.STANDBY);

    try (TopicReader reader = new TopicReader(SharedKafka.bootstrapServers(), topic)) {
      UUID before = commitOne(UUID.randomUUID());
      reader.pollUntil(r -> r.size() == 1, WAIT);
      first.close();
      await().atMost(WAIT).until(() -> second.state() == EventRelay.State.ACTIVE);
      UUID after = commitOne(UUID.randomUUID());
      List<UUID> published =
          reader.pollUntil(r -> r.size() >= 2, WAIT).stream().map(EventRelayTest::idOf).toList();
      assertEquals(List.of(before, after), published);
      await().atMost(WAIT).until(() -> second.publishedCount() == 1);
      assertEquals(1, first.publishedCount(), "the standby published nothing while it waited");
    }
  }

  // --- writers through the event store, and a restart, while a transaction is held ---

  @Test
  void writersRacingThroughTheStoreWhileATransactionIsHeldLoseNothingAndKeepEachStreamInOrder()
      throws Exception {
    EventRelay relay = start(options().withBatchSize(40));
    EventStore store = new EventStore(db.pool(4), "tests");
    List<String> streams = new ArrayList<>();
    List<UUID> couples = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      UUID couple = UUID.randomUUID();
      couples.add(couple);
      streams.add("raced-" + couple);
    }
    try (TopicReader reader = new TopicReader(SharedKafka.bootstrapServers(), topic);
        Connection holder = db.jdbc()) {
      holder.setAutoCommit(false);
      UUID heldCouple = UUID.randomUUID();
      UUID heldId = insertNext(holder, heldCouple);

      // Six writers decide on what they read and append at that version through the store's
      // group commit, racing each other on five streams; a conflict means read again and retry.
      List<Thread> writers = new ArrayList<>();
      List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      AtomicInteger appended = new AtomicInteger();
      for (int w = 0; w < 6; w++) {
        int writer = w;
        Thread thread =
            new Thread(
                () -> {
                  try {
                    for (int n = 0; n < 25; ) {
                      int i = ThreadLocalRandom.current().nextInt(streams.size());
                      long version = store.version(streams.get(i)).await().atMost(WAIT);
                      try {
                        store
                            .append(
                                new AppendRequest(
                                    streams.get(i),
                                    ExpectedVersion.exactly(version),
                                    couples.get(i),
                                    "writer-" + writer,
                                    List.of(new NewEvent(UUID.randomUUID(), "raced", 1, "{}")),
                                    null,
                                    null))
                            .await()
                            .atMost(WAIT);
                        appended.incrementAndGet();
                        n++;
                      } catch (app.openup.eventing.store.ConcurrencyConflict lost) {
                        // Another writer appended first: read again.
                      }
                    }
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                });
        writers.add(thread);
        thread.start();
      }
      for (Thread writer : writers) {
        writer.join(WAIT.toMillis());
      }
      assertEquals(List.of(), failures);
      assertEquals(150, appended.get());
      // Every one of them committed after the held transaction began: none may be published yet.
      await().atMost(WAIT).until(() -> relay.lagEvents() == 150);
      assertTrue(reader.poll().isEmpty(), "nothing is published past the held transaction");

      holder.commit();
      List<ConsumerRecord<String, byte[]>> published = reader.pollUntil(r -> r.size() >= 151, WAIT);
      assertEquals(151, published.size());
      assertTrue(
          published.stream().anyMatch(r -> idOf(r).equals(heldId)),
          "the held transaction's event is published once it commits");
      Map<String, Long> lastVersion = new HashMap<>();
      Set<UUID> seen = new HashSet<>();
      for (ConsumerRecord<String, byte[]> record : published) {
        assertTrue(seen.add(idOf(record)), "published once: " + idOf(record));
        String stream = header(record, "ce_streamid");
        long version = Long.parseLong(header(record, "ce_streamversion"));
        Long previous = lastVersion.put(stream, version);
        assertEquals(previous == null ? 1 : previous + 1, version, stream + " in order");
      }
      assertEquals(txIdsOfCommittedEvents().keySet(), seen, "every committed event, nothing else");
    }
  }

  @Test
  void aRelayRestartedWhileATransactionIsHeldSkipsNothing() throws Exception {
    EventRelay first = start(options());
    await().atMost(WAIT).until(() -> first.state() == EventRelay.State.ACTIVE);
    UUID couple = UUID.randomUUID();
    try (TopicReader reader = new TopicReader(SharedKafka.bootstrapServers(), topic);
        Connection holder = db.jdbc()) {
      UUID e1 = commitOne(couple, "one-" + couple);
      reader.pollUntil(r -> r.size() == 1, WAIT);
      holder.setAutoCommit(false);
      UUID e2 = insertNext(holder, couple, "two-" + couple);
      UUID e3 = commitOne(couple, "three-" + couple);
      await().atMost(WAIT).until(() -> first.lagEvents() == 1);

      first.close();
      EventRelay second = start(options());
      await().atMost(WAIT).until(() -> second.state() == EventRelay.State.ACTIVE);
      await().atMost(WAIT).until(() -> second.lagEvents() == 1);
      assertEquals(1, reader.poll().size(), "still held back after the restart");

      holder.commit();
      UUID e4 = commitOne(couple, "four-" + couple);
      List<UUID> published =
          reader.pollUntil(r -> r.size() >= 4, WAIT).stream().map(EventRelayTest::idOf).toList();
      assertEquals(List.of(e1, e2, e3, e4), published);
    }
  }

  // --- health ---

  @Test
  void aRelayThatCannotReachKafkaReportsItselfStuck() throws Exception {
    RelayOptions unreachable =
        options()
            .withBootstrapServers("127.0.0.1:1")
            .withKafka(
                Map.of("max.block.ms", 500, "request.timeout.ms", 500, "delivery.timeout.ms", 1000))
            .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5))
            .withRetryBackoff(Duration.ofMillis(100))
            .withStuckAfter(Duration.ofSeconds(1));
    EventRelay relay = start(unreachable);
    commitOne(UUID.randomUUID());
    await().atMost(WAIT).until(relay::isStuck);
  }
}
