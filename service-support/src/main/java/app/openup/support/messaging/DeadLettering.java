package app.openup.support.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Where a consumer of another service's topic puts a record it cannot apply: the channel's
 * dead-letter topic (SmallRye's dead-letter queue, reached by nacking the record, with the reason
 * in its headers), counted by topic as {@code openup_consumer_dead_letters_total{topic}}. Within
 * one batch each record is sent at most once, however often the batch's work is retried; sending is
 * retried with back-off until Kafka takes it, so no record is skipped unseen.
 */
public final class DeadLettering {

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  /**
   * The counters of {@code topics} start at zero, so an alert on them has a series before the first
   * dead letter.
   */
  public DeadLettering(MeterRegistry registry, String... topics) {
    this.registry = registry;
    for (String topic : topics) {
      counter(topic);
    }
  }

  /** What one batch sends, remembered so that a retried batch sends none of it twice. */
  public Batch batch() {
    return new Batch();
  }

  /** A batch's dead letters. */
  public final class Batch {

    private final Set<Message<?>> sent = Collections.newSetFromMap(new IdentityHashMap<>());

    private Batch() {}

    /**
     * The records read with {@code reader}, in order; each one it throws on is sent to the
     * dead-letter topic with the reason (the answer comes once they are).
     */
    public <M extends Message<?>, T> Uni<List<T>> read(List<M> records, Function<M, T> reader) {
      List<T> read = new ArrayList<>();
      Uni<Void> sending = Uni.createFrom().voidItem();
      for (M record : records) {
        try {
          read.add(reader.apply(record));
        } catch (RuntimeException why) {
          sending = sending.chain(() -> send(record, why));
        }
      }
      return sending.replaceWith(read);
    }

    /** Sends the record to the dead-letter topic with {@code why}, unless this batch has. */
    public Uni<Void> send(Message<?> record, Throwable why) {
      synchronized (sent) {
        if (sent.contains(record)) {
          return Uni.createFrom().voidItem();
        }
      }
      IncomingKafkaRecordMetadata<?, ?> where =
          record.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
      // The reason goes to the dead letter's headers; the log names only its kind, since a
      // parser's message may quote what it read.
      Log.warnf(
          "%s partition %d offset %d cannot be applied (%s): to the dead-letter topic",
          where.getTopic(),
          where.getPartition(),
          where.getOffset(),
          why.getClass().getSimpleName());
      return Uni.createFrom()
          .completionStage(() -> record.nack(why))
          .onFailure()
          .retry()
          .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(10))
          .indefinitely()
          .invoke(
              () -> {
                synchronized (sent) {
                  sent.add(record);
                }
                counter(where.getTopic()).increment();
              });
    }
  }

  private Counter counter(String topic) {
    return counters.computeIfAbsent(
        topic,
        t ->
            Counter.builder("openup.consumer.dead.letters")
                .description("Records of a consumed topic that could not be applied")
                .tag("topic", t)
                .register(registry));
  }
}
