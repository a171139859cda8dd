package app.openup.feedback.domain;

import app.openup.eventing.vault.SealedText;
import java.time.Instant;
import java.util.UUID;

/** What partners (and the service, reconciling) ask of a praise. */
public sealed interface PraiseCommand
    permits PraiseCommand.GivePraise, PraiseCommand.WithdrawPraise, PraiseCommand.DeclinePraise {

  /**
   * @param target the share or need as known here, or null if its event has not arrived yet (the
   *     praise is accepted and reconciled when it does)
   */
  record GivePraise(
      UUID praiseId,
      TargetKind targetKind,
      UUID targetId,
      Target target,
      PraiseStyle style,
      SealedText words,
      UUID by,
      Couple couple,
      Instant now)
      implements PraiseCommand {}

  record WithdrawPraise(UUID by, Couple couple, Instant now) implements PraiseCommand {}

  /** The target is now known, and is not one this praise could be for. */
  record DeclinePraise(Target target, Instant now) implements PraiseCommand {}
}
