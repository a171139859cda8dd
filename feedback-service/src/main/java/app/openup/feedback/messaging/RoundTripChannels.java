package app.openup.feedback.messaging;

import app.openup.feedback.repository.RoundTrip;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Sends a round trip to Kafka and records it in the database when it comes back, proving the path
 * request, broker, consumer, database end to end.
 */
@ApplicationScoped
public class RoundTripChannels {

  static final String OUT = "round-trip-out";
  static final String IN = "round-trip-in";

  private final Emitter<RoundTripMessage> emitter;

  public RoundTripChannels(@Channel(OUT) Emitter<RoundTripMessage> emitter) {
    this.emitter = emitter;
  }

  /** Completes once the broker has acknowledged the record. */
  public Uni<Void> send(RoundTripMessage message) {
    return Uni.createFrom().completionStage(emitter.send(message));
  }

  @Incoming(IN)
  @WithTransaction
  public Uni<Void> receive(RoundTripMessage message) {
    return RoundTrip.<RoundTrip>findById(message.id())
        .onItem()
        .ifNull()
        .switchTo(
            () ->
                new RoundTrip(message.id(), message.partnerId(), message.sentAt(), Instant.now())
                    .persist())
        .replaceWithVoid();
  }
}
