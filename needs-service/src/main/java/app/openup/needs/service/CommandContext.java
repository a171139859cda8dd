package app.openup.needs.service;

import app.openup.eventing.store.EventMetadata;
import java.util.UUID;

/**
 * Who asks, and how: the partner (the token's subject), the version they saw ({@code If-Match}, or
 * null), their idempotency key (or null), and the trace the request came in.
 */
public record CommandContext(
    UUID partner, Long ifMatch, String idempotencyKey, String traceparent) {

  /**
   * The idempotency key as the store keeps it: scoped to this partner and this operation, so that
   * two partners, or two kinds of create, never share a key.
   */
  String scopedKey(String operation) {
    return idempotencyKey == null ? null : partner + "/" + operation + "/" + idempotencyKey;
  }

  EventMetadata metadata() {
    UUID correlation = UUID.randomUUID();
    return new EventMetadata(correlation, correlation, traceparent);
  }
}
