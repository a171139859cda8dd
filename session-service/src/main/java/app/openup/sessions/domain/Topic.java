package app.openup.sessions.domain;

/**
 * What a session or a share is about: the platform's catalogue of topics (the same names
 * needs-service publishes), so that progress can count breadth without text.
 */
public enum Topic {
  FINANCES,
  WORK_STRESS,
  FAMILY_PLANS,
  QUALITY_TIME,
  INTIMACY,
  HEALTH,
  HOUSEHOLD,
  OTHER
}
