package app.openup.sessions.domain;

/** How the start of a session felt: soft (gentle, curious) or harsh (criticism, blame). */
public enum StartFelt {
  SOFT,
  HARSH
}
