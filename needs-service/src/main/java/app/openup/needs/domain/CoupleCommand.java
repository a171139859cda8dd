package app.openup.needs.domain;

import java.time.Instant;
import java.util.UUID;

/** What a partner asks of a couple. */
public sealed interface CoupleCommand
    permits CoupleCommand.FormCouple,
        CoupleCommand.InvitePartner,
        CoupleCommand.JoinCouple,
        CoupleCommand.LeaveCouple,
        CoupleCommand.ErasePartner {

  UUID by();

  Instant at();

  /** Form a couple and invite the second partner at once. */
  record FormCouple(
      UUID coupleId, UUID invitationId, Instant invitationExpiresAt, UUID by, Instant at)
      implements CoupleCommand {}

  record InvitePartner(UUID invitationId, Instant expiresAt, UUID by, Instant at)
      implements CoupleCommand {}

  /** Join with the invitation that the code the partner typed resolved to. */
  record JoinCouple(UUID invitationId, UUID by, Instant at) implements CoupleCommand {}

  record LeaveCouple(UUID by, Instant at) implements CoupleCommand {}

  record ErasePartner(UUID by, Instant at) implements CoupleCommand {}
}
