package app.openup.feedback.messaging;

import app.openup.eventing.projection.IncomingEvent;
import app.openup.eventing.projection.PoisonEvent;
import app.openup.eventing.quarkus.TopicProjections;
import app.openup.eventing.vault.Vault;
import app.openup.feedback.messaging.Published.PartnerErased;
import app.openup.feedback.service.Reconciliation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The read side's consumer of {@code needs.events}, {@code sessions.events} and {@code
 * feedback.events} (one SmallRye channel, in batches as each poll brings them): the batch's events
 * are applied exactly once to the history projection in one transaction, then what each settles is
 * settled (a praise declined, a key forgotten). A record that is not a readable event goes to the
 * dead-letter topic with the reason and is counted; so does an event the projection cannot apply,
 * found by applying the batch one event at a time once the batch has failed on it. A failure of the
 * database is retried with back-off, in order, never dead-lettered.
 */
@ApplicationScoped
public class PlatformConsumer {

  public static final String CHANNEL = "platform-events";

  private final TopicProjections projections;
  private final Reconciliation reconciliation;
  private final Vault vault;
  private final MeterRegistry registry;
  private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();

  public PlatformConsumer(
      TopicProjections projections,
      Reconciliation reconciliation,
      Vault vault,
      MeterRegistry registry) {
    this.projections = projections;
    this.reconciliation = reconciliation;
    this.vault = vault;
    this.registry = registry;
  }

  /** A readable record: its event and what it says. */
  private record Readable(
      KafkaRecord<String, byte[]> record, IncomingEvent event, Published fact) {}

  @Incoming(CHANNEL)
  public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
    List<Readable> readable = new ArrayList<>();
    Uni<Void> unreadable = Uni.createFrom().voidItem();
    for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
      try {
        IncomingEvent event =
            IncomingEvent.fromKafka(record.getTopic(), record.getHeaders(), record.getPayload());
        Published fact = Published.read(event);
        if (fact != null) {
          readable.add(new Readable(record, event, fact));
        }
      } catch (RuntimeException why) {
        unreadable = unreadable.chain(() -> deadLetter(record, why));
      }
    }
    return unreadable
        .chain(() -> apply(readable))
        .chain(
            applied -> {
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (Readable r : applied) {
                chain = chain.chain(() -> afterwards(r.event(), r.fact()));
              }
              return chain;
            })
        .onFailure()
        .invoke(failure -> Log.warnf("Settling a batch failed, retrying: %s", failure.toString()))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(10))
        .indefinitely()
        .chain(() -> Uni.createFrom().completionStage(batch.ack()));
  }

  /**
   * The batch in one transaction; if it holds an event the projection cannot apply, one at a time,
   * that one dead-lettered. Answers the events that stand applied (also those applied before, on a
   * redelivery: what they settle is safe to settle again).
   */
  private Uni<List<Readable>> apply(List<Readable> readable) {
    List<IncomingEvent> events = readable.stream().map(Readable::event).toList();
    return projections
        .applyLive(HistoryProjection.NAME, events)
        .replaceWith(readable)
        .onFailure(PoisonEvent.class)
        .recoverWithUni(() -> oneAtATime(readable))
        .onFailure(failure -> !(failure instanceof PoisonEvent))
        .invoke(
            failure ->
                Log.warnf("Applying a batch of %d failed, retrying: %s", events.size(), failure))
        .onFailure(failure -> !(failure instanceof PoisonEvent))
        .retry()
        .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(10))
        .indefinitely();
  }

  private Uni<List<Readable>> oneAtATime(List<Readable> readable) {
    List<Readable> applied = new ArrayList<>();
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Readable r : readable) {
      chain =
          chain.chain(
              () ->
                  projections
                      .applyLive(HistoryProjection.NAME, r.event())
                      .invoke(() -> applied.add(r))
                      .onFailure(PoisonEvent.class)
                      .recoverWithUni(poison -> deadLetter(r.record(), poison)));
    }
    return chain.replaceWith(applied);
  }

  /** What an applied event settles; safe to repeat on a redelivery. */
  private Uni<Void> afterwards(IncomingEvent event, Published fact) {
    Uni<Void> forget =
        fact instanceof PartnerErased erased
            ? vault.forget(erased.partnerId())
            : Uni.createFrom().voidItem();
    return forget.chain(() -> reconciliation.after(event, fact));
  }

  private Uni<Void> deadLetter(KafkaRecord<String, byte[]> record, Throwable why) {
    deadLetters
        .computeIfAbsent(
            record.getTopic(),
            topic ->
                Counter.builder("openup.consumer.dead.letters")
                    .description("Records of a consumed topic that could not be read")
                    .tag("topic", topic)
                    .register(registry))
        .increment();
    Log.warnf(
        "%s partition %d offset %d is unreadable (%s): to the dead-letter topic",
        record.getTopic(),
        record.getPartition(),
        record
            .getMetadata(IncomingKafkaRecordMetadata.class)
            .map(IncomingKafkaRecordMetadata::getOffset)
            .orElse(-1L),
        why.getMessage());
    return Uni.createFrom().completionStage(record.nack(why));
  }
}
