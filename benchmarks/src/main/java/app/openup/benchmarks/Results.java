package app.openup.benchmarks;

import java.time.Instant;
import java.util.Map;

/**
 * Everything one run measured, and where.
 *
 * @param appends our appends per writer count, the writers on Vert.x event loops (as the services
 *     call the store)
 * @param appendsFromThreads our appends per writer count, each writer a blocking thread
 * @param pgbench pgbench's one-row inserts per client count
 * @param axonAppends Axon's appends per writer count
 * @param aggregatePath the command path through each system's aggregate repository, reading every
 *     stream: the pair the goal names
 * @param storePath the same commands one level down, on each store's own read and append
 * @param cachedPath the aggregate repositories with their caches
 * @param rowsCommitted rows each system had committed after the append and command measurements
 *     (warm-ups included): a check that each really wrote what it was counted for
 */
record Results(
    Instant startedAt,
    int cores,
    String postgresVersion,
    String javaVersion,
    BenchConfig config,
    int payloadBytes,
    Map<Integer, Measurement> appends,
    Map<Integer, Measurement> appendsFromThreads,
    Map<Integer, Measurement> pgbench,
    Map<Integer, Measurement> axonAppends,
    int commandWriters,
    CommandPair aggregatePath,
    CommandPair storePath,
    CommandPair cachedPath,
    RowsCommitted rowsCommitted,
    RelayBenchmark.Result relay) {

  record RowsCommitted(long openUp, long pgbench, long axon) {}

  /**
   * One way of handling the same commands, measured for Open Up (its writers on Vert.x event loops,
   * and again as blocking threads) and for Axon (blocking threads, as Axon is called).
   */
  record CommandPair(
      String openUpPath,
      Measurement openUp,
      Measurement openUpFromThreads,
      String axonPath,
      Measurement axon) {
    double ratio() {
      return openUp.perSecond() / axon.perSecond();
    }

    double ratioFromThreads() {
      return openUpFromThreads.perSecond() / axon.perSecond();
    }
  }
}
