package app.openup.needs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.testing.DeciderFixture;
import app.openup.needs.domain.CoupleCommand.ErasePartner;
import app.openup.needs.domain.CoupleCommand.FormCouple;
import app.openup.needs.domain.CoupleCommand.InvitePartner;
import app.openup.needs.domain.CoupleCommand.JoinCouple;
import app.openup.needs.domain.CoupleCommand.LeaveCouple;
import app.openup.needs.domain.CoupleEvent.CoupleFormed;
import app.openup.needs.domain.CoupleEvent.PartnerErased;
import app.openup.needs.domain.CoupleEvent.PartnerInvited;
import app.openup.needs.domain.CoupleEvent.PartnerJoined;
import app.openup.needs.domain.CoupleEvent.PartnerLeft;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CoupleDeciderTest {

  private final DeciderFixture<CoupleCommand, Couple, CoupleEvent> couple =
      DeciderFixture.of(new CoupleDecider());

  private static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");
  private static final Instant TOMORROW = NOW.plus(Duration.ofDays(1));
  private final UUID coupleId = UUID.randomUUID();
  private final UUID alex = UUID.randomUUID();
  private final UUID sam = UUID.randomUUID();
  private final UUID kim = UUID.randomUUID();
  private final UUID invitation = UUID.randomUUID();

  private CoupleFormed formed() {
    return new CoupleFormed(coupleId, alex, NOW);
  }

  private PartnerInvited invited() {
    return new PartnerInvited(coupleId, invitation, alex, TOMORROW);
  }

  private PartnerJoined samJoined() {
    return new PartnerJoined(coupleId, sam, invitation, NOW);
  }

  @Test
  void aPartnerFormsACoupleAsItsFirstPartnerAndInvitesTheSecond() {
    couple
        .given()
        .when(new FormCouple(coupleId, invitation, TOMORROW, alex, NOW))
        .thenEvents(formed(), invited());
    assertTrue(new CoupleDecider().fold(java.util.List.of(formed())).isMember(alex));
  }

  @Test
  void aCoupleIsFormedOnce() {
    couple
        .given(formed())
        .when(new FormCouple(coupleId, invitation, TOMORROW, sam, NOW))
        .thenRefusedBy("CoupleAlreadyFormed");
  }

  @Test
  void thePartnerInvitesTheSecondPartner() {
    couple
        .given(formed())
        .when(new InvitePartner(invitation, TOMORROW, alex, NOW))
        .thenEvents(invited());
  }

  @Test
  void onlyAPartnerInvites() {
    couple
        .given(formed())
        .when(new InvitePartner(invitation, TOMORROW, kim, NOW))
        .thenRefusedBy("NotAMember");
  }

  @Test
  void aFullCoupleInvitesNobody() {
    couple
        .given(formed(), invited(), samJoined())
        .when(new InvitePartner(UUID.randomUUID(), TOMORROW, alex, NOW))
        .thenRefusedBy("TwoPartnersOnly");
  }

  @Test
  void theSecondPartnerJoinsWithTheInvitation() {
    couple
        .given(formed(), invited())
        .when(new JoinCouple(invitation, sam, NOW))
        .thenEvents(samJoined());
  }

  @Test
  void aThirdPartnerIsRefused() {
    couple
        .given(formed(), invited(), samJoined())
        .when(new JoinCouple(invitation, kim, NOW))
        .thenRefusedBy("TwoPartnersOnly");
  }

  @Test
  void anInvitationIsSingleUseAndMustBeTheCurrentOne() {
    couple
        .given(formed())
        .when(new JoinCouple(invitation, sam, NOW))
        .thenRefusedBy("InvitationValid");
    couple
        .given(formed(), invited(), new PartnerInvited(coupleId, UUID.randomUUID(), alex, TOMORROW))
        .when(new JoinCouple(invitation, sam, NOW))
        .thenRefusedBy("InvitationValid");
  }

  @Test
  void anInvitationExpires() {
    couple
        .given(formed(), invited())
        .when(new JoinCouple(invitation, sam, TOMORROW))
        .thenRefusedBy("InvitationNotExpired");
  }

  @Test
  void aPartnerCannotJoinTheirOwnCouple() {
    couple
        .given(formed(), invited())
        .when(new JoinCouple(invitation, alex, NOW))
        .thenRefusedBy("AlreadyInThisCouple");
  }

  @Test
  void eitherPartnerLeavesWithoutTheOthersConsentAndTheCoupleCloses() {
    couple
        .given(formed(), invited(), samJoined())
        .when(new LeaveCouple(sam, NOW))
        .thenEvents(new PartnerLeft(coupleId, sam, NOW));
    Couple closed =
        new CoupleDecider()
            .fold(
                java.util.List.of(
                    formed(), invited(), samJoined(), new PartnerLeft(coupleId, sam, NOW)));
    assertTrue(closed.isClosed());
    assertEquals(alex, closed.partnerOf(sam));
  }

  @Test
  void aClosedCoupleTakesNoNewPartnerAndNoInvitation() {
    PartnerLeft left = new PartnerLeft(coupleId, alex, NOW);
    couple
        .given(formed(), invited(), left)
        .when(new JoinCouple(invitation, sam, NOW))
        .thenRefusedBy("CoupleIsOpen");
    couple
        .given(formed(), left)
        .when(new InvitePartner(invitation, TOMORROW, alex, NOW))
        .thenRefusedBy("CoupleIsOpen");
    couple
        .given(formed(), invited(), samJoined(), left)
        .when(new LeaveCouple(sam, NOW))
        .thenRefusedBy("CoupleIsOpen");
  }

  @Test
  void aPartnerCanAlwaysBeErasedEvenFromAClosedCouple() {
    PartnerLeft left = new PartnerLeft(coupleId, alex, NOW);
    couple
        .given(formed(), invited(), samJoined(), left)
        .when(new ErasePartner(sam, NOW))
        .thenEvents(new PartnerErased(coupleId, sam, NOW));
    couple.given(formed()).when(new ErasePartner(kim, NOW)).thenRefusedBy("NotAMember");
    couple
        .given(formed(), new PartnerErased(coupleId, alex, NOW))
        .when(new ErasePartner(alex, NOW))
        .thenNothingHappens();
    assertFalse(new CoupleDecider().fold(java.util.List.of(formed())).isClosed());
  }
}
