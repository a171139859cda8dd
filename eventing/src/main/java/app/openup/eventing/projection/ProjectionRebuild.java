package app.openup.eventing.projection;

import app.openup.eventing.InTurn;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Rebuilds a {@link VersionedProjection} beside the live one: prepares the next version's tables,
 * replays the topics from their beginning into it, reports progress, and switches queries over when
 * the replay has caught up. It refuses to start unless every partition still begins at offset 0 (a
 * topic that lost its oldest events cannot rebuild a read model), and a new attempt at a version
 * forgets what an abandoned one applied. Blocking: run it on a worker thread.
 */
public final class ProjectionRebuild {

  /** How far a rebuild is: records replayed of those the topics held when it began. */
  public record Progress(int version, long processed, long total, boolean switched) {
    public double fraction() {
      return total == 0 ? 1.0 : Math.min(1.0, (double) processed / total);
    }
  }

  private static final String BEGIN =
      "update projection_version set rebuilding_version = active_version + 1,"
          + " rebuild_prepared = false, rebuild_processed = 0, rebuild_total = 0,"
          + " updated_at = now() where projection = $1 and rebuilding_version is null"
          + " returning rebuilding_version";
  private static final String PREPARED =
      "update projection_version set rebuild_prepared = true, updated_at = now()"
          + " where projection = $1 and rebuilding_version = $2";
  private static final String PROGRESS =
      "update projection_version set rebuild_processed = $2, rebuild_total = $3,"
          + " updated_at = now() where projection = $1";
  private static final String ABANDON =
      "update projection_version set rebuilding_version = null, rebuild_prepared = false,"
          + " updated_at = now() where projection = $1";
  private static final String SWITCH =
      "update projection_version set active_version = rebuilding_version,"
          + " rebuilding_version = null, rebuild_prepared = false, updated_at = now()"
          + " where projection = $1";

  private static final long REPORT_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

  /**
   * Records per poll, unless the service's client settings say otherwise: a rebuild's batches are
   * its transactions, and larger ones share each commit and each statement among more events.
   */
  private static final int RECORDS_PER_POLL = 2000;

  private final VersionedProjection projection;
  private final String bootstrapServers;
  private final Map<String, Object> clientSettings;
  private final List<String> topics;
  private final IntFunction<Uni<Void>> prepare;

  /**
   * @param prepare creates the read tables of the given version, empty (dropping any an abandoned
   *     attempt left); live consumers write to the version only after it returned
   */
  public ProjectionRebuild(
      VersionedProjection projection,
      String bootstrapServers,
      List<String> topics,
      IntFunction<Uni<Void>> prepare) {
    this(projection, bootstrapServers, Map.of(), topics, prepare);
  }

  /**
   * @param clientSettings the service's Kafka client settings beyond the bootstrap servers (TLS or
   *     SASL: what a Strimzi {@code KafkaUser} needs), as the live consumers and the relay have
   *     them
   */
  public ProjectionRebuild(
      VersionedProjection projection,
      String bootstrapServers,
      Map<String, Object> clientSettings,
      List<String> topics,
      IntFunction<Uni<Void>> prepare) {
    this.projection = projection;
    this.bootstrapServers = bootstrapServers;
    this.clientSettings = Map.copyOf(clientSettings);
    this.topics = List.copyOf(topics);
    this.prepare = prepare;
  }

