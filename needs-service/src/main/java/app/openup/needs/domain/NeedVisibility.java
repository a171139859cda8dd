package app.openup.needs.domain;

import java.util.UUID;

/**
 * Who may see what of a couple's needs: the one rule, used by the commands and by every read.
 *
 * <ul>
 *   <li>A draft (step 1) is its author's alone.
 *   <li>A shared need is seen by both partners while the couple is together.
 *   <li>Once a partner has left (the safety exit) or was erased, each sees only what they wrote
 *       themselves in that couple: their own needs, and on them nothing the other wrote; nothing of
 *       the other's needs (not the words, not the topic, the status, the counts or the times).
 * </ul>
 */
public final class NeedVisibility {

  private NeedVisibility() {}

  /** Whether {@code reader} may see a need of {@code author} in that state. */
  public static boolean canSee(UUID reader, Couple couple, UUID author, NeedStatus status) {
    if (status == null || status == NeedStatus.DISCARDED || !couple.isMember(reader)) {
      return false;
    }
    if (author.equals(reader)) {
      return true;
    }
    return status != NeedStatus.DRAFT && !couple.isClosed();
  }

  /** Whether {@code reader} may see what {@code writer} wrote on a need they may see. */
  public static boolean canRead(UUID reader, Couple couple, UUID writer) {
    return writer.equals(reader) || !couple.isClosed();
  }
}
