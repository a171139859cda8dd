package app.openup.eventing.store;

/**
 * An idempotency key that already answered another request (another stream, other events, or
 * another request fingerprint): the key names one request only. Nothing was written.
 */
public final class IdempotencyKeyReused extends RuntimeException {

  public IdempotencyKeyReused() {
    super("This idempotency key was used for another request", null, false, false);
  }
}
