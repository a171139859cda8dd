package app.openup.sessions.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.openup.eventing.testing.DeciderFixture;
import app.openup.eventing.vault.SealedText;
import app.openup.sessions.domain.SessionCommand.AbandonOverdue;
import app.openup.sessions.domain.SessionCommand.AcceptSession;
import app.openup.sessions.domain.SessionCommand.AskOpenQuestion;
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
import app.openup.sessions.domain.SessionEvent.SessionRescheduled;
import app.openup.sessions.domain.SessionEvent.SessionStarted;
import app.openup.sessions.domain.SessionEvent.ShareMade;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every rule of steps 3 and 4, given past events, when a command, then events or a named rule. */
class SessionDeciderTest {

  private final DeciderFixture<SessionCommand, CoupleSessions, SessionEvent> sessions =
      DeciderFixture.of(new SessionDecider());

  static final Instant NOW = Instant.parse("2026-12-01T18:00:00Z");
  static final Instant AT = NOW.plus(Duration.ofDays(1));
  static final Instant UNTIL = AT.plus(Duration.ofHours(1));

  /** Half an hour before the agreed time: check-ins and the start are open. */
  static final Instant SOON = AT.minus(Duration.ofMinutes(30));

  final UUID session = UUID.randomUUID();
  final UUID coupleId = UUID.randomUUID();
  final UUID alex = UUID.randomUUID();
  final UUID sam = UUID.randomUUID();
  final UUID kim = UUID.randomUUID();
  final Couple couple = new Couple(coupleId, Set.of(alex, sam), Set.of());
  final Couple waiting = new Couple(coupleId, Set.of(alex), Set.of());
  final Couple closed = new Couple(coupleId, Set.of(alex, sam), Set.of(sam));

  /** Both partners, in the order the events list them. */
  List<UUID> both() {
    return java.util.stream.Stream.of(alex, sam).sorted().toList();
  }

  static SealedText words(String label) {
    return new SealedText("v1." + label);
  }

  SessionProposed proposed() {
    return new SessionProposed(
        session, coupleId, alex, AT, UNTIL, words("place"), null, Topic.FINANCES, NOW);
  }

  SessionAccepted accepted() {
    return new SessionAccepted(session, coupleId, sam, NOW);
  }

  ReadinessCheckedIn checkedIn(UUID partner, boolean ready) {
    return new ReadinessCheckedIn(session, coupleId, partner, ready, words("detail"), NOW);
  }

  SessionStarted started() {
    return new SessionStarted(session, coupleId, alex, SessionEvent.GROUND_RULE, both(), NOW);
  }

  ShareMade shared(UUID author) {
    return new ShareMade(
        session,
        coupleId,
        UUID.randomUUID(),
        author,
        Depth.MODERATE,
        ShareKind.FEELING,
        null,
        words("share"),
        NOW);
  }

  SessionClosed closedByAlex() {
    return new SessionClosed(session, coupleId, alex, CloseReason.CLOSED_BY_PARTNER, NOW);
  }

  SessionEvent[] startedSession() {
    return new SessionEvent[] {
      proposed(), accepted(), checkedIn(alex, true), checkedIn(sam, true), started()
    };
  }

  ProposeSession propose(UUID by, Couple as, Instant from, Instant to) {
    return new ProposeSession(
        session, from, to, words("place"), null, null, Topic.FINANCES, by, as, NOW);
  }

  @Nested
  class ProposalAndTiming {

    @Test
    void aPartnerProposesATimeAndAPlace() {
      sessions.given().when(propose(alex, couple, AT, UNTIL)).thenEvents(proposed());
    }

    @Test
    void aStrangerIsNotFound() {
      sessions.given().when(propose(kim, couple, AT, UNTIL)).thenRefusedBy("NotAMember");
      sessions.given().when(propose(kim, null, AT, UNTIL)).thenRefusedBy("NotAMember");
    }

    @Test
    void aSessionTakesTwo() {
      sessions.given().when(propose(alex, waiting, AT, UNTIL)).thenRefusedBy("WaitingForPartner");
    }

