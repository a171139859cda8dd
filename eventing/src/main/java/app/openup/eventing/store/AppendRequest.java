package app.openup.eventing.store;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Events to append to one stream, atomically, if the stream is where the writer expects it.
 *
 * @param streamId the aggregate's stream, for example {@code need-<uuid>}
 * @param expected what the writer believes the stream's version is
 * @param coupleId the couple the events belong to: the Kafka record key, so they stay in order
 * @param actor who caused them (a partner id), or null for the system
 * @param events at least one event
 * @param metadata correlation, causation and trace context
 * @param idempotencyKey if not null, a repeat of the same key returns the first outcome and appends
 *     nothing
 */
public record AppendRequest(
    String streamId,
    ExpectedVersion expected,
    UUID coupleId,
    String actor,
    List<NewEvent> events,
    EventMetadata metadata,
    String idempotencyKey) {

  public AppendRequest {
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(events, "events");
    if (events.isEmpty()) {
      throw new IllegalArgumentException("an append needs at least one event");
    }
    events = List.copyOf(events);
    metadata = metadata == null ? EventMetadata.none() : metadata;
  }
}
