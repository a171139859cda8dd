package app.openup.benchmarks;

import java.time.Instant;
import java.util.Map;

/**
 * Everything one run measured, and where.
 *
 * @param appends our appends per writer count
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
    Map<Integer, Measurement> pgbench,
    Map<Integer, Measurement> axonAppends,
    int commandWriters,
    CommandPair aggregatePath,
    CommandPair storePath,
    CommandPair cachedPath,
    RowsCommitted rowsCommitted,
    RelayBenchmark.Result relay) {

  record RowsCommitted(long openUp, long pgbench, long axon) {}

  /** One way of handling the same commands, measured for Open Up and for Axon. */
  record CommandPair(String openUpPath, Measurement openUp, String axonPath, Measurement axon) {
    double ratio() {
      return openUp.perSecond() / axon.perSecond();
    }
  }
}
