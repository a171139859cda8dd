package app.openup.needs.domain;

import app.openup.eventing.domain.Decider;
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
import java.util.List;

/**
 * The couple: one partner forms it and invites the other; the invitation is single use and expires;
 * a couple has exactly two partners; either may leave at any time without the other's consent (a
 * safety exit), after which the couple is closed.
 */
public final class CoupleDecider implements Decider<CoupleCommand, Couple, CoupleEvent> {

  @Override
  public Couple initialState() {
    return Couple.NONE;
  }

  @Override
  public Couple evolve(Couple couple, CoupleEvent event) {
    return event.applyTo(couple);
  }

  @Override
  public List<CoupleEvent> decide(CoupleCommand command, Couple couple) {
    if (command instanceof FormCouple form) {
      if (couple.exists()) {
        throw Rule.COUPLE_ALREADY_FORMED.refused();
      }
      return List.of(
          new CoupleFormed(form.coupleId(), form.by(), form.at()),
          new PartnerInvited(
              form.coupleId(), form.invitationId(), form.by(), form.invitationExpiresAt()));
    }
    if (command instanceof JoinCouple join) {
      return join(join, couple);
    }
    if (!couple.isMember(command.by())) {
      throw Rule.NOT_A_MEMBER.refused();
    }
    if (command instanceof ErasePartner erase) {
      // Erasure is always possible, closed couple or not: it is the partner's right. Once done,
      // asking again changes nothing.
      if (couple.erased().contains(erase.by())) {
        return List.of();
      }
      return List.of(new PartnerErased(couple.id(), erase.by(), erase.at()));
    }
    if (couple.isClosed()) {
      throw Rule.COUPLE_IS_OPEN.refused();
    }
    if (command instanceof InvitePartner invite) {
      if (couple.partners().size() == 2) {
        throw Rule.TWO_PARTNERS_ONLY.refused();
      }
      return List.of(
          new PartnerInvited(couple.id(), invite.invitationId(), invite.by(), invite.expiresAt()));
    }
    LeaveCouple leave = (LeaveCouple) command;
    return List.of(new PartnerLeft(couple.id(), leave.by(), leave.at()));
  }

  private static List<CoupleEvent> join(JoinCouple join, Couple couple) {
    if (couple.isMember(join.by())) {
      throw Rule.ALREADY_IN_THIS_COUPLE.refused();
    }
    if (couple.isClosed()) {
      throw Rule.COUPLE_IS_OPEN.refused();
    }
    if (couple.partners().size() == 2) {
      throw Rule.TWO_PARTNERS_ONLY.refused();
    }
    Couple.Invitation invitation = couple.invitation();
    if (invitation == null || !invitation.id().equals(join.invitationId())) {
      throw Rule.INVITATION_VALID.refused();
    }
    if (!join.at().isBefore(invitation.expiresAt())) {
      throw Rule.INVITATION_NOT_EXPIRED.refused();
    }
    return List.of(new PartnerJoined(couple.id(), join.by(), invitation.id(), join.at()));
  }
}
