package app.openup.eventing;

import app.openup.testkit.TestDatabase;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/** A fresh key-store database for the vault ({@code db/vault}), and pools on it. */
public final class KeyStoreDatabase implements AutoCloseable {

  private final TestDatabase database;
  private final Vertx vertx = Vertx.vertx();
  private final List<Pool> pools = new ArrayList<>();

  public KeyStoreDatabase(String purpose) {
    database = TestDatabase.create(purpose + "_keys");
    Flyway.configure()
        .dataSource(database.jdbcUrl(), database.user(), database.password())
        .locations("classpath:db/vault")
        .load()
        .migrate();
  }

  public Pool pool(int size) {
    PgConnectOptions connect =
        PgConnectOptions.fromUri(database.reactiveUrl())
            .setUser(database.user())
            .setPassword(database.password());
    Pool pool = PgPool.pool(vertx, connect, new PoolOptions().setMaxSize(size));
    pools.add(pool);
    return pool;
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
