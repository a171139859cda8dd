package app.openup.sessions.domain;

/**
 * How a partner feels before a session: calm from 1 to 5, rushed or not, angry or flooded or not.
 * Ready means calm at least 3, not rushed, not angry. The numbers are the partner's own: only
 * "ready" or "not yet" is ever shown to the other or published.
 */
public record Readiness(int calm, boolean rushed, boolean angry) {

  public Readiness {
    if (calm < 1 || calm > 5) {
      throw new IllegalArgumentException("calm is from 1 to 5");
    }
  }

  public boolean isReady() {
    return calm >= 3 && !rushed && !angry;
  }
}
