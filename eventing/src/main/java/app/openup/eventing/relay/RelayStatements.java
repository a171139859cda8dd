package app.openup.eventing.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * The relay's own database connection and everything it runs on it: the advisory lock that makes
 * one relay the active one, the fetch, the lag, the checkpoint, records set aside, and the re-base
 * after a restore. Statements run again and again (the fetch and the checkpoint hundreds of times a
 * second at a thousand events a second) are prepared once per turn.
 */
final class RelayStatements implements AutoCloseable {

  private static final String LAG =
      "select count(*), coalesce(extract(epoch from now() - min(occurred_at)), 0)"
          + " from event_store where (tx_id, global_position) > (?::xid8, ?) and published";
  private static final String LOAD_CHECKPOINT =
      "select tx_id::text, global_position from event_relay_checkpoint where relay = ?";
  private static final String SAVE_CHECKPOINT =
      "insert into event_relay_checkpoint (relay, tx_id, global_position, updated_at)"
          + " values (?, ?::xid8, ?, now()) on conflict (relay) do update"
          + " set tx_id = excluded.tx_id, global_position = excluded.global_position,"
          + " updated_at = excluded.updated_at";
  private static final String SET_ASIDE =
      "insert into event_relay_dead_letter (relay, global_position, event_id, reason)"
          + " values (?, ?, ?, ?) on conflict do nothing";
  private static final String TRANSACTION_IDS =
      "select pg_snapshot_xmax(pg_current_snapshot())::text,"
          + " coalesce((select max(tx_id) from event_store), '0')::text";
  private static final String FIRST_UNPUBLISHED =
      "select least((select min(global_position) from event_store where tx_id >= ?::xid8"
          + " and (tx_id, global_position) > (?::xid8, ?)),"
          + " (select min(global_position) from event_store where tx_id < ?::xid8"
          + " and global_position > ?)),"
          + " coalesce((select max(global_position) from event_store), 0)";
  private static final String RESTAMP =
      "update event_store set tx_id = '1'::xid8 where tx_id >= ?::xid8";

  private final Connection connection;
  private final String relay;
  private final PreparedStatement fetch;
  private final PreparedStatement lag;
  private final PreparedStatement saveCheckpoint;
  private final RelayFetch fetchStrategy;

  private RelayStatements(Connection connection, String relay, RelayFetch fetchStrategy)
      throws SQLException {
    this.connection = connection;
    this.relay = relay;
    this.fetchStrategy = fetchStrategy;
    this.fetch = fetchStrategy.prepare(connection);
    this.lag = connection.prepareStatement(LAG);
    this.saveCheckpoint = connection.prepareStatement(SAVE_CHECKPOINT);
  }

