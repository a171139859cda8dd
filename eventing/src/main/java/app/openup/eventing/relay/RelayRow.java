package app.openup.eventing.relay;

import app.openup.eventing.store.EventMetadata;
import java.time.Instant;
import java.util.UUID;

/**
 * An event row as the relay reads it. Its metadata stays as text until it is published, so that a
 * row whose metadata cannot be read is set aside on its own instead of failing the fetch.
 */
record RelayRow(
    long position,
    String txId,
    UUID eventId,
    String streamId,
    long streamVersion,
    String type,
    int schemaVersion,
    UUID partitionKey,
    String actor,
    Instant occurredAt,
    String payloadJson,
    String metadataJson) {

  EventMetadata metadata() {
    return EventMetadata.fromJson(metadataJson);
  }
}
