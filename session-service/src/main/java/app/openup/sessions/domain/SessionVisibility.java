package app.openup.sessions.domain;

import java.util.Map;
import java.util.UUID;

/**
 * Who may see what of a couple's sessions: the one rule, used by every read.
 *
 * <ul>
 *   <li>Both partners see the couple's sessions, who asked, the times, and whether each is ready or
 *       not yet; never the other's check-in numbers.
 *   <li>Once a partner has left (the safety exit) or was erased, each reads only their own words:
 *       the other's text reads as erased, and nothing else of theirs is shown (their check-ins,
 *       their defensive moments, their ratings).
 *   <li>A rating is its rater's own: the other sees it only when both partners chose to share
 *       theirs for that session (with two partners, anything less reveals one to the other).
 * </ul>
 */
public final class SessionVisibility {

  private SessionVisibility() {}

  /** Whether {@code reader} may read what {@code writer} wrote or did in the couple's sessions. */
  public static boolean canRead(UUID reader, Couple couple, UUID writer) {
    return writer.equals(reader) || !couple.isClosed();
  }

  /**
   * Whether {@code reader} may see {@code rater}'s rating, given who rated and whether each chose
   * to share.
   */
  public static boolean canSeeRating(
      UUID reader, Couple couple, UUID rater, Map<UUID, Boolean> sharedByPartner) {
    if (rater.equals(reader)) {
      return true;
    }
    return canRead(reader, couple, rater)
        && Boolean.TRUE.equals(sharedByPartner.get(rater))
        && Boolean.TRUE.equals(sharedByPartner.get(reader));
  }
}
