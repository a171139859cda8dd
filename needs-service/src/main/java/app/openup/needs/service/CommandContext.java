package app.openup.needs.service;

import app.openup.eventing.store.EventMetadata;
import java.util.UUID;

/**
 * Who asks, and how: the partner (the token's subject), the version they saw ({@code If-Match}, or
 * null), their idempotency key (or null), and the trace the request came in.
 */
public record CommandContext(
    UUID partner, Long ifMatch, String idempotencyKey, String traceparent) {

  EventMetadata metadata() {
    UUID correlation = UUID.randomUUID();
    return new EventMetadata(correlation, correlation, traceparent);
  }
}
