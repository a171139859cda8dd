package app.openup.needs.domain;

import app.openup.eventing.vault.SealedText;
import java.time.Instant;
import java.util.UUID;

/**
 * What happens to a need. The partners' words (what opening up would mean, the hoped outcome, why
 * it matters, what the partner heard, questions and answers) are {@link SealedText}: encrypted with
 * their author's key, never published.
 *
 * <p>A need lives in two streams. Its draft (step 1: {@link NeedDrafted}, {@link NeedRevised},
 * {@link NeedDiscarded}) is private: a stream of its own that is stored and never published, so
 * nothing of a draft (not even that it exists) reaches Kafka. Sharing it (step 2) starts the need's
 * public stream with {@link NeedShared}, which says what the need is about and who it is from; each
 * stream keeps contiguous versions.
 */
public sealed interface NeedEvent
    permits NeedEvent.NeedDrafted,
        NeedEvent.NeedRevised,
        NeedEvent.NeedDiscarded,
        NeedEvent.NeedShared,
        NeedEvent.NeedAcknowledged,
        NeedEvent.NeedClarificationAsked,
        NeedEvent.NeedClarified,
        NeedEvent.NeedMet,
        NeedEvent.NeedWithdrawn {

  UUID needId();

  /** How this event changes the need; every event says, so the fold is always complete. */
  Need applyTo(Need need);

  /** Whether the event belongs to the draft's private stream (step 1), never published. */
  default boolean belongsToTheDraft() {
    return this instanceof NeedDrafted
        || this instanceof NeedRevised
        || this instanceof NeedDiscarded;
  }

  /** Step 1: a partner names, privately, what they want to open up about. */
  record NeedDrafted(
      UUID needId,
      UUID coupleId,
      UUID author,
      Topic topic,
      SealedText meaning,
      SealedText hopedOutcome,
      Instant draftedAt)
      implements NeedEvent {
    @Override
    public Need applyTo(Need need) {
      return Need.drafted(needId, coupleId, author, topic, meaning, hopedOutcome);
    }
  }

  record NeedRevised(
      UUID needId, Topic topic, SealedText meaning, SealedText hopedOutcome, Instant revisedAt)
      implements NeedEvent {
    @Override
    public Need applyTo(Need need) {
      return need.revised(topic, meaning, hopedOutcome);
    }
  }

  record NeedDiscarded(UUID needId, Instant discardedAt) implements NeedEvent {
    @Override
    public Need applyTo(Need need) {
      return need.withStatus(NeedStatus.DISCARDED);
    }
  }

  /**
   * Step 2: the need is told to the partner, with why it matters: the first event of its public
   * stream, carrying what the draft said (sealed) and what it is about.
   */
  record NeedShared(
      UUID needId,
      UUID coupleId,
      UUID author,
      Topic topic,
      SealedText meaning,
      SealedText hopedOutcome,
      SealedText why,
      Instant sharedAt)
      implements NeedEvent {
    @Override
    public Need applyTo(Need need) {
      return need.shared(needId, coupleId, author, topic);
    }
  }

  /** The partner says back what they heard. */
  record NeedAcknowledged(UUID needId, UUID by, SealedText heard, Instant acknowledgedAt)
      implements NeedEvent {
    @Override
    public Need applyTo(Need need) {
      return need.acknowledged();
    }
  }

  /** The partner asks an open question to understand better. */
  record NeedClarificationAsked(
      UUID needId, UUID questionId, UUID by, SealedText question, Instant askedAt)
      implements NeedEvent {
    @Override
    public Need applyTo(Need need) {
      return need.withQuestion(questionId);
    }
  }

  record NeedClarified(UUID needId, UUID questionId, SealedText answer, Instant answeredAt)
      implements NeedEvent {
    @Override
    public Need applyTo(Need need) {
      return need.withAnswer(questionId);
    }
  }

  record NeedMet(UUID needId, UUID by, Instant metAt) implements NeedEvent {
    @Override
    public Need applyTo(Need need) {
      return need.withStatus(NeedStatus.MET);
    }
  }

  record NeedWithdrawn(UUID needId, Instant withdrawnAt) implements NeedEvent {
    @Override
    public Need applyTo(Need need) {
      return need.withStatus(NeedStatus.WITHDRAWN);
    }
  }
}
