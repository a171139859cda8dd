package app.openup.sessions.messaging;

import static java.time.ZoneOffset.UTC;

import app.openup.eventing.InTurn;
import app.openup.eventing.projection.IncomingEvent;
import app.openup.eventing.projection.ProcessedEvents;
import app.openup.eventing.vault.Vault;
import app.openup.sessions.messaging.NeedsFact.CoupleFormed;
import app.openup.sessions.messaging.NeedsFact.NeedShared;
import app.openup.sessions.messaging.NeedsFact.PartnerErased;
import app.openup.sessions.messaging.NeedsFact.PartnerJoined;
import app.openup.sessions.messaging.NeedsFact.PartnerLeft;
import app.openup.sessions.service.SafetyExit;
import app.openup.support.messaging.DeadLettering;
import app.openup.support.messaging.Traces;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Membership from {@code needs.events}: couples, partners, leaves, erasures and shared needs, into
 * this service's own tables. What a poll brings is applied in one transaction, each event exactly
 * once (its rows and eventing's marks together, {@link ProcessedEvents#applyAll}); then each leave
 * or erasure of the batch, in order, ends the couple's open sessions (the safety exit), and an
 * erasure makes the vault forget the partner's key. Both are idempotent, so they run again on a
 * redelivered batch, and a crash between the steps loses nothing.
 *
 * <p>The facts are monotone (a row inserted if absent, a flag set), so the batch is written a
 * statement per kind, in an order that puts each row before what updates it, and ends as applying
 * its events one by one would.
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
  private final DeadLettering deadLetters;

  public MembershipProjection(
      Pool pool,
      SafetyExit safetyExit,
      Vault vault,
      MeterRegistry registry,
      @ConfigProperty(name = "mp.messaging.incoming." + CHANNEL + ".topic") String topic) {
    this.processed = new ProcessedEvents(pool, NAME);
    this.safetyExit = safetyExit;
    this.vault = vault;
    this.deadLetters = new DeadLettering(registry, topic);
  }

  /** What this projection has applied: reads and commands wait on it with a token of needs. */
  public ProcessedEvents processed() {
    return processed;
  }

  /**
   * A readable record: its event, what it says (null for a type membership does not use), and the
   * trace it continues (or null).
   */
  private record Readable(IncomingEvent event, NeedsFact fact, String trace) {}

  @Incoming(CHANNEL)
  public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
    return deadLetters
        .batch()
        .read(batch.getRecords(), MembershipProjection::readable)
        .chain(readable -> apply(readable).chain(() -> settle(readable)))
        .chain(() -> Uni.createFrom().completionStage(batch.ack()));
  }

  /**
   * The record's event and what it says; throws if it is not a readable event of a known type (it
   * then goes to the dead-letter topic). An event of a type membership does not use (a partner
   * invited, a need acknowledged) is still marked as processed: the stream's later events then
   * follow on without a gap, and a consistency token that names it is reached instead of waiting
   * out its bound.
   */
  private static Readable readable(KafkaRecord<String, byte[]> record) {
    IncomingEvent event =
        IncomingEvent.fromKafka(record.getTopic(), record.getHeaders(), record.getPayload());
    return new Readable(event, NeedsFact.of(event), Traces.traceparent(record));
  }

  /** The batch in one transaction, retried with back-off on a failure. */
  private Uni<Void> apply(List<Readable> readable) {
    if (readable.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Map<IncomingEvent, NeedsFact> facts = new IdentityHashMap<>();
    readable.forEach(r -> facts.put(r.event(), r.fact()));
    List<IncomingEvent> events = readable.stream().map(Readable::event).toList();
    return processed
        .applyAll(
            events,
            (connection, fresh) ->
                write(connection, fresh.stream().map(facts::get).filter(Objects::nonNull).toList()))
        .onFailure()
        .invoke(
            failure ->
                Log.warnf(
                    "Applying a batch of %d events of needs.events failed, retrying: %s",
                    events.size(), failure.toString()))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(10))
        .indefinitely()
        .replaceWithVoid();
  }

  /**
   * The facts' rows, a statement per kind: couples, then partners (a couple's first partner and
   * those who joined), then leaves and erasures, then shared needs.
   */
  private Uni<Void> write(SqlConnection connection, List<NeedsFact> facts) {
    Map<String, List<Tuple>> rows = new LinkedHashMap<>();
    for (String statement : List.of(COUPLE, PARTNER, LEFT, NEED)) {
      rows.put(statement, new ArrayList<>());
    }
    for (NeedsFact fact : facts) {
      if (fact instanceof CoupleFormed formed) {
        rows.get(COUPLE).add(Tuple.of(formed.coupleId(), formed.formedAt().atOffset(UTC)));
        rows.get(PARTNER).add(Tuple.of(formed.coupleId(), formed.firstPartner()));
      } else if (fact instanceof PartnerJoined joined) {
        rows.get(PARTNER).add(Tuple.of(joined.coupleId(), joined.partnerId()));
      } else if (fact instanceof PartnerLeft leaving) {
        rows.get(LEFT).add(Tuple.of(leaving.coupleId(), leaving.partnerId(), false));
      } else if (fact instanceof PartnerErased erased) {
        rows.get(LEFT).add(Tuple.of(erased.coupleId(), erased.partnerId(), true));
      } else if (fact instanceof NeedShared shared) {
        rows.get(NEED).add(Tuple.of(shared.needId(), shared.coupleId(), shared.topic()));
      }
    }
    return InTurn.each(
        rows.entrySet(),
        statement ->
            statement.getValue().isEmpty()
                ? Uni.createFrom().voidItem()
                : connection.preparedQuery(statement.getKey()).executeBatch(statement.getValue()));
  }

  /**
   * What the batch's leaves and erasures settle, in order; a failure is retried with back-off from
   * the first not yet settled. Also on a redelivery: safe to repeat.
   */
  private Uni<Void> settle(List<Readable> readable) {
    List<Readable> settling =
        readable.stream()
            .filter(r -> r.fact() instanceof PartnerLeft || r.fact() instanceof PartnerErased)
            .toList();
    AtomicInteger next = new AtomicInteger();
    return Uni.createFrom()
        .deferred(
            () ->
                InTurn.each(
                    settling.subList(next.get(), settling.size()),
                    r -> afterwards(r.fact(), r.event(), r.trace()).invoke(next::incrementAndGet)))
        .onFailure()
        .invoke(
            failure ->
                Log.warnf(
                    "Settling a leave or an erasure failed, retrying: %s", failure.toString()))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(10))
        .indefinitely();
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
