package app.openup.feedback.domain;

/** Where a praise stands. */
public enum PraiseStatus {
  /** Given; stands (its target may not be known here yet). */
  GIVEN,
  WITHDRAWN,
  /** Its target turned out to be one it could not be for (the giver's own share, say). */
  DECLINED
}