    @Test
    void aClosedCouplePlansNothing() {
      sessions.given().when(propose(alex, closed, AT, UNTIL)).thenRefusedBy("CoupleClosed");
    }

    @Test
    void aProposalInThePastIsRefused() {
      sessions
          .given()
          .when(propose(alex, couple, NOW.minusSeconds(60), NOW.plusSeconds(3600)))
          .thenRefusedBy("ATimeAhead");
      sessions.given().when(propose(alex, couple, NOW, UNTIL)).thenRefusedBy("ATimeAhead");
    }

    @Test
    void aSessionIsPlannedWithinAYear() {
      Instant far = NOW.plus(Duration.ofDays(366));
      sessions
          .given()
          .when(propose(alex, couple, far, far.plusSeconds(3600)))
          .thenRefusedBy("WithinAYear");
    }

    @Test
    void aSessionLastsFromTenMinutesToFourHours() {
      sessions
          .given()
          .when(propose(alex, couple, AT, AT.plus(Duration.ofMinutes(5))))
          .thenRefusedBy("ASensibleLength");
      sessions
          .given()
          .when(propose(alex, couple, AT, AT.minus(Duration.ofMinutes(30))))
          .thenRefusedBy("ASensibleLength");
      sessions
          .given()
          .when(propose(alex, couple, AT, AT.plus(Duration.ofHours(5))))
          .thenRefusedBy("ASensibleLength");
    }

    @Test
    void aProposalOverlappingAnotherPlannedSessionIsRefused() {
      ProposeSession overlapping =
          new ProposeSession(
              UUID.randomUUID(),
              AT.plus(Duration.ofMinutes(30)),
              UNTIL.plus(Duration.ofMinutes(30)),
              null,
              null,
              null,
              null,
              sam,
              couple,
              NOW);
      sessions.given(proposed()).when(overlapping).thenRefusedBy("OneSessionAtATime");
    }

    @Test
    void aSessionThatIsOffNoLongerHoldsItsTime() {
      ProposeSession sameTime =
          new ProposeSession(
              UUID.randomUUID(), AT, UNTIL, null, null, null, null, sam, couple, NOW);
      SessionDeclined declined = new SessionDeclined(session, coupleId, sam, NOW);
      assertEquals(
          1, sessions.given(proposed(), declined).when(sameTime).events().size(), "declined");
      SessionPostponed postponed = new SessionPostponed(session, coupleId, alex, NOW);
      assertEquals(
          1,
          sessions.given(proposed(), accepted(), postponed).when(sameTime).events().size(),
          "postponed");
    }

    @Test
    void theSameSessionIsNotProposedTwice() {
      sessions
          .given(proposed())
          .when(propose(alex, couple, AT.plusSeconds(86400), UNTIL.plusSeconds(86400)))
          .thenRefusedBy("SessionAlreadyExists");
    }

    @Test
    void aSessionAboutASharedNeedTakesItsTopic() {
      UUID need = UUID.randomUUID();
      ProposeSession about =
          new ProposeSession(
              session,
              AT,
              UNTIL,
              null,
              need,
              new SharedNeed(need, coupleId, Topic.INTIMACY),
              null,
              alex,
              couple,
              NOW);
      sessions
          .given()
          .when(about)
          .thenEvents(
              new SessionProposed(
                  session, coupleId, alex, AT, UNTIL, null, need, Topic.INTIMACY, NOW));
    }

    @Test
    void aNeedOfAnotherCoupleOrUnknownIsNotFound() {
      UUID need = UUID.randomUUID();
      ProposeSession unknown =
          new ProposeSession(session, AT, UNTIL, null, need, null, null, alex, couple, NOW);
      sessions.given().when(unknown).thenRefusedBy("NoSuchNeed");
      ProposeSession otherCouple =
          new ProposeSession(
              session,
              AT,
              UNTIL,
              null,
              need,
              new SharedNeed(need, UUID.randomUUID(), Topic.HEALTH),
              null,
              alex,
              couple,
              NOW);
      sessions.given().when(otherCouple).thenRefusedBy("NoSuchNeed");
    }

