package app.openup.needs.domain;

import app.openup.eventing.testing.DeciderFixture;
import app.openup.eventing.vault.SealedText;
import app.openup.needs.domain.NeedCommand.AcknowledgeNeed;
import app.openup.needs.domain.NeedCommand.AskClarification;
import app.openup.needs.domain.NeedCommand.Clarify;
import app.openup.needs.domain.NeedCommand.DiscardNeed;
import app.openup.needs.domain.NeedCommand.DraftNeed;
import app.openup.needs.domain.NeedCommand.MarkNeedMet;
import app.openup.needs.domain.NeedCommand.ReviseNeed;
import app.openup.needs.domain.NeedCommand.ShareNeed;
import app.openup.needs.domain.NeedCommand.WithdrawNeed;
import app.openup.needs.domain.NeedEvent.NeedAcknowledged;
import app.openup.needs.domain.NeedEvent.NeedClarificationAsked;
import app.openup.needs.domain.NeedEvent.NeedClarified;
import app.openup.needs.domain.NeedEvent.NeedDiscarded;
import app.openup.needs.domain.NeedEvent.NeedDrafted;
import app.openup.needs.domain.NeedEvent.NeedMet;
import app.openup.needs.domain.NeedEvent.NeedRevised;
import app.openup.needs.domain.NeedEvent.NeedShared;
import app.openup.needs.domain.NeedEvent.NeedWithdrawn;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NeedDeciderTest {

  private final DeciderFixture<NeedCommand, Need, NeedEvent> need =
      DeciderFixture.of(new NeedDecider());

  private static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");
  private final UUID needId = UUID.randomUUID();
  private final UUID coupleId = UUID.randomUUID();
  private final UUID alex = UUID.randomUUID();
  private final UUID sam = UUID.randomUUID();
  private final UUID kim = UUID.randomUUID();
  private final UUID question = UUID.randomUUID();
  private final Couple couple = new Couple(coupleId, Set.of(alex, sam), null, Set.of());
  private final Couple closed = new Couple(coupleId, Set.of(alex, sam), null, Set.of(sam));

  private static SealedText words(String label) {
    return new SealedText("v1." + label);
  }

  private NeedDrafted drafted() {
    return new NeedDrafted(
        needId, coupleId, alex, Topic.FINANCES, words("meaning"), words("hope"), NOW);
  }

  private NeedShared shared() {
    return new NeedShared(
        needId, coupleId, alex, Topic.FINANCES, words("meaning"), words("hope"), words("why"), NOW);
  }

  private NeedClarificationAsked asked() {
    return new NeedClarificationAsked(needId, question, sam, words("question"), NOW);
  }

  // --- step 1 ---

  @Test
  void aPartnerDraftsANeedInPrivate() {
    need.given()
        .when(
            new DraftNeed(
                needId, Topic.FINANCES, words("meaning"), words("hope"), alex, couple, NOW))
        .thenEvents(drafted());
  }

  @Test
  void onlyAPartnerOfTheCoupleDrafts() {
    need.given()
        .when(new DraftNeed(needId, Topic.HEALTH, words("m"), null, kim, couple, NOW))
        .thenRefusedBy("NotAMember");
  }

  @Test
  void aNeedIsDraftedOnce() {
    need.given(drafted())
        .when(new DraftNeed(needId, Topic.HEALTH, words("m"), null, alex, couple, NOW))
        .thenRefusedBy("NeedAlreadyExists");
  }

  @Test
  void aClosedCoupleTakesNoNewNeeds() {
    need.given()
        .when(new DraftNeed(needId, Topic.HEALTH, words("m"), null, alex, closed, NOW))
        .thenRefusedBy("CoupleIsOpen");
  }

  @Test
  void theAuthorRevisesOrDiscardsTheirDraft() {
    need.given(drafted())
        .when(new ReviseNeed(Topic.QUALITY_TIME, words("m2"), null, alex, couple, NOW))
        .thenEvents(new NeedRevised(needId, Topic.QUALITY_TIME, words("m2"), null, NOW));
    need.given(drafted())
        .when(new DiscardNeed(alex, couple, NOW))
        .thenEvents(new NeedDiscarded(needId, NOW));
  }

  @Test
  void aDraftIsInvisibleToThePartner() {
    need.given(drafted())
        .when(new ReviseNeed(Topic.OTHER, words("x"), null, sam, couple, NOW))
        .thenRefusedBy("DraftsArePrivate");
    need.given(drafted())
        .when(new AcknowledgeNeed(words("heard"), sam, couple, NOW))
        .thenRefusedBy("DraftsArePrivate");
  }

  @Test
  void aDiscardedNeedIsGone() {
    need.given(drafted(), new NeedDiscarded(needId, NOW))
        .when(new ShareNeed(words("why"), alex, couple, NOW))
        .thenRefusedBy("NoSuchNeed");
  }

  @Test
  void aNeedIsActedOnOnlyThroughItsOwnCouple() {
    Couple other = new Couple(UUID.randomUUID(), Set.of(sam, kim), null, Set.of());
    need.given(drafted(), shared())
        .when(new AcknowledgeNeed(words("heard"), sam, other, NOW))
        .thenRefusedBy("NoSuchNeed");
    need.given().when(new MarkNeedMet(alex, couple, NOW)).thenRefusedBy("NoSuchNeed");
  }

  // --- step 2 ---

  @Test
  void theAuthorSharesSayingWhyItMatters() {
    need.given(drafted()).when(new ShareNeed(words("why"), alex, couple, NOW)).thenEvents(shared());
  }

  @Test
  void sharingWithoutAWhyIsRefused() {
    need.given(drafted())
        .when(new ShareNeed(null, alex, couple, NOW))
        .thenRefusedBy("ShareSaysWhy");
  }

  @Test
  void aNeedIsSharedOnceAndThenNotRewritten() {
    need.given(drafted(), shared())
        .when(new ShareNeed(words("why"), alex, couple, NOW))
        .thenRefusedBy("AlreadyShared");
    need.given(drafted(), shared())
        .when(new ReviseNeed(Topic.OTHER, words("x"), null, alex, couple, NOW))
        .thenRefusedBy("OnlyDraftsChange");
  }

  @Test
  void thePartnerSaysBackWhatTheyHeard() {
    need.given(drafted(), shared())
        .when(new AcknowledgeNeed(words("heard"), sam, couple, NOW))
        .thenEvents(new NeedAcknowledged(needId, sam, words("heard"), NOW));
  }

  @Test
  void anAuthorCannotAcknowledgeTheirOwnNeed() {
    need.given(drafted(), shared())
        .when(new AcknowledgeNeed(words("heard"), alex, couple, NOW))
        .thenRefusedBy("OnlyThePartnerAcknowledges");
  }

  @Test
  void anAcknowledgementSaysWhatWasHeard() {
    need.given(drafted(), shared())
        .when(new AcknowledgeNeed(null, sam, couple, NOW))
        .thenRefusedBy("SayWhatYouHeard");
  }

  @Test
  void thePartnerAsksAndTheAuthorAnswers() {
    need.given(drafted(), shared())
        .when(new AskClarification(question, words("question"), sam, couple, NOW))
        .thenEvents(asked());
    need.given(drafted(), shared(), asked())
        .when(new Clarify(question, words("answer"), alex, couple, NOW))
        .thenEvents(new NeedClarified(needId, question, words("answer"), NOW));
  }

  @Test
  void questionsComeFromThePartnerAndAnswersFromTheAuthor() {
    need.given(drafted(), shared())
        .when(new AskClarification(question, words("q"), alex, couple, NOW))
        .thenRefusedBy("OnlyThePartnerAsks");
    need.given(drafted(), shared(), asked())
        .when(new Clarify(question, words("a"), sam, couple, NOW))
        .thenRefusedBy("OnlyTheAuthorAnswers");
  }

  @Test
  void onlyAnOpenQuestionIsAnswered() {
    need.given(drafted(), shared())
        .when(new Clarify(question, words("a"), alex, couple, NOW))
        .thenRefusedBy("QuestionOpen");
    need.given(drafted(), shared(), asked(), new NeedClarified(needId, question, words("a"), NOW))
        .when(new Clarify(question, words("again"), alex, couple, NOW))
        .thenRefusedBy("QuestionOpen");
  }

  @Test
  void eitherPartnerMarksASharedNeedMet() {
    need.given(drafted(), shared())
        .when(new MarkNeedMet(sam, couple, NOW))
        .thenEvents(new NeedMet(needId, sam, NOW));
    need.given(drafted(), shared())
        .when(new MarkNeedMet(alex, couple, NOW))
        .thenEvents(new NeedMet(needId, alex, NOW));
  }

  @Test
  void aDraftIsSharedBeforeItIsMetOrWithdrawn() {
    need.given(drafted()).when(new MarkNeedMet(alex, couple, NOW)).thenRefusedBy("ShareFirst");
    need.given(drafted()).when(new WithdrawNeed(alex, couple, NOW)).thenRefusedBy("ShareFirst");
  }

  @Test
  void theAuthorWithdrawsTheirNeed() {
    need.given(drafted(), shared())
        .when(new WithdrawNeed(alex, couple, NOW))
        .thenEvents(new NeedWithdrawn(needId, NOW));
    need.given(drafted(), shared())
        .when(new WithdrawNeed(sam, couple, NOW))
        .thenRefusedBy("OnlyTheAuthorWithdraws");
  }

  @Test
  void aMetOrWithdrawnNeedIsClosed() {
    need.given(drafted(), shared(), new NeedMet(needId, sam, NOW))
        .when(new AcknowledgeNeed(words("heard"), sam, couple, NOW))
        .thenRefusedBy("NeedStillOpen");
    need.given(drafted(), shared(), new NeedWithdrawn(needId, NOW))
        .when(new MarkNeedMet(sam, couple, NOW))
        .thenRefusedBy("NeedStillOpen");
    need.given(drafted(), new NeedDiscarded(needId, NOW))
        .when(new DiscardNeed(alex, couple, NOW))
        .thenRefusedBy("NoSuchNeed");
  }

  @Test
  void nothingHappensToANeedOfAClosedCouple() {
    need.given(drafted(), shared())
        .when(new AcknowledgeNeed(words("heard"), alex, closed, NOW))
        .thenRefusedBy("CoupleIsOpen");
  }

  @Test
  void afterALeaveNothingOfTheOthersNeedIsThereToActOn() {
    need.given(drafted(), shared())
        .when(new AcknowledgeNeed(words("heard"), sam, closed, NOW))
        .thenRefusedBy("DraftsArePrivate");
    need.given(drafted(), shared())
        .when(new MarkNeedMet(sam, closed, NOW))
        .thenRefusedBy("DraftsArePrivate");
  }

  @Test
  void theShareCarriesWhatTheLatestDraftSaidAndWhatItIsAbout() {
    need.given(
            drafted(), new NeedRevised(needId, Topic.QUALITY_TIME, words("meaning 2"), null, NOW))
        .when(new ShareNeed(words("why"), alex, couple, NOW))
        .thenEvents(
            new NeedShared(
                needId,
                coupleId,
                alex,
                Topic.QUALITY_TIME,
                words("meaning 2"),
                null,
                words("why"),
                NOW));
  }

  @Test
  void onlyTheDraftsEventsArePrivate() {
    org.junit.jupiter.api.Assertions.assertTrue(drafted().belongsToTheDraft());
    org.junit.jupiter.api.Assertions.assertTrue(new NeedDiscarded(needId, NOW).belongsToTheDraft());
    org.junit.jupiter.api.Assertions.assertFalse(shared().belongsToTheDraft());
    org.junit.jupiter.api.Assertions.assertFalse(asked().belongsToTheDraft());
  }
}
