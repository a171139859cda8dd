package app.openup.benchmarks;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The run's results as Markdown: the tables, the ratios and whether each goal was met. */
final class Report {

  /**
   * A goal as measured with Open Up's writers on event loops, and (where it applies) with them as
   * blocking threads; {@code fromThreads} is null where it does not.
   */
  private record Goal(String goal, String measured, boolean met, Verdict fromThreads) {
    Goal(String goal, String measured, boolean met) {
      this(goal, measured, met, null);
    }
  }

  private record Verdict(String measured, boolean met) {}

  private Report() {}

  static String markdown(Results r) {
    StringBuilder md = new StringBuilder();
    BenchConfig c = r.config();
    line(
        md,
        "Run of %s UTC: %d cores, PostgreSQL %s, %s; %d s warm-up and %d s measured per closed-loop"
            + " measurement; event store pool of %d connections; payload %d bytes of JSON.",
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .format(r.startedAt().atOffset(ZoneOffset.UTC)),
        r.cores(),
        r.postgresVersion(),
        r.javaVersion(),
        c.warmup().toSeconds(),
        c.measure().toSeconds(),
        c.poolSize(),
        r.payloadBytes());
    md.append('\n');

    md.append("### Appends: one event per append, to a new stream, durable commit\n\n");
    line(
        md,
        "| writers | Open Up appends/s | p50 ms | p99 ms | pgbench inserts/s | p50 ms | p99 ms"
            + " | Axon appends/s | p50 ms | p99 ms | Open Up / pgbench | Open Up / Axon |");
    line(md, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int writers : AppendBenchmark.WRITERS) {
      Measurement ours = r.appends().get(writers);
      Measurement pgbench = r.pgbench().get(writers);
      Measurement axon = r.axonAppends().get(writers);
      line(
          md,
          "| %d | %s | %s | %s | %s | %s |",
          writers,
          cells(ours),
          cells(pgbench),
          cells(axon),
          ratio(ours.perSecond(), pgbench.perSecond()),
          ratio(ours.perSecond(), axon.perSecond()));
    }
    md.append('\n');
    line(
        md,
        "Open Up's writers above are asynchronous loops on the store's Vert.x event loops, as a"
            + " Quarkus service's request handlers call the store; pgbench's are its client"
            + " connections, Axon's are threads. The same appends with each Open Up writer a"
            + " blocking thread (`Uni.await()`, the outcome handed over from the event loop):");
    md.append('\n');
    line(md, "| writers | Open Up from threads appends/s | p50 ms | p99 ms | / pgbench | / Axon |");
    line(md, "|---:|---:|---:|---:|---:|---:|");
    for (int writers : AppendBenchmark.WRITERS) {
      Measurement threads = r.appendsFromThreads().get(writers);
      line(
          md,
          "| %d | %s | %s | %s |",
          writers,
          cells(threads),
          ratio(threads.perSecond(), r.pgbench().get(writers).perSecond()),
          ratio(threads.perSecond(), r.axonAppends().get(writers).perSecond()));
    }
    md.append('\n');

    Results.RowsCommitted rows = r.rowsCommitted();
    line(
        md,
        "Rows committed after the append and command measurements (warm-ups included): Open Up"
            + " %,d, pgbench %,d, Axon %,d.",
        rows.openUp(),
        rows.pgbench(),
        rows.axon());
    md.append('\n');

    line(
        md,
        "### Command path: load the stream, decide, append at the loaded version (%d writers)",
        r.commandWriters());
    md.append('\n');
    line(
        md,
        "Each writer works on a stream of its own until it holds %d events, then starts a new one.",
        c.aggregateEvents());
    md.append('\n');
    line(md, "| path | commands/s | p50 ms | p99 ms |");
    line(md, "|---|---:|---:|---:|");
    commandRows(md, "aggregate repositories, reading every stream", r.aggregatePath());
    commandRows(md, "the stores alone, reading every stream", r.storePath());
    commandRows(md, "aggregate repositories with their caches", r.cachedPath());
    md.append('\n');

    RelayBenchmark.Result relay = r.relay();
    line(md, "### Relay: event store to Kafka (acks=all), read back by a plain consumer");
    md.append('\n');
    line(md, "| measure | Open Up relay | Kafka ProducerPerformance | relay / producer |");
    line(md, "|---|---:|---:|---:|");
    line(
        md,
        "| throughput, events/s (relay: backlog of %,d; producer: %,d records of 200 bytes) |"
            + " %,.0f | %,.0f | %s |",
        c.relayBacklog(),
        c.producerRecords(),
        relay.backlogPerSecond(),
        relay.producer().recordsPerSecond(),
        ratio(relay.backlogPerSecond(), relay.producer().recordsPerSecond()));
    line(
        md,
        "| latency p50 at %,d events/s, ms (relay: append completed, that is committed, to"
            + " Kafka's acknowledgement; producer: send to acknowledgement, `linger.ms=0` as the"
            + " relay) | %.2f | %.0f | |",
        c.relayRate(),
        relay.latency().p50Millis(),
        relay.producerPaced().p50Millis());
    line(
        md,
        "| latency p99 at %,d events/s, ms | %.2f | %.0f | |",
        c.relayRate(),
        relay.latency().p99Millis(),
        relay.producerPaced().p99Millis());
    line(
        md,
        "| of the relay's latency, append completed to sent to Kafka, p50 / p99 ms"
            + " (1 ms resolution) | %.0f / %.0f | | |",
        relay.pickup().p50Millis(),
        relay.pickup().p99Millis());
    line(
        md,
        "| append completed to read by a plain consumer, p50 / p99 ms | %.2f / %.2f | | |",
        relay.toConsumer().p50Millis(),
        relay.toConsumer().p99Millis());
    md.append('\n');
    line(
        md,
        "Relay latency: %,d events appended at %,.0f events/s, after %d s at that rate that are"
            + " not counted, on a broker that ProducerPerformance at full speed ran on first."
            + " ProducerPerformance (its figures include its own JVM's warm-up) summary lines:",
        relay.latency().count(),
        relay.latency().perSecond(),
        c.relayWarmup().toSeconds());
    md.append('\n');
    line(md, "```");
    line(md, "full speed: %s", relay.producer().line());
    line(md, "paced:      %s", relay.producerPaced().line());
    line(md, "```");
    md.append('\n');

    line(md, "### Goals");
    md.append('\n');
    line(
        md,
        "| goal | measured (Open Up's writers on event loops) | met | Open Up's writers as blocking"
            + " threads | met |");
    line(md, "|---|---|---|---|---|");
    for (Goal goal : goals(r)) {
      Verdict threads = goal.fromThreads();
      line(
          md,
          "| %s | %s | %s | %s | %s |",
          goal.goal(),
          goal.measured(),
          yesNo(goal.met()),
          threads == null ? "" : threads.measured(),
          threads == null ? "" : yesNo(threads.met()));
    }
    return md.toString();
  }