    @Test
    void theOtherPartnerAcceptsOrDeclines() {
      sessions
          .given(proposed())
          .when(new AcceptSession(session, sam, couple, NOW))
          .thenEvents(accepted());
      sessions
          .given(proposed())
          .when(new DeclineSession(session, sam, couple, NOW))
          .thenEvents(new SessionDeclined(session, coupleId, sam, NOW));
    }

    @Test
    void theProposerDoesNotAnswerTheirOwnProposal() {
      sessions
          .given(proposed())
          .when(new AcceptSession(session, alex, couple, NOW))
          .thenRefusedBy("TheOtherPartnerAnswers");
      sessions
          .given(proposed())
          .when(new DeclineSession(session, alex, couple, NOW))
          .thenRefusedBy("TheOtherPartnerAnswers");
      sessions
          .given(proposed())
          .when(new RescheduleSession(session, AT, UNTIL, null, alex, couple, NOW))
          .thenRefusedBy("TheOtherPartnerAnswers");
    }

    @Test
    void theOtherPartnerOffersAnotherTimeWhichTheInitiatorThenAnswers() {
      Instant later = AT.plus(Duration.ofHours(3));
      Instant laterEnd = later.plus(Duration.ofHours(1));
      SessionRescheduled rescheduled =
          new SessionRescheduled(session, coupleId, sam, later, laterEnd, null, NOW);
      sessions
          .given(proposed())
          .when(new RescheduleSession(session, later, laterEnd, null, sam, couple, NOW))
          .thenEvents(rescheduled);
      sessions
          .given(proposed(), rescheduled)
          .when(new AcceptSession(session, alex, couple, NOW))
          .thenEvents(new SessionAccepted(session, coupleId, alex, NOW));
      sessions
          .given(proposed(), rescheduled)
          .when(new AcceptSession(session, sam, couple, NOW))
          .thenRefusedBy("TheOtherPartnerAnswers");
    }

    @Test
    void anAnsweredProposalIsNotAnsweredAgain() {
      sessions
          .given(proposed(), accepted())
          .when(new AcceptSession(session, sam, couple, NOW))
          .thenRefusedBy("StillToBeAgreed");
      sessions
          .given(proposed(), new SessionDeclined(session, coupleId, sam, NOW))
          .when(new AcceptSession(session, sam, couple, NOW))
          .thenRefusedBy("SessionIsOver");
    }

    @Test
    void aProposalWhoseTimeHasPassedCannotBeAccepted() {
      Instant late = UNTIL.plusSeconds(60);
      sessions
          .given(proposed())
          .when(new AcceptSession(session, sam, couple, late))
          .thenRefusedBy("ATimeAhead");
    }

    @Test
    void aSessionOfAnotherCoupleIsNotFound() {
      sessions
          .given()
          .when(new AcceptSession(session, sam, couple, NOW))
          .thenRefusedBy("NoSuchSession");
    }

    @Test
    void afterALeaveNothingMoreHappens() {
      sessions
          .given(proposed())
          .when(new AcceptSession(session, alex, closed, NOW))
          .thenRefusedBy("CoupleClosed");
    }
  }

  @Nested
  class Readiness {

    @Test
    void eachPartnerChecksInOnceTheTimeIsAgreed() {
      sessions.given(proposed()).when(check(sam, 4, false, false)).thenRefusedBy("AgreedFirst");
      sessions
          .given(proposed(), accepted())
          .when(check(sam, 4, false, false))
          .thenEvents(soon(sam, true));
    }

