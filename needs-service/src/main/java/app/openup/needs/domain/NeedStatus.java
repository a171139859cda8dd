package app.openup.needs.domain;

/** Where a need is in steps 1 and 2. */
public enum NeedStatus {
  /** Step 1: private to its author. */
  DRAFT,
  /** Step 2: told to the partner, with why it matters. */
  SHARED,
  MET,
  WITHDRAWN,
  DISCARDED
}
