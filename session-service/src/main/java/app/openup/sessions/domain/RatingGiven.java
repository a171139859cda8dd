package app.openup.sessions.domain;

import app.openup.eventing.vault.SealedText;

/**
 * A partner's rating of a session as the couple's sessions remember it: whether they chose to share
 * it with their partner, and the rating itself, sealed with their key (only the service, reading it
 * for them, can open it).
 */
public record RatingGiven(boolean shared, SealedText sealed) {}
