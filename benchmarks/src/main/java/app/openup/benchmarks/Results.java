package app.openup.benchmarks;

import java.time.Instant;
import java.util.Map;

/**
 * Everything one run measured, and where.
 *
 * @param appends our appends per writer count
 * @param pgbench pgbench's one-row inserts per client count
 * @param axonAppends Axon's appends per writer count
 * @param commands our load-decide-append command path
 * @param repositoryCommands the same commands through the services' repository, with its state
 *     cache
 * @param axonCommands Axon's aggregate path
 * @param axonCachedCommands Axon's caching repository
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
    Measurement commands,
    Measurement repositoryCommands,
    Measurement axonCommands,
    Measurement axonCachedCommands,
    RowsCommitted rowsCommitted,
    RelayBenchmark.Result relay) {

  record RowsCommitted(long openUp, long pgbench, long axon) {}
}