  /**
   * Opens the relay's connection. Every statement on it has a time limit, and the socket one a
   * little longer: a half-open connection or a statement stuck behind a lock ends the turn (the
   * relay reconnects) instead of holding the relay for ever; and the server ends the session once
   * it has been idle for longer than a working relay ever is, so a lost relay's lock is released.
   */
  static Connection connect(RelayOptions options) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", options.user());
    if (options.password() != null && !options.password().isEmpty()) {
      properties.setProperty("password", options.password());
    }
    long timeoutSeconds = Math.max(1, options.databaseTimeout().toSeconds());
    properties.setProperty("ApplicationName", "openup-relay-" + options.name());
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("socketTimeout", Long.toString(timeoutSeconds + 5));
    properties.setProperty("tcpKeepAlive", "true");
    Connection connection = DriverManager.getConnection(options.jdbcUrl(), properties);
    connection.setAutoCommit(true);
    // A relay that went silent (its side of a half-open connection gave up) must not hold the
    // lock for ever: the server ends a session idle for longer than the relay ever is.
    long quietest =
        Math.max(
            Math.max(options.databaseTimeout().toSeconds(), options.sendTimeout().toSeconds()),
            Math.max(options.standbyPoll().toSeconds(), options.idlePoll().toSeconds()));
    try (Statement statement = connection.createStatement()) {
      statement.execute("set statement_timeout = '" + timeoutSeconds + "s'");
      statement.execute("set idle_session_timeout = '" + (2 * quietest + 5) + "s'");
      // Only the checkpoint is written on this connection. Losing its last moves in a database
      // crash means re-sending those events (consumers deduplicate by event id), never skipping
      // one, so its commits need not wait for the disk.
      statement.execute("set synchronous_commit = off");
    }
    return connection;
  }

  static RelayStatements prepare(Connection connection, String relay, RelayFetch fetch)
      throws SQLException {
    return new RelayStatements(connection, relay, fetch);
  }

  /** Whether this connection now holds the relay's lock (held until the connection ends). */
  static boolean tryLock(Connection connection, String relay) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement("select pg_try_advisory_lock(hashtext(?))")) {
      lock.setString(1, "openup-relay:" + relay);
      try (ResultSet result = lock.executeQuery()) {
        result.next();
        return result.getBoolean(1);
      }
    }
  }

  Checkpoint loadCheckpoint() throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(LOAD_CHECKPOINT)) {
      query.setString(1, relay);
      try (ResultSet result = query.executeQuery()) {
        return result.next()
            ? new Checkpoint(result.getString(1), result.getLong(2))
            : Checkpoint.START;
      }
    }
  }

  void saveCheckpoint(Checkpoint checkpoint) throws SQLException {
    saveCheckpoint.setString(1, relay);
    saveCheckpoint.setString(2, checkpoint.txId());
    saveCheckpoint.setLong(3, checkpoint.position());
    saveCheckpoint.executeUpdate();
  }

  List<RelayRow> fetch(Checkpoint after, int limit) throws SQLException {
    fetchStrategy.bind(fetch, after, limit);
    List<RelayRow> rows = new ArrayList<>();
    try (ResultSet result = fetch.executeQuery()) {
      while (result.next()) {
        rows.add(
            new RelayRow(
                result.getLong(1),
                result.getString(2),
                result.getObject(3, UUID.class),
                result.getString(4),
                result.getLong(5),
                result.getString(6),
                result.getInt(7),
                result.getObject(8, UUID.class),
                result.getString(9),
                result.getObject(10, java.time.OffsetDateTime.class).toInstant(),
                result.getString(11),
                result.getString(12)));
      }
    }
    return rows;
  }

  /** Events after the checkpoint, and the age in milliseconds of the oldest of them. */
  long[] lag(Checkpoint checkpoint) throws SQLException {
    lag.setString(1, checkpoint.txId());
    lag.setLong(2, checkpoint.position());
    try (ResultSet result = lag.executeQuery()) {
      result.next();
      return new long[] {result.getLong(1), (long) (result.getDouble(2) * 1000)};
    }
  }

  /** Records events that cannot be published, with why; the relay then goes past them. */
  void setAside(List<SetAside> records) throws SQLException {
    if (records.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(SET_ASIDE)) {
      for (SetAside record : records) {
        insert.setString(1, relay);
        insert.setLong(2, record.row().position());
        insert.setObject(3, record.row().eventId());
        insert.setString(4, record.reason());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** An event the relay cannot publish, and why. */
  record SetAside(RelayRow row, String reason) {}

  /**
   * The checkpoint to go on from, re-based if the database holds transaction ids from another
   * cluster (a {@code pg_dump} restored into a new one, a logical-replication move): ids at or
   * above the next id this cluster will hand out, in rows or in the checkpoint, can never fall
   * below the watermark, so new rows would wait behind them for ever. Those rows get the id 1 (they
   * were written before any row of this cluster), and the checkpoint goes to just before the first
   * event not yet published. What was published after that event is published again: at least once,
   * as always. Returns null if nothing needed re-basing.
   */
  Checkpoint rebaseIfForeign(Checkpoint checkpoint) throws SQLException {
    String next;
    String highest;
    try (Statement statement = connection.createStatement();
        ResultSet ids = statement.executeQuery(TRANSACTION_IDS)) {
      ids.next();
      next = ids.getString(1);
      highest = ids.getString(2);
    }
    long nextId = Long.parseUnsignedLong(next);
    if (Long.parseUnsignedLong(checkpoint.txId()) < nextId
        && Long.parseUnsignedLong(highest) < nextId) {
      return null;
    }
    connection.setAutoCommit(false);
    try {
      long firstUnpublished;
      long last;
      try (PreparedStatement first = connection.prepareStatement(FIRST_UNPUBLISHED)) {
        first.setString(1, next);
        first.setString(2, checkpoint.txId());
        first.setLong(3, checkpoint.position());
        first.setString(4, next);
        first.setLong(5, checkpoint.position());
        try (ResultSet result = first.executeQuery()) {
          result.next();
          firstUnpublished = result.getLong(1);
          boolean none = result.wasNull();
          last = result.getLong(2);
          if (none) {
            firstUnpublished = last + 1;
          }
        }
      }
      try (PreparedStatement restamp = connection.prepareStatement(RESTAMP)) {
        restamp.setString(1, next);
        restamp.executeUpdate();
      }
      Checkpoint rebased = new Checkpoint("1", firstUnpublished - 1);
      saveCheckpoint(rebased);
      connection.commit();
      return rebased;
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  @Override
  public void close() throws SQLException {
    try (fetch;
        lag;
        saveCheckpoint) {
      // Closed in reverse order by the try.
    }
  }
}
