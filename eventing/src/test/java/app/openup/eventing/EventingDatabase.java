package app.openup.eventing;

import app.openup.testkit.TestDatabase;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/** A fresh database with the eventing schema applied by Flyway, and reactive pools on it. */
public final class EventingDatabase implements AutoCloseable {

  private final TestDatabase database;
  private final Vertx vertx = Vertx.vertx();
  private final List<Pool> pools = new ArrayList<>();

  public EventingDatabase(String purpose) {
    database = TestDatabase.create(purpose);
    Flyway.configure()
        .dataSource(database.jdbcUrl(), database.user(), database.password())
        .locations("classpath:db/eventing")
        .load()
        .migrate();
  }

  /** A new pool, as one service instance would have. */
  public Pool pool(int size) {
    PgConnectOptions connect =
        PgConnectOptions.fromUri(database.reactiveUrl())
            .setUser(database.user())
            .setPassword(database.password())
            .setPipeliningLimit(256)
            .setCachePreparedStatements(true);
    Pool pool = PgPool.pool(vertx, connect, new PoolOptions().setMaxSize(size));
    pools.add(pool);
    return pool;
  }

  /** A pool whose connections go through {@code host:port} (a proxy in front of the database). */
  public Pool poolVia(String host, int port, int size) {
    PgConnectOptions connect =
        PgConnectOptions.fromUri(database.reactiveUrl())
            .setHost(host)
            .setPort(port)
            .setUser(database.user())
            .setPassword(database.password())
            .setPipeliningLimit(256)
            .setCachePreparedStatements(true);
    Pool pool = PgPool.pool(vertx, connect, new PoolOptions().setMaxSize(size));
    pools.add(pool);
    return pool;
  }

  /** The database server's host and port. */
  public PgConnectOptions server() {
    return PgConnectOptions.fromUri(database.reactiveUrl());
  }

  public Connection jdbc() throws SQLException {
    return database.connect();
  }

  public TestDatabase database() {
    return database;
  }

  @Override
  public void close() {
    pools.forEach(pool -> pool.close().await().indefinitely());
    vertx.close().await().indefinitely();
    database.close();
  }
}
