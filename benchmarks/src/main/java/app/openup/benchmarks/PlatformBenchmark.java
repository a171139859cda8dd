package app.openup.benchmarks;

import app.openup.benchmarks.CoupleJourneys.Partner;
import app.openup.benchmarks.CoupleJourneys.Ports;
import app.openup.benchmarks.OpenLoad.Call;
import app.openup.benchmarks.OpenLoad.Phase;
import app.openup.benchmarks.ProcessStats.Usage;
import app.openup.testkit.LocalPlatform;
import app.openup.testkit.LocalPlatform.Service;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The platform under load through its public HTTP API, from a command to the couple's dashboard,
 * beside the machine's own limits measured in the same run. See README.md, "The platform".
 *
 * <p>It starts the platform as the local run does ({@link LocalPlatform}: the packaged services, a
 * Kafka broker, fresh databases, on free ports), then measures in turn: each service's start-up to
 * ready; the yardsticks (pgbench, Kafka's ProducerPerformance, EndToEndLatency, Kafka at the
 * platform's pace ({@link PacedKafkaLatency}), and the floor: a bare Quarkus insert endpoint); the
 * couples' journeys at fixed rates (open model), with end-to-end probes, memory and CPU, then a
 * phase at {@code bench.profileRate} under a flight recording; the highest sustained rate of
 * commands alone and of the floor; the history's rebuild from the topics the run wrote beside
 * ConsumerPerformance on them, and the dashboard and history under load.
 */
public final class PlatformBenchmark {

  private static final List<Integer> RATES =
      ints(System.getProperty("bench.rates", "100,500,1000"));
  private static final List<Integer> RAMP =
      ints(System.getProperty("bench.rampRates", "20,40,80,160,320,640,1280,2560,3840,5120"));
  private static final Duration WARM_UP =
      Duration.ofSeconds(Integer.getInteger("bench.platformWarmupSeconds", 10));
  private static final Duration MEASURE =
      Duration.ofSeconds(Integer.getInteger("bench.platformSeconds", 60));
  private static final double READS_PER_COMMAND =
      Double.parseDouble(System.getProperty("bench.readsPerCommand", "1.5"));
  private static final int CONNECTIONS = Integer.getInteger("bench.connections", 64);
  private static final int PROFILE_RATE = Integer.getInteger("bench.profileRate", 500);
  private static final int PGBENCH_CLIENTS = Integer.getInteger("bench.pgbenchClients", 20);

  /** Before the first measured phase: journeys at a gentle rate while the JVMs compile. */
  private static final Duration SETTLE =
      Duration.ofSeconds(Integer.getInteger("bench.settleSeconds", 120));

  private static final int SETTLE_RATE = Integer.getInteger("bench.settleRate", 10);
  private static final int QUERY_RATE = Integer.getInteger("bench.queryRate", 100);

  /** Whether to run the yardsticks and the ramps (off only for a quick look at the journeys). */
  private static final boolean YARDSTICKS =
      Boolean.parseBoolean(System.getProperty("bench.yardsticks", "true"));

  private static final boolean RAMPS =
      Boolean.parseBoolean(System.getProperty("bench.ramps", "true"));

  /** A rate is sustained if no request failed and the last slice's p99 stayed under this. */
  private static final long SUSTAINED_P99_MICROS = 500_000;

  /** ... and the end-to-end p99 under this (the projection keeps up). */
  private static final long SUSTAINED_E2E_P99_MICROS = 1_000_000;

  private static final Pattern E2E_PERCENTILES =
      Pattern.compile("50th = ([0-9.]+), 99th = ([0-9.]+), 99.9th = ([0-9.]+)");
  private static final List<String> TOPICS =
      List.of("needs.events", "sessions.events", "feedback.events");

  private PlatformBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path repository = Path.of("").toAbsolutePath();
    if (!Files.exists(repository.resolve("needs-service"))) {
      repository = repository.getParent();
    }
    Postgres postgres = Postgres.fromEnvironment();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    PlatformReport report = new PlatformReport();
    try (Cleanup cleanup = new Cleanup()) {
      Path dir = cleanup.temporaryDirectory("openup-platform-bench-");
      String prefix = "openup_bench_platform_" + Long.toHexString(System.nanoTime());

      System.out.println("starting the platform (LocalPlatform: Kafka and the three services)");
      Path logs = Path.of("target", "platform-benchmark-logs");
      cleanup.add(() -> keepLogs(dir, logs));
      LocalPlatform platform =
          cleanup.add(
              LocalPlatform.start(
                  LocalPlatform.Settings.isolated(repository, dir.resolve("platform"))));
      report.startUp(startUpTimes(platform));

      if (YARDSTICKS) {
        System.out.println(
            "yardsticks: pgbench, ProducerPerformance, EndToEndLatency, Kafka at the platform's"
                + " pace");
        Pgbench pgbench =
            new Pgbench(
                postgres,
                cleanup.database(postgres, prefix + "_pgbench"),
                "{\"text\":\"a few words of a couple\"}",
                dir);
        Measurement pg1 = pgbench.run(1, Duration.ofSeconds(10));
        Measurement pgN = pgbench.run(PGBENCH_CLIENTS, Duration.ofSeconds(10));
        KafkaProducerBenchmark.Summary producer =
            KafkaProducerBenchmark.run(
                platform.bootstrapServers(), "bench.producer", 200_000, -1, dir);
        double[] kafkaE2e = endToEndLatency(platform.bootstrapServers(), dir);
        int pace = RATES.get(0);
        double[] pacedE2e =
            PacedKafkaLatency.run(
                platform.bootstrapServers(), "bench.paced", pace, Math.max(600, pace * 30));
        report.yardsticks(pg1, pgN, PGBENCH_CLIENTS, producer, kafkaE2e, pace, pacedE2e);
      }

      System.out.println("starting the floor: a bare Quarkus insert endpoint");
      Floor floor =
          cleanup.add(
              Floor.start(
                  repository, postgres, cleanup.database(postgres, prefix + "_floor"), dir, http));

      try (OpenLoad load = new OpenLoad(CONNECTIONS)) {
        EndToEnd endToEnd = new EndToEnd(load);
        Ports ports =
            new Ports(
                platform.service("needs-service").port(),
                platform.service("session-service").port(),
                platform.service("feedback-service").port());
        Partners partners = new Partners(platform);
        CoupleJourneys journeys =
            new CoupleJourneys(ports, partners, READS_PER_COMMAND, load, endToEnd);

        // The floor first, on a quiet machine, before the platform's pools have opened their
        // connections (PostgreSQL's max_connections is shared by all of them).
        List<Phase> floorSteps = RAMPS ? ramp(load, null, floor.workload(), null, null) : List.of();
        floor.close();

        System.out.printf(
            "settling: journeys at %d commands/s for %d s (not measured)%n",
            SETTLE_RATE, SETTLE.toSeconds());
        partners.prepareFor(SETTLE_RATE, SETTLE);
        load.run(
            "settling",
            SETTLE_RATE,
            SETTLE_RATE * journeys.callsPerCommand(),
            Duration.ZERO,
            SETTLE,
            journeys);

        // 1 and 2: the couples' journeys at the fixed rates, with end-to-end probes; then one more
        // phase at the profiled rate under a flight recording, apart, so that the recorder's own
        // memory (its buffers stay once it stops) and CPU are in no phase's figures.
        List<Integer> phases = new ArrayList<>(RATES);
        if (PROFILE_RATE > 0) {
          phases.add(PROFILE_RATE);
        }
        for (int i = 0; i < phases.size(); i++) {
          int rate = phases.get(i);
          boolean profiled = PROFILE_RATE > 0 && i == phases.size() - 1;
          Map<String, Long> pids = new LinkedHashMap<>();
          for (String name : LocalPlatform.SERVICES) {
            pids.put(name, platform.service(name).process().pid());
          }
          pids.put("kafka", platform.kafkaPid());
          pids.put("load generator", ProcessHandle.current().pid());
          drain(platform, http);
          System.out.printf(
              "journeys at %d commands/s%s%n",
              rate, profiled ? ", under a flight recording (profile only)" : "");
          partners.prepareFor(rate, WARM_UP.plus(MEASURE));
          load.run(
              "warm-up " + rate,
              rate,
              rate * journeys.callsPerCommand(),
              Duration.ZERO,
              WARM_UP,
              journeys);
          if (profiled) {
            for (String name : LocalPlatform.SERVICES) {
              JfrSummary.start(pids.get(name), "bench");
            }
          }
          EndToEnd.Phase e2e = endToEnd.record();
          Phase phase;
          List<Usage> usage;
          try (ProcessStats stats = new ProcessStats(pids)) {
            phase =
                load.run(
                    "journeys " + rate,
                    rate,
                    rate * journeys.callsPerCommand(),
                    Duration.ZERO,
                    MEASURE,
                    journeys);
            usage = stats.stop();
          }
          endToEnd.pause();
          if (!profiled) {
            report.journeys(phase, e2e, usage, sustained(phase, e2e));
          } else {
            report.profile(
                "The phase recorded:" + PlatformReport.line(phase, e2e).substring(1) + "\n");
            for (String name : LocalPlatform.SERVICES) {
              Path file = dir.resolve(name + ".jfr");
              JfrSummary.stop(pids.get(name), "bench", file);
              report.profile(JfrSummary.summarise(name, file, MEASURE));
            }
          }
          System.out.println(PlatformReport.line(phase, e2e));
          usage.forEach(
              u ->
                  System.out.printf(
                      "    %s: %.2f cores%s, RSS peak %.0f MB%n",
                      u.name(),
                      u.cores(),
                      u.threads().isEmpty()
                          ? ""
                          : String.format(
                              " (JIT %.2f, GC %.2f)",
                              u.threads().get("JIT"), u.threads().get("GC")),
                      u.rssPeakMb()));
        }

        // The highest sustained rate of commands alone (no reads); beside the floor's.
        if (RAMPS) {
          drain(platform, http);
          CoupleJourneys commandsOnly = new CoupleJourneys(ports, partners, 0, load, endToEnd);
          report.ramp(
              "platform, commands only (the couples' journeys without reads)",
              ramp(load, endToEnd, commandsOnly, partners, () -> drain(platform, http)));
          report.ramp("floor: a bare Quarkus endpoint inserting one row", floorSteps);
        }

        // 3: projection catch-up from the backlog this run wrote, and queries under load. From a
        // platform at rest: the last phase's events still being relayed and applied would share
        // the cores and the database with the rebuild.
        drain(platform, http);
        List<String> topics = new ArrayList<>();
        for (String topic : TOPICS) {
          if (FeedbackProjectionBenchmark.endOffsets(platform.bootstrapServers(), List.of(topic))
              > 0) {
            topics.add(topic);
          }
        }
        long events = FeedbackProjectionBenchmark.endOffsets(platform.bootstrapServers(), topics);
        double consumerSeconds = 0;
        for (String topic : topics) {
          long count =
              FeedbackProjectionBenchmark.endOffsets(platform.bootstrapServers(), List.of(topic));
          consumerSeconds +=
              count
                  / FeedbackProjectionBenchmark.consumerPerformance(
                      platform.bootstrapServers(), topic, count, dir)[0];
        }
        System.out.printf("rebuilding feedback-history from %,d events%n", events);
        double rebuild =
            FeedbackProjectionBenchmark.rebuild(
                http, platform.service("feedback-service").managementUrl(), events);
        report.catchUp(events, rebuild, events / consumerSeconds, journeys.couplesDone());
        if (journeys.couplesDone().isEmpty()) {
          System.out.println("no couple went the whole way: no queries measured");
        } else {
          Phase queries =
              load.run(
                  "queries",
                  0,
                  QUERY_RATE,
                  Duration.ofSeconds(5),
                  Duration.ofSeconds(20),
                  queries(ports, journeys));
          report.queries(queries);
        }
      }
    }
    String text = report.render(Arrays.asList(args));
    System.out.println();
    System.out.print(text);
    Path results =
        Path.of(
            System.getProperty(
                "bench.platformResultsFile", "target/platform-benchmark-results.md"));
    Files.createDirectories(results.toAbsolutePath().getParent());
    Files.writeString(results, text);
    System.out.println("written to " + results.toAbsolutePath());
  }

  /**
   * Raises the rate step by step ({@code bench.rampRates}) while it is sustained for the measured
   * time; answers every step's phase (the last one not sustained, unless all were).
   */
  private static List<Phase> ramp(
      OpenLoad load,
      EndToEnd endToEnd,
      Supplier<Call> workload,
      Partners partners,
      Runnable drain) {
    List<Phase> steps = new ArrayList<>();
    for (int rate : RAMP) {
      System.out.printf("ramp: %d/s%n", rate);
      if (partners != null) {
        partners.prepareFor(rate, WARM_UP.plus(MEASURE));
      }
      EndToEnd.Phase e2e = endToEnd == null ? new EndToEnd.Phase() : endToEnd.record();
      Phase phase = load.run("ramp " + rate, rate, rate, WARM_UP, MEASURE, workload);
      if (endToEnd != null) {
        endToEnd.pause();
      }
      steps.add(phase);
      phase.sustained = sustained(phase, e2e);
      System.out.printf(
          "  %s: %.0f commands/s, p99 %.1f ms, %d errors%n",
          phase.sustained ? "sustained" : "not sustained",
          phase.commandsPerSecond(),
          phase.commands.getValueAtPercentile(99) / 1e3,
          phase.errorCount());
      if (!phase.sustained) {
        break;
      }
      if (drain != null) {
        drain.run();
      }
    }
    return steps;
  }

  private static final Pattern LAG =
      Pattern.compile(
          "^openup_(?:relay|projection)_lag_events\\{[^}]*\\}\\s+([0-9.E+-]+)", Pattern.MULTILINE);

  /**
   * Waits (at most three minutes) until what the last phase left behind is done: every relay has
   * published its store, every read model of a store and every consumer group of the topics has
   * caught up. Each phase then starts from a platform at rest, not from the last one's backlog.
   */
  static void drain(LocalPlatform platform, HttpClient http) {
    long began = System.nanoTime();
    try {
      Awaitility.await("the platform at rest")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> storesLag(platform, http) == 0 && topicsLag(platform) == 0);
      System.out.printf("  at rest after %.1f s%n", (System.nanoTime() - began) / 1e9);
    } catch (ConditionTimeoutException stillBusy) {
      // Reported, not fatal: the next phase then starts on a platform still catching up.
      System.out.printf("  NOT at rest after 3 minutes (%s); going on%n", stillBusy.getMessage());
    }
  }

  private static double storesLag(LocalPlatform platform, HttpClient http) throws Exception {
    double lag = 0;
    for (String name : LocalPlatform.SERVICES) {
      String metrics =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create(platform.service(name).managementUrl() + "/q/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher m = LAG.matcher(metrics);
      while (m.find()) {
        lag += Double.parseDouble(m.group(1));
      }
    }
    return lag;
  }

  /** The consumer groups of the platform's topics, with the topics each reads. */
  private static final Map<String, List<String>> GROUPS =
      Map.of("session-service", List.of("needs.events"), "feedback-service", TOPICS);

  /**
   * Records of the platform's topics not yet committed by its consumer groups. A partition a group
   * has committed nothing for counts from its beginning: a consumer that died before its first
   * commit is behind, not at rest.
   */
  private static long topicsLag(LocalPlatform platform) throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of("bootstrap.servers", platform.bootstrapServers()))) {
      long lag = 0;
      for (var group : GROUPS.entrySet()) {
        var committed =
            admin.listConsumerGroupOffsets(group.getKey()).partitionsToOffsetAndMetadata().get();
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>
            ends = new java.util.HashMap<>();
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>
            starts = new java.util.HashMap<>();
        admin
            .describeTopics(group.getValue())
            .allTopicNames()
            .get()
            .values()
            .forEach(
                topic ->
                    topic
                        .partitions()
                        .forEach(
                            p -> {
                              var tp =
                                  new org.apache.kafka.common.TopicPartition(
                                      topic.name(), p.partition());
                              ends.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest());
                              starts.put(tp, org.apache.kafka.clients.admin.OffsetSpec.earliest());
                            }));
        var latest = admin.listOffsets(ends).all().get();
        var earliest = admin.listOffsets(starts).all().get();
        for (var end : latest.entrySet()) {
          var offset = committed.get(end.getKey());
          long from = offset != null ? offset.offset() : earliest.get(end.getKey()).offset();
          lag += end.getValue().offset() - from;
        }
      }
      return lag;
    }
  }

  /** No error, no growing queue (the last slice's p99), and the projection keeping up. */
  static boolean sustained(Phase phase, EndToEnd.Phase e2e) {
    Histogram last = phase.commandSlices[phase.commandSlices.length - 1];
    boolean projectionKeptUp =
        e2e.notSeen.get() == 0
            && (e2e.history.getTotalCount() == 0
                || e2e.history.getValueAtPercentile(99) < SUSTAINED_E2E_P99_MICROS);
    return phase.errorCount() == 0
        && last.getTotalCount() > 0
        && last.getValueAtPercentile(99) < SUSTAINED_P99_MICROS
        && projectionKeptUp;
  }

  /**
   * Each service stopped (SIGTERM, as a rollout does) and started again, in turn, with the rest
   * running: start to ready. The platform's first start after a build trained each service's class
   * archive, kept when that process stopped; these starts use it, as every later start does.
   */
  private static Map<String, Duration> startUpTimes(LocalPlatform platform) {
    Map<String, Duration> times = new LinkedHashMap<>();
    for (String name : LocalPlatform.SERVICES) {
      Service service = platform.service(name);
      platform.stop(service);
      long began = System.nanoTime();
      platform.restart(service);
      times.put(name, Duration.ofNanos(System.nanoTime() - began));
      System.out.printf("%s ready in %d ms%n", name, times.get(name).toMillis());
    }
    return times;
  }

  /**
   * Partners with tokens signed before a phase (enough for it), so that signing does not take the
   * machine's cores during a measurement; signed on the spot only if a phase needs more.
   */
  static final class Partners implements Supplier<Partner> {
    private final LocalPlatform platform;
    private final java.util.concurrent.ConcurrentLinkedQueue<Partner> signed =
        new java.util.concurrent.ConcurrentLinkedQueue<>();

    Partners(LocalPlatform platform) {
      this.platform = platform;
    }

    /** Signs tokens for the couples a phase of this many commands would start, and a fifth more. */
    void prepareFor(double commandsPerSecond, Duration duration) {
      int needed =
          (int) (commandsPerSecond * duration.toSeconds() / CoupleJourneys.COMMANDS * 2 * 1.2)
              + 100;
      int missing = needed - signed.size();
      if (missing > 0) {
        java.util.stream.IntStream.range(0, missing).parallel().forEach(i -> signed.add(sign()));
      }
    }

    private Partner sign() {
      UUID id = UUID.randomUUID();
      return new Partner(id, platform.tokens().forPartner(id, Duration.ofHours(12)));
    }

    @Override
    public Partner get() {
      Partner next = signed.poll();
      return next != null ? next : sign();
    }
  }

  /** Dashboards and first history pages of couples that went through the method. */
  private static Supplier<Call> queries(Ports ports, CoupleJourneys journeys) {
    List<String[]> couples = journeys.couplesDone();
    if (couples.isEmpty()) {
      throw new IllegalStateException("no couple finished its journey");
    }
    Random random = new Random(7);
    return () -> {
      String[] couple = couples.get(random.nextInt(couples.size()));
      boolean dashboard = random.nextBoolean();
      return new Call(
          dashboard ? "dashboard" : "history",
          false,
          ports.feedback(),
          HttpMethod.GET,
          "/api/v1/couples/" + couple[0] + (dashboard ? "/dashboard" : "/history?limit=20"),
          couple[1],
          null,
          null,
          reply -> {});
    };
  }

  /** Kafka's EndToEndLatency: 10,000 records of 200 bytes, acks=all: p50, p99, p99.9 in ms. */
  private static double[] endToEndLatency(String bootstrapServers, Path dir) throws Exception {
    String printed =
        KafkaTool.run(
            "EndToEndLatency",
            dir.resolve("end-to-end-latency.out"),
            5,
            bootstrapServers,
            "bench.end-to-end",
            "10000",
            "all",
            "200");
    Matcher m = E2E_PERCENTILES.matcher(printed);
    if (!m.find()) {
      throw new IllegalStateException("EndToEndLatency printed no percentiles: " + printed);
    }
    return new double[] {
      Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))
    };
  }

  /** Copies the services' and the floor's logs out of the temporary directory before it goes. */
  private static void keepLogs(Path dir, Path logs) throws java.io.IOException {
    Files.createDirectories(logs);
    List<Path> found = new ArrayList<>();
    try (var files = Files.walk(dir)) {
      files.filter(f -> f.toString().endsWith(".log")).forEach(found::add);
    }
    for (Path log : found) {
      Files.copy(
          log, logs.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    System.out.println("logs kept in " + logs.toAbsolutePath());
  }

  private static List<Integer> ints(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf).toList();
  }

  /** The floor: the bare insert endpoint in a process of its own, as a service runs. */
  static final class Floor implements AutoCloseable {
    private final Process process;
    private final int port;

    private Floor(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    static Floor start(
        Path repository, Postgres postgres, String database, Path dir, HttpClient http)
        throws Exception {
      Path jar = repository.resolve("benchmarks/floor/target/quarkus-app/quarkus-run.jar");
      if (!Files.exists(jar)) {
        throw new IllegalStateException(jar + " is missing: build with -Pbenchmarks first");
      }
      int port = LocalPlatform.freePort();
      int management = LocalPlatform.freePort();
      // The services' own JVM options, so the ratio to the floor compares code, not flags.
      ProcessBuilder builder =
          LocalPlatform.process(jar)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("floor.log").toFile());
      builder.environment().put("FLOOR_PORT", String.valueOf(port));
      builder.environment().put("FLOOR_MANAGEMENT_PORT", String.valueOf(management));
      builder.environment().put("FLOOR_DB", database);
      builder.environment().put("OPENUP_DB_HOST", postgres.host());
      builder.environment().put("OPENUP_DB_PORT", String.valueOf(postgres.port()));
      builder.environment().put("OPENUP_DB_USER", postgres.user());
      builder.environment().put("OPENUP_DB_PASSWORD", postgres.password());
      Floor floor = new Floor(builder.start(), port);
      HttpRequest ready =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/q/health/ready"))
              .build();
      Awaitility.await("the floor ready")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(100))
          .failFast(
              "the floor stopped; see " + dir.resolve("floor.log"), () -> !floor.process.isAlive())
          .ignoreExceptions()
          .until(
              () -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
      return floor;
    }

    Supplier<Call> workload() {
      return () ->
          new Call(
              "insert",
              true,
              port,
              HttpMethod.POST,
              "/rows",
              null,
              null,
              "{\"text\":\"a few words of a couple, " + LocalDate.now() + "\"}",
              reply -> {});
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
