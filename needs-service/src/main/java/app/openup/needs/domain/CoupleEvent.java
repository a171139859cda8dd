package app.openup.needs.domain;

import java.time.Instant;
import java.util.UUID;

/** What happens to a couple: formed, an invitation, a partner joining or leaving, erasure. */
public sealed interface CoupleEvent
    permits CoupleEvent.CoupleFormed,
        CoupleEvent.PartnerInvited,
        CoupleEvent.PartnerJoined,
        CoupleEvent.PartnerLeft,
        CoupleEvent.PartnerErased {

  UUID coupleId();

  /** How this event changes the couple; every event says, so the fold is always complete. */
  Couple applyTo(Couple couple);

  /** A partner created the couple and is its first partner. */
  record CoupleFormed(UUID coupleId, UUID firstPartner, Instant formedAt) implements CoupleEvent {
    @Override
    public Couple applyTo(Couple couple) {
      return Couple.formed(coupleId, firstPartner);
    }
  }

  /**
   * An invitation for the second partner was issued. Only its id and expiry are recorded; the code
   * itself is known to the inviter alone (the service keeps a hash to look it up).
   */
  record PartnerInvited(UUID coupleId, UUID invitationId, UUID invitedBy, Instant expiresAt)
      implements CoupleEvent {
    @Override
    public Couple applyTo(Couple couple) {
      return couple.withInvitation(new Couple.Invitation(invitationId, expiresAt));
    }
  }

  /** The second partner joined with the invitation. */
  record PartnerJoined(UUID coupleId, UUID partnerId, UUID invitationId, Instant joinedAt)
      implements CoupleEvent {
    @Override
    public Couple applyTo(Couple couple) {
      return couple.withPartner(partnerId).withInvitation(null);
    }
  }

  /** A partner left: the couple is closed from now on. */
  record PartnerLeft(UUID coupleId, UUID partnerId, Instant leftAt) implements CoupleEvent {
    @Override
    public Couple applyTo(Couple couple) {
      return couple.closedBy(partnerId);
    }
  }

  /** A partner asked to be erased from the platform: they leave, and their words are shredded. */
  record PartnerErased(UUID coupleId, UUID partnerId, Instant erasedAt) implements CoupleEvent {
    @Override
    public Couple applyTo(Couple couple) {
      return couple.erasing(partnerId);
    }
  }
}
