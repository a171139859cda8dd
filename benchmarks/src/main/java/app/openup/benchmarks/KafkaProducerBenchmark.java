package app.openup.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own producer benchmark, {@code org.apache.kafka.tools.ProducerPerformance}, in a JVM of
 * its own on this benchmark's class path, against the same broker.
 */
final class KafkaProducerBenchmark {

  /** The final line, for example "200000 records sent, 98231.8 records/sec (18.74 MB/sec), ...". */
  private static final Pattern SUMMARY =
      Pattern.compile(
          "(\\d+) records sent, ([0-9.]+) records/sec .*?([0-9.]+) ms avg latency,"
              + " ([0-9.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

  /**
   * @param line the summary line as ProducerPerformance printed it
   * @param recordsPerSecond records acknowledged per second
   * @param p50Millis median send-to-acknowledgement latency (whole milliseconds)
   * @param p99Millis 99th percentile of it
   */
  record Summary(String line, double recordsPerSecond, double p50Millis, double p99Millis) {}

  private KafkaProducerBenchmark() {}

  /**
   * @param throughput records per second to aim at, or -1 for as fast as it can
   * @param producerProps producer settings besides {@code acks=all} and the bootstrap servers
   */
  static Summary run(
      String bootstrapServers,
      String topic,
      int records,
      int throughput,
      Path workDir,
      String... producerProps)
      throws IOException, InterruptedException {
    Path output = workDir.resolve("producer-performance-" + topic + ".out");
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--topic",
                topic,
                "--num-records",
                String.valueOf(records),
                "--record-size",
                "200",
                "--throughput",
                String.valueOf(throughput),
                "--producer-props",
                "acks=all",
                "bootstrap.servers=" + bootstrapServers));
    arguments.addAll(List.of(producerProps));
    KafkaTool.run("ProducerPerformance", output, 5, arguments.toArray(String[]::new));
    List<String> lines = Files.readAllLines(output);
    for (int i = lines.size() - 1; i >= 0; i--) {
      Matcher summary = SUMMARY.matcher(lines.get(i));
      if (summary.find()) {
        return new Summary(
            lines.get(i).trim(),
            Double.parseDouble(summary.group(2)),
            Double.parseDouble(summary.group(5)),
            Double.parseDouble(summary.group(7)));
      }
    }
    throw new IllegalStateException("ProducerPerformance printed no summary:\n" + lines);
  }
}
