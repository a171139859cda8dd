package app.openup.eventing.store;

import java.util.UUID;

/**
 * An event id that is already stored, or named twice: an event is stored once, under its one id.
 * Nothing was written. (A retry of an append that was stored before, with the same events, is not
 * this: it is answered as a repeat.)
 */
public final class DuplicateEventId extends RuntimeException {

  private final UUID eventId;

  public DuplicateEventId(UUID eventId) {
    super("Event " + eventId + " is already stored or named twice", null, false, false);
    this.eventId = eventId;
  }

  public UUID eventId() {
    return eventId;
  }
}
