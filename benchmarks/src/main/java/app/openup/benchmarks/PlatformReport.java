package app.openup.benchmarks;

import app.openup.benchmarks.OpenLoad.Phase;
import app.openup.benchmarks.ProcessStats.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/** The platform benchmark's findings as Markdown, each figure beside its yardstick and goal. */
final class PlatformReport {

  private record Journeys(Phase phase, EndToEnd.Phase e2e, List<Usage> usage, boolean sustained) {}

  private Map<String, Duration> startUp = Map.of();
  private Measurement pg1;
  private Measurement pgN;
  private int pgClients;
  private KafkaProducerBenchmark.Summary producer;
  private double[] kafkaE2e;
  private int pace;
  private double[] pacedE2e;
  private final List<Journeys> journeys = new ArrayList<>();
  private final Map<String, List<Phase>> ramps = new LinkedHashMap<>();
  private final StringBuilder profiles = new StringBuilder();
  private long backlogEvents;
  private double rebuildRate;
  private double consumerRate;
  private int couples;
  private Phase queries;

  void startUp(Map<String, Duration> times) {
    startUp = times;
  }

  void yardsticks(
      Measurement pg1,
      Measurement pgN,
      int clients,
      KafkaProducerBenchmark.Summary producer,
      double[] kafkaE2e,
      int pace,
      double[] pacedE2e) {
    this.pg1 = pg1;
    this.pace = pace;
    this.pacedE2e = pacedE2e;
    this.pgN = pgN;
    this.pgClients = clients;
    this.producer = producer;
    this.kafkaE2e = kafkaE2e;
    System.out.printf(
        "pgbench 1: %s; pgbench %d: %s%nProducerPerformance: %s%nEndToEndLatency p50/p99/p99.9"
            + " ms: %.2f / %.2f / %.2f%nKafka at %d records/s p50/p99/p99.9 ms: %.2f / %.2f /"
            + " %.2f%n",
        pg1,
        clients,
        pgN,
        producer.line(),
        kafkaE2e[0],
        kafkaE2e[1],
        kafkaE2e[2],
        pace,
        pacedE2e[0],
        pacedE2e[1],
        pacedE2e[2]);
  }

  void journeys(Phase phase, EndToEnd.Phase e2e, List<Usage> usage, boolean sustained) {
    journeys.add(new Journeys(phase, e2e, usage, sustained));
  }

  void profile(String summary) {
    profiles.append(summary);
  }

  void ramp(String title, List<Phase> steps) {
    ramps.put(title, steps);
  }

  void catchUp(long events, double rebuildRate, double consumerRate, List<String[]> done) {
    this.backlogEvents = events;
    this.rebuildRate = rebuildRate;
    this.consumerRate = consumerRate;
    this.couples = done.size();
  }

  void queries(Phase phase) {
    this.queries = phase;
  }

  /** A phase of journeys in one line, for the console. */
  static String line(Phase phase, EndToEnd.Phase e2e) {
    return String.format(
        "  %.0f commands/s, %.0f reads/s; commands %s; e2e history %s; %d errors%s",
        phase.commandsPerSecond(),
        phase.readsPerSecond(),
        three(phase.commands),
        three(e2e.history),
        phase.errorCount(),
        phase.errorCount() > 0 ? " " + phase.firstError : "");
  }

