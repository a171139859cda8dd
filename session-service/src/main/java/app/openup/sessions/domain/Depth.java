package app.openup.sessions.domain;

/** How deep a share goes (escalating self-disclosure builds closeness: Aron 1997). */
public enum Depth {
  LIGHT,
  MODERATE,
  DEEP
}
