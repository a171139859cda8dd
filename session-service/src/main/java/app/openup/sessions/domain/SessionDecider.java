package app.openup.sessions.domain;

import app.openup.eventing.domain.Decider;
import app.openup.sessions.domain.SessionCommand.AbandonOverdue;
import app.openup.sessions.domain.SessionCommand.AcceptSession;
import app.openup.sessions.domain.SessionCommand.AskOpenQuestion;
import app.openup.sessions.domain.SessionCommand.ByPartner;
import app.openup.sessions.domain.SessionCommand.CheckIn;
import app.openup.sessions.domain.SessionCommand.CloseSession;
import app.openup.sessions.domain.SessionCommand.DeclineSession;
import app.openup.sessions.domain.SessionCommand.EndForSafetyExit;
import app.openup.sessions.domain.SessionCommand.MakeShare;
import app.openup.sessions.domain.SessionCommand.NoticeDefensiveness;
import app.openup.sessions.domain.SessionCommand.PostponeSession;
import app.openup.sessions.domain.SessionCommand.ProposeSession;
import app.openup.sessions.domain.SessionCommand.RateSession;
import app.openup.sessions.domain.SessionCommand.RescheduleSession;
import app.openup.sessions.domain.SessionCommand.StartSession;
import app.openup.sessions.domain.SessionEvent.DefensivenessNoticed;
import app.openup.sessions.domain.SessionEvent.OpenQuestionAsked;
import app.openup.sessions.domain.SessionEvent.ReadinessCheckedIn;
import app.openup.sessions.domain.SessionEvent.SafetyExitTaken;
import app.openup.sessions.domain.SessionEvent.SessionAbandoned;
import app.openup.sessions.domain.SessionEvent.SessionAccepted;
import app.openup.sessions.domain.SessionEvent.SessionClosed;
import app.openup.sessions.domain.SessionEvent.SessionDeclined;
import app.openup.sessions.domain.SessionEvent.SessionPostponed;
import app.openup.sessions.domain.SessionEvent.SessionProposed;
import app.openup.sessions.domain.SessionEvent.SessionRated;
import app.openup.sessions.domain.SessionEvent.SessionRatingsShared;
import app.openup.sessions.domain.SessionEvent.SessionRescheduled;
import app.openup.sessions.domain.SessionEvent.SessionStarted;
import app.openup.sessions.domain.SessionEvent.ShareMade;
import app.openup.sessions.domain.SessionEvent.SharedRating;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The rules of steps 3 and 4, as a pure function of a command and the couple's sessions.
 *
 * <ul>
 *   <li>Only the couple's partners act; a stranger, or a session of another couple, is "not found".
 *       A closed couple (a partner left) starts nothing; a couple waiting for its second partner
 *       plans nothing.
 *   <li>A proposal is for a time ahead (within a year), lasts 10 minutes to 4 hours, and overlaps
 *       no other planned session of the couple. The other partner answers it: accepts, offers
 *       another time, or declines.
 *   <li>Each partner checks in once the time is agreed; the session starts only when both last said
 *       they are ready (calm at least 3, not rushed, not angry), and either may take a rain check
 *       without blame.
 *   <li>The partner who asked goes first: the first share comes from the initiator.
 *   <li>An open question is from the catalogue or in the asker's own words, not both; a defensive
 *       moment noticed is answered with an open question to ask instead.
 *   <li>A closed session is rated once by each partner; ratings are shared only when both share.
 *   <li>Once the safety exit was taken, nothing more happens in the couple's sessions.
 * </ul>
 */
public final class SessionDecider implements Decider<SessionCommand, CoupleSessions, SessionEvent> {

  static final Duration SHORTEST = Duration.ofMinutes(10);
  static final Duration LONGEST = Duration.ofHours(4);
  static final Duration HORIZON = Duration.ofDays(365);

  /** Check-ins (how you feel now) and the start open this long before the agreed time. */
  static final Duration CHECK_IN_OPENS = Duration.ofHours(1);

  @Override
  public CoupleSessions initialState() {
    return CoupleSessions.NONE;
  }