  /**
   * The processor as Linux names it: runs on machines of the same size but another processor differ
   * by a third and more (benchmarks/README.md, step 24), so a report says which it ran on.
   */
  static String processorModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("processor unknown");
    } catch (IOException | UncheckedIOException e) {
      return "processor unknown";
    }
  }

  String render(List<String> args) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "## Platform benchmark, %s%n%nMachine: %d cores (%s), %.1f GiB, Java %s (%s).%n%n",
            Instant.now().truncatedTo(ChronoUnit.SECONDS),
            Runtime.getRuntime().availableProcessors(),
            processorModel(),
            ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                    .getTotalMemorySize()
                / (1024.0 * 1024 * 1024),
            System.getProperty("java.version"),
            System.getProperty("java.vm.name")));

    if (pg1 != null) {
      out.append("### Yardsticks (same run, same PostgreSQL server and Kafka broker)\n\n");
      out.append(
          "| yardstick | rate | p50 ms | p99 ms | p99.9 ms |\n| --- | ---: | ---: | ---: | ---: |\n");
      out.append(
          String.format(
              "| pgbench one-row insert, 1 client | %,.0f tx/s | %.2f | %.2f | |%n",
              pg1.perSecond(), pg1.p50Millis(), pg1.p99Millis()));
      out.append(
          String.format(
              "| pgbench one-row insert, %d clients | %,.0f tx/s | %.2f | %.2f | |%n",
              pgClients, pgN.perSecond(), pgN.p50Millis(), pgN.p99Millis()));
      out.append(
          String.format(
              "| Kafka ProducerPerformance, acks=all, 200 B | %,.0f records/s | %.0f | %.0f | |%n",
              producer.recordsPerSecond(), producer.p50Millis(), producer.p99Millis()));
      out.append(
          String.format(
              "| Kafka EndToEndLatency, acks=all, 200 B | | %.2f | %.2f | %.2f |%n",
              kafkaE2e[0], kafkaE2e[1], kafkaE2e[2]));
      out.append(
          String.format(
              "| Kafka end to end at the platform's pace (`PacedKafkaLatency`: the relay's producer"
                  + " settings, one record at a time, from its intended send) | %d records/s |"
                  + " %.2f | %.2f | %.2f |%n",
              pace, pacedE2e[0], pacedE2e[1], pacedE2e[2]));
      out.append(
          String.format(
              "| Kafka ConsumerPerformance on the run's topics | %,.0f records/s | | | |%n%n",
              consumerRate));
    }

    out.append("### The couples' journeys at fixed rates (open model)\n\n");
    out.append(
        "Latency from each request's intended start (coordinated omission corrected), in ms."
            + " End to end: from a command's answer to the read that shows its effect.\n\n");
    out.append(
        "| commands/s asked | commands/s done | reads/s | command p50 / p99 / p99.9 | read p50 /"
            + " p99 / p99.9 | end to end, history p50 / p99 / p99.9 | end to end, dashboard p50 /"
            + " p99 / p99.9 | errors | sustained |\n");
    out.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (Journeys j : journeys) {
      out.append(
          String.format(
              "| %.0f | %.0f | %.0f | %s | %s | %s | %s | %d | %s |%n",
              j.phase.rate,
              j.phase.commandsPerSecond(),
              j.phase.readsPerSecond(),
              three(j.phase.commands),
              three(j.phase.reads),
              three(j.e2e.history),
              three(j.e2e.dashboard),
              j.phase.errorCount() + j.e2e.notSeen.get(),
              j.sustained ? "yes" : "no"));
    }
    out.append("\nPer request type, p50 / p99 / p99.9 ms (count):\n\n| type |");
    TreeSet<String> types = new TreeSet<>();
    for (Journeys j : journeys) {
      out.append(String.format(" %.0f/s |", j.phase.rate));
      types.addAll(j.phase.latencies.keySet());
    }
    out.append("\n| --- |").append(" ---: |".repeat(journeys.size())).append('\n');
    for (String type : types) {
      out.append("| ").append(type).append(" |");
      for (Journeys j : journeys) {
        Histogram h = j.phase.latencies.get(type);
        out.append(h == null ? " |" : String.format(" %s (%,d) |", three(h), h.getTotalCount()));
      }
      out.append('\n');
    }
    for (Journeys j : journeys) {
      if (!j.phase.errors.isEmpty()) {
        out.append(
            String.format(
                "%nErrors at %.0f/s: %s; first of each: %s%n",
                j.phase.rate, j.phase.errors, j.phase.firstError));
      }
    }

    for (Journeys j : journeys) {
      out.append(
          String.format(
              "%n### Resources at %.0f commands/s (%.0f requests/s)%n%n",
              j.phase.rate, j.phase.commandsPerSecond() + j.phase.readsPerSecond()));
      out.append(
          "| process | CPU, cores | of which JIT / GC / event loops / other threads | RSS mean MB"
              + " | RSS peak MB |\n| --- | ---: | ---: | ---: | ---: |\n");
      for (Usage u : j.usage) {
        String threads =
            u.threads().isEmpty()
                ? ""
                : ProcessStats.THREAD_KINDS.stream()
                    .map(kind -> String.format("%.2f", u.threads().getOrDefault(kind, 0.0)))
                    .collect(java.util.stream.Collectors.joining(" / "));
        out.append(
            String.format(
                "| %s | %.2f | %s | %s | %s |%n",
                u.name(), u.cores(), threads, mb(u.rssMeanMb()), mb(u.rssPeakMb())));
      }
    }

    out.append("\n### Start-up to ready (JVM mode, each restarted with the rest running)\n\n");
    out.append("| service | ms |\n| --- | ---: |\n");
    startUp.forEach((name, d) -> out.append(String.format("| %s | %,d |%n", name, d.toMillis())));

    out.append("\n### Highest rate sustained for the measured time\n\n");
    out.append(
        "Sustained: no error, the last 10 s's p99 under 500 ms (no growing queue), and the"
            + " history's end-to-end p99 under 1 s (the projection keeping up).\n\n");
    out.append(
        "| what | steps (commands/s: p99 ms) | highest sustained | its p99 ms |\n| --- | --- | ---: | ---: |\n");
    Map<String, Double> highest = new LinkedHashMap<>();
    ramps.forEach(
        (title, steps) -> {
          StringBuilder s = new StringBuilder();
          Phase best = null;
          for (Phase p : steps) {
            s.append(
                String.format(
                    "%.0f: %.1f%s; ",
                    p.rate,
                    p.commands.getValueAtPercentile(99) / 1e3,
                    p.sustained
                        ? ""
                        : " (not sustained"
                            + (p.errorCount() > 0 ? ", " + p.errorCount() + " errors" : "")
                            + ")"));
            if (p.sustained) {
              best = p;
            }
          }
          highest.put(title, best == null ? 0 : best.rate);
          out.append(
              String.format(
                  "| %s | %s | %s | %s |%n",
                  title,
                  s.toString().trim(),
                  best == null ? "none" : String.format("%.0f", best.rate),
                  best == null
                      ? ""
                      : String.format("%.1f", best.commands.getValueAtPercentile(99) / 1e3)));
        });

    out.append("\n### Projection catch-up and queries\n\n");
    out.append(
        String.format(
            "The rebuild of `feedback-history` from offset 0 of the run's topics (%,d events of %,d"
                + " couples' journeys and more under way): **%,.0f events/s**;"
                + " ConsumerPerformance on the same topics %,.0f records/s (ratio %.3f).%n%n",
            backlogEvents, couples, rebuildRate, consumerRate, rebuildRate / consumerRate));
    if (queries != null) {
      out.append(
          "| query (random couples that finished, open model) | p50 / p99 / p99.9 ms | count |\n| --- | ---: | ---: |\n");
      queries.latencies.forEach(
          (type, h) ->
              out.append(String.format("| %s | %s | %,d |%n", type, three(h), h.getTotalCount())));
    }

    out.append("\n### Goals\n\n| goal | measured | met |\n| --- | --- | --- |\n");
    Journeys at500 = journeys.stream().filter(j -> j.phase.rate == 500).findFirst().orElse(null);
    List<Double> rates = new ArrayList<>(highest.values());
    if (rates.size() == 2 && rates.get(1) > 0) {
      double ratio = rates.get(0) / rates.get(1);
      out.append(
          String.format(
              "| command path at least 0.7x the floor's sustained rate | %.0f / %.0f = %.2f | %s |%n",
              rates.get(0), rates.get(1), ratio, ratio >= 0.7 ? "yes" : "no"));
    }
    List<Phase> floorSteps =
        ramps.isEmpty() ? List.of() : new ArrayList<>(ramps.values()).get(ramps.size() - 1);
    Phase floor500 = floorSteps.stream().filter(p -> p.rate == 500).findFirst().orElse(null);
    if (at500 != null && floor500 != null) {
      double ratio =
          at500.phase.commands.getValueAtPercentile(99)
              / (double) floor500.commands.getValueAtPercentile(99);
      out.append(
          String.format(
              "| command p99 at 500/s at most 2x the floor's | %.1f ms / %.1f ms = %.1fx | %s |%n",
              at500.phase.commands.getValueAtPercentile(99) / 1e3,
              floor500.commands.getValueAtPercentile(99) / 1e3,
              ratio,
              ratio <= 2 ? "yes" : "no"));
    }
    // The goals set at 500 commands/s, at 500/s when it was measured, else at the highest rate
    // sustained (so that a run on a machine that cannot carry 500/s still says where it stands).
    Journeys atGoal =
        at500 != null
            ? at500
            : journeys.stream()
                .filter(Journeys::sustained)
                .max((a, b) -> Double.compare(a.phase.rate, b.phase.rate))
                .orElse(null);
    if (atGoal != null) {
      String at =
          atGoal == at500
              ? "at 500/s"
              : String.format(
                  "at %.0f/s (the highest sustained; the goal's 500/s not measured)",
                  atGoal.phase.rate);
      double p99 = atGoal.e2e.dashboard.getValueAtPercentile(99) / 1e3;
      double p50 = atGoal.e2e.dashboard.getValueAtPercentile(50) / 1e3;
      if (kafkaE2e != null) {
        out.append(
            String.format(
                "| command to dashboard p99 %s at most 2x Kafka's EndToEndLatency p99 | %.1f ms /"
                    + " %.1f ms = %.1fx | %s |%n",
                at, p99, kafkaE2e[1], p99 / kafkaE2e[1], p99 <= 2 * kafkaE2e[1] ? "yes" : "no"));
        out.append(
            String.format(
                "| (beside it: Kafka at the platform's pace, %d records/s, p99) | %.1f ms / %.1f ms"
                    + " = %.1fx | |%n",
                pace, p99, pacedE2e[1], p99 / pacedE2e[1]));
      }
      out.append(
          String.format(
              "| command to dashboard p50 %s under 10 ms | %.1f ms | %s |%n",
              at, p50, p50 < 10 ? "yes" : "no"));
      for (Usage u : atGoal.usage) {
        if (u.name().endsWith("-service")) {
          out.append(
              String.format(
                  "| %s under 300 MB resident %s | peak %.0f MB | %s |%n",
                  u.name(), at, u.rssPeakMb(), u.rssPeakMb() < 300 ? "yes" : "no"));
        }
      }
    }
    out.append(
        String.format(
            "| projection catch-up at least 50,000 events/s and 0.3x ConsumerPerformance | %,.0f"
                + " events/s, %.3fx | %s |%n",
            rebuildRate,
            rebuildRate / consumerRate,
            rebuildRate >= 50_000 && rebuildRate >= 0.3 * consumerRate ? "yes" : "no"));
    if (queries != null) {
      queries.latencies.forEach(
          (type, h) ->
              out.append(
                  String.format(
                      "| %s p99 under 10 ms | %.1f ms | %s |%n",
                      type,
                      h.getValueAtPercentile(99) / 1e3,
                      h.getValueAtPercentile(99) < 10_000 ? "yes" : "no")));
    }
    startUp.forEach(
        (name, d) ->
            out.append(
                String.format(
                    "| %s ready within 3 s of start | %,d ms | %s |%n",
                    name, d.toMillis(), d.toMillis() <= 3000 ? "yes" : "no")));

    if (profiles.length() > 0) {
      out.append(
          "\n### Profiles at the profiled rate (Java Flight Recorder, `profile` settings)\n");
      out.append(profiles);
    }
    if (!args.isEmpty()) {
      out.append("\nArguments: ").append(String.join(" ", args)).append('\n');
    }
    return out.toString();
  }

  private static String mb(double value) {
    return Double.isNaN(value) ? "" : String.format("%.0f", value);
  }

  /** p50 / p99 / p99.9 in ms, or a dash without samples. */
  static String three(Histogram h) {
    if (h.getTotalCount() == 0) {
      return "-";
    }
    return String.format(
        "%.1f / %.1f / %.1f",
        h.getValueAtPercentile(50) / 1e3,
        h.getValueAtPercentile(99) / 1e3,
        h.getValueAtPercentile(99.9) / 1e3);
  }
}
