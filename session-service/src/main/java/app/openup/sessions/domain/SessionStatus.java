package app.openup.sessions.domain;

/** Where a session is in steps 3 and 4. */
public enum SessionStatus {
  /** Offered for a time and place; the other partner answers. */
  PROPOSED,
  /** Both agreed on the time: check in, then start. */
  ACCEPTED,
  DECLINED,
  /** A rain check, without blame. */
  POSTPONED,
  STARTED,
  CLOSED,
  /** Left open too long, closed by the service. */
  ABANDONED;

  /** Whether nothing more happens in it (apart from rating a closed one). */
  public boolean isOver() {
    return this == DECLINED || this == POSTPONED || this == CLOSED || this == ABANDONED;
  }
}
