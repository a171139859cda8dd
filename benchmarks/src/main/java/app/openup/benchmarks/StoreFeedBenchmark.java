package app.openup.benchmarks;

import app.openup.eventing.store.EventStore;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A store read model's catch-up reads: the whole store read from the start in batches of 200, as a
 * rebuild of needs-service's or session-service's read model reads it (the events of {@code
 * StoreFeed.next}, which also reads the position in the same statement: the same columns, the same
 * conditions, the same index), once in the store's order ({@link EventStore#IN_STORE_ORDER}) and
 * once ordered as the feed and the relay ordered before 2026-12-03 (a bare {@code tx_id}, which
 * PostgreSQL takes to be the selected text), through the same code, on the same database,
 * alternating. Reads only: what the read models then do with the events is the platform
 * benchmark's.
 *
 * <p>{@code -Dbench.feedEvents} (default {@code 50000,200000}): the store sizes, each a database of
 * its own, written 1,000 events to a transaction.
 */
public final class StoreFeedBenchmark {

  private static final int PER_TRANSACTION = 1_000;
  private static final int BATCH = 200;
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private static final String SELECT =
      "select tx_id::text, event_id, stream_id, stream_version, global_position, event_type,"
          + " schema_version, partition_key, actor, occurred_at, payload::text, metadata::text"
          + " from event_store where (tx_id, global_position) > ($1::xid8, $2)"
          + " and"
          + EventStore.BELOW_WATERMARK;
  private static final String IN_STORE_ORDER = SELECT + EventStore.IN_STORE_ORDER + " limit $3";
  private static final String TEXT_ORDER = SELECT + " order by tx_id, global_position limit $3";

  private StoreFeedBenchmark() {}

  public static void main(String[] args) throws Exception {
    Postgres postgres = Postgres.fromEnvironment();
    List<String> rows = new ArrayList<>();
    for (String size : System.getProperty("bench.feedEvents", "50000,200000").split(",")) {
      rows.add(measure(postgres, Integer.parseInt(size.trim())));
    }
    System.out.printf(
        "%n| events in the store | in the store's order, events/s (2 runs) |"
            + " ordered by the id's text, events/s (2 runs) |%n| ---: | ---: | ---: |%n");
    rows.forEach(System.out::println);
  }

  private static String measure(Postgres postgres, int events) throws Exception {
    try (Cleanup cleanup = new Cleanup()) {
      String database =
          cleanup.database(
              postgres, "openup_bench_feed_" + UUID.randomUUID().toString().substring(0, 8));
      OpenUpStore.migrate(postgres, database);
      String ids = fill(postgres, database, events);
      System.out.printf("%n%,d events, written by transactions %s%n", events, ids);
      System.out.println("a batch from the start, the generic plan, in the store's order:");
      System.out.println(plan(postgres, database, IN_STORE_ORDER));
      System.out.println("the same, ordered by the id's text:");
      System.out.println(plan(postgres, database, TEXT_ORDER));
      Vertx vertx = Vertx.vertx();
      try {
        Pool pool =
            PgPool.pool(
                vertx,
                postgres.reactive(database).addProperty("plan_cache_mode", "force_generic_plan"),
                new PoolOptions().setMaxSize(1));
        // Each once to warm up (and to read the table into the cache), then alternating.
        readAll(pool, IN_STORE_ORDER, events);
        readAll(pool, TEXT_ORDER, events);
        double inOrder1 = readAll(pool, IN_STORE_ORDER, events);
        double text1 = readAll(pool, TEXT_ORDER, events);
        double text2 = readAll(pool, TEXT_ORDER, events);
        double inOrder2 = readAll(pool, IN_STORE_ORDER, events);
        pool.close().await().atMost(TIMEOUT);
        return String.format(
            "| %,d | %,.0f; %,.0f | %,.0f; %,.0f |", events, inOrder1, inOrder2, text1, text2);
      } finally {
        vertx.close().await().atMost(TIMEOUT);
      }
    }
  }

  /**
   * Events of streams of ten, a thousand to a transaction, as a busy service's store holds. Returns
   * the range of transaction ids that wrote them: one where the ids gain a digit would make the
   * text order read some events twice, which {@link #readAll} refuses.
   */
  private static String fill(Postgres postgres, String database, int events) throws Exception {
    try (Connection connection = postgres.connect(database);
        Statement statement = connection.createStatement()) {
      for (int t = 0; t < events / PER_TRANSACTION; t++) {
        statement.execute(
            "insert into event_store (stream_id, stream_version, event_id, event_type,"
                + " schema_version, occurred_at, payload) select 'bench-' || ("
                + t
                + " * 100 + g / 10), g % 10 + 1, gen_random_uuid(), 'bench.levelled.v1', 1, now(),"
                + " '{\"level\":1,\"note\":\"a payload about as long as a need''s words\"}'"
                + " from generate_series(0, 999) g");
      }
      statement.execute("analyze event_store");
      try (ResultSet range =
          statement.executeQuery("select min(tx_id)::text, max(tx_id)::text from event_store")) {
        range.next();
        return range.getString(1) + " to " + range.getString(2);
      }
    }
  }

  /** The generic plan of the first batch's read, as the services' pools plan it, with timings. */
  private static String plan(Postgres postgres, String database, String query) throws Exception {
    StringBuilder plan = new StringBuilder();
    try (Connection connection = postgres.connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute("set plan_cache_mode = force_generic_plan");
      statement.execute("prepare batch (xid8, bigint, int) as " + query);
      try (ResultSet rows =
          statement.executeQuery(
              "explain (analyze, costs off, timing off) execute batch ('0', 0, " + BATCH + ")")) {
        while (rows.next()) {
          plan.append("    ").append(rows.getString(1)).append('\n');
        }
      }
    }
    return plan.toString();
  }

  /** Events/s reading every event from the start, a batch at a time, each row's columns read. */
  private static double readAll(Pool pool, String query, int events) {
    long started = System.nanoTime();
    String txId = "0";
    long position = 0;
    long read = 0;
    long bytes = 0;
    while (true) {
      RowSet<Row> batch =
          pool.preparedQuery(query)
              .execute(Tuple.of(txId, position, BATCH))
              .await()
              .atMost(TIMEOUT);
      if (batch.size() == 0) {
        break;
      }
      for (Row row : batch) {
        txId = row.getString(0);
        position = row.getLong(4);
        bytes +=
            row.getString(10).length() + row.getString(11).length() + row.getString(2).length();
        read++;
      }
    }
    if (read != events || bytes == 0) {
      throw new IllegalStateException(
          "read " + read + " of " + events + " events: the text order read some twice or skipped");
    }
    return events / ((System.nanoTime() - started) / 1e9);
  }
}
