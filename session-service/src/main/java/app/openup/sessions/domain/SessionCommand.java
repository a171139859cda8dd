package app.openup.sessions.domain;

import app.openup.eventing.vault.SealedText;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What partners (and the service itself) ask of a couple's sessions. A partner's command carries
 * who asks, the couple as this service knows it (null if it knows no such couple) and the time;
 * words arrive already sealed with the asker's key.
 */
public sealed interface SessionCommand
    permits SessionCommand.ByPartner,
        SessionCommand.EndForSafetyExit,
        SessionCommand.AbandonOverdue {

  /** A command of a partner, about one session. */
  sealed interface ByPartner extends SessionCommand
      permits ProposeSession,
          RescheduleSession,
          AcceptSession,
          DeclineSession,
          CheckIn,
          StartSession,
          PostponeSession,
          MakeShare,
          AskOpenQuestion,
          NoticeDefensiveness,
          CloseSession,
          RateSession {
    UUID sessionId();

    UUID by();

    Couple couple();

    Instant now();
  }

  /**
   * @param needId the shared need the session is about, as asked (or null)
   * @param need that need, if this service knows it as shared in this couple (else null)
   */
  record ProposeSession(
      UUID sessionId,
      Instant startsAt,
      Instant endsAt,
      SealedText place,
      UUID needId,
      SharedNeed need,
      Topic topic,
      UUID by,
      Couple couple,
      Instant now)
      implements ByPartner {}

  record RescheduleSession(
      UUID sessionId,
      Instant startsAt,
      Instant endsAt,
      SealedText place,
      UUID by,
      Couple couple,
      Instant now)
      implements ByPartner {}

  record AcceptSession(UUID sessionId, UUID by, Couple couple, Instant now) implements ByPartner {}

  record DeclineSession(UUID sessionId, UUID by, Couple couple, Instant now) implements ByPartner {}

  /** The readiness in the clear decides; {@code detail} keeps its numbers sealed. */
  record CheckIn(
      UUID sessionId, Readiness readiness, SealedText detail, UUID by, Couple couple, Instant now)
      implements ByPartner {}

  record StartSession(UUID sessionId, UUID by, Couple couple, Instant now) implements ByPartner {}

  record PostponeSession(UUID sessionId, UUID by, Couple couple, Instant now)
      implements ByPartner {}

  record MakeShare(
      UUID sessionId,
      UUID shareId,
      Depth depth,
      ShareKind kind,
      Topic topic,
      SealedText text,
      UUID by,
      Couple couple,
      Instant now)
      implements ByPartner {}

  /** A question from the catalogue, or in the asker's own words: exactly one of the two. */
  record AskOpenQuestion(
      UUID sessionId,
      UUID questionId,
      OpenQuestion question,
      SealedText words,
      UUID by,
      Couple couple,
      Instant now)
      implements ByPartner {}

  record NoticeDefensiveness(
      UUID sessionId, UUID momentId, Whose whose, UUID by, Couple couple, Instant now)
      implements ByPartner {}

  record CloseSession(UUID sessionId, UUID by, Couple couple, Instant now) implements ByPartner {}

  /**
   * @param shareWithPartner whether the rater lets their partner see this rating (once both have)
   * @param partnersRating the partner's rating as the service read it for them, if they rated and
   *     shared it (else null): when both have shared, both ratings are shared
   */
  record RateSession(
      UUID sessionId,
      Rating rating,
      SealedText detail,
      boolean shareWithPartner,
      Rating partnersRating,
      UUID by,
      Couple couple,
      Instant now)
      implements ByPartner {}

  /** A partner left the couple or was erased: every session still planned or open ends now. */
  record EndForSafetyExit(UUID coupleId, Instant now) implements SessionCommand {}

  /**
   * Sessions left open for longer than {@code openFor} since anything last happened in them, and
   * sessions agreed but never started that long after their end, are closed as abandoned.
   */
  record AbandonOverdue(UUID coupleId, Duration openFor, Instant now) implements SessionCommand {}
}
