package app.openup.feedback.domain;

import app.openup.eventing.testing.DeciderFixture;
import app.openup.eventing.vault.SealedText;
import app.openup.feedback.domain.ConsentEvent.ComparisonsOptedIn;
import app.openup.feedback.domain.ConsentEvent.ComparisonsOptedOut;
import app.openup.feedback.domain.PraiseCommand.DeclinePraise;
import app.openup.feedback.domain.PraiseCommand.GivePraise;
import app.openup.feedback.domain.PraiseCommand.WithdrawPraise;
import app.openup.feedback.domain.PraiseEvent.PraiseDeclined;
import app.openup.feedback.domain.PraiseEvent.PraiseGiven;
import app.openup.feedback.domain.PraiseEvent.PraiseWithdrawn;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules of step 5 and of consent, given past events, when a command, then events or a rule. */
class PraiseDeciderTest {

  private final DeciderFixture<PraiseCommand, Praise, PraiseEvent> praise =
      DeciderFixture.of(new PraiseDecider());
  private final DeciderFixture<ConsentCommand, Consent, ConsentEvent> consent =
      DeciderFixture.of(new ConsentDecider());

  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  final UUID id = UUID.randomUUID();
  final UUID coupleId = UUID.randomUUID();
  final UUID alex = UUID.randomUUID();
  final UUID sam = UUID.randomUUID();
  final UUID kim = UUID.randomUUID();
  final UUID share = UUID.randomUUID();
  final SealedText words = new SealedText("v1.words");
  final Couple couple = new Couple(coupleId, Set.of(alex, sam), Set.of());
  final Couple waiting = new Couple(coupleId, Set.of(alex), Set.of());
  final Couple closed = new Couple(coupleId, Set.of(alex, sam), Set.of(alex));
  final Target alexShare = new Target(TargetKind.SHARE, share, coupleId, alex);

  GivePraise give(UUID by, Couple as, Target target) {
    return new GivePraise(
        id, TargetKind.SHARE, share, target, PraiseStyle.GRATITUDE, words, by, as, NOW);
  }

  PraiseGiven given() {
    return new PraiseGiven(
        id, coupleId, sam, TargetKind.SHARE, share, PraiseStyle.GRATITUDE, words, NOW);
  }

  @Test
  void aPartnerPraisesTheOthersShare() {
    praise.given().when(give(sam, couple, alexShare)).thenEvents(given());
  }

  @Test
  void aShareNotKnownYetIsAcceptedAndReconciledLater() {
    praise.given().when(give(sam, couple, null)).thenEvents(given());
  }

  @Test
  void oneDoesNotPraiseOnesOwnShare() {
    praise.given().when(give(alex, couple, alexShare)).thenRefusedBy("PraiseYourPartner");
  }

  @Test
  void aShareOfAnotherCoupleIsNotFound() {
    Target elsewhere = new Target(TargetKind.SHARE, share, UUID.randomUUID(), alex);
    praise.given().when(give(sam, couple, elsewhere)).thenRefusedBy("NotInThisCouple");
  }

  @Test
  void strangersClosedCouplesAndCouplesOfOneGiveNothing() {
    praise.given().when(give(kim, couple, alexShare)).thenRefusedBy("NotAMember");
    praise.given().when(give(kim, null, alexShare)).thenRefusedBy("NotAMember");
    praise.given().when(give(sam, closed, alexShare)).thenRefusedBy("CoupleClosed");
    praise.given().when(give(alex, waiting, null)).thenRefusedBy("WaitingForPartner");
    praise.given(given()).when(give(sam, couple, alexShare)).thenRefusedBy("PraiseAlreadyExists");
  }

  @Test
  void onlyTheGiverWithdrawsOnce() {
    praise
        .given(given())
        .when(new WithdrawPraise(alex, couple, NOW))
        .thenRefusedBy("OnlyTheGiverWithdraws");
    praise
        .given(given())
        .when(new WithdrawPraise(sam, couple, NOW))
        .thenEvents(new PraiseWithdrawn(id, coupleId, sam, NOW));
    praise
        .given(given(), new PraiseWithdrawn(id, coupleId, sam, NOW))
        .when(new WithdrawPraise(sam, couple, NOW))
        .thenRefusedBy("NoLongerStands");
    praise.given().when(new WithdrawPraise(sam, couple, NOW)).thenRefusedBy("NoSuchPraise");
    praise.given(given()).when(new WithdrawPraise(kim, couple, NOW)).thenRefusedBy("NotAMember");
  }

  @Test
  void aPraiseWhoseTargetTurnsOutToBeTheGiversOwnIsDeclined() {
    Target samsOwn = new Target(TargetKind.SHARE, share, coupleId, sam);
    praise
        .given(given())
        .when(new DeclinePraise(samsOwn, NOW))
        .thenEvents(new PraiseDeclined(id, coupleId, "PraiseYourPartner", NOW));
    Target elsewhere = new Target(TargetKind.SHARE, share, UUID.randomUUID(), alex);
    praise
        .given(given())
        .when(new DeclinePraise(elsewhere, NOW))
        .thenEvents(new PraiseDeclined(id, coupleId, "NotInThisCouple", NOW));
  }

  @Test
  void reconcilingAPraiseThatStandsOrIsGoneChangesNothing() {
    praise.given(given()).when(new DeclinePraise(alexShare, NOW)).thenNothingHappens();
    Target samsOwn = new Target(TargetKind.SHARE, share, coupleId, sam);
    praise
        .given(given(), new PraiseDeclined(id, coupleId, "PraiseYourPartner", NOW))
        .when(new DeclinePraise(samsOwn, NOW))
        .thenNothingHappens();
    praise
        .given(given(), new PraiseWithdrawn(id, coupleId, sam, NOW))
        .when(new DeclinePraise(samsOwn, NOW))
        .thenNothingHappens();
    praise.given().when(new DeclinePraise(samsOwn, NOW)).thenNothingHappens();
  }

  @Test
  void eachPartnerOptsInOrOutOfComparisonsAtAnyTime() {
    consent
        .given()
        .when(new ConsentCommand(true, alex, couple, NOW))
        .thenEvents(new ComparisonsOptedIn(coupleId, alex, NOW));
    consent
        .given(new ComparisonsOptedIn(coupleId, alex, NOW))
        .when(new ConsentCommand(true, alex, couple, NOW))
        .thenNothingHappens();
    consent
        .given(new ComparisonsOptedIn(coupleId, alex, NOW))
        .when(new ConsentCommand(false, alex, closed, NOW))
        .thenEvents(new ComparisonsOptedOut(coupleId, alex, NOW));
    consent.given().when(new ConsentCommand(false, alex, couple, NOW)).thenNothingHappens();
    consent.given().when(new ConsentCommand(true, alex, closed, NOW)).thenRefusedBy("CoupleClosed");
    consent.given().when(new ConsentCommand(true, kim, couple, NOW)).thenRefusedBy("NotAMember");
  }

  @Test
  void comparisonsNeedBoth() {
    Consent one = new Consent(Set.of(alex));
    Consent both = new Consent(Set.of(alex, sam));
    org.junit.jupiter.api.Assertions.assertFalse(one.both(couple));
    org.junit.jupiter.api.Assertions.assertTrue(both.both(couple));
  }
}