    @Test
    void readyMeansCalmAtLeastThreeNotRushedNotAngry() {
      sessions
          .given(proposed(), accepted())
          .when(check(sam, 2, false, false))
          .thenEvents(soon(sam, false));
      sessions
          .given(proposed(), accepted())
          .when(check(sam, 5, true, false))
          .thenEvents(soon(sam, false));
      sessions
          .given(proposed(), accepted())
          .when(check(sam, 5, false, true))
          .thenEvents(soon(sam, false));
      sessions
          .given(proposed(), accepted())
          .when(check(sam, 3, false, false))
          .thenEvents(soon(sam, true));
    }

    @Test
    void theSessionStartsOnlyWhenBothAreReady() {
      StartSession start = new StartSession(session, alex, couple, SOON);
      sessions.given(proposed(), accepted()).when(start).thenRefusedBy("BothPartnersReady");
      sessions
          .given(proposed(), accepted(), checkedIn(alex, true))
          .when(start)
          .thenRefusedBy("BothPartnersReady");
      var refused =
          sessions
              .given(proposed(), accepted(), checkedIn(alex, true), checkedIn(sam, false))
              .when(start)
              .thenRefusedBy("BothPartnersReady");
      assertEquals("PostponeSession", refused.suggestion(), "the answer suggests a rain check");
      sessions
          .given(proposed(), accepted(), checkedIn(alex, true), checkedIn(sam, true))
          .when(start)
          .thenEvents(
              new SessionStarted(session, coupleId, alex, SessionEvent.GROUND_RULE, both(), SOON));
    }

    @Test
    void aPartnerWhoCheckedInAngryThenCalmIsReady() {
      sessions
          .given(
              proposed(),
              accepted(),
              checkedIn(alex, true),
              checkedIn(sam, false),
              checkedIn(sam, true))
          .when(new StartSession(session, sam, couple, SOON))
          .thenEvents(
              new SessionStarted(session, coupleId, sam, SessionEvent.GROUND_RULE, both(), SOON));
    }

    @Test
    void aPartnerWhoCheckedInCalmThenAngryIsNotReadyAnyMore() {
      sessions
          .given(
              proposed(),
              accepted(),
              checkedIn(alex, true),
              checkedIn(sam, true),
              checkedIn(sam, false))
          .when(new StartSession(session, alex, couple, SOON))
          .thenRefusedBy("BothPartnersReady");
    }

    @Test
    void startingRecordsTheGroundRuleAcceptedByBoth() {
      List<SessionEvent> events =
          sessions
              .given(proposed(), accepted(), checkedIn(alex, true), checkedIn(sam, true))
              .when(new StartSession(session, alex, couple, SOON))
              .events();
      SessionStarted started = (SessionStarted) events.get(0);
      assertEquals("REPLACE_DEFENSIVENESS_WITH_CURIOSITY", started.groundRule());
      assertEquals(Set.of(alex, sam), Set.copyOf(started.groundRuleAcceptedBy()));
    }

    @Test
    void aNewTimeAsksBothAfreshHowTheyFeel() {
      Instant later = AT.plus(Duration.ofHours(3));
      SessionRescheduled rescheduled =
          new SessionRescheduled(
              session, coupleId, sam, later, later.plus(Duration.ofHours(1)), null, NOW);
      sessions
          .given(
              proposed(),
              accepted(),
              checkedIn(alex, true),
              checkedIn(sam, true),
              rescheduled,
              new SessionAccepted(session, coupleId, alex, NOW))
          .when(new StartSession(session, alex, couple, later.minusSeconds(600)))
          .thenRefusedBy("BothPartnersReady");
    }

    @Test
    void eitherPartnerTakesARainCheckWithoutBlame() {
      sessions
          .given(proposed(), accepted(), checkedIn(sam, false))
          .when(new PostponeSession(session, sam, couple, NOW))
          .thenEvents(new SessionPostponed(session, coupleId, sam, NOW));
      sessions
          .given(proposed())
          .when(new PostponeSession(session, alex, couple, NOW))
          .thenEvents(new SessionPostponed(session, coupleId, alex, NOW));
    }

