package app.openup.needs.domain;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * A need as its events made it. It holds no words: those stay sealed in the events and are read
 * through the vault by those allowed.
 */
public record Need(
    UUID id,
    UUID coupleId,
    UUID author,
    Topic topic,
    NeedStatus status,
    boolean isAcknowledged,
    Set<UUID> openQuestions) {

  public static final Need NONE = new Need(null, null, null, null, null, false, Set.of());

  public Need {
    openQuestions = Set.copyOf(openQuestions);
  }

  static Need drafted(UUID id, UUID coupleId, UUID author, Topic topic) {
    return new Need(id, coupleId, author, topic, NeedStatus.DRAFT, false, Set.of());
  }

  Need withTopic(Topic next) {
    return new Need(id, coupleId, author, next, status, isAcknowledged, openQuestions);
  }

  Need withStatus(NeedStatus next) {
    return new Need(id, coupleId, author, topic, next, isAcknowledged, openQuestions);
  }

  Need acknowledged() {
    return new Need(id, coupleId, author, topic, status, true, openQuestions);
  }

  Need withQuestion(UUID question) {
    Set<UUID> open = new HashSet<>(openQuestions);
    open.add(question);
    return new Need(id, coupleId, author, topic, status, isAcknowledged, open);
  }

  Need withAnswer(UUID question) {
    Set<UUID> open = new HashSet<>(openQuestions);
    open.remove(question);
    return new Need(id, coupleId, author, topic, status, isAcknowledged, open);
  }

  public boolean exists() {
    return id != null && status != NeedStatus.DISCARDED;
  }

  /** Who may see the need: its author always; the partner once it was shared. */
  public boolean isVisibleTo(UUID partner) {
    return exists() && (author.equals(partner) || status != NeedStatus.DRAFT);
  }
}