  /** Runs the rebuild to the switch; returns the new active version. */
  public int run(Consumer<Progress> onProgress, Duration atMost) {
    Duration wait = Duration.ofSeconds(30);
    projection.versions().await().atMost(wait);
    // Claimed first, so that no two rebuilds prepare the same version; live consumers write to it
    // only once its tables are there (marked prepared).
    Integer version =
        projection
            .pool()
            .preparedQuery(BEGIN)
            .execute(Tuple.of(projection.name()))
            .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getInteger(0))
            .await()
            .atMost(wait);
    if (version == null) {
      throw new IllegalStateException("A rebuild of " + projection.name() + " is already running");
    }
    try {
      return replay(version, onProgress, atMost);
    } catch (RuntimeException e) {
      // A failed rebuild is abandoned, so that a new one can start and live writes stop feeding it.
      projection
          .pool()
          .preparedQuery(ABANDON)
          .execute(Tuple.of(projection.name()))
          .await()
          .atMost(wait);
      throw e;
    }
  }

  private int replay(int version, Consumer<Progress> onProgress, Duration atMost) {
    Duration wait = Duration.ofSeconds(30);
    // What an abandoned attempt at this version applied is forgotten with its tables: otherwise
    // the marks would make this attempt skip the events the tables no longer hold.
    projection.processed(version).forgetAll().await().atMost(wait);
    prepare.apply(version).await().atMost(wait);
    projection
        .pool()
        .preparedQuery(PREPARED)
        .execute(Tuple.of(projection.name(), version))
        .await()
        .atMost(wait);

    long deadline = System.nanoTime() + atMost.toNanos();
    Map<String, Object> settings = new HashMap<>(clientSettings);
    settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    settings.put(
        ConsumerConfig.GROUP_ID_CONFIG, "rebuild-" + projection.name() + "-" + UUID.randomUUID());
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, RECORDS_PER_POLL);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
      for (Map.Entry<TopicPartition, Long> start : begin.entrySet()) {
        if (start.getValue() != 0) {
          throw new IllegalStateException(
              "Cannot rebuild "
                  + projection.name()
                  + ": "
                  + start.getKey()
                  + " begins at offset "
                  + start.getValue()
                  + ", so retention or deletion removed events; event topics must keep everything");
        }
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long total = 0;
      for (TopicPartition partition : partitions) {
        total += end.get(partition) - begin.get(partition);
      }
      report(onProgress, new Progress(version, 0, total, false));
      // The next poll is fetched and decoded while the batch before it is applied; batches are
      // applied one after another, in order. Progress is written at most once a second.
      long polled = 0;
      long applied = 0;
      long reportedAt = System.nanoTime();
      CompletableFuture<Long> inFlight = CompletableFuture.completedFuture(0L);
      try {
        while (!caughtUp(consumer, partitions, end)) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "Rebuild of " + projection.name() + " did not catch up in " + atMost);
          }
          List<IncomingEvent> events = new ArrayList<>();
          for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            polled++;
            try {
              events.add(IncomingEvent.fromKafka(record.topic(), record.headers(), record.value()));
            } catch (RuntimeException unreadable) {
              // The live consumer put it on its dead-letter topic; the replay passes it by too.
            }
          }
          applied = finished(inFlight, wait);
          long upTo = polled;
          inFlight = applyAll(events, version).replaceWith(upTo).subscribeAsCompletionStage();
          if (System.nanoTime() - reportedAt >= REPORT_EVERY_NANOS) {
            report(onProgress, new Progress(version, applied, total, false));
            reportedAt = System.nanoTime();
          }
        }
      } catch (RuntimeException e) {
        // Whatever ends the replay, no batch of it is left applying: a new attempt at the version
        // forgets what this one applied, and a batch committing after that would leave marks
        // without their rows.
        settled(inFlight, wait);
        throw e;
      }
      applied = finished(inFlight, wait);
      report(onProgress, new Progress(version, applied, total, false));
      projection
          .pool()
          .preparedQuery(SWITCH)
          .execute(Tuple.of(projection.name()))
          .await()
          .atMost(wait);
      report(onProgress, new Progress(version, applied, total, true));
      return version;
    }
  }

  /**
   * What a poll brought, in one transaction; if one of them cannot be applied, one at a time, the
   * one passed by (the live consumer dead-lettered it with its reason).
   */
  private Uni<Void> applyAll(List<IncomingEvent> events, int version) {
    return projection
        .applyAllTo(events, version)
        .onFailure(PoisonEvent.class)
        .recoverWithUni(
            () ->
                InTurn.each(
                    events,
                    event ->
                        projection
                            .applyAllTo(List.of(event), version)
                            .onFailure(PoisonEvent.class)
                            .recoverWithNull()));
  }

  /** Waits for the batch being applied, whatever its outcome (the replay is failing anyway). */
  private static void settled(CompletableFuture<Long> inFlight, Duration wait) {
    try {
      inFlight.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Its own failure, if any, is not the replay's.
    }
  }

  /** Waits for the batch being applied; how many records are applied with it. */
  private static long finished(CompletableFuture<Long> inFlight, Duration wait) {
    try {
      return inFlight.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException failed) {
      throw failed.getCause() instanceof RuntimeException e
          ? e
          : new IllegalStateException(failed.getCause());
    } catch (TimeoutException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("A batch of the rebuild was not applied in " + wait, e);
    }
  }

  private void report(Consumer<Progress> onProgress, Progress progress) {
    projection
        .pool()
        .preparedQuery(PROGRESS)
        .execute(Tuple.of(projection.name(), progress.processed(), progress.total()))
        .await()
        .atMost(Duration.ofSeconds(30));
    onProgress.accept(progress);
  }

  private static boolean caughtUp(
      KafkaConsumer<String, byte[]> consumer,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> end) {
    for (TopicPartition partition : partitions) {
      if (consumer.position(partition) < end.get(partition)) {
        return false;
      }
    }
    return true;
  }
}
