package app.openup.eventing.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.EventingDatabase;
import app.openup.eventing.projection.IncomingEvent;
import app.openup.eventing.projection.ProcessedEvents;
import app.openup.eventing.store.AppendRequest;
import app.openup.eventing.store.AppendResult;
import app.openup.eventing.store.EventStore;
import app.openup.eventing.store.ExpectedVersion;
import app.openup.eventing.store.NewEvent;
import app.openup.testkit.SharedKafka;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A relay that dies mid-batch re-sends; a projection built on ProcessedEvents counts once. */
class RelayCrashTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int COUPLES = 20;
  private static final int EVENTS_PER_COUPLE = 100;

  private EventingDatabase db;
  private Pool pool;
  private String topic;
  private final List<EventRelay> relays = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    db = new EventingDatabase("relay_crash");
    pool = db.pool(4);
    topic = "relay-crash-" + UUID.randomUUID();
    try (Connection connection = db.jdbc()) {
      connection
          .createStatement()
          .execute(
              "create table couple_event_count (couple_id uuid primary key, events int not null)");
    }
  }

  @AfterEach
  void tearDown() {
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
        .withBatchSize(50);
  }

  private Set<UUID> appendBacklog() {
    EventStore store = new EventStore(pool, "tests");
    Set<UUID> ids = new HashSet<>();
    List<UUID> couples = new ArrayList<>();
    for (int c = 0; c < COUPLES; c++) {
      couples.add(UUID.randomUUID());
    }
    for (int round = 0; round < EVENTS_PER_COUPLE / 10; round++) {
      List<Uni<AppendResult>> appends = new ArrayList<>();
      for (UUID couple : couples) {
        List<NewEvent> events = new ArrayList<>();
        for (int e = 0; e < 10; e++) {
          NewEvent event = new NewEvent(UUID.randomUUID(), "counted", 1, "{}");
          ids.add(event.eventId());
          events.add(event);
        }
        appends.add(
            store.append(
                new AppendRequest(
                    "couple-" + couple,
                    ExpectedVersion.exactly(round * 10L),
                    couple,
                    null,
                    events,
                    null,
                    null)));
      }
      Uni.join().all(appends).andFailFast().await().atMost(WAIT);
    }
    return ids;
  }

  @Test
  void aRelayKilledMidBatchResendsAndTheProjectionCountsEachEventOnce() throws Exception {
    Set<UUID> appended = appendBacklog();
    EventRelay relay =
        new EventRelay(
                options()
                    .withKafka(
                        Map.of(
                            ProducerConfig.INTERCEPTOR_CLASSES_CONFIG,
                            CrashingInterceptor.class.getName(),
                            CrashingInterceptor.CRASH_AT,
                            "725",
                            CrashingInterceptor.JDBC_URL,
                            db.database().jdbcUrl(),
                            CrashingInterceptor.APPLICATION,
                            "openup-relay-tests")))
            .start();
    relays.add(relay);

    int records = projectUntilComplete(appended);
    assertTrue(records > appended.size(), "the batch sent before the crash was sent again");
    assertTrue(relay.publishedCount() > appended.size());
  }

  @Test
  void aRelayStoppedAndStartedAgainResumesFromItsCheckpoint() throws Exception {
    Set<UUID> appended = appendBacklog();
    EventRelay first = new EventRelay(options()).start();
    relays.add(first);
    await().atMost(WAIT).until(() -> first.publishedCount() >= 500);
    first.close();
    long sentByFirst = first.publishedCount();
    EventRelay second = new EventRelay(options()).start();
    relays.add(second);

    projectUntilComplete(appended);
    assertTrue(second.publishedCount() <= appended.size() - sentByFirst + 50);
  }

  /**
   * Consumes the topic into a count per couple, as a projection would, until every appended event
   * was seen; returns how many records were read. Asserts the counts are exact.
   */
  private int projectUntilComplete(Set<UUID> appended) throws Exception {
    ProcessedEvents processed = new ProcessedEvents(pool, "couple-counts");
    Set<UUID> seen = new HashSet<>();
    int records = 0;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "projection-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!seen.containsAll(appended) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          records++;
          IncomingEvent event = IncomingEvent.fromKafka(topic, record.headers(), record.value());
          seen.add(event.id());
          processed
              .applyOnce(
                  event,
                  connection ->
                      connection
                          .preparedQuery(
                              "insert into couple_event_count values ($1, 1) on conflict"
                                  + " (couple_id) do update set events ="
                                  + " couple_event_count.events + 1")
                          .execute(Tuple.of(event.partitionKey()))
                          .replaceWithVoid())
              .await()
              .atMost(WAIT);
        }
      }
    }
    assertTrue(seen.containsAll(appended), "every event arrived at least once");
    try (Connection connection = db.jdbc();
        ResultSet counts =
            connection
                .createStatement()
                .executeQuery(
                    "select count(*), min(events), max(events) from couple_event_count")) {
      counts.next();
      assertEquals(COUPLES, counts.getInt(1));
      assertEquals(EVENTS_PER_COUPLE, counts.getInt(2), "each event counted exactly once");
      assertEquals(EVENTS_PER_COUPLE, counts.getInt(3), "each event counted exactly once");
    }
    return records;
  }
}
