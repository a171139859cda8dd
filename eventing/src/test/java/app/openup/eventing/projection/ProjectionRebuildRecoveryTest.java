package app.openup.eventing.projection;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A rebuild after a failed one, and a rebuild from topics that lost events. */
class ProjectionRebuildRecoveryTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private EventingDatabase db;
  private Pool pool;
  private String topic;
  private EventRelay relay;
  private EventStore store;

  @BeforeEach
  void setUp() {
    db = new EventingDatabase("rebuild_review");
    pool = db.pool(4);
    topic = "rebuild-review-" + UUID.randomUUID();
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
  }

  @AfterEach
  void tearDown() {
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
            "drop table if exists counted_v"
                + version
                + "; create table counted_v"
                + version
                + " (event_id uuid primary key)")
        .execute()
        .replaceWithVoid();
  }

  private long total(int version) {
    return pool.query("select count(*) from counted_v" + version)
        .execute()
        .map(rows -> rows.iterator().next().getLong(0))
        .await()
        .atMost(WAIT);
  }

  @Test
  void anAbandonedRebuildDoesNotPoisonTheNextOne() throws Exception {
    List<Uni<AppendResult>> appends = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      UUID couple = UUID.randomUUID();
      appends.add(store.append(Counted.append("s-" + couple, ExpectedVersion.noStream(), couple)));
    }
    Uni.join().all(appends).andFailFast().await().atMost(WAIT);
    await().atMost(WAIT).until(() -> relay.publishedCount() == 40);

    AtomicBoolean failing = new AtomicBoolean(true);
    AtomicInteger applied = new AtomicInteger();
    VersionedProjection projection =
        new VersionedProjection(
            pool,
            "counted",
            (connection, event, version) -> {
              if (version == 2 && failing.get() && applied.incrementAndGet() > 10) {
                return Uni.createFrom().failure(new IllegalStateException("broken on purpose"));
              }
              return connection
                  .preparedQuery("insert into counted_v" + version + " values ($1)")
                  .execute(Tuple.of(event.id()))
                  .replaceWithVoid();
            });
    prepare(1).await().atMost(WAIT);
    // A first attempt fails after ten events: it is abandoned with its marks and tables.
    ProjectionRebuild first =
        new ProjectionRebuild(
            projection, SharedKafka.bootstrapServers(), List.of(topic), this::prepare);
    assertThrows(RuntimeException.class, () -> first.run(p -> {}, WAIT));

    failing.set(false);
    ProjectionRebuild second =
        new ProjectionRebuild(
            projection, SharedKafka.bootstrapServers(), List.of(topic), this::prepare);
    assertEquals(2, second.run(p -> {}, WAIT));
    assertEquals(40, total(2), "every event is in the rebuilt read model");
  }

  @Test
  void aRebuildRefusesTopicsThatNoLongerBeginAtTheirFirstEvent() throws Exception {
    for (int i = 0; i < 3; i++) {
      UUID couple = UUID.randomUUID();
      store
          .append(Counted.append("s-" + couple, ExpectedVersion.noStream(), couple))
          .await()
          .atMost(WAIT);
    }
    await().atMost(WAIT).until(() -> relay.publishedCount() == 3);
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            java.util.Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
      var partitions =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
      java.util.Map<
              org.apache.kafka.common.TopicPartition,
              org.apache.kafka.clients.admin.RecordsToDelete>
          deletions = new java.util.HashMap<>();
      for (var partition : partitions) {
        var tp = new org.apache.kafka.common.TopicPartition(topic, partition.partition());
        long end =
            admin
                .listOffsets(
                    java.util.Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                .partitionResult(tp)
                .get()
                .offset();
        if (end > 0) {
          deletions.put(tp, org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(1));
        }
      }
      admin.deleteRecords(deletions).all().get();
    }
    VersionedProjection projection =
        new VersionedProjection(
            pool,
            "counted",
            (connection, event, version) ->
                connection
                    .preparedQuery("insert into counted_v" + version + " values ($1)")
                    .execute(Tuple.of(event.id()))
                    .replaceWithVoid());
    prepare(1).await().atMost(WAIT);
    ProjectionRebuild rebuild =
        new ProjectionRebuild(
            projection, SharedKafka.bootstrapServers(), List.of(topic), this::prepare);
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> rebuild.run(p -> {}, WAIT));
    assertTrue(refused.getMessage().contains("begins at offset"), refused.getMessage());
    assertEquals(
        new VersionedProjection.Versions(1, null),
        projection.versions().await().atMost(WAIT),
        "the refused rebuild was abandoned; version 1 stays active");
  }
}
