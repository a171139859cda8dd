package app.openup.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Measures, in one run on this machine, the event store's appends (1, 4 and 16 writers), its
 * load-decide-append command path and its relay to Kafka, each beside a yardstick: pgbench's
 * one-row inserts, Axon Framework's JDBC event store, and Kafka's ProducerPerformance. Prints a
 * Markdown report and writes it to {@code bench.resultsFile}. See README.md for how to run it.
 */
public final class AppendBenchmark {

  static final List<Integer> WRITERS = List.of(1, 4, 16);
  static final int COMMAND_WRITERS = 16;

  private final BenchConfig config;
  private final Postgres postgres;
  private final Cleanup cleanup;
  private final String prefix;
  private long openUpCommandRows;
  private long axonCommandRows;

  private AppendBenchmark(BenchConfig config, Postgres postgres, Cleanup cleanup) {
    this.config = config;
    this.postgres = postgres;
    this.cleanup = cleanup;
    byte[] suffix = new byte[4];
    new SecureRandom().nextBytes(suffix);
    this.prefix = "openup_bench_" + HexFormat.of().formatHex(suffix);
  }

  public static void main(String[] args) throws Exception {
    BenchConfig config = BenchConfig.fromSystemProperties();
    Postgres postgres = Postgres.fromEnvironment();
    Results results;
    try (Cleanup cleanup = new Cleanup()) {
      results = new AppendBenchmark(config, postgres, cleanup).run();
    }
    String report = Report.markdown(results);
    System.out.println();
    System.out.println(report);
    Path file = config.resultsFile().toAbsolutePath();
    Files.createDirectories(file.getParent());
    Files.writeString(file, report);
    System.out.println("Report written to " + file);
  }

  private Results run() throws Exception {
    Instant startedAt = Instant.now();
    String postgresVersion = postgres.serverVersion();
    Path workDir = cleanup.temporaryDirectory("openup-bench-");
    String storeDb = cleanup.database(postgres, prefix + "_store");
    String axonDb = cleanup.database(postgres, prefix + "_axon");
    String pgbenchDb = cleanup.database(postgres, prefix + "_pgbench");
    String relayDb = cleanup.database(postgres, prefix + "_relay");
    OpenUpStore.migrate(postgres, storeDb);
    OpenUpStore.migrate(postgres, relayDb);
    String payload = BenchEvent.random().toJson();
    Pgbench pgbench = new Pgbench(postgres, pgbenchDb, payload, workDir);
    System.out.printf(
        "PostgreSQL %s, databases %s_*, payload %d bytes, %s warm-up, %s measured%n",
        postgresVersion, prefix, payload.length(), config.warmup(), config.measure());

    Map<Integer, Measurement> appends = new TreeMap<>();
    Map<Integer, Measurement> appendsFromThreads = new TreeMap<>();
    Map<Integer, Measurement> pgbenchInserts = new TreeMap<>();
    Map<Integer, Measurement> axonAppends = new TreeMap<>();
    try (OpenUpStore store = new OpenUpStore(postgres, storeDb, config.poolSize());
        AxonStore axon = new AxonStore(postgres, axonDb, COMMAND_WRITERS)) {
      // Each writer count in turn for all three, so that they see the server in the same state.
      for (int writers : WRITERS) {
        settle();
        pgbenchInserts.put(
            writers,
            print("pgbench one-row insert", writers, pgbench.run(writers, config.measure())));
        appends.put(
            writers,
            print(
                "Open Up append",
                writers,
                onEventLoops(store, writers, i -> store.newStreamAppender())));
        appendsFromThreads.put(
            writers,
            print(
                "Open Up append, threads",
                writers,
                closedLoop(writers, i -> OpenUpStore.blocking(store.newStreamAppender()))));
        axonAppends.put(
            writers,
            print("Axon append", writers, closedLoop(writers, i -> axon.newAggregateAppender())));
      }
    }
    // The appends' databases go before the command paths run, so that no vacuum of theirs runs
    // in them; what each committed is checked against what was counted on it first.
    long openUpAppendRows =
        checkedRows("Open Up's appends", storeDb, "event_store", appends, appendsFromThreads);
    long pgbenchRows = checkedRows("pgbench", pgbenchDb, "bench_insert", pgbenchInserts);
    long axonAppendRows = checkedRows("Axon's appends", axonDb, "domainevententry", axonAppends);
    for (String done : List.of(storeDb, axonDb, pgbenchDb)) {
      postgres.dropDatabase(done);
    }

    int events = config.aggregateEvents();
    Results.CommandPair aggregatePath =
        repositoryPair(
            false,
            "`EventSourcedRepository.handle` without a cache: `load`, fold, decide, `append` at"
                + " the loaded version",
            "`EventSourcingRepository` without a cache (Axon's default): `loadOrCreate` (reads"
                + " the snapshot table, then the events), apply, commit the unit of work");
    Results.CommandPair storePath =
        new Results.CommandPair(
            "`EventStore.load`, fold, decide, `append` at `exactly(n)`",
            onNewStore(
                "stores_openup",
                store -> commands("Open Up store", store, i -> store.commandPath(events))),
            onNewStore(
                "stores_openup_threads",
                store ->
                    commands("Open Up store, threads", i -> store.blockingCommandPath(events))),
            "`JdbcEventStorageEngine`: `readEvents`, fold, `appendEvents` at sequence n + 1",
            onNewAxon(
                "stores_axon",
                axon -> commands("Axon storage engine", i -> axon.storageEnginePath(events))));
    Results.CommandPair cachedPath =
        repositoryPair(
            true,
            "`EventSourcedRepository.handle` with its state cache (decides on the remembered"
                + " state; the append's version check proves it current)",
            "`EventSourcingRepository` with `WeakReferenceCache`");

    Results.RowsCommitted rows =
        new Results.RowsCommitted(
            openUpAppendRows + openUpCommandRows, pgbenchRows, axonAppendRows + axonCommandRows);
    System.out.println("Rows committed: " + rows);

    // The relay runs on a quiet server, after a checkpoint, like every measurement before it.
    settle();

    RelayBenchmark.Result relay = RelayBenchmark.run(config, postgres, relayDb, cleanup, workDir);
    return new Results(
        startedAt,
        Runtime.getRuntime().availableProcessors(),
        postgresVersion,
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        config,
        payload.length(),
        appends,
        appendsFromThreads,
        pgbenchInserts,
        axonAppends,
        COMMAND_WRITERS,
        aggregatePath,
        storePath,
        cachedPath,
        rows,
        relay);
  }

