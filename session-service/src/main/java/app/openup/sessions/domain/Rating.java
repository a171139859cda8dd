package app.openup.sessions.domain;

/**
 * How safe a session felt to one partner (1 to 5) and whether its start felt soft or harsh. It is
 * that partner's own: shown to the other, and published, only where the rater chose to share it.
 */
public record Rating(int safety, StartFelt start) {

  public Rating {
    if (safety < 1 || safety > 5) {
      throw new IllegalArgumentException("safety is from 1 to 5");
    }
    if (start == null) {
      throw new IllegalArgumentException("start is soft or harsh");
    }
  }
}
