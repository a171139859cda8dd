package app.openup.needs.domain;

import app.openup.eventing.domain.Decider;
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
import java.util.List;
import java.util.UUID;

/**
 * Steps 1 and 2 of the method. Step 1: a partner drafts a need in private and may revise or discard
 * it. Step 2: they share it, saying why it matters; the partner says back what they heard, asks
 * open questions that the author answers; either marks it met; the author may withdraw it.
 */
public final class NeedDecider implements Decider<NeedCommand, Need, NeedEvent> {

  @Override
  public Need initialState() {
    return Need.NONE;
  }

  @Override
  public Need evolve(Need need, NeedEvent event) {
    return event.applyTo(need);
  }

  @Override
  public List<NeedEvent> decide(NeedCommand command, Need need) {
    Couple couple = command.couple();
    UUID by = command.by();
    if (!couple.isMember(by)) {
      throw Rule.NOT_A_MEMBER.refused();
    }
    if (command instanceof DraftNeed draft) {
      if (need.id() != null) {
        throw Rule.NEED_ALREADY_EXISTS.refused();
      }
      requireOpen(couple);
      return List.of(
          new NeedDrafted(
              draft.needId(),
              couple.id(),
              by,
              draft.topic(),
              draft.meaning(),
              draft.hopedOutcome(),
              draft.at()));
    }
    if (!need.exists() || !need.coupleId().equals(couple.id())) {
      throw Rule.NO_SUCH_NEED.refused();
    }
    if (!need.isVisibleTo(by, couple)) {
      // Another's draft, or anything of the other after they left: not found, never 409.
      throw Rule.DRAFTS_ARE_PRIVATE.refused();
    }
    requireOpen(couple);
    if (command instanceof ReviseNeed revise) {
      requireAuthorsDraft(need, by);
      return List.of(
          new NeedRevised(
              need.id(), revise.topic(), revise.meaning(), revise.hopedOutcome(), revise.at()));
    }
    if (command instanceof DiscardNeed discard) {
      requireAuthorsDraft(need, by);
      return List.of(new NeedDiscarded(need.id(), discard.at()));
    }
    if (command instanceof ShareNeed share) {
      if (need.status() == NeedStatus.SHARED) {
        throw Rule.ALREADY_SHARED.refused();
      }
      requireAuthorsDraft(need, by);
      if (share.why() == null) {
        throw Rule.SHARE_SAYS_WHY.refused();
      }
      return List.of(
          new NeedShared(
              need.id(),
              need.coupleId(),
              need.author(),
              need.topic(),
              need.meaning(),
              need.hopedOutcome(),
              share.why(),
              share.at()));
    }
    requireShared(need);
    if (command instanceof AcknowledgeNeed acknowledge) {
      if (need.author().equals(by)) {
        throw Rule.ONLY_THE_PARTNER_ACKNOWLEDGES.refused();
      }
      if (acknowledge.heard() == null) {
        throw Rule.SAY_WHAT_YOU_HEARD.refused();
      }
      return List.of(new NeedAcknowledged(need.id(), by, acknowledge.heard(), acknowledge.at()));
    }
    if (command instanceof AskClarification ask) {
      if (need.author().equals(by)) {
        throw Rule.ONLY_THE_PARTNER_ASKS.refused();
      }
      return List.of(
          new NeedClarificationAsked(need.id(), ask.questionId(), by, ask.question(), ask.at()));
    }
    if (command instanceof Clarify clarify) {
      if (!need.author().equals(by)) {
        throw Rule.ONLY_THE_AUTHOR_ANSWERS.refused();
      }
      if (!need.openQuestions().contains(clarify.questionId())) {
        throw Rule.QUESTION_OPEN.refused();
      }
      return List.of(
          new NeedClarified(need.id(), clarify.questionId(), clarify.answer(), clarify.at()));
    }
    if (command instanceof MarkNeedMet met) {
      return List.of(new NeedMet(need.id(), by, met.at()));
    }
    WithdrawNeed withdraw = (WithdrawNeed) command;
    if (!need.author().equals(by)) {
      throw Rule.ONLY_THE_AUTHOR_WITHDRAWS.refused();
    }
    return List.of(new NeedWithdrawn(need.id(), withdraw.at()));
  }

  private static void requireOpen(Couple couple) {
    if (couple.isClosed()) {
      throw Rule.COUPLE_IS_OPEN.refused();
    }
  }

  private static void requireAuthorsDraft(Need need, UUID by) {
    if (!need.author().equals(by)) {
      throw Rule.DRAFTS_ARE_PRIVATE.refused();
    }
    if (need.status() != NeedStatus.DRAFT) {
      throw need.status() == NeedStatus.SHARED
          ? Rule.ONLY_DRAFTS_CHANGE.refused()
          : Rule.NEED_STILL_OPEN.refused();
    }
  }

  private static void requireShared(Need need) {
    if (need.status() == NeedStatus.DRAFT) {
      throw Rule.SHARE_FIRST.refused();
    }
    if (need.status() != NeedStatus.SHARED) {
      throw Rule.NEED_STILL_OPEN.refused();
    }
  }
}