  @Override
  public CoupleSessions evolve(CoupleSessions state, SessionEvent event) {
    return event.applyTo(state);
  }

  @Override
  public List<SessionEvent> decide(SessionCommand command, CoupleSessions state) {
    if (command instanceof EndForSafetyExit end) {
      return endAll(end, state);
    }
    if (command instanceof AbandonOverdue abandon) {
      return abandonOverdue(abandon, state);
    }
    return decideFor((ByPartner) command, state);
  }

  private List<SessionEvent> decideFor(ByPartner command, CoupleSessions state) {
    Couple couple = command.couple();
    if (couple == null || !couple.isMember(command.by())) {
      throw Rule.NOT_A_MEMBER.refused();
    }
    if (command instanceof ProposeSession propose) {
      return propose(propose, state);
    }
    Session session = state.session(command.sessionId());
    if (session == null) {
      throw Rule.NO_SUCH_SESSION.refused();
    }
    if (couple.isClosed() || state.ended()) {
      throw Rule.COUPLE_CLOSED.refused();
    }
    if (command instanceof RescheduleSession reschedule) {
      return reschedule(reschedule, session, state);
    }
    if (command instanceof AcceptSession accept) {
      return accept(accept, session);
    }
    if (command instanceof DeclineSession decline) {
      return decline(decline, session);
    }
    if (command instanceof CheckIn checkIn) {
      return checkIn(checkIn, session);
    }
    if (command instanceof StartSession start) {
      return start(start, session);
    }
    if (command instanceof PostponeSession postpone) {
      return postpone(postpone, session);
    }
    if (command instanceof MakeShare share) {
      return share(share, session);
    }
    if (command instanceof AskOpenQuestion ask) {
      return ask(ask, session);
    }
    if (command instanceof NoticeDefensiveness notice) {
      return notice(notice, session);
    }
    if (command instanceof CloseSession close) {
      return close(close, session);
    }
    return rate((RateSession) command, session);
  }

  private List<SessionEvent> propose(ProposeSession c, CoupleSessions state) {
    Couple couple = c.couple();
    if (couple.isClosed() || state.ended()) {
      throw Rule.COUPLE_CLOSED.refused();
    }
    if (!couple.isTogether()) {
      throw Rule.WAITING_FOR_PARTNER.refused();
    }
    if (state.session(c.sessionId()) != null) {
      throw Rule.SESSION_ALREADY_EXISTS.refused();
    }
    if (c.needId() != null
        && (c.need() == null
            || !c.need().id().equals(c.needId())
            || !c.need().coupleId().equals(couple.id()))) {
      throw Rule.NO_SUCH_NEED.refused();
    }
    checkTime(c.startsAt(), c.endsAt(), c.now(), null, state);
    Topic topic = c.topic() != null ? c.topic() : c.need() == null ? null : c.need().topic();
    return List.of(
        new SessionProposed(
            c.sessionId(),
            couple.id(),
            c.by(),
            c.startsAt(),
            c.endsAt(),
            c.place(),
            c.needId(),
            topic,
            c.now()));
  }

  private List<SessionEvent> reschedule(
      RescheduleSession c, Session session, CoupleSessions state) {
    SessionStatus status = session.status();
    if (status == SessionStatus.PROPOSED && session.proposedBy().equals(c.by())) {
      throw Rule.THE_OTHER_PARTNER_ANSWERS.refused();
    }
    if (status == SessionStatus.STARTED) {
      throw Rule.ALREADY_STARTED.refused();
    }
    if (status.isOver() && status != SessionStatus.POSTPONED) {
      throw Rule.SESSION_IS_OVER.refused();
    }
    checkTime(c.startsAt(), c.endsAt(), c.now(), session.id(), state);
    return List.of(
        new SessionRescheduled(
            session.id(), c.couple().id(), c.by(), c.startsAt(), c.endsAt(), c.place(), c.now()));
  }

