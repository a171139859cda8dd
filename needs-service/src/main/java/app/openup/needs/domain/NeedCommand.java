package app.openup.needs.domain;

import app.openup.eventing.vault.SealedText;
import java.time.Instant;
import java.util.UUID;

/**
 * What a partner asks of a need. Each command carries the couple as the service knows it, so the
 * need's rules can see whether the couple is still open and who the partners are.
 */
public sealed interface NeedCommand
    permits NeedCommand.DraftNeed,
        NeedCommand.ReviseNeed,
        NeedCommand.DiscardNeed,
        NeedCommand.ShareNeed,
        NeedCommand.AcknowledgeNeed,
        NeedCommand.AskClarification,
        NeedCommand.Clarify,
        NeedCommand.MarkNeedMet,
        NeedCommand.WithdrawNeed {

  UUID by();

  Couple couple();

  Instant at();

  record DraftNeed(
      UUID needId,
      Topic topic,
      SealedText meaning,
      SealedText hopedOutcome,
      UUID by,
      Couple couple,
      Instant at)
      implements NeedCommand {}

  record ReviseNeed(
      Topic topic, SealedText meaning, SealedText hopedOutcome, UUID by, Couple couple, Instant at)
      implements NeedCommand {}

  record DiscardNeed(UUID by, Couple couple, Instant at) implements NeedCommand {}

  record ShareNeed(SealedText why, UUID by, Couple couple, Instant at) implements NeedCommand {}

  record AcknowledgeNeed(SealedText heard, UUID by, Couple couple, Instant at)
      implements NeedCommand {}

  record AskClarification(UUID questionId, SealedText question, UUID by, Couple couple, Instant at)
      implements NeedCommand {}

  record Clarify(UUID questionId, SealedText answer, UUID by, Couple couple, Instant at)
      implements NeedCommand {}

  record MarkNeedMet(UUID by, Couple couple, Instant at) implements NeedCommand {}

  record WithdrawNeed(UUID by, Couple couple, Instant at) implements NeedCommand {}
}
