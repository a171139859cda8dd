package app.openup.benchmarks;

import app.openup.eventing.projection.StoreFeed;
import app.openup.eventing.projection.StoreFeed.Fed;
import app.openup.eventing.projection.StoreFeed.Position;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.PoolOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A store read model's catch-up reads: the whole store read from the start in batches of 200, as a
 * rebuild of needs-service's or session-service's read model reads it ({@link StoreFeed#next}),
 * beside the same reads ordered as the feed ordered them before 2026-12-03 (by the transaction id's
 * text, which no index serves), on the same database. Reads only: what the read models then do with
 * the events is measured by the platform benchmark.
 *
 * <p>{@code -Dbench.feedEvents} (default 200,000) events, written 1,000 to a transaction.
 */
public final class StoreFeedBenchmark {

  private static final int EVENTS = Integer.getInteger("bench.feedEvents", 200_000);
  private static final int PER_TRANSACTION = 1_000;
  private static final int BATCH = 200;
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  /** The feed's read before 2026-12-03: a bare {@code tx_id} in ORDER BY is the selected text. */
  private static final String TEXT_ORDERED_NEXT =
      "select tx_id::text, global_position from event_store"
          + " where (tx_id, global_position) > ($1::xid8, $2)"
          + " and tx_id < pg_snapshot_xmin(pg_current_snapshot())"
          + " order by tx_id, global_position limit $3";

  private StoreFeedBenchmark() {}

  public static void main(String[] args) throws Exception {
    Postgres postgres = Postgres.fromEnvironment();
    try (Cleanup cleanup = new Cleanup()) {
      String database =
          cleanup.database(
              postgres, "openup_bench_feed_" + UUID.randomUUID().toString().substring(0, 8));
      OpenUpStore.migrate(postgres, database);
      fill(postgres, database);
      Vertx vertx = Vertx.vertx();
      try {
        Pool pool =
            PgPool.pool(
                vertx,
                postgres.reactive(database).addProperty("plan_cache_mode", "force_generic_plan"),
                new PoolOptions().setMaxSize(2));
        System.out.printf("%,d events in %,d transactions%n", EVENTS, EVENTS / PER_TRANSACTION);
        System.out.println("plan of a batch from the start, the feed's order now:");
        System.out.println(plan(postgres, database, StoreFeed.ORDERED));
        System.out.println("plan of a batch from the start, ordered by the text:");
        System.out.println(plan(postgres, database, " order by tx_id, global_position"));
        // Each once to warm up (and to load the table into the cache), then measured.
        readAll(new StoreFeed(pool));
        readAllTextOrdered(pool);
        double feed = readAll(new StoreFeed(pool));
        double textOrdered = readAllTextOrdered(pool);
        System.out.printf(
            "%n| read from the start in batches of %d | events/s |%n| --- | ---: |%n", BATCH);
        System.out.printf("| the feed's order (`StoreFeed.ORDERED`) | %,.0f |%n", feed);
        System.out.printf(
            "| ordered by the transaction id's text (before) | %,.0f |%n", textOrdered);
        pool.close().await().atMost(TIMEOUT);
      } finally {
        vertx.close().await().atMost(TIMEOUT);
      }
    }
  }

  /** Events of streams of ten, a thousand to a transaction, as a busy service's store holds. */
  private static void fill(Postgres postgres, String database) throws Exception {
    try (Connection connection = postgres.connect(database);
        Statement statement = connection.createStatement()) {
      for (int t = 0; t < EVENTS / PER_TRANSACTION; t++) {
        statement.execute(
            "insert into event_store (stream_id, stream_version, event_id, event_type,"
                + " schema_version, occurred_at, payload) select 'bench-' || ("
                + t
                + " * 100 + g / 10), g % 10 + 1, gen_random_uuid(), 'bench.levelled.v1', 1, now(),"
                + " '{\"level\":1,\"note\":\"a payload about as long as a need''s words\"}'"
                + " from generate_series(0, 999) g");
      }
      statement.execute("analyze event_store");
    }
  }

  private static String plan(Postgres postgres, String database, String order) throws Exception {
    StringBuilder plan = new StringBuilder();
    try (Connection connection = postgres.connect(database);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "explain (analyze, costs off, timing off) select tx_id::text, global_position"
                    + " from event_store where (tx_id, global_position) > ('0'::xid8, 0)"
                    + " and tx_id < pg_snapshot_xmin(pg_current_snapshot())"
                    + order
                    + " limit "
                    + BATCH)) {
      while (rows.next()) {
        plan.append("    ").append(rows.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }

  /** Events/s reading every event through the feed. */
  private static double readAll(StoreFeed feed) {
    long started = System.nanoTime();
    Position from = Position.START;
    long read = 0;
    while (true) {
      List<Fed> batch = feed.next(from, BATCH).await().atMost(TIMEOUT);
      if (batch.isEmpty()) {
        break;
      }
      read += batch.size();
      from = batch.get(batch.size() - 1).position();
    }
    return rate(read, started);
  }

  /** Events/s reading every event with the text ordering (positions only: the rows are smaller). */
  private static double readAllTextOrdered(Pool pool) {
    long started = System.nanoTime();
    String txId = "0";
    long position = 0;
    long read = 0;
    while (true) {
      RowSet<Row> rows =
          pool.preparedQuery(TEXT_ORDERED_NEXT)
              .execute(Tuple.of(txId, position, BATCH))
              .await()
              .atMost(TIMEOUT);
      if (rows.size() == 0) {
        break;
      }
      for (Row row : rows) {
        txId = row.getString(0);
        position = row.getLong(1);
        read++;
      }
    }
    return rate(read, started);
  }

  private static double rate(long events, long startedNanos) {
    if (events != EVENTS) {
      throw new IllegalStateException("read " + events + " of " + EVENTS + " events");
    }
    return events / ((System.nanoTime() - startedNanos) / 1e9);
  }
}
