package app.openup.needs.domain;

/** What a need is about: a fixed catalogue, so that progress can count breadth without text. */
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
