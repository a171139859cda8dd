package app.openup.eventing.projection;

/**
 * An event a projection cannot read (data that is not what its type's schema promises): a live
 * consumer sends its record to the dead-letter topic with this reason; a rebuild passes it by.
 * Anything else that fails is not the event's fault and is retried.
 */
public class PoisonEvent extends RuntimeException {

  public PoisonEvent(String reason, Throwable cause) {
    super(reason, cause);
  }
}