    @Test
    void aPostponedSessionIsPlannedAgainWithANewTime() {
      Instant later = AT.plus(Duration.ofDays(2));
      Instant laterEnd = later.plus(Duration.ofHours(1));
      SessionPostponed postponed = new SessionPostponed(session, coupleId, sam, NOW);
      sessions
          .given(proposed(), accepted(), postponed)
          .when(new RescheduleSession(session, later, laterEnd, null, sam, couple, NOW))
          .thenEvents(new SessionRescheduled(session, coupleId, sam, later, laterEnd, null, NOW));
      sessions
          .given(proposed(), accepted(), postponed)
          .when(new StartSession(session, alex, couple, SOON))
          .thenRefusedBy("AgreedFirst");
      sessions
          .given(proposed(), accepted(), postponed)
          .when(new PostponeSession(session, alex, couple, NOW))
          .thenRefusedBy("SessionIsOver");
    }

    @Test
    void aStartedSessionIsNotCheckedIntoOrPostponed() {
      sessions
          .given(startedSession())
          .when(check(sam, 4, false, false))
          .thenRefusedBy("AlreadyStarted");
      sessions
          .given(startedSession())
          .when(new PostponeSession(session, sam, couple, NOW))
          .thenRefusedBy("AlreadyStarted");
      sessions
          .given(startedSession())
          .when(new StartSession(session, sam, couple, SOON))
          .thenRefusedBy("AlreadyStarted");
    }

    CheckIn check(UUID who, int calm, boolean rushed, boolean angry) {
      return check(who, calm, rushed, angry, SOON);
    }

    CheckIn check(UUID who, int calm, boolean rushed, boolean angry, Instant at) {
      return new CheckIn(
          session,
          new app.openup.sessions.domain.Readiness(calm, rushed, angry),
          words("detail"),
          who,
          couple,
          at);
    }

    ReadinessCheckedIn soon(UUID partner, boolean ready) {
      return new ReadinessCheckedIn(session, coupleId, partner, ready, words("detail"), SOON);
    }

    @Test
    void checkInsAndTheStartOpenAnHourBeforeTheAgreedTimeAndCloseAtItsEnd() {
      sessions
          .given(proposed(), accepted())
          .when(check(sam, 4, false, false, AT.minus(Duration.ofMinutes(61))))
          .thenRefusedBy("NotTimeYet");
      sessions
          .given(proposed(), accepted(), checkedIn(alex, true), checkedIn(sam, true))
          .when(new StartSession(session, alex, couple, NOW))
          .thenRefusedBy("NotTimeYet");
      sessions
          .given(proposed(), accepted())
          .when(check(sam, 4, false, false, UNTIL))
          .thenRefusedBy("TimeHasPassed");
      sessions
          .given(proposed(), accepted(), checkedIn(alex, true), checkedIn(sam, true))
          .when(new StartSession(session, alex, couple, UNTIL.plusSeconds(1)))
          .thenRefusedBy("TimeHasPassed");
    }
  }

  @Nested
  class YouGoFirst {

    MakeShare share(UUID by) {
      return new MakeShare(
          session,
          UUID.randomUUID(),
          Depth.DEEP,
          ShareKind.FEELING,
          Topic.FINANCES,
          words("text"),
          by,
          couple,
          NOW);
    }

    @Test
    void thePartnerWhoAskedGoesFirst() {
      sessions.given(startedSession()).when(share(sam)).thenRefusedBy("InitiatorSharesFirst");
      assertEquals(1, sessions.given(startedSession()).when(share(alex)).events().size());
    }

    @Test
    void afterTheFirstShareEitherShares() {
      SessionEvent[] history = append(startedSession(), shared(alex));
      assertEquals(1, sessions.given(history).when(share(sam)).events().size());
      assertEquals(1, sessions.given(history).when(share(alex)).events().size());
    }

