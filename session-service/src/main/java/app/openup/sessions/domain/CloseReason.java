package app.openup.sessions.domain;

/** Why a session ended. */
public enum CloseReason {
  /** A partner closed it: the conversation came to its end. */
  CLOSED_BY_PARTNER,
  /** A partner left the couple (or was erased): the safety exit ends every session at once. */
  SAFETY_EXIT
}