  private static void commandRows(StringBuilder md, String what, Results.CommandPair pair) {
    line(md, "| Open Up: %s | %s |", pair.openUpPath(), cells(pair.openUp()));
    line(md, "| Open Up, the same from blocking threads | %s |", cells(pair.openUpFromThreads()));
    line(md, "| Axon: %s | %s |", pair.axonPath(), cells(pair.axon()));
    line(
        md,
        "| **Open Up / Axon, %s** | %.2fx (from threads %.2fx) | | |",
        what,
        pair.ratio(),
        pair.ratioFromThreads());
  }

  private static String yesNo(boolean met) {
    return met ? "yes" : "**no**";
  }

  private static List<Goal> goals(Results r) {
    Measurement ours = r.appends().get(16);
    Measurement threads = r.appendsFromThreads().get(16);
    Measurement pgbench = r.pgbench().get(16);
    Measurement axon = r.axonAppends().get(16);
    double relayP99 = r.relay().latency().p99Millis();
    List<Goal> goals = new ArrayList<>();
    goals.add(
        new Goal(
            "appends at 16 writers >= pgbench one-row inserts at 16 clients",
            format(
                "%,.0f vs %,.0f/s (%s)",
                ours.perSecond(),
                pgbench.perSecond(),
                ratio(ours.perSecond(), pgbench.perSecond())),
            ours.perSecond() >= pgbench.perSecond(),
            new Verdict(
                format(
                    "%,.0f/s (%s)",
                    threads.perSecond(), ratio(threads.perSecond(), pgbench.perSecond())),
                threads.perSecond() >= pgbench.perSecond())));
    goals.add(
        new Goal(
            "appends at 16 writers >= 1.2x Axon at 16 writers",
            format(
                "%,.0f vs %,.0f/s (%s)",
                ours.perSecond(), axon.perSecond(), ratio(ours.perSecond(), axon.perSecond())),
            ours.perSecond() >= 1.2 * axon.perSecond(),
            new Verdict(
                format(
                    "%,.0f/s (%s)",
                    threads.perSecond(), ratio(threads.perSecond(), axon.perSecond())),
                threads.perSecond() >= 1.2 * axon.perSecond())));
    goals.add(
        new Goal(
            "command path (load, decide, append) >= 1.5x Axon's aggregate path, read as each"
                + " system's aggregate repository, reading every stream",
            commandPair(r.aggregatePath()),
            r.aggregatePath().ratio() >= 1.5,
            threadsVerdict(r.aggregatePath())));
    goals.add(
        new Goal(
            "the same goal, read as the stores alone (Axon's storage engine), reading every stream",
            commandPair(r.storePath()),
            r.storePath().ratio() >= 1.5,
            threadsVerdict(r.storePath())));
    goals.add(
        new Goal(
            "the same goal, read as both aggregate repositories with their caches",
            commandPair(r.cachedPath()),
            r.cachedPath().ratio() >= 1.5,
            threadsVerdict(r.cachedPath())));
    goals.add(
        new Goal(
            format(
                "relay latency p99 < 20 ms at %,d events/s (after %d s at that rate, not counted)",
                r.config().relayRate(), r.config().relayWarmup().toSeconds()),
            format("%.2f ms", relayP99),
            relayP99 < 20));
    return goals;
  }

  private static Verdict threadsVerdict(Results.CommandPair pair) {
    return new Verdict(
        format("%,.0f/s (%.2fx)", pair.openUpFromThreads().perSecond(), pair.ratioFromThreads()),
        pair.ratioFromThreads() >= 1.5);
  }

  private static String commandPair(Results.CommandPair pair) {
    return format(
        "%,.0f vs %,.0f/s (%.2fx)",
        pair.openUp().perSecond(), pair.axon().perSecond(), pair.ratio());
  }

  private static String cells(Measurement m) {
    return format("%,.0f | %.2f | %.2f", m.perSecond(), m.p50Millis(), m.p99Millis());
  }

  private static String ratio(double ours, double theirs) {
    return format("%.2fx", ours / theirs);
  }

  private static void line(StringBuilder md, String format, Object... args) {
    md.append(format(format, args)).append('\n');
  }

  private static String format(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
