package app.openup.feedback.domain;

/**
 * How a partner appreciates a share: plain appreciation ("thank you for telling me"), gratitude
 * (for what the share gives the relationship), or an active-constructive response (enthusiastic,
 * curious engagement with what was shared; Gable et al. 2004).
 */
public enum PraiseStyle {
  APPRECIATION,
  GRATITUDE,
  ACTIVE_CONSTRUCTIVE
}
