package app.openup.eventing.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.EventingDatabase;
import app.openup.eventing.FaultyProxy;
import app.openup.eventing.TopicReader;
import app.openup.testkit.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What must not stop or silence the relay: bad records, restored databases, hung connections. */
class RelayFaultTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private EventingDatabase db;
  private String topic;
  private EventRelay relay;

  @BeforeEach
  void setUp() {
    db = new EventingDatabase("relay_faults");
    topic = "relay-faults-" + UUID.randomUUID();
  }

  @AfterEach
  void tearDown() {
    if (relay != null) {
      relay.close();
    }
    db.close();
  }

  private RelayOptions options() {
    return RelayOptions.defaults(
        "tests",
        topic,
        db.database().jdbcUrl(),
        db.database().user(),
        db.database().password(),
        SharedKafka.bootstrapServers());
  }

  private EventRelay startRelay(RelayOptions options) {
    relay = new EventRelay(options).start();
    return relay;
  }

  private UUID insert(String payload) throws SQLException {
    return insert(payload, "{}");
  }

  private UUID insert(String payload, String metadata) throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection c = db.jdbc();
        PreparedStatement insert =
            c.prepareStatement(
                "insert into event_store (stream_id, stream_version, event_id, event_type,"
                    + " schema_version, partition_key, occurred_at, payload, metadata)"
                    + " values (?, 1, ?, 'e', 1, ?, now(), ?::json, ?::json)")) {
      insert.setString(1, "s-" + id);
      insert.setObject(2, id);
      insert.setObject(3, UUID.randomUUID());
      insert.setString(4, payload);
      insert.setString(5, metadata);
      insert.executeUpdate();
    }
    return id;
  }

  private static UUID idOf(ConsumerRecord<String, byte[]> record) {
    return UUID.fromString(
        new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
  }

  private List<String> setAsideReasons() throws SQLException {
    try (Connection c = db.jdbc();
        ResultSet rows =
            c.createStatement()
                .executeQuery(
                    "select reason from event_relay_dead_letter order by global_position")) {
      List<String> reasons = new java.util.ArrayList<>();
      while (rows.next()) {
        reasons.add(rows.getString(1));
      }
      return reasons;
    }
  }

  @Test
  void aWriterCannotChooseTheTransactionId() throws Exception {
    try (Connection c = db.jdbc();
        PreparedStatement insert =
            c.prepareStatement(
                "insert into event_store (stream_id, stream_version, event_id, event_type,"
                    + " schema_version, occurred_at, payload, tx_id)"
                    + " values ('s', 1, ?, 'e', 1, now(), '{}', '5'::xid8)")) {
      insert.setObject(1, UUID.randomUUID());
      SQLException refused = assertThrows(SQLException.class, insert::executeUpdate);
      assertTrue(refused.getMessage().contains("tx_id"), refused.getMessage());
    }
  }

  @Test
  void aCheckpointAheadOfTheDatabaseIsReportedAsLagRebasedAndTheNextEventPublished()
      throws Exception {
    try (Connection c = db.jdbc()) {
      c.createStatement()
          .execute(
              "insert into event_relay_checkpoint (relay, tx_id, global_position)"
                  + " values ('tests', (pg_snapshot_xmax(pg_current_snapshot())::text::bigint"
                  + " + 1000000000)::text::xid8, 0)");
    }
    UUID id = insert("{}");
    // First a relay that cannot reach Kafka: it re-bases and reports the event as waiting.
    EventRelay cutOff =
        startRelay(
            options()
                .withBootstrapServers("127.0.0.1:1")
                .withKafka(
                    Map.of(
                        "max.block.ms",
                        500,
                        "delivery.timeout.ms",
                        1000,
                        "request.timeout.ms",
                        500)));
    await().atMost(WAIT).until(() -> cutOff.rebaseCount() == 1 && cutOff.lagEvents() == 1);
    cutOff.close();

    startRelay(options());
    try (TopicReader reader = new TopicReader(SharedKafka.bootstrapServers(), topic)) {
      List<ConsumerRecord<String, byte[]>> read = reader.pollUntil(r -> !r.isEmpty(), WAIT);
      assertEquals(List.of(id), read.stream().map(RelayFaultTest::idOf).toList());
    }
    assertEquals(0, relay.rebaseCount(), "re-based once, by the first relay");
  }

  @Test
  void recordsThatCanNeverBePublishedAreSetAsideAndTheRestGoesOnOnce() throws Exception {
    insert("{\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}");
    UUID next = insert("{}");
    insert("{}", "{\"correlationId\": \"not-a-uuid\"}");
    startRelay(options().withMaxRecordBytes(8 * 1024 * 1024));
    try (TopicReader reader = new TopicReader(SharedKafka.bootstrapServers(), topic)) {
      reader.pollUntil(r -> !r.isEmpty(), WAIT);
      UUID after = insert("{}");
      List<UUID> published =
          reader.pollUntil(r -> r.stream().anyMatch(rec -> idOf(rec).equals(after)), WAIT).stream()
              .map(RelayFaultTest::idOf)
              .toList();
      assertEquals(List.of(next, after), published, "each publishable event once, in order");
    }
    await().atMost(WAIT).until(() -> relay.setAsideCount() == 2);
    List<String> reasons = setAsideReasons();
    assertEquals(2, reasons.size());
    assertTrue(reasons.get(0).startsWith("refused by Kafka: RecordTooLarge"), reasons.get(0));
    assertTrue(reasons.get(1).startsWith("unreadable"), reasons.get(1));
  }

  @Test
  void aRecordOverTheConfiguredSizeIsSetAsideBeforeItIsSent() throws Exception {
    insert("{\"x\":\"" + "a".repeat(20_000) + "\"}");
    UUID next = insert("{}");
    startRelay(options().withMaxRecordBytes(16 * 1024));
    try (TopicReader reader = new TopicReader(SharedKafka.bootstrapServers(), topic)) {
      List<ConsumerRecord<String, byte[]>> read = reader.pollUntil(r -> !r.isEmpty(), WAIT);
      assertEquals(next, idOf(read.get(0)));
    }
    await().atMost(WAIT).until(() -> relay.setAsideCount() == 1);
    assertTrue(setAsideReasons().get(0).startsWith("too large for Kafka"));
  }

  @Test
  void aHalfOpenConnectionReadsAsStuckEndsTheTurnAndTheRelayGoesOn() throws Exception {
    var server = db.server();
    try (FaultyProxy proxy = new FaultyProxy(server.getHost(), server.getPort());
        TopicReader reader = new TopicReader(SharedKafka.bootstrapServers(), topic)) {
      EventRelay hung =
          startRelay(
              new RelayOptions(
                  "tests",
                  EventRelay.sourceOf("tests"),
                  topic,
                  "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db.database().name(),
                  db.database().user(),
                  db.database().password(),
                  SharedKafka.bootstrapServers(),
                  Map.of(),
                  100,
                  Duration.ofMillis(100),
                  Duration.ofMillis(200),
                  Duration.ofMillis(200),
                  Duration.ofSeconds(10),
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(1),
                  1_000_000));
      UUID before = insert("{}");
      reader.pollUntil(r -> r.size() == 1, WAIT);
      assertEquals(EventRelay.State.ACTIVE, hung.state());
      assertTrue(!hung.isStuck());

      proxy.freezeOpenConnections();
      await().atMost(WAIT).until(hung::isStuck);
      UUID after = insert("{}");
      List<UUID> published =
          reader.pollUntil(r -> r.stream().anyMatch(rec -> idOf(rec).equals(after)), WAIT).stream()
              .map(RelayFaultTest::idOf)
              .distinct()
              .toList();
      assertEquals(List.of(before, after), published);
      await().atMost(WAIT).until(() -> !hung.isStuck());
    }
  }
}
