package app.openup.needs.rest;

import app.openup.needs.messaging.RoundTripChannels;
import app.openup.needs.messaging.RoundTripMessage;
import app.openup.needs.repository.RoundTrip;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * A diagnostic round trip through Kafka and PostgreSQL: {@code POST} sends a record to the broker;
 * once the service has consumed and stored it, {@code GET} shows when it arrived.
 */
@Path("/api/v1/round-trips")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class RoundTripResource {

  /** What a caller sees of a round trip. */
  public record RoundTripView(UUID id, Instant sentAt, Instant receivedAt) {}

  private final RoundTripChannels channels;
  private final JsonWebToken caller;

  public RoundTripResource(RoundTripChannels channels, JsonWebToken caller) {
    this.channels = channels;
    this.caller = caller;
  }

  @POST
  public Uni<RestResponse<RoundTripView>> send() {
    RoundTripMessage message = new RoundTripMessage(UUID.randomUUID(), partnerId(), Instant.now());
    return channels
        .send(message)
        .map(
            sent ->
                RestResponse.ResponseBuilder.accepted(
                        new RoundTripView(message.id(), message.sentAt(), null))
                    .location(URI.create("/api/v1/round-trips/" + message.id()))
                    .build());
  }

  @GET
  @Path("{id}")
  @WithSession
  public Uni<RestResponse<RoundTripView>> get(UUID id) {
    return RoundTrip.findForPartner(id, partnerId())
        .map(
            trip ->
                trip == null
                    ? RestResponse.notFound()
                    : RestResponse.ok(new RoundTripView(trip.id, trip.sentAt, trip.receivedAt)));
  }

  private UUID partnerId() {
    return UUID.fromString(caller.getSubject());
  }
}
