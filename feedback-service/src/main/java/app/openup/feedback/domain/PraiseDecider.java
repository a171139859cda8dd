package app.openup.feedback.domain;

import app.openup.eventing.domain.Decider;
import app.openup.feedback.domain.PraiseCommand.DeclinePraise;
import app.openup.feedback.domain.PraiseCommand.GivePraise;
import app.openup.feedback.domain.PraiseCommand.WithdrawPraise;
import app.openup.feedback.domain.PraiseEvent.PraiseDeclined;
import app.openup.feedback.domain.PraiseEvent.PraiseGiven;
import app.openup.feedback.domain.PraiseEvent.PraiseWithdrawn;
import java.util.List;

/**
 * The rules of step 5.
 *
 * <ul>
 *   <li>A partner of a couple that is together praises a share or a shared need of the other
 *       partner. A target of another couple is "not found"; one's own is refused.
 *   <li>A target not known here yet (the topics are not ordered with each other) is accepted; when
 *       its event arrives and it is one the praise could not be for, the praise is declined with
 *       the rule, and the giver sees it so.
 *   <li>Only the giver withdraws a praise, once.
 * </ul>
 */
public final class PraiseDecider implements Decider<PraiseCommand, Praise, PraiseEvent> {

  @Override
  public Praise initialState() {
    return Praise.NONE;
  }

  @Override
  public Praise evolve(Praise state, PraiseEvent event) {
    return event.applyTo(state);
  }

  @Override
  public List<PraiseEvent> decide(PraiseCommand command, Praise state) {
    if (command instanceof GivePraise give) {
      return give(give, state);
    }
    if (command instanceof WithdrawPraise withdraw) {
      return withdraw(withdraw, state);
    }
    return decline((DeclinePraise) command, state);
  }

  private List<PraiseEvent> give(GivePraise c, Praise state) {
    Couple couple = c.couple();
    if (couple == null || !couple.isMember(c.by())) {
      throw Rule.NOT_A_MEMBER.refused();
    }
    if (couple.isClosed()) {
      throw Rule.COUPLE_CLOSED.refused();
    }
    if (!couple.isTogether()) {
      throw Rule.WAITING_FOR_PARTNER.refused();
    }
    if (state.exists()) {
      throw Rule.PRAISE_ALREADY_EXISTS.refused();
    }
    Rule refused = refusal(c.target(), couple.id(), c.by());
    if (refused != null) {
      throw refused.refused();
    }
    return List.of(
        new PraiseGiven(
            c.praiseId(),
            couple.id(),
            c.by(),
            c.targetKind(),
            c.targetId(),
            c.style(),
            c.words(),
            c.now()));
  }

  /** Why a praise by {@code giver} in {@code coupleId} cannot be for the target, or null. */
  public static Rule refusal(Target target, java.util.UUID coupleId, java.util.UUID giver) {
    if (target == null) {
      return null;
    }
    if (!target.coupleId().equals(coupleId)) {
      return Rule.NOT_IN_THIS_COUPLE;
    }
    if (target.author().equals(giver)) {
      return Rule.PRAISE_YOUR_PARTNER;
    }
    return null;
  }

  private List<PraiseEvent> withdraw(WithdrawPraise c, Praise state) {
    Couple couple = c.couple();
    if (couple == null || !couple.isMember(c.by())) {
      throw Rule.NOT_A_MEMBER.refused();
    }
    if (!state.exists() || !state.coupleId().equals(couple.id())) {
      throw Rule.NO_SUCH_PRAISE.refused();
    }
    if (!state.givenBy().equals(c.by())) {
      throw Rule.ONLY_THE_GIVER_WITHDRAWS.refused();
    }
    if (state.status() != PraiseStatus.GIVEN) {
      throw Rule.NO_LONGER_STANDS.refused();
    }
    return List.of(new PraiseWithdrawn(state.id(), state.coupleId(), c.by(), c.now()));
  }

  private List<PraiseEvent> decline(DeclinePraise c, Praise state) {
    if (!state.exists() || state.status() != PraiseStatus.GIVEN) {
      return List.of();
    }
    Rule refused = refusal(c.target(), state.coupleId(), state.givenBy());
    if (refused == null) {
      return List.of();
    }
    return List.of(new PraiseDeclined(state.id(), state.coupleId(), refused.ruleName(), c.now()));
  }
}
