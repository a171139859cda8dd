package app.openup.needs.domain;

import app.openup.eventing.vault.SealedText;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * A need as its events made it: the draft's, then the shared need's. It keeps the draft's latest
 * words sealed (ciphertext only: sharing copies them into the public stream); the words are read
 * through the vault by those allowed.
 */
public record Need(
    UUID id,
    UUID coupleId,
    UUID author,
    Topic topic,
    NeedStatus status,
    boolean isAcknowledged,
    Set<UUID> openQuestions,
    SealedText meaning,
    SealedText hopedOutcome) {

  public static final Need NONE =
      new Need(null, null, null, null, null, false, Set.of(), null, null);

  public Need {
    openQuestions = Set.copyOf(openQuestions);
  }

  static Need drafted(
      UUID id, UUID coupleId, UUID author, Topic topic, SealedText meaning, SealedText hope) {
    return new Need(id, coupleId, author, topic, NeedStatus.DRAFT, false, Set.of(), meaning, hope);
  }

  Need revised(Topic next, SealedText meaning, SealedText hope) {
    return new Need(
        id, coupleId, author, next, status, isAcknowledged, openQuestions, meaning, hope);
  }

  Need shared(UUID needId, UUID couple, UUID by, Topic about) {
    return new Need(
        needId,
        couple,
        by,
        about,
        NeedStatus.SHARED,
        isAcknowledged,
        openQuestions,
        meaning,
        hopedOutcome);
  }

  Need withStatus(NeedStatus next) {
    return new Need(
        id, coupleId, author, topic, next, isAcknowledged, openQuestions, meaning, hopedOutcome);
  }

  Need acknowledged() {
    return new Need(
        id, coupleId, author, topic, status, true, openQuestions, meaning, hopedOutcome);
  }

  Need withQuestion(UUID question) {
    Set<UUID> open = new HashSet<>(openQuestions);
    open.add(question);
    return new Need(
        id, coupleId, author, topic, status, isAcknowledged, open, meaning, hopedOutcome);
  }

  Need withAnswer(UUID question) {
    Set<UUID> open = new HashSet<>(openQuestions);
    open.remove(question);
    return new Need(
        id, coupleId, author, topic, status, isAcknowledged, open, meaning, hopedOutcome);
  }

  public boolean exists() {
    return id != null && status != NeedStatus.DISCARDED;
  }

  /** Who may see the need: {@link NeedVisibility}, the one rule for it. */
  public boolean isVisibleTo(UUID reader, Couple couple) {
    return exists() && NeedVisibility.canSee(reader, couple, author, status);
  }
}
