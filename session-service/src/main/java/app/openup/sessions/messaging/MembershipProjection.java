package app.openup.sessions.messaging;

import app.openup.eventing.projection.IncomingEvent;
import app.openup.eventing.projection.ProcessedEvents;
import app.openup.eventing.vault.Vault;
import app.openup.sessions.messaging.NeedsFact.CoupleFormed;
import app.openup.sessions.messaging.NeedsFact.NeedShared;
import app.openup.sessions.messaging.NeedsFact.PartnerErased;
import app.openup.sessions.messaging.NeedsFact.PartnerJoined;
import app.openup.sessions.messaging.NeedsFact.PartnerLeft;
import app.openup.sessions.service.SafetyExit;
import app.openup.support.messaging.Traces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.ZoneOffset;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Membership from {@code needs.events}: couples, partners, leaves, erasures and shared needs, into
 * this service's own tables, each event applied exactly once (its rows and eventing's mark in one
 * transaction). A leave or an erasure then ends the couple's open sessions (the safety exit), and
 * an erasure makes the vault forget the partner's key; both are idempotent, so they run again on a
 * redelivered record and a crash between the steps loses nothing.
 *
 * <p>A record that is not a readable CloudEvent of a known type goes to the dead-letter topic
 * (SmallRye's dead-letter queue) and is counted; a failure of the database or the store is retried,
 * with back-off, and never dead-lettered: the couple's later events wait behind it, in order.
 */
@ApplicationScoped
public class MembershipProjection {

  public static final String NAME = "sessions-membership";
  public static final String CHANNEL = "needs-events";

  private static final String COUPLE =
      "insert into known_couple (couple_id, formed_at) values ($1, $2)"
          + " on conflict (couple_id) do nothing";
  private static final String PARTNER =
      "insert into known_partner (couple_id, partner_id) values ($1, $2)"
          + " on conflict (couple_id, partner_id) do nothing";
  private static final String LEFT =
      "update known_partner set left_couple = true, erased = erased or $3"
          + " where couple_id = $1 and partner_id = $2";
  private static final String NEED =
      "insert into known_need (need_id, couple_id, topic) values ($1, $2, $3)"
          + " on conflict (need_id) do nothing";

  private final ProcessedEvents processed;
  private final SafetyExit safetyExit;
  private final Vault vault;
  private final Counter deadLetters;

  public MembershipProjection(
      Pool pool, SafetyExit safetyExit, Vault vault, MeterRegistry registry) {
    this.processed = new ProcessedEvents(pool, NAME);
    this.safetyExit = safetyExit;
    this.vault = vault;
    this.deadLetters =
        Counter.builder("openup.consumer.dead.letters")
            .description("Records of another service's topic that could not be read")
            .tag("topic", "needs.events")
            .register(registry);
  }

  /** What this projection has applied: reads and commands wait on it with a token of needs. */
  public ProcessedEvents processed() {
    return processed;
  }

  @Incoming(CHANNEL)
  public Uni<Void> consume(Message<byte[]> message) {
    @SuppressWarnings("unchecked")
    IncomingKafkaRecordMetadata<String, byte[]> record =
        message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
    IncomingEvent event;
    NeedsFact fact;
    try {
      event = IncomingEvent.fromKafka(record.getTopic(), record.getHeaders(), message.getPayload());
      fact = NeedsFact.of(event);
    } catch (RuntimeException unreadable) {
      deadLetters.increment();
      Log.warnf(
          "needs.events partition %d offset %d is unreadable (%s): to the dead-letter topic",
          record.getPartition(), record.getOffset(), unreadable.getClass().getSimpleName());
      // Nacked, the record goes to the dead-letter topic (the channel's failure strategy).
      return Uni.createFrom().completionStage(message.nack(unreadable));
    }
    // An event of a type membership does not use (a partner invited, a need acknowledged) is
    // still marked as processed: the stream's later events then follow on without a gap, and a
    // consistency token that names it is reached instead of waiting out its bound.
    String traceparent = Traces.traceparent(message);
    return processed
        .applyOnce(
            event,
            connection -> fact == null ? Uni.createFrom().voidItem() : write(connection, fact))
        .chain(() -> afterwards(fact, event, traceparent))
        .onFailure()
        .invoke(
            failure ->
                Log.warnf(
                    "Applying %s of couple %s failed, retrying: %s",
                    event.type(), event.partitionKey(), failure.toString()))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(10))
        .indefinitely()
        .chain(() -> Uni.createFrom().completionStage(message.ack()));
  }

  private Uni<Void> write(SqlConnection connection, NeedsFact fact) {
    if (fact instanceof CoupleFormed formed) {
      return connection
          .preparedQuery(COUPLE)
          .execute(Tuple.of(formed.coupleId(), formed.formedAt().atOffset(ZoneOffset.UTC)))
          .chain(
              () ->
                  connection
                      .preparedQuery(PARTNER)
                      .execute(Tuple.of(formed.coupleId(), formed.firstPartner())))
          .replaceWithVoid();
    }
    if (fact instanceof PartnerJoined joined) {
      return connection
          .preparedQuery(PARTNER)
          .execute(Tuple.of(joined.coupleId(), joined.partnerId()))
          .replaceWithVoid();
    }
    if (fact instanceof PartnerLeft left) {
      return connection
          .preparedQuery(LEFT)
          .execute(Tuple.of(left.coupleId(), left.partnerId(), false))
          .replaceWithVoid();
    }
    if (fact instanceof PartnerErased erased) {
      return connection
          .preparedQuery(LEFT)
          .execute(Tuple.of(erased.coupleId(), erased.partnerId(), true))
          .replaceWithVoid();
    }
    NeedShared shared = (NeedShared) fact;
    return connection
        .preparedQuery(NEED)
        .execute(Tuple.of(shared.needId(), shared.coupleId(), shared.topic()))
        .replaceWithVoid();
  }

  /** What follows a leave or an erasure; safe to repeat. */
  private Uni<Void> afterwards(NeedsFact fact, IncomingEvent cause, String traceparent) {
    if (fact instanceof PartnerLeft left) {
      return safetyExit.endSessions(left.coupleId(), cause.id(), traceparent);
    }
    if (fact instanceof PartnerErased erased) {
      return vault
          .forget(erased.partnerId())
          .chain(() -> safetyExit.endSessions(erased.coupleId(), cause.id(), traceparent));
    }
    return Uni.createFrom().voidItem();
  }
}
