package app.openup.eventing.projection;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.UUID;

/**
 * The statements {@link ProcessedEvents} runs to mark what a projection applied, on the transaction
 * the projection writes its read rows with: a Vert.x SQL connection ({@link #on}). Every statement
 * is about one projection.
 */
public interface Marks {

  /**
   * Moves the stream's mark to {@code version} if that is the next one and none is beyond a gap
   * (the common case, one statement, locking the mark as {@link #lock} does); false, changing
   * nothing, in every other case.
   */
  Uni<Boolean> claimNext(String stream, long version);

  /** Locks the stream's mark (making it at 0 if new); its version and how many are beyond a gap. */
  Uni<Locked> lock(String stream);

  /** The stream's mark as locked. */
  record Locked(long applied, int ahead) {}

  /** Whether {@code version}, beyond a gap, was applied. */
  Uni<Boolean> appliedAhead(String stream, long version);

  Uni<Void> markAhead(String stream, long version, UUID eventId);

  /** The versions applied beyond the gap, in order. */
  Uni<List<Long>> aheadVersions(String stream);

  /** Forgets the versions beyond the gap up to {@code upTo}: they joined the contiguous ones. */
  Uni<Void> foldAhead(String stream, long upTo);

  Uni<Void> setVersion(String stream, long version, int ahead);

  /** The highest position of {@code source} processed, for lag. */
  Uni<Void> advance(String source, long globalPosition);

  /** The marks of {@code projection} on a Vert.x SQL connection. */
  static Marks on(io.vertx.mutiny.sqlclient.SqlConnection connection, String projection) {
    return new SqlMarks(connection, projection);
  }
}
