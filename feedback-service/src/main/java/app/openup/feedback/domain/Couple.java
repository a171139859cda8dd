package app.openup.feedback.domain;

import java.util.Set;
import java.util.UUID;

/**
 * A couple as feedback-service knows it, from needs-service's events: its partners, and who left or
 * was erased (then it is closed for good).
 */
public record Couple(UUID id, Set<UUID> partners, Set<UUID> leavers) {

  public Couple {
    partners = Set.copyOf(partners);
    leavers = Set.copyOf(leavers);
  }

  public boolean isMember(UUID partner) {
    return partners.contains(partner);
  }

  public boolean isClosed() {
    return !leavers.isEmpty();
  }

  public boolean isTogether() {
    return partners.size() == 2 && !isClosed();
  }
}