  private static void checkTime(
      Instant startsAt, Instant endsAt, Instant now, UUID self, CoupleSessions state) {
    if (!startsAt.isAfter(now)) {
      throw Rule.A_TIME_AHEAD.refused();
    }
    if (startsAt.isAfter(now.plus(HORIZON))) {
      throw Rule.WITHIN_A_YEAR.refused();
    }
    Duration length = Duration.between(startsAt, endsAt);
    if (length.compareTo(SHORTEST) < 0 || length.compareTo(LONGEST) > 0) {
      throw Rule.A_SENSIBLE_LENGTH.refused();
    }
    boolean overlaps =
        state.sessions().values().stream()
            .anyMatch(other -> !other.id().equals(self) && other.overlaps(startsAt, endsAt));
    if (overlaps) {
      throw Rule.ONE_SESSION_AT_A_TIME.refused();
    }
  }

  private List<SessionEvent> accept(AcceptSession c, Session session) {
    answering(c.by(), session);
    if (!session.startsAt().isAfter(c.now())) {
      throw Rule.A_TIME_AHEAD.refused();
    }
    return List.of(new SessionAccepted(session.id(), c.couple().id(), c.by(), c.now()));
  }

  private List<SessionEvent> decline(DeclineSession c, Session session) {
    answering(c.by(), session);
    return List.of(new SessionDeclined(session.id(), c.couple().id(), c.by(), c.now()));
  }

  /** A proposal on the table, answered by the partner who did not make it. */
  private static void answering(UUID by, Session session) {
    if (session.status() != SessionStatus.PROPOSED) {
      throw session.status().isOver()
          ? Rule.SESSION_IS_OVER.refused()
          : Rule.STILL_TO_BE_AGREED.refused();
    }
    if (session.proposedBy().equals(by)) {
      throw Rule.THE_OTHER_PARTNER_ANSWERS.refused();
    }
  }

  private List<SessionEvent> checkIn(CheckIn c, Session session) {
    beforeStart(session);
    if (session.status() != SessionStatus.ACCEPTED) {
      throw Rule.AGREED_FIRST.refused();
    }
    itIsTime(session, c.now());
    return List.of(
        new ReadinessCheckedIn(
            session.id(), c.couple().id(), c.by(), c.readiness().isReady(), c.detail(), c.now()));
  }

  private List<SessionEvent> start(StartSession c, Session session) {
    beforeStart(session);
    if (session.status() != SessionStatus.ACCEPTED) {
      throw Rule.AGREED_FIRST.refused();
    }
    itIsTime(session, c.now());
    if (!session.bothReady(c.couple())) {
      throw Rule.BOTH_PARTNERS_READY.refused();
    }
    return List.of(
        new SessionStarted(
            session.id(),
            c.couple().id(),
            c.by(),
            SessionEvent.GROUND_RULE,
            c.couple().partners().stream().sorted().toList(),
            c.now()));
  }

  private List<SessionEvent> postpone(PostponeSession c, Session session) {
    beforeStart(session);
    if (session.status() == SessionStatus.POSTPONED) {
      throw Rule.SESSION_IS_OVER.refused();
    }
    return List.of(new SessionPostponed(session.id(), c.couple().id(), c.by(), c.now()));
  }

  /** Between an hour before the agreed time and its end. */
  private static void itIsTime(Session session, Instant now) {
    if (now.isBefore(session.startsAt().minus(CHECK_IN_OPENS))) {
      throw Rule.NOT_TIME_YET.refused();
    }
    if (!now.isBefore(session.endsAt())) {
      throw Rule.TIME_HAS_PASSED.refused();
    }
  }

  private static void beforeStart(Session session) {
    if (session.status() == SessionStatus.STARTED) {
      throw Rule.ALREADY_STARTED.refused();
    }
    if (session.status().isOver() && session.status() != SessionStatus.POSTPONED) {
      throw Rule.SESSION_IS_OVER.refused();
    }
  }

  private List<SessionEvent> share(MakeShare c, Session session) {
    started(session);
    if (session.firstSharer() == null && !session.initiator().equals(c.by())) {
      throw Rule.INITIATOR_SHARES_FIRST.refused();
    }
    return List.of(
        new ShareMade(
            session.id(),
            c.couple().id(),
            c.shareId(),
            c.by(),
            c.depth(),
            c.kind(),
            c.topic(),
            c.text(),
            c.now()));
  }

