package app.openup.eventing.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The bug this relay exists to avoid, for tests only: read by "the last position seen", which skips
 * a slow transaction's event that commits after a later position was published.
 */
final class NaiveFetch implements RelayFetch {

  static final NaiveFetch INSTANCE = new NaiveFetch();

  @Override
  public PreparedStatement prepare(Connection connection) throws SQLException {
    return connection.prepareStatement(
        "select "
            + COLUMNS
            + " from event_store where global_position > ? order by global_position limit ?");
  }

  @Override
  public void bind(PreparedStatement statement, Checkpoint after, int limit) throws SQLException {
    statement.setLong(1, after.position());
    statement.setInt(2, limit);
  }
}
