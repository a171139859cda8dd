package app.openup.eventing.store;

/**
 * An append was sent to the database and no answer came within {@link StoreOptions#batchTimeout()}:
 * it may or may not be stored. Retry with the same idempotency key: the store answers a stored
 * append as a repeat.
 */
public final class AppendTimedOut extends RuntimeException {

  public AppendTimedOut(java.time.Duration after) {
    super(
        "No answer from the database within " + after + "; the outcome is unknown",
        null,
        false,
        false);
  }
}
