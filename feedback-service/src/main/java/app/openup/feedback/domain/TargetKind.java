package app.openup.feedback.domain;

/** What a praise appreciates: a share in a session (step 4), or a shared need (step 2). */
public enum TargetKind {
  SHARE,
  NEED
}
