package app.openup.benchmarks;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How long and how hard the benchmark runs; each value can be set with a system property ({@code
 * -Dbench.measureSeconds=1} for a smoke run).
 *
 * @param warmup how long each closed-loop measurement runs before it is measured
 * @param measure how long each measurement lasts (also pgbench's {@code -T})
 * @param poolSize connections in the event store's reactive pool
 * @param aggregateEvents events per stream on the command path, before a writer moves on to a new
 *     stream (an aggregate of typical size, so that loads do not grow with the run's length)
 * @param relayBacklog events appended while the relay is held back, for its throughput
 * @param relayRate events per second appended for the relay's latency
 * @param relayWarmup how long the relay's paced appends run before they are counted
 * @param relayDuration how long the counted paced appends for the relay's latency last (after the
 *     warm-up)
 * @param producerRecords records sent by Kafka's ProducerPerformance at full speed
 * @param resultsFile where the Markdown report is written besides standard output
 */
record BenchConfig(
    Duration warmup,
    Duration measure,
    int poolSize,
    int aggregateEvents,
    int relayBacklog,
    int relayRate,
    Duration relayWarmup,
    Duration relayDuration,
    int producerRecords,
    Path resultsFile) {

  static BenchConfig fromSystemProperties() {
    return new BenchConfig(
        Duration.ofSeconds(intProperty("bench.warmupSeconds", 5)),
        Duration.ofSeconds(intProperty("bench.measureSeconds", 10)),
        intProperty("bench.poolSize", 8),
        intProperty("bench.aggregateEvents", 10),
        intProperty("bench.relayBacklog", 20_000),
        intProperty("bench.relayRate", 1_000),
        Duration.ofSeconds(intProperty("bench.relayWarmupSeconds", 10)),
        Duration.ofSeconds(intProperty("bench.relaySeconds", 30)),
        intProperty("bench.producerRecords", 200_000),
        Path.of(System.getProperty("bench.resultsFile", "target/benchmark-results.md")));
  }

  private static int intProperty(String name, int fallback) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
  }
}
