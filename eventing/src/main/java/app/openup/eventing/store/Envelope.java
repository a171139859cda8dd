package app.openup.eventing.store;

/** A typed event in its envelope: the event as the current record type, and where it is stored. */
public record Envelope<E>(RecordedEvent recorded, E event) {}