    @Test
    void theInitiatorStillGoesFirstWhenTheOtherOfferedTheTime() {
      Instant later = AT.plus(Duration.ofHours(3));
      SessionEvent[] history = {
        proposed(),
        new SessionRescheduled(
            session, coupleId, sam, later, later.plus(Duration.ofHours(1)), null, NOW),
        new SessionAccepted(session, coupleId, alex, NOW),
        checkedIn(alex, true),
        checkedIn(sam, true),
        started()
      };
      sessions.given(history).when(share(sam)).thenRefusedBy("InitiatorSharesFirst");
    }

    @Test
    void aShareKeepsItsDepthKindTopicAndSealedText() {
      MakeShare command = share(alex);
      sessions
          .given(startedSession())
          .when(command)
          .thenEvents(
              new ShareMade(
                  session,
                  coupleId,
                  command.shareId(),
                  alex,
                  Depth.DEEP,
                  ShareKind.FEELING,
                  Topic.FINANCES,
                  words("text"),
                  NOW));
    }

    @Test
    void nothingIsSharedBeforeTheStartOrAfterTheClose() {
      sessions.given(proposed(), accepted()).when(share(alex)).thenRefusedBy("NotStartedYet");
      sessions
          .given(append(startedSession(), closedByAlex()))
          .when(share(alex))
          .thenRefusedBy("SessionIsOver");
    }
  }

  @Nested
  class Curiosity {

    @Test
    void aQuestionFromTheCatalogueOrInOwnWords() {
      UUID question = UUID.randomUUID();
      sessions
          .given(startedSession())
          .when(
              new AskOpenQuestion(
                  session, question, OpenQuestion.TELL_ME_MORE, null, sam, couple, NOW))
          .thenEvents(
              new OpenQuestionAsked(
                  session, coupleId, question, sam, OpenQuestion.TELL_ME_MORE, null, NOW));
      sessions
          .given(startedSession())
          .when(new AskOpenQuestion(session, question, null, words("q"), alex, couple, NOW))
          .thenEvents(
              new OpenQuestionAsked(session, coupleId, question, alex, null, words("q"), NOW));
    }

    @Test
    void aQuestionIsOneOrTheOtherNotBothNorNone() {
      sessions
          .given(startedSession())
          .when(
              new AskOpenQuestion(
                  session, UUID.randomUUID(), OpenQuestion.WHAT_ELSE, words("q"), sam, couple, NOW))
          .thenRefusedBy("SayItInYourWords");
      sessions
          .given(startedSession())
          .when(new AskOpenQuestion(session, UUID.randomUUID(), null, null, sam, couple, NOW))
          .thenRefusedBy("SayItInYourWords");
    }

    @Test
    void theCatalogueHoldsTheMethodsQuestions() {
      assertEquals("Tell me more about how you're feeling.", OpenQuestion.TELL_ME_MORE.words());
      assertEquals("And then what happened?", OpenQuestion.AND_THEN_WHAT.words());
      assertEquals("What else are you feeling?", OpenQuestion.WHAT_ELSE.words());
      assertEquals(
          "I'm trying to understand. It will help if you tell me more about what this means to"
              + " you.",
          OpenQuestion.HELP_ME_UNDERSTAND.words());
    }

    @Test
    void aDefensiveMomentIsAnsweredWithAnOpenQuestion() {
      UUID moment = UUID.randomUUID();
      sessions
          .given(startedSession())
          .when(new NoticeDefensiveness(session, moment, Whose.OWN, sam, couple, NOW))
          .thenEvents(
              new DefensivenessNoticed(
                  session, coupleId, moment, sam, Whose.OWN, OpenQuestion.TELL_ME_MORE, NOW));
      DefensivenessNoticed first =
          new DefensivenessNoticed(
              session, coupleId, UUID.randomUUID(), sam, Whose.OWN, OpenQuestion.TELL_ME_MORE, NOW);
      DefensivenessNoticed second =
          (DefensivenessNoticed)
              sessions
                  .given(append(startedSession(), first))
                  .when(
                      new NoticeDefensiveness(
                          session, moment, Whose.CONVERSATION, alex, couple, NOW))
                  .events()
                  .get(0);
      assertEquals(OpenQuestion.AND_THEN_WHAT, second.suggestion(), "the next one suggests more");
    }

