package app.openup.eventing.store;

/**
 * The store could not take the append in time: its queue was full, or the append waited in it
 * longer than {@link StoreOptions#queueTimeout()}. Nothing was written; the caller may retry.
 */
public final class StoreOverloaded extends RuntimeException {

  public StoreOverloaded(String why) {
    super(why, null, false, false);
  }
}
