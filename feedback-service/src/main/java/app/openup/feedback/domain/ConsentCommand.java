package app.openup.feedback.domain;

import java.time.Instant;
import java.util.UUID;

/** A partner opts in to, or out of, comparisons with their partner. */
public record ConsentCommand(boolean optIn, UUID by, Couple couple, Instant now) {}
