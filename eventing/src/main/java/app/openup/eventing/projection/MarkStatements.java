package app.openup.eventing.projection;

/**
 * The SQL of the processed-event marks, in the Vert.x PostgreSQL client's form ({@code $1}).
 * Parameter 1 is always the projection.
 */
public final class MarkStatements {

  /** The first key of the marks' advisory locks (the second is the marks' name, hashed). */
  public static final int MARKS_LOCK_CLASS = 20261201;

  private static final String MARKS_LOCK_CLASS_SQL = Integer.toString(MARKS_LOCK_CLASS);

  /**
   * Locks the stream's mark (and reads it), after a transaction-level advisory lock on the marks'
   * name (the two-key form, class {@link #MARKS_LOCK_CLASS}, a key space of its own): transactions
   * that apply events to the same marks take their rows one after another, so a batch locking
   * several streams and sources in arrival order cannot deadlock with another (a live batch and a
   * rebuild's, or two replicas').
   */
  public static final String LOCK_STREAM =
      "with serial as (select pg_advisory_xact_lock("
          + MARKS_LOCK_CLASS_SQL
          + ", hashtext($1)))"
          + " insert into projection_stream_version (projection, stream_id, version)"
          + " select $1, $2, 0 from serial"
          + " on conflict (projection, stream_id) do update set version ="
          + " projection_stream_version.version returning version, ahead";

  /**
   * The common case in one statement: the stream's first event ({@code $3} is 1), claimed if no
   * mark is beyond a gap. Takes the same advisory lock as {@link #LOCK_STREAM} first, then the row.
   * Its row count says whether it claimed; if not, nothing changed and {@link #LOCK_STREAM}
   * decides.
   */
  private static final String CLAIM_FIRST =
      "with serial as (select pg_advisory_xact_lock("
          + MARKS_LOCK_CLASS_SQL
          + ", hashtext($1)))"
          + " insert into projection_stream_version (projection, stream_id, version)"
          + " select $1, $2, $3 from serial"
          + " on conflict (projection, stream_id) do update set version = $3"
          + " where projection_stream_version.version = $3 - 1"
          + " and projection_stream_version.ahead = 0";

  /** As {@link #CLAIM_FIRST}, for a later version: the mark must already be there. */
  private static final String CLAIM_NEXT =
      "with serial as (select pg_advisory_xact_lock("
          + MARKS_LOCK_CLASS_SQL
          + ", hashtext($1)))"
          + " update projection_stream_version set version = $3 from serial"
          + " where projection = $1 and stream_id = $2 and version = $3 - 1 and ahead = 0";

  /**
   * Claims version {@code $3} of stream {@code $2} if it is the next and none is beyond a gap (only
   * a stream's first event may make its mark: a later one's gap is {@link #LOCK_STREAM}'s case).
   */
  public static String claim(long version) {
    return version == 1 ? CLAIM_FIRST : CLAIM_NEXT;
  }

  public static final String APPLIED_AHEAD =
      "select 1 from projection_applied_ahead"
          + " where projection = $1 and stream_id = $2 and version = $3";
  public static final String MARK_AHEAD =
      "insert into projection_applied_ahead (projection, stream_id, version, event_id)"
          + " values ($1, $2, $3, $4)";
  public static final String AHEAD_VERSIONS =
      "select version from projection_applied_ahead where projection = $1 and stream_id = $2"
          + " order by version";
  public static final String FOLD_AHEAD =
      "delete from projection_applied_ahead"
          + " where projection = $1 and stream_id = $2 and version <= $3";
  public static final String SET_VERSION =
      "update projection_stream_version set version = $3, ahead = $4"
          + " where projection = $1 and stream_id = $2";
  public static final String ADVANCE =
      "insert into projection_source_position (projection, source, global_position)"
          + " values ($1, $2, $3) on conflict (projection, source) do update"
          + " set global_position = greatest(projection_source_position.global_position,"
          + " excluded.global_position), updated_at = now()";

  // A batch set-wise (ProcessedEvents.applyAll): the advisory lock alone first, so that the marks
  // read next are read after it (a statement's snapshot is taken when it starts).

  public static final String LOCK_MARKS =
      "select pg_advisory_xact_lock(" + MARKS_LOCK_CLASS_SQL + ", hashtext($1))";
  public static final String STREAM_MARKS =
      "select stream_id, version, ahead from projection_stream_version"
          + " where projection = $1 and stream_id = any($2)";
  public static final String SET_VERSIONS =
      "insert into projection_stream_version (projection, stream_id, version)"
          + " select $1, stream, version from unnest($2::text[], $3::bigint[]) as t(stream, version)"
          + " on conflict (projection, stream_id) do update set version = excluded.version";
  public static final String ADVANCE_ALL =
      "insert into projection_source_position (projection, source, global_position)"
          + " select $1, source, position"
          + " from unnest($2::text[], $3::bigint[]) as t(source, position)"
          + " on conflict (projection, source) do update"
          + " set global_position = greatest(projection_source_position.global_position,"
          + " excluded.global_position), updated_at = now()";

  private MarkStatements() {}
}
