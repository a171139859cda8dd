package app.openup.feedback.messaging;

import app.openup.eventing.InTurn;
import app.openup.eventing.projection.IncomingEvent;
import app.openup.eventing.projection.PoisonEvent;
import app.openup.eventing.quarkus.TopicProjections;
import app.openup.eventing.vault.Vault;
import app.openup.feedback.messaging.Published.PartnerErased;
import app.openup.feedback.service.Reconciliation;
import app.openup.support.messaging.DeadLettering;
import app.openup.support.messaging.Traces;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
  private final DeadLettering deadLetters;

  public PlatformConsumer(
      TopicProjections projections,
      Reconciliation reconciliation,
      Vault vault,
      MeterRegistry registry,
      @ConfigProperty(name = "mp.messaging.incoming." + CHANNEL + ".topics") List<String> topics) {
    this.projections = projections;
    this.reconciliation = reconciliation;
    this.vault = vault;
    this.deadLetters = new DeadLettering(registry, topics.toArray(String[]::new));
  }

  /**
   * A readable record: its event, what it says (null for a type the read side does not use), and
   * the trace it continues (or null).
   */
  private record Readable(
      KafkaRecord<String, byte[]> record, IncomingEvent event, Published fact, String trace) {}

  @Incoming(CHANNEL)
  public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
    // Each record of the batch goes to the dead-letter topic at most once, whatever is retried.
    DeadLettering.Batch lettered = deadLetters.batch();
    return lettered
        .read(batch.getRecords(), PlatformConsumer::readable)
        .chain(readable -> apply(readable, lettered))
        .chain(this::settle)
        .chain(() -> Uni.createFrom().completionStage(batch.ack()));
  }

  /**
   * The record's event and what it says; throws if it is not a readable event. An event of a type
   * the read side does not use (a partner invited, a clarification) is still marked as processed:
   * its stream's later events then follow on without a gap, and a consistency token that names it
   * is reached instead of waiting out its bound.
   */
  private static Readable readable(KafkaRecord<String, byte[]> record) {
    IncomingEvent event =
        IncomingEvent.fromKafka(record.getTopic(), record.getHeaders(), record.getPayload());
    return new Readable(record, event, Published.read(event), Traces.traceparent(record));
  }

  /**
   * The batch in one transaction; if it holds an event the projection cannot apply, one at a time,
   * that one dead-lettered. A database failure is retried with back-off, in order. Answers the
   * events that stand applied (also those applied before, on a redelivery: what they settle is safe
   * to settle again).
   */
  private Uni<List<Readable>> apply(List<Readable> readable, DeadLettering.Batch lettered) {
    List<IncomingEvent> events = readable.stream().map(Readable::event).toList();
    return projections
        .applyLive(HistoryProjection.NAME, events)
        .replaceWith(readable)
        .onFailure(PoisonEvent.class)
        .recoverWithUni(() -> oneAtATime(readable, lettered))
        .onFailure()
        .invoke(
            failure ->
                Log.warnf("Applying a batch of %d failed, retrying: %s", events.size(), failure))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(10))
        .indefinitely();
  }

  private Uni<List<Readable>> oneAtATime(List<Readable> readable, DeadLettering.Batch lettered) {
    return Uni.createFrom()
        .deferred(
            () -> {
              List<Readable> applied = new ArrayList<>();
              return InTurn.each(
                      readable,
                      r ->
                          projections
                              .applyLive(HistoryProjection.NAME, r.event())
                              .invoke(() -> applied.add(r))
                              .onFailure(PoisonEvent.class)
                              .recoverWithUni(poison -> lettered.send(r.record(), poison)))
                  .replaceWith(applied);
            });
  }

  /**
   * What the applied events settle, in order, the praise standing for their shares and needs read
   * once for the lot; a failure is retried with back-off from the first event not yet settled.
   */
  private Uni<Void> settle(List<Readable> applied) {
    AtomicInteger next = new AtomicInteger();
    return Uni.createFrom()
        .deferred(
            () -> {
              List<Readable> left = applied.subList(next.get(), applied.size());
              return reconciliation
                  .standingFor(left.stream().map(Readable::fact).toList())
                  .chain(
                      standing ->
                          InTurn.each(
                              left, r -> afterwards(r, standing).invoke(next::incrementAndGet)));
            })
        .onFailure()
        .invoke(failure -> Log.warnf("Settling a batch failed, retrying: %s", failure.toString()))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(10))
        .indefinitely();
  }

  /** What an applied event settles; safe to repeat on a redelivery. */
  private Uni<Void> afterwards(Readable r, Reconciliation.Standing standing) {
    Uni<Void> forget =
        r.fact() instanceof PartnerErased erased
            ? vault.forget(erased.partnerId())
            : Uni.createFrom().voidItem();
    return forget.chain(() -> reconciliation.after(r.event(), r.fact(), r.trace(), standing));
  }
}
