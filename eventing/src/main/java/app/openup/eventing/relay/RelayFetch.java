package app.openup.eventing.relay;

import app.openup.eventing.store.EventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * How the relay reads the next events after its checkpoint. The one a relay uses is {@link
 * #BELOW_WATERMARK}; tests give the naive "last position seen" reader to show that their scenarios
 * catch it.
 */
interface RelayFetch {

  /** The columns every fetch returns, in the order {@link RelayStatements} reads them. */
  String COLUMNS =
      "global_position, tx_id::text, event_id, stream_id, stream_version, event_type,"
          + " schema_version, partition_key, actor, occurred_at, payload::text, metadata::text";

  PreparedStatement prepare(Connection connection) throws SQLException;

  void bind(PreparedStatement statement, Checkpoint after, int limit) throws SQLException;

  /**
   * Only rows written by transactions older than every transaction still running in this database
   * ({@code event_store_watermark()}): those are all finished, so no row can still appear among
   * them. In (transaction id, position) order.
   */
  RelayFetch BELOW_WATERMARK =
      new RelayFetch() {
        @Override
        public PreparedStatement prepare(Connection connection) throws SQLException {
          return connection.prepareStatement(
              "select "
                  + COLUMNS
                  + " from event_store"
                  + " where (tx_id, global_position) > (?::xid8, ?)"
                  + " and"
                  + EventStore.BELOW_WATERMARK
                  + " and published"
                  + EventStore.IN_STORE_ORDER
                  + " limit ?");
        }

        @Override
        public void bind(PreparedStatement statement, Checkpoint after, int limit)
            throws SQLException {
          statement.setString(1, after.txId());
          statement.setLong(2, after.position());
          statement.setInt(3, limit);
        }
      };
}