    @Test
    void curiosityHappensInAStartedSession() {
      sessions
          .given(proposed(), accepted())
          .when(new NoticeDefensiveness(session, UUID.randomUUID(), Whose.OWN, sam, couple, NOW))
          .thenRefusedBy("NotStartedYet");
      sessions
          .given(proposed(), accepted())
          .when(
              new AskOpenQuestion(
                  session, UUID.randomUUID(), OpenQuestion.WHAT_ELSE, null, sam, couple, NOW))
          .thenRefusedBy("NotStartedYet");
    }
  }

  @Nested
  class CloseAndRate {

    RateSession rate(UUID by, boolean share) {
      return rate(by, share, null);
    }

    RateSession rate(UUID by, boolean share, Rating partners) {
      return new RateSession(
          session,
          new Rating(4, StartFelt.SOFT),
          words("rating"),
          share,
          partners,
          by,
          couple,
          NOW);
    }

    SessionRated rated(UUID by, boolean share) {
      return new SessionRated(session, coupleId, by, share, words("rating"), NOW);
    }

    @Test
    void eitherPartnerClosesAStartedSession() {
      sessions
          .given(startedSession())
          .when(new CloseSession(session, sam, couple, NOW))
          .thenEvents(
              new SessionClosed(session, coupleId, sam, CloseReason.CLOSED_BY_PARTNER, NOW));
      sessions
          .given(proposed(), accepted())
          .when(new CloseSession(session, sam, couple, NOW))
          .thenRefusedBy("NotStartedYet");
    }

    @Test
    void eachPartnerRatesOnceAfterTheClose() {
      sessions.given(startedSession()).when(rate(sam, false)).thenRefusedBy("ClosedFirst");
      SessionEvent[] over = append(startedSession(), closedByAlex());
      sessions.given(over).when(rate(sam, false)).thenEvents(rated(sam, false));
      sessions
          .given(append(over, rated(sam, false)))
          .when(rate(sam, true))
          .thenRefusedBy("RatedOnce");
      sessions
          .given(append(over, rated(sam, false)))
          .when(rate(alex, true))
          .thenEvents(rated(alex, true));
    }

    @Test
    void ratingsAreSharedOnlyWhenBothPartnersShareTheirs() {
      SessionEvent[] over = append(startedSession(), closedByAlex());
      // Sam shares, Alex keeps theirs: nothing is shared, not even Sam's.
      sessions
          .given(append(over, rated(sam, true)))
          .when(rate(alex, false, new Rating(2, StartFelt.HARSH)))
          .thenEvents(rated(alex, false));
      // Sam keeps theirs, Alex shares: nothing is shared.
      sessions
          .given(append(over, rated(sam, false)))
          .when(rate(alex, true))
          .thenEvents(rated(alex, true));
      // Both share: both ratings, in the clear, once.
      List<SessionEvent.SharedRating> both =
          new java.util.ArrayList<>(
              List.of(
                  new SessionEvent.SharedRating(alex, 4, StartFelt.SOFT),
                  new SessionEvent.SharedRating(sam, 2, StartFelt.HARSH)));
      both.sort(java.util.Comparator.comparing(SessionEvent.SharedRating::partnerId));
      sessions
          .given(append(over, rated(sam, true)))
          .when(rate(alex, true, new Rating(2, StartFelt.HARSH)))
          .thenEvents(
              rated(alex, true),
              new SessionEvent.SessionRatingsShared(session, coupleId, both, NOW));
    }

    @Test
    void aSessionThatNeverStartedIsNotRated() {
      SessionEvent[] neverHeld = {
        proposed(), accepted(), new SessionAbandoned(session, coupleId, NOW)
      };
      sessions.given(neverHeld).when(rate(sam, false)).thenRefusedBy("ClosedFirst");
    }
  }

  @Nested
  class TheServiceItself {