  /** A measurement on a store it is given. */
  @FunctionalInterface
  private interface OnStore<S> {
    Measurement measure(S store) throws Exception;
  }

  /**
   * Measures on a new database of its own, checks that it holds at least a row for every operation
   * counted, and drops it. Every command-path measurement runs so: on the appends' databases, or
   * after another measurement, a system would read through indexes grown by its own earlier writes,
   * and the faster one through the larger ones (by the first command path the store's table held
   * about 2 million rows and Axon's 0.7 million).
   */
  private Measurement onNewStore(String name, OnStore<OpenUpStore> run) throws Exception {
    String database = cleanup.database(postgres, prefix + "_" + name);
    OpenUpStore.migrate(postgres, database);
    Measurement measured;
    try (OpenUpStore store = new OpenUpStore(postgres, database, config.poolSize())) {
      measured = run.measure(store);
    }
    openUpCommandRows += checkedRows(name, database, "event_store", Map.of(0, measured));
    postgres.dropDatabase(database);
    return measured;
  }

  /** As {@link #onNewStore}, for Axon. */
  private Measurement onNewAxon(String name, OnStore<AxonStore> run) throws Exception {
    String database = cleanup.database(postgres, prefix + "_" + name);
    Measurement measured;
    try (AxonStore axon = new AxonStore(postgres, database, COMMAND_WRITERS)) {
      measured = run.measure(axon);
    }
    axonCommandRows += checkedRows(name, database, "domainevententry", Map.of(0, measured));
    postgres.dropDatabase(database);
    return measured;
  }

  /**
   * The rows a table holds, as another connection sees them, after they were counted: each counted
   * operation wrote a row (warm-ups wrote more), so fewer rows than counted operations means the
   * benchmark counted something that did not commit, and the run fails.
   */
  @SafeVarargs
  private long checkedRows(
      String what, String database, String table, Map<Integer, Measurement>... measured) {
    long counted = 0;
    for (Map<Integer, Measurement> measurements : measured) {
      for (Measurement measurement : measurements.values()) {
        counted += measurement.count();
      }
    }
    long rows = postgres.countRows(database, table);
    if (rows < counted) {
      throw new IllegalStateException(
          what + " counted " + counted + " operations but committed " + rows + " rows");
    }
    return rows;
  }

  /** One command path, measured with {@value #COMMAND_WRITERS} writers. */
  private Measurement commands(String what, IntFunction<ClosedLoop.Operation> writer)
      throws Exception {
    return print(what, COMMAND_WRITERS, closedLoop(COMMAND_WRITERS, writer));
  }

  /** Both aggregate repositories, with or without their caches, Open Up's both ways. */
  private Results.CommandPair repositoryPair(boolean cached, String openUpPath, String axonPath)
      throws Exception {
    int events = config.aggregateEvents();
    String name = cached ? "cached" : "repository";
    return new Results.CommandPair(
        openUpPath,
        onNewStore(
            name + "_openup",
            store -> commands("Open Up " + name, store, i -> store.repositoryPath(events, cached))),
        onNewStore(
            name + "_openup_threads",
            store ->
                commands(
                    "Open Up " + name + ", threads",
                    i -> OpenUpStore.blocking(store.repositoryPath(events, cached)))),
        axonPath,
        onNewAxon(
            name + "_axon",
            axon -> commands("Axon " + name, i -> axon.repositoryPath(events, cached))));
  }

  /** One command path of Open Up, its writers on the store's Vert.x event loops. */
  private Measurement commands(
      String what, OpenUpStore store, IntFunction<ClosedLoop.AsyncOperation> writer)
      throws Exception {
    return print(what, COMMAND_WRITERS, onEventLoops(store, COMMAND_WRITERS, writer));
  }

  private Measurement closedLoop(int writers, IntFunction<ClosedLoop.Operation> writer)
      throws Exception {
    settle();
    return ClosedLoop.run(writers, writer, config.warmup(), config.measure());
  }

  private Measurement onEventLoops(
      OpenUpStore store, int writers, IntFunction<ClosedLoop.AsyncOperation> writer)
      throws Exception {
    settle();
    return ClosedLoop.runOnEventLoops(
        store.vertx(), writers, writer, config.warmup(), config.measure());
  }

  /**
   * Starts each measurement from the same state of the server: a checkpoint flushes what the one
   * before wrote, so that none of them pays for another's dirty pages and full-page writes.
   */
  private void settle() {
    try {
      postgres.execute("postgres", "checkpoint");
    } catch (IllegalStateException e) {
      // CHECKPOINT needs a superuser or pg_checkpoint; without it the figures are only noisier.
      System.out.println("No checkpoint before the measurement: " + e.getMessage());
    }
  }

  private static Measurement print(String what, int writers, Measurement measurement) {
    System.out.printf("%-24s %2d writers: %s%n", what, writers, measurement);
    return measurement;
  }
}
