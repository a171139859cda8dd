package app.openup.eventing.store;

/**
 * An event larger than the store accepts ({@link StoreOptions#maxEventBytes()}): set below what
 * Kafka accepts, so that every stored event can be relayed. Nothing was written.
 */
public final class EventTooLarge extends RuntimeException {

  public EventTooLarge(long bytes, long limit) {
    super("An event of " + bytes + " bytes is over the limit of " + limit, null, false, false);
  }
}
