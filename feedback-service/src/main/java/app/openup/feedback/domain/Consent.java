package app.openup.feedback.domain;

import java.util.Set;
import java.util.UUID;

/**
 * Which partners of a couple let the dashboard compare them with each other. Comparisons appear
 * only when both have; either may revoke at any time.
 */
public record Consent(Set<UUID> optedIn) {

  public static final Consent NONE = new Consent(Set.of());

  public Consent {
    optedIn = Set.copyOf(optedIn);
  }

  /** Whether both partners of the couple opted in. */
  public boolean both(Couple couple) {
    return couple.partners().size() == 2 && optedIn.containsAll(couple.partners());
  }
}
