package app.openup.benchmarks;

import app.openup.eventing.store.AppendRequest;
import app.openup.eventing.store.EventStore;
import app.openup.eventing.store.ExpectedVersion;
import app.openup.eventing.store.NewEvent;
import app.openup.eventing.store.StoreOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.PoolOptions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;

/**
 * Where a single writer's append spends its time: the same durable one-row insert made by the
 * reactive client alone (the floor of a Java service on this client), the event store's own insert
 * statement sent alone, and the event store's append, each from an event loop for the same time.
 * Run: {@code ./mvnw -B -Pbenchmarks -pl benchmarks compile exec:exec
 * -Dbench.main=app.openup.benchmarks.SingleWriterProbe}.
 */
public final class SingleWriterProbe {

  private static final int SECONDS = Integer.getInteger("bench.measureSeconds", 10);

  private SingleWriterProbe() {}

  public static void main(String[] args) throws Exception {
    Postgres postgres = Postgres.fromEnvironment();
    String db = "openup_bench_probe_" + Long.toHexString(System.nanoTime());
    postgres.createDatabase(db);
    Vertx vertx = Vertx.vertx();
    try {
      Flyway.configure()
          .dataSource(postgres.jdbcUrl(db), postgres.user(), postgres.password())
          .locations("classpath:db/eventing")
          .load()
          .migrate();
      postgres.execute(
          db,
          "create table plain (id bigint generated always as identity primary key, payload json not null)");
      Pool pool =
          PgPool.pool(
              vertx,
              postgres.reactive(db).addProperty("plan_cache_mode", "force_generic_plan"),
              new PoolOptions().setMaxSize(8));
      String json = "{\"note\":\"" + "x".repeat(150) + "\",\"level\":1}";
      for (int round = 0; round < 2; round++) {
        report(
            "reactive client, plain one-row insert",
            loop(
                vertx,
                () ->
                    pool.preparedQuery("insert into plain (payload) values ($1::json)")
                        .execute(Tuple.of(json))
                        .replaceWithVoid()
                        .subscribeAsCompletionStage()));
        report(
            "reactive client, the store's insert",
            loop(
                vertx,
                () ->
                    pool.preparedQuery(
                            "insert into event_store (stream_id, stream_version, event_id,"
                                + " event_type, schema_version, partition_key, actor, occurred_at,"
                                + " payload, metadata) values ($1, 1, $2, 'e', 1, $3, 'a', now(),"
                                + " $4::json, '{}')")
                        .execute(
                            Tuple.of(
                                "p-" + UUID.randomUUID(),
                                UUID.randomUUID(),
                                UUID.randomUUID(),
                                json))
                        .replaceWithVoid()
                        .subscribeAsCompletionStage()));
        for (boolean announce : new boolean[] {true, false}) {
          EventStore store =
              new EventStore(pool, "bench", StoreOptions.defaults().withAnnounceCommits(announce));
          report(
              "event store append" + (announce ? "" : ", no NOTIFY"),
              loop(
                  vertx,
                  () ->
                      store
                          .append(
                              new AppendRequest(
                                  "s-" + UUID.randomUUID(),
                                  ExpectedVersion.noStream(),
                                  UUID.randomUUID(),
                                  "a",
                                  List.of(new NewEvent(UUID.randomUUID(), "e", 1, json)),
                                  null,
                                  null))
                          .replaceWithVoid()
                          .subscribeAsCompletionStage()));
          store.close();
        }
      }
      pool.close().await().indefinitely();
    } finally {
      vertx.close().await().indefinitely();
      postgres.dropDatabase(db);
    }
    System.exit(0);
  }

  private static void report(String what, long[] counts) {
    System.out.printf(
        "%-45s %,8d/s (%d s after 3 s of warm-up)%n", what, counts[1] / SECONDS, SECONDS);
  }

  /** One writer on an event loop: each operation starts when the last one's outcome arrived. */
  private static long[] loop(Vertx vertx, Supplier<CompletableFuture<Void>> operation)
      throws Exception {
    AtomicLong done = new AtomicLong();
    long warmupEnd = System.nanoTime() + 3_000_000_000L;
    long end = warmupEnd + SECONDS * 1_000_000_000L;
    AtomicLong counted = new AtomicLong();
    CompletableFuture<Void> finished = new CompletableFuture<>();
    io.vertx.core.Context context = vertx.getDelegate().getOrCreateContext();
    Runnable[] next = new Runnable[1];
    next[0] =
        () ->
            operation
                .get()
                .whenComplete(
                    (ok, failure) -> {
                      if (failure != null) {
                        finished.completeExceptionally(failure);
                        return;
                      }
                      long now = System.nanoTime();
                      done.incrementAndGet();
                      if (now > warmupEnd && now <= end) {
                        counted.incrementAndGet();
                      }
                      if (now > end) {
                        finished.complete(null);
                      } else {
                        context.runOnContext(ignored -> next[0].run());
                      }
                    });
    context.runOnContext(ignored -> next[0].run());
    finished.get();
    return new long[] {done.get(), counted.get()};
  }
}
