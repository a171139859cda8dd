package app.openup.feedback.domain;

import java.util.UUID;

/** A praise as its events made it; no words (they stay sealed in the events). */
public record Praise(
    UUID id,
    UUID coupleId,
    UUID givenBy,
    TargetKind targetKind,
    UUID targetId,
    PraiseStatus status) {

  public static final Praise NONE = new Praise(null, null, null, null, null, null);

  public boolean exists() {
    return id != null;
  }

  Praise withStatus(PraiseStatus next) {
    return new Praise(id, coupleId, givenBy, targetKind, targetId, next);
  }
}
