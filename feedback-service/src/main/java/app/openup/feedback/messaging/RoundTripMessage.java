package app.openup.feedback.messaging;

import java.time.Instant;
import java.util.UUID;

/** A diagnostic record that crosses the broker and lands in the database. It carries no text. */
public record RoundTripMessage(UUID id, UUID partnerId, Instant sentAt) {}
