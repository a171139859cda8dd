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
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The read side's consumer of {@code needs.events}, {@code sessions.events} and {@code
 * feedback.events} (one SmallRye channel): each record is applied exactly once to the history
 * projection, then what it settles is settled (a praise declined, a key forgotten). A record that
 * is not a readable event goes to the dead-letter topic with the reason and is counted; a failure
 * of the database is retried with back-off, in order, never dead-lettered.
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

  @Incoming(CHANNEL)
  public Uni<Void> consume(Message<byte[]> message) {
    @SuppressWarnings("unchecked")
    IncomingKafkaRecordMetadata<String, byte[]> record =
        message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
    IncomingEvent event;
    Published fact;
    try {
      event = IncomingEvent.fromKafka(record.getTopic(), record.getHeaders(), message.getPayload());
      fact = Published.read(event);
    } catch (RuntimeException unreadable) {
      return deadLetter(message, record, unreadable);
    }
    if (fact == null) {
      return Uni.createFrom().completionStage(message.ack());
    }
    return projections
        .applyLive(HistoryProjection.NAME, event)
        .chain(() -> afterwards(event, fact))
        .onFailure(failure -> !(failure instanceof PoisonEvent))
        .invoke(
            failure ->
                Log.warnf(
                    "Applying %s of couple %s failed, retrying: %s",
                    event.type(), event.partitionKey(), failure.toString()))
        .onFailure(failure -> !(failure instanceof PoisonEvent))
        .retry()
        .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(10))
        .indefinitely()
        .chain(() -> Uni.createFrom().completionStage(message.ack()))
        .onFailure(PoisonEvent.class)
        .recoverWithUni(poison -> deadLetter(message, record, poison));
  }

  /** What an applied event settles; safe to repeat on a redelivery. */
  private Uni<Void> afterwards(IncomingEvent event, Published fact) {
    Uni<Void> forget =
        fact instanceof PartnerErased erased
            ? vault.forget(erased.partnerId())
            : Uni.createFrom().voidItem();
    return forget.chain(() -> reconciliation.after(event, fact));
  }

  private Uni<Void> deadLetter(
      Message<byte[]> message, IncomingKafkaRecordMetadata<String, byte[]> record, Throwable why) {
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
        record.getTopic(), record.getPartition(), record.getOffset(), why.getMessage());
    return Uni.createFrom().completionStage(message.nack(why));
  }
}
