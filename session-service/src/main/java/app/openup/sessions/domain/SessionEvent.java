package app.openup.sessions.domain;

import app.openup.eventing.vault.SealedText;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What happens in a couple's safe-space sessions (steps 3 and 4). Words (a share's text, a question
 * in the partner's own words, the place) and private details (a check-in's numbers, a rating the
 * rater keeps to themselves) are {@link SealedText}: encrypted with their author's key and never
 * published. What reaches {@code sessions.events} is ids, levels, kinds, topics and times.
 */
public sealed interface SessionEvent
    permits SessionEvent.SessionProposed,
        SessionEvent.SessionRescheduled,
        SessionEvent.SessionAccepted,
        SessionEvent.SessionDeclined,
        SessionEvent.ReadinessCheckedIn,
        SessionEvent.SessionStarted,
        SessionEvent.SessionPostponed,
        SessionEvent.ShareMade,
        SessionEvent.OpenQuestionAsked,
        SessionEvent.DefensivenessNoticed,
        SessionEvent.SessionClosed,
        SessionEvent.SessionRated,
        SessionEvent.SessionRatingsShared,
        SessionEvent.SessionAbandoned,
        SessionEvent.SafetyExitTaken {

  /** The ground rule both partners accept when a session starts. */
  String GROUND_RULE = "REPLACE_DEFENSIVENESS_WITH_CURIOSITY";

  /** The session it is about; null only for {@link SafetyExitTaken}, which is about them all. */
  UUID sessionId();

  UUID coupleId();

  /** How this event changes the couple's sessions; every event says, so the fold is complete. */
  CoupleSessions applyTo(CoupleSessions sessions);

  /**
   * Step 3: a partner (the initiator) asks for a session at a time and place, maybe about a shared
   * need or a topic.
   */
  record SessionProposed(
      UUID sessionId,
      UUID coupleId,
      UUID proposedBy,
      Instant startsAt,
      Instant endsAt,
      SealedText place,
      UUID needId,
      Topic topic,
      Instant proposedAt)
      implements SessionEvent {
    @Override
    public CoupleSessions applyTo(CoupleSessions sessions) {
      return sessions.with(Session.proposed(sessionId, proposedBy, startsAt, endsAt, proposedAt));
    }
  }

  /** Another time (and place) offered: the other partner answers it. */
  record SessionRescheduled(
      UUID sessionId,
      UUID coupleId,
      UUID proposedBy,
      Instant startsAt,
      Instant endsAt,
      SealedText place,
      Instant rescheduledAt)
      implements SessionEvent {
    @Override
    public CoupleSessions applyTo(CoupleSessions sessions) {
      return sessions.change(
          sessionId, s -> s.rescheduled(proposedBy, startsAt, endsAt, rescheduledAt));
    }
  }

  record SessionAccepted(UUID sessionId, UUID coupleId, UUID acceptedBy, Instant acceptedAt)
      implements SessionEvent {
    @Override
    public CoupleSessions applyTo(CoupleSessions sessions) {
      return sessions.change(sessionId, s -> s.moved(SessionStatus.ACCEPTED, acceptedAt));
    }
  }

  record SessionDeclined(UUID sessionId, UUID coupleId, UUID declinedBy, Instant declinedAt)
      implements SessionEvent {
    @Override
    public CoupleSessions applyTo(CoupleSessions sessions) {
      return sessions.change(sessionId, s -> s.moved(SessionStatus.DECLINED, declinedAt));
    }
  }

  /**
   * A partner says how they feel before the session. Published: only ready or not yet; the numbers
   * (how calm, rushed, angry) are sealed in {@code detail}, the partner's own.
   */
  record ReadinessCheckedIn(
      UUID sessionId,
      UUID coupleId,
      UUID partnerId,
      boolean ready,
      SealedText detail,
      Instant checkedInAt)
      implements SessionEvent {
    @Override
    public CoupleSessions applyTo(CoupleSessions sessions) {
      return sessions.change(sessionId, s -> s.checkedIn(partnerId, ready, checkedInAt));
    }
  }

  /** Both ready: the session starts, and both accept the ground rule. */
  record SessionStarted(
      UUID sessionId,
      UUID coupleId,
      UUID startedBy,
      String groundRule,
      List<UUID> groundRuleAcceptedBy,
      Instant startedAt)
      implements SessionEvent {
    public SessionStarted {
      groundRuleAcceptedBy = List.copyOf(groundRuleAcceptedBy);
    }

    @Override
    public CoupleSessions applyTo(CoupleSessions sessions) {
      return sessions.change(sessionId, s -> s.started(startedAt));
    }
  }

  /** A rain check, without blame: the session is off until a partner offers another time. */
  record SessionPostponed(UUID sessionId, UUID coupleId, UUID postponedBy, Instant postponedAt)
      implements SessionEvent {
    @Override
    public CoupleSessions applyTo(CoupleSessions sessions) {
      return sessions.change(sessionId, s -> s.moved(SessionStatus.POSTPONED, postponedAt));
    }
  }

  /** Step 4: a partner opens up. Published: the share's id, author, depth, kind and topic. */
  record ShareMade(
      UUID sessionId,
      UUID coupleId,
      UUID shareId,
      UUID author,
      Depth depth,
      ShareKind kind,
      Topic topic,
      SealedText text,
      Instant sharedAt)
      implements SessionEvent {
    @Override
    public CoupleSessions applyTo(CoupleSessions sessions) {
      return sessions.change(sessionId, s -> s.sharedBy(author, sharedAt));
    }
  }

  /**
   * Curiosity: an open question, from the catalogue ({@code question}) or in the partner's own
   * words (sealed, never published).
   */
  record OpenQuestionAsked(
      UUID sessionId,
      UUID coupleId,
      UUID questionId,
      UUID askedBy,
      OpenQuestion question,
      SealedText words,
      Instant askedAt)
      implements SessionEvent {
    @Override
    public CoupleSessions applyTo(CoupleSessions sessions) {
      return sessions.change(sessionId, s -> s.touched(askedAt));
    }
  }

  /** A defensive moment noticed, and the open question suggested to turn it into curiosity. */
  record DefensivenessNoticed(
      UUID sessionId,
      UUID coupleId,
      UUID momentId,
      UUID noticedBy,
      Whose whose,
      OpenQuestion suggestion,
      Instant noticedAt)
      implements SessionEvent {
    @Override
    public CoupleSessions applyTo(CoupleSessions sessions) {
      return sessions.change(sessionId, s -> s.noticed(noticedAt));
    }
  }

  /**
   * The session ended: a partner closed it, or the safety exit did (then {@code closedBy} is null:
   * nothing of who left is told).
   */
  record SessionClosed(
      UUID sessionId, UUID coupleId, UUID closedBy, CloseReason reason, Instant closedAt)
      implements SessionEvent {
    @Override
    public CoupleSessions applyTo(CoupleSessions sessions) {
      return sessions.change(sessionId, s -> s.moved(SessionStatus.CLOSED, closedAt));
    }
  }

  /**
   * How safe the session felt to one partner: the rating is sealed, theirs alone, and never
   * published; {@code sharedWithPartner} says whether they let their partner see it, which happens
   * only once both have ({@link SessionRatingsShared}).
   */
  record SessionRated(
      UUID sessionId,
      UUID coupleId,
      UUID ratedBy,
      boolean sharedWithPartner,
      SealedText rating,
      Instant ratedAt)
      implements SessionEvent {
    @Override
    public CoupleSessions applyTo(CoupleSessions sessions) {
      return sessions.change(
          sessionId, s -> s.ratedBy(ratedBy, new RatingGiven(sharedWithPartner, rating), ratedAt));
    }
  }

  /**
   * Both partners chose to share their ratings with each other: the two ratings, in the clear, for
   * the couple's dashboard. Nothing less is ever published, so no one partner's rating can be
   * worked out from what the other sees.
   */
  record SessionRatingsShared(
      UUID sessionId, UUID coupleId, List<SharedRating> ratings, Instant sharedAt)
      implements SessionEvent {
    public SessionRatingsShared {
      ratings = List.copyOf(ratings);
    }

    @Override
    public CoupleSessions applyTo(CoupleSessions sessions) {
      return sessions.change(sessionId, s -> s.touched(sharedAt));
    }
  }

  /** One partner's rating, shared because both partners shared theirs. */
  record SharedRating(UUID partnerId, int safety, StartFelt start) {}

  /** Left open (or never held) for too long: closed by the service, no one's doing. */
  record SessionAbandoned(UUID sessionId, UUID coupleId, Instant abandonedAt)
      implements SessionEvent {
    @Override
    public CoupleSessions applyTo(CoupleSessions sessions) {
      return sessions.change(sessionId, s -> s.moved(SessionStatus.ABANDONED, abandonedAt));
    }
  }

  /**
   * A partner left the couple or was erased (the safety exit): the couple's sessions are over for
   * good, whatever anyone still believes about the membership. Follows the {@link SessionClosed} of
   * every session that was still planned or open.
   */
  record SafetyExitTaken(UUID coupleId, Instant takenAt) implements SessionEvent {
    @Override
    public UUID sessionId() {
      return null;
    }

    @Override
    public CoupleSessions applyTo(CoupleSessions sessions) {
      return sessions.endedForGood();
    }
  }
}
