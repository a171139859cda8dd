package app.openup.sessions.domain;

/** Whose defensiveness a partner noticed: their own, or the conversation's (nobody's fault). */
public enum Whose {
  OWN,
  CONVERSATION
}
