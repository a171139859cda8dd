package app.openup.eventing.store;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as the store holds it: the envelope, and the payload in the schema version it was
 * written in ({@link EventCatalog} turns it into the current type).
 */
public record RecordedEvent(
    UUID eventId,
    String streamId,
    long streamVersion,
    long globalPosition,
    String type,
    int schemaVersion,
    UUID partitionKey,
    String actor,
    Instant occurredAt,
    String payloadJson,
    EventMetadata metadata) {}
