package app.openup.eventing.projection;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.EventingDatabase;
import app.openup.eventing.relay.EventRelay;
import app.openup.eventing.relay.RelayOptions;
import app.openup.eventing.store.AppendResult;
import app.openup.eventing.store.EventStore;
import app.openup.eventing.store.ExpectedVersion;
import app.openup.testkit.SharedKafka;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProjectionRebuildTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private EventingDatabase db;
  private Pool pool;
  private String topic;
  private EventRelay relay;
  private EventStore store;
  private final List<UUID> couples = new ArrayList<>();
  private final AtomicBoolean live = new AtomicBoolean(true);
  private Thread liveConsumer;

  @BeforeEach
  void setUp() {
    db = new EventingDatabase("rebuild");
    pool = db.pool(4);
    topic = "rebuild-" + UUID.randomUUID();
    store = new EventStore(pool, "tests");
    relay =
        new EventRelay(
                RelayOptions.defaults(
                    "tests",
                    topic,
                    db.database().jdbcUrl(),
                    db.database().user(),
                    db.database().password(),
                    SharedKafka.bootstrapServers()))
            .start();
    for (int i = 0; i < 5; i++) {
      couples.add(UUID.randomUUID());
    }
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    live.set(false);
    if (liveConsumer != null) {
      liveConsumer.join(WAIT.toMillis());
    }
    // setUp may have failed before the relay started (the broker, say): the database goes anyway.
    try {
      if (relay != null) {
        relay.close();
      }
    } finally {
      db.close();
    }
  }

  private Uni<Void> prepare(int version) {
    return pool.query(
            "create table couple_counts_v"
                + version
                + " (couple_id uuid primary key, n int not null)")
        .execute()
        .replaceWithVoid();
  }

  private final VersionedProjection.Apply count =
      (connection, event, version) ->
          connection
              .preparedQuery(
                  "insert into couple_counts_v"
                      + version
                      + " values ($1, 1) on conflict (couple_id) do update set n ="
                      + " couple_counts_v"
                      + version
                      + ".n + 1")
              .execute(Tuple.of(event.partitionKey()))
              .replaceWithVoid();

  private void append(int events) {
    List<Uni<AppendResult>> appends = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      UUID couple = couples.get(i % couples.size());
      appends.add(store.append(Counted.append("couple-" + couple, ExpectedVersion.any(), couple)));
    }
    Uni.join().all(appends).andFailFast().await().atMost(WAIT);
  }

  private long total(int version) {
    return pool.query("select coalesce(sum(n), 0) from couple_counts_v" + version)
        .execute()
        .map(rows -> rows.iterator().next().getLong(0))
        .await()
        .atMost(WAIT);
  }

  private Map<UUID, Integer> counts(int version) {
    return pool.query("select couple_id, n from couple_counts_v" + version)
        .execute()
        .map(
            rows -> {
              Map<UUID, Integer> counts = new java.util.HashMap<>();
              rows.forEach(row -> counts.put(row.getUUID(0), row.getInteger(1)));
              return counts;
            })
        .await()
        .atMost(WAIT);
  }

  private void startLiveConsumer(VersionedProjection projection) {
    liveConsumer =
        new Thread(
            () -> {
              try (KafkaConsumer<String, byte[]> consumer =
                  new KafkaConsumer<>(
                      Map.of(
                          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                          SharedKafka.bootstrapServers(),
                          ConsumerConfig.GROUP_ID_CONFIG,
                          "live-" + UUID.randomUUID(),
                          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                          "earliest"),
                      new StringDeserializer(),
                      new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                while (live.get()) {
                  // As the services consume: what a poll brings, in one transaction.
                  List<IncomingEvent> batch = new ArrayList<>();
                  for (ConsumerRecord<String, byte[]> record :
                      consumer.poll(Duration.ofMillis(100))) {
                    batch.add(IncomingEvent.fromKafka(topic, record.headers(), record.value()));
                  }
                  projection.applyLive(batch).await().atMost(WAIT);
                }
              }
            },
            "live-projection");
    liveConsumer.start();
  }

  @Test
  void aBatchIsAppliedWholeAndOnceOrNotAtAll() throws Exception {
    append(30);
    await().atMost(WAIT).until(() -> relay.publishedCount() == 30);
    List<IncomingEvent> events = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "batch-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      while (events.size() < 30) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          events.add(IncomingEvent.fromKafka(topic, record.headers(), record.value()));
        }
      }
    }
    IncomingEvent poison = events.get(20);
    VersionedProjection projection =
        new VersionedProjection(
            pool,
            "couple-counts",
            (connection, event, version) ->
                event.id().equals(poison.id())
                    ? Uni.createFrom().failure(new PoisonEvent("cannot be applied", null))
                    : count.apply(connection, event, version));
    prepare(1).await().atMost(WAIT);

    assertThrows(PoisonEvent.class, () -> projection.applyLive(events).await().atMost(WAIT));
    assertEquals(0, total(1), "nothing of a failed batch is applied");

    List<IncomingEvent> good = new ArrayList<>(events);
    good.remove(poison);
    projection.applyLive(good).await().atMost(WAIT);
    projection.applyLive(good.subList(0, 10)).await().atMost(WAIT);
    List<IncomingEvent> twiceInOne = new ArrayList<>(good.subList(5, 15));
    twiceInOne.addAll(good.subList(5, 15));
    projection.applyLive(twiceInOne).await().atMost(WAIT);
    assertEquals(29, total(1), "each event once, redelivered in a batch or twice in one");
  }

  @Test
  void liveEventsWhileTheNewVersionIsPreparedNeverMeetAMissingTable() throws Exception {
    VersionedProjection projection = new VersionedProjection(pool, "couple-counts", count);
    prepare(1).await().atMost(WAIT);
    startLiveConsumer(projection);
    append(50);
    await().atMost(WAIT).until(() -> total(1) == 50);

    // Events arrive and are applied while the new version's tables are being made: had the
    // version been marked first, the live consumer would have written to a table not there yet.
    ProjectionRebuild rebuild =
        new ProjectionRebuild(
            projection,
            SharedKafka.bootstrapServers(),
            List.of(topic),
            version -> {
              append(10);
              await().atMost(WAIT).until(() -> total(1) == 60);
              return prepare(version);
            });
    assertEquals(2, rebuild.run(progress -> {}, WAIT));

    append(5);
    await().atMost(WAIT).until(() -> total(2) == 65);
  }

  @Test
  void aSecondRebuildStartedMeanwhileIsRefusedBeforeItPreparesAnything() throws Exception {
    VersionedProjection projection = new VersionedProjection(pool, "couple-counts", count);
    prepare(1).await().atMost(WAIT);
    startLiveConsumer(projection);
    append(20);
    await().atMost(WAIT).until(() -> total(1) == 20);

    AtomicBoolean secondPrepared = new AtomicBoolean();
    ProjectionRebuild second =
        new ProjectionRebuild(
            projection,
            SharedKafka.bootstrapServers(),
            List.of(topic),
            version -> {
              secondPrepared.set(true);
              return prepare(version);
            });
    ProjectionRebuild first =
        new ProjectionRebuild(
            projection,
            SharedKafka.bootstrapServers(),
            List.of(topic),
            version -> {
              IllegalStateException refused =
                  assertThrows(IllegalStateException.class, () -> second.run(p -> {}, WAIT));
              assertTrue(refused.getMessage().contains("already running"));
              return prepare(version);
            });

    assertEquals(2, first.run(progress -> {}, WAIT));
    assertFalse(secondPrepared.get(), "the refused rebuild touched no table");
    assertEquals(20, total(2));
  }

  @Test
  void aRebuildReplaysBesideTheLiveProjectionAndSwitchesWhenCaughtUp() throws Exception {
    VersionedProjection projection = new VersionedProjection(pool, "couple-counts", count);
    prepare(1).await().atMost(WAIT);
    startLiveConsumer(projection);
    append(300);
    await().atMost(WAIT).until(() -> total(1) == 300);

    List<ProjectionRebuild.Progress> progress = new CopyOnWriteArrayList<>();
    ProjectionRebuild rebuild =
        new ProjectionRebuild(
            projection, SharedKafka.bootstrapServers(), List.of(topic), this::prepare);
    CompletableFuture<Integer> rebuilt =
        CompletableFuture.supplyAsync(() -> rebuild.run(progress::add, WAIT));
    append(200);
    assertEquals(2, rebuilt.get());

    // After the switch only the new version is live; the old one is retired where it stood.
    await().atMost(WAIT).until(() -> total(2) == 500);
    Map<UUID, Integer> expected = new java.util.HashMap<>();
    couples.forEach(couple -> expected.put(couple, 100));
    assertEquals(expected, counts(2), "every event counted once in the rebuilt version");
    assertEquals(
        new VersionedProjection.Versions(2, null), projection.versions().await().atMost(WAIT));

    ProjectionRebuild.Progress last = progress.get(progress.size() - 1);
    assertTrue(last.switched());
    assertEquals(1.0, last.fraction());
    assertTrue(last.total() >= 300, "the replay covered what the topic held when it began");
    for (int i = 1; i < progress.size(); i++) {
      assertTrue(progress.get(i).processed() >= progress.get(i - 1).processed());
    }
  }
}
