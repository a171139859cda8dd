package app.openup.eventing.projection;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@link Marks} on a Vert.x SQL connection (the statements of {@link MarkStatements}). */
final class SqlMarks implements Marks {

  private final SqlConnection connection;
  private final String projection;

  SqlMarks(SqlConnection connection, String projection) {
    this.connection = connection;
    this.projection = projection;
  }

  @Override
  public Uni<Boolean> claimNext(String stream, long version) {
    return connection
        .preparedQuery(MarkStatements.claim(version))
        .execute(Tuple.of(projection, stream, version))
        .map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Uni<Locked> lock(String stream) {
    return connection
        .preparedQuery(MarkStatements.LOCK_STREAM)
        .execute(Tuple.of(projection, stream))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new Locked(row.getLong(0), row.getInteger(1));
            });
  }

  @Override
  public Uni<Boolean> appliedAhead(String stream, long version) {
    return connection
        .preparedQuery(MarkStatements.APPLIED_AHEAD)
        .execute(Tuple.of(projection, stream, version))
        .map(found -> found.size() > 0);
  }

  @Override
  public Uni<Void> markAhead(String stream, long version, UUID eventId) {
    return connection
        .preparedQuery(MarkStatements.MARK_AHEAD)
        .execute(Tuple.of(projection, stream, version, eventId))
        .replaceWithVoid();
  }

  @Override
  public Uni<List<Long>> aheadVersions(String stream) {
    return connection
        .preparedQuery(MarkStatements.AHEAD_VERSIONS)
        .execute(Tuple.of(projection, stream))
        .map(
            rows -> {
              List<Long> versions = new ArrayList<>();
              rows.forEach(r -> versions.add(r.getLong(0)));
              return versions;
            });
  }

  @Override
  public Uni<Void> foldAhead(String stream, long upTo) {
    return connection
        .preparedQuery(MarkStatements.FOLD_AHEAD)
        .execute(Tuple.of(projection, stream, upTo))
        .replaceWithVoid();
  }

  @Override
  public Uni<Void> setVersion(String stream, long version, int ahead) {
    return connection
        .preparedQuery(MarkStatements.SET_VERSION)
        .execute(Tuple.of(projection, stream, version, ahead))
        .replaceWithVoid();
  }

  @Override
  public Uni<Void> advance(String source, long globalPosition) {
    return connection
        .preparedQuery(MarkStatements.ADVANCE)
        .execute(Tuple.of(projection, source, globalPosition))
        .replaceWithVoid();
  }
}
