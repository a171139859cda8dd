package app.openup.sessions.domain;

/** Whether a share tells a feeling or a fact. */
public enum ShareKind {
  FEELING,
  FACT
}
