package app.openup.eventing.projection;

/**
 * The SQL of the processed-event marks, with JDBC-style numbered parameters ({@code ?1}) that
 * Hibernate's native queries take; {@link #dollars} gives the Vert.x client's form ({@code $1}).
 * Parameter 1 is always the projection.
 */
public final class MarkStatements {

  public static final String LOCK_STREAM =
      "insert into projection_stream_version (projection, stream_id, version) values (?1, ?2, 0)"
          + " on conflict (projection, stream_id) do update set version ="
          + " projection_stream_version.version returning version, ahead";
  public static final String APPLIED_AHEAD =
      "select 1 from projection_applied_ahead"
          + " where projection = ?1 and stream_id = ?2 and version = ?3";
  public static final String MARK_AHEAD =
      "insert into projection_applied_ahead (projection, stream_id, version, event_id)"
          + " values (?1, ?2, ?3, ?4)";
  public static final String AHEAD_VERSIONS =
      "select version from projection_applied_ahead where projection = ?1 and stream_id = ?2"
          + " order by version";
  public static final String FOLD_AHEAD =
      "delete from projection_applied_ahead"
          + " where projection = ?1 and stream_id = ?2 and version <= ?3";
  public static final String SET_VERSION =
      "update projection_stream_version set version = ?3, ahead = ?4"
          + " where projection = ?1 and stream_id = ?2";
  public static final String ADVANCE =
      "insert into projection_source_position (projection, source, global_position)"
          + " values (?1, ?2, ?3) on conflict (projection, source) do update"
          + " set global_position = greatest(projection_source_position.global_position,"
          + " excluded.global_position), updated_at = now()";

  private MarkStatements() {}

  /** The statement with {@code $n} parameters, as the Vert.x PostgreSQL client takes them. */
  static String dollars(String sql) {
    return sql.replaceAll("\\?(\\d)", "\\$$1");
  }
}