    @Test
    void theSafetyExitClosesEveryPlannedOrOpenSession() {
      UUID other = UUID.randomUUID();
      UUID over = UUID.randomUUID();
      Instant next = AT.plus(Duration.ofDays(2));
      SessionEvent[] history = {
        proposed(),
        accepted(),
        checkedIn(alex, true),
        checkedIn(sam, true),
        started(),
        new SessionProposed(
            other, coupleId, sam, next, next.plusSeconds(3600), null, null, null, NOW),
        new SessionProposed(
            over,
            coupleId,
            sam,
            next.plusSeconds(86400),
            next.plusSeconds(90000),
            null,
            null,
            null,
            NOW),
        new SessionDeclined(over, coupleId, alex, NOW)
      };
      sessions
          .given(history)
          .when(new EndForSafetyExit(coupleId, NOW))
          .thenEvents(
              new SessionClosed(session, coupleId, null, CloseReason.SAFETY_EXIT, NOW),
              new SessionClosed(other, coupleId, null, CloseReason.SAFETY_EXIT, NOW),
              new SafetyExitTaken(coupleId, NOW));
      SessionEvent[] ended =
          append(
              history,
              new SessionClosed(session, coupleId, null, CloseReason.SAFETY_EXIT, NOW),
              new SessionClosed(other, coupleId, null, CloseReason.SAFETY_EXIT, NOW),
              new SafetyExitTaken(coupleId, NOW));
      sessions.given(ended).when(new EndForSafetyExit(coupleId, NOW)).thenNothingHappens();
    }

    @Test
    void afterTheSafetyExitNothingHappensWhateverAStaleMembershipSays() {
      SessionEvent[] ended =
          append(
              startedSession(),
              new SessionClosed(session, coupleId, null, CloseReason.SAFETY_EXIT, NOW),
              new SafetyExitTaken(coupleId, NOW));
      // The couple as a command saw it before the leave reached the membership: still together.
      Instant later = AT.plus(Duration.ofDays(3));
      sessions
          .given(ended)
          .when(propose(alex, couple, later, later.plusSeconds(3600)))
          .thenRefusedBy("CoupleClosed");
      sessions
          .given(ended)
          .when(new CloseSession(session, alex, couple, NOW))
          .thenRefusedBy("CoupleClosed");
    }

    @Test
    void aSessionLeftOpenTooLongIsAbandoned() {
      Duration limit = Duration.ofHours(6);
      sessions
          .given(startedSession())
          .when(new AbandonOverdue(coupleId, limit, NOW.plus(Duration.ofHours(5))))
          .thenNothingHappens();
      Instant late = NOW.plus(Duration.ofHours(7));
      sessions
          .given(startedSession())
          .when(new AbandonOverdue(coupleId, limit, late))
          .thenEvents(new SessionAbandoned(session, coupleId, late));
    }

    @Test
    void anAgreedSessionNeverStartedIsAbandonedLongAfterItsEnd() {
      Duration limit = Duration.ofHours(6);
      Instant late = UNTIL.plus(Duration.ofHours(7));
      sessions
          .given(proposed(), accepted())
          .when(new AbandonOverdue(coupleId, limit, late))
          .thenEvents(new SessionAbandoned(session, coupleId, late));
      sessions
          .given(proposed(), accepted())
          .when(new AbandonOverdue(coupleId, limit, UNTIL.plus(Duration.ofHours(1))))
          .thenNothingHappens();
      sessions
          .given(append(startedSession(), closedByAlex()))
          .when(new AbandonOverdue(coupleId, limit, late))
          .thenNothingHappens();
    }
  }

  @Test
  void eachSessionCountsItsOwnVersion() {
    CoupleSessions state = new SessionDecider().fold(List.of(startedSession()));
    assertEquals(5, state.session(session).version());
  }

  static SessionEvent[] append(SessionEvent[] history, SessionEvent... more) {
    SessionEvent[] all = java.util.Arrays.copyOf(history, history.length + more.length);
    System.arraycopy(more, 0, all, history.length, more.length);
    return all;
  }
}
