package app.openup.support.command;

import app.openup.eventing.store.EventMetadata;
import java.util.UUID;

/**
 * Who asks, and how: the partner (the token's subject), the version they saw ({@code If-Match}, or
 * null), their idempotency key (or null) with the fingerprint of their request, and the trace the
 * request came in.
 */
public record CommandContext(
    UUID partner, Long ifMatch, String idempotencyKey, String fingerprint, String traceparent) {

  /**
   * The idempotency key as the store keeps it: scoped to this partner and this operation, so that
   * two partners, or two kinds of create, never share a key.
   */
  public String scopedKey(String operation) {
    return idempotencyKey == null ? null : partner + "/" + operation + "/" + idempotencyKey;
  }

  /** Fresh correlation for the events of this command, and its trace. */
  public EventMetadata metadata() {
    UUID correlation = UUID.randomUUID();
    return new EventMetadata(correlation, correlation, traceparent);
  }
}