  private List<SessionEvent> ask(AskOpenQuestion c, Session session) {
    started(session);
    if ((c.question() == null) == (c.words() == null)) {
      throw Rule.SAY_IT_IN_YOUR_WORDS.refused();
    }
    return List.of(
        new OpenQuestionAsked(
            session.id(),
            c.couple().id(),
            c.questionId(),
            c.by(),
            c.question(),
            c.words(),
            c.now()));
  }

  private List<SessionEvent> notice(NoticeDefensiveness c, Session session) {
    started(session);
    OpenQuestion[] catalogue = OpenQuestion.values();
    OpenQuestion suggestion = catalogue[session.defensiveMoments() % catalogue.length];
    return List.of(
        new DefensivenessNoticed(
            session.id(), c.couple().id(), c.momentId(), c.by(), c.whose(), suggestion, c.now()));
  }

  private List<SessionEvent> close(CloseSession c, Session session) {
    started(session);
    return List.of(
        new SessionClosed(
            session.id(), c.couple().id(), c.by(), CloseReason.CLOSED_BY_PARTNER, c.now()));
  }

  private static void started(Session session) {
    if (session.status() == SessionStatus.STARTED) {
      return;
    }
    throw session.status().isOver()
        ? Rule.SESSION_IS_OVER.refused()
        : Rule.NOT_STARTED_YET.refused();
  }

  private List<SessionEvent> rate(RateSession c, Session session) {
    boolean wasHeld = session.startedAt() != null;
    boolean over =
        session.status() == SessionStatus.CLOSED || session.status() == SessionStatus.ABANDONED;
    if (!over || !wasHeld) {
      throw Rule.CLOSED_FIRST.refused();
    }
    if (session.ratings().containsKey(c.by())) {
      throw Rule.RATED_ONCE.refused();
    }
    List<SessionEvent> events = new ArrayList<>();
    events.add(
        new SessionRated(
            session.id(), c.couple().id(), c.by(), c.shareWithPartner(), c.detail(), c.now()));
    boolean partnerShared =
        session.ratings().entrySet().stream()
            .anyMatch(e -> !e.getKey().equals(c.by()) && e.getValue().shared());
    if (c.shareWithPartner() && partnerShared && c.partnersRating() != null) {
      UUID partner =
          session.ratings().keySet().stream().filter(p -> !p.equals(c.by())).findFirst().get();
      List<SharedRating> both = new ArrayList<>();
      both.add(new SharedRating(c.by(), c.rating().safety(), c.rating().start()));
      both.add(new SharedRating(partner, c.partnersRating().safety(), c.partnersRating().start()));
      both.sort(java.util.Comparator.comparing(SharedRating::partnerId));
      events.add(new SessionRatingsShared(session.id(), c.couple().id(), both, c.now()));
    }
    return events;
  }

  private List<SessionEvent> endAll(EndForSafetyExit c, CoupleSessions state) {
    if (state.ended()) {
      return List.of();
    }
    List<SessionEvent> events = new ArrayList<>();
    for (Session session : state.sessions().values()) {
      if (session.isPlanned()) {
        events.add(
            new SessionClosed(session.id(), c.coupleId(), null, CloseReason.SAFETY_EXIT, c.now()));
      }
    }
    events.add(new SafetyExitTaken(c.coupleId(), c.now()));
    return events;
  }

  private List<SessionEvent> abandonOverdue(AbandonOverdue c, CoupleSessions state) {
    Instant cutoff = c.now().minus(c.openFor());
    List<SessionEvent> events = new ArrayList<>();
    for (Session session : state.sessions().values()) {
      boolean leftOpen =
          session.status() == SessionStatus.STARTED && session.lastActivityAt().isBefore(cutoff);
      boolean neverHeld =
          (session.status() == SessionStatus.PROPOSED || session.status() == SessionStatus.ACCEPTED)
              && session.endsAt().isBefore(cutoff);
      if (leftOpen || neverHeld) {
        events.add(new SessionAbandoned(session.id(), c.coupleId(), c.now()));
      }
    }
    return events;
  }
}
