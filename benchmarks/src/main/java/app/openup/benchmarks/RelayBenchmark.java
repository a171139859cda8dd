package app.openup.benchmarks;

import app.openup.eventing.relay.EventRelay;
import app.openup.eventing.relay.RelayOptions;
import app.openup.localkafka.LocalKafka;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The relay, from commit in the event store to a plain consumer reading the record from Kafka,
 * beside Kafka's own producer benchmark on the same broker.
 */
final class RelayBenchmark {

  private static final String RELAY_TOPIC = "bench.events";
  private static final String PRODUCER_TOPIC = "bench.producer-performance";
  private static final String PRODUCER_PACED_TOPIC = "bench.producer-performance-paced";
  private static final String BROKER_WARMUP_TOPIC = "bench.broker-warmup";
  private static final int PARTITIONS = 3;
  private static final int WARMUP_EVENTS = 2_000;
  private static final int APPEND_CONCURRENCY = 64;
  private static final Duration AWAIT = Duration.ofMinutes(2);

  /**
   * @param backlogPerSecond events per second the relay published from a backlog
   * @param latency from append completed (committed) to Kafka's acknowledgement of the relay's
   *     record, of events appended at a steady rate; its {@code perSecond} is the rate achieved
   * @param pickup the part of it until the relay sent the event to Kafka (1 ms resolution: the
   *     record's timestamp)
   * @param toConsumer from append completed to a plain consumer reading the record
   * @param producer ProducerPerformance at full speed
   * @param producerPaced ProducerPerformance at the same steady rate
   */
  record Result(
      double backlogPerSecond,
      Measurement latency,
      Measurement pickup,
      Measurement toConsumer,
      KafkaProducerBenchmark.Summary producer,
      KafkaProducerBenchmark.Summary producerPaced) {}

  /** The latency of paced appends, and the relay's part of it (see {@link Result}). */
  private record Paced(Measurement latency, Measurement pickup, Measurement toConsumer) {}

  private RelayBenchmark() {}

  static Result run(
      BenchConfig config, Postgres postgres, String database, Cleanup cleanup, Path workDir)
      throws Exception {
    LocalKafka kafka = cleanup.add(LocalKafka.startEphemeral());
    String bootstrap = kafka.bootstrapServers();
    System.out.printf(
        "Kafka broker at %s (started in %d ms)%n", bootstrap, kafka.startedIn().toMillis());
    createTopics(bootstrap, RELAY_TOPIC, PRODUCER_TOPIC, PRODUCER_PACED_TOPIC, BROKER_WARMUP_TOPIC);

    // A new broker's first young collections are its long ones (its start-up objects are still
    // being copied: 50 ms pauses against 20-30 ms a minute later, measured), so Kafka's own
    // producer runs once at full speed, untimed, before anything is timed on the broker.
    KafkaProducerBenchmark.Summary warmup =
        KafkaProducerBenchmark.run(
            bootstrap, BROKER_WARMUP_TOPIC, config.producerRecords(), -1, workDir);
    System.out.println("ProducerPerformance, warming the broker (not counted): " + warmup.line());
    KafkaProducerBenchmark.Summary producer =
        KafkaProducerBenchmark.run(
            bootstrap, PRODUCER_TOPIC, config.producerRecords(), -1, workDir);
    System.out.println("ProducerPerformance: " + producer.line());

    double backlogPerSecond;
    Paced paced;
    RelayOptions options =
        RelayOptions.defaults(
                "bench",
                RELAY_TOPIC,
                postgres.jdbcUrl(database),
                postgres.user(),
                postgres.password(),
                bootstrap)
            .withKafka(
                Map.of(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, AckRecorder.class.getName()));
    try (OpenUpStore store = new OpenUpStore(postgres, database, config.poolSize());
        TopicWatcher watcher = new TopicWatcher(bootstrap, RELAY_TOPIC, PARTITIONS);
        EventRelay relay = new EventRelay(options).start()) {
      store.appendMany(WARMUP_EVENTS, APPEND_CONCURRENCY);
      watcher.awaitReceived(WARMUP_EVENTS, AWAIT);
      long read = WARMUP_EVENTS;

      backlogPerSecond =
          backlogThroughput(config.relayBacklog(), read, store, watcher, postgres, database);
      read += config.relayBacklog();
      System.out.printf(
          "relay, backlog of %,d events: %,.0f events/s%n",
          config.relayBacklog(), backlogPerSecond);

      paced =
          pacedLatency(
              config.relayRate(),
              config.relayWarmup(),
              config.relayDuration(),
              read,
              store,
              watcher);
      System.out.printf("relay at %,d events/s: %s%n", config.relayRate(), paced.latency());
      System.out.printf("  of which until sent to Kafka: %s%n", paced.pickup());
      System.out.printf("  until read by a consumer: %s%n", paced.toConsumer());
    }

    int pacedRecords = (int) (config.relayRate() * config.relayDuration().toSeconds());
    KafkaProducerBenchmark.Summary producerPaced =
        KafkaProducerBenchmark.run(
            bootstrap,
            PRODUCER_PACED_TOPIC,
            pacedRecords,
            config.relayRate(),
            workDir,
            // The relay's own setting: a record goes out as soon as it is sent.
            "linger.ms=0");
    System.out.println("ProducerPerformance, paced: " + producerPaced.line());
    return new Result(
        backlogPerSecond,
        paced.latency(),
        paced.pickup(),
        paced.toConsumer(),
        producer,
        producerPaced);
  }

  /**
   * Appends a backlog while an open transaction holds the relay back (it publishes only events of
   * transactions older than every one still running), then ends that transaction and times how long
   * until the consumer has read the whole backlog.
   */
  private static double backlogThroughput(
      int backlog,
      long alreadyRead,
      OpenUpStore store,
      TopicWatcher watcher,
      Postgres postgres,
      String database)
      throws Exception {
    try (Connection holder = postgres.connect(database);
        Statement statement = holder.createStatement()) {
      holder.setAutoCommit(false);
      statement.execute("select pg_current_xact_id()");
      store.appendMany(backlog, APPEND_CONCURRENCY);
      long released = System.nanoTime();
      holder.rollback();
      holder.setAutoCommit(true);
      // A rollback notifies nobody: wake the relay as an append's commit would.
      statement.execute("notify event_store");
      long lastReadAt = watcher.awaitReceived(alreadyRead + backlog, AWAIT);
      return backlog / ((lastReadAt - released) / 1e9);
    }
  }

  /**
   * Appends at a steady rate (each append on its own, not waiting for the previous one) and
   * measures, per event, from the moment its append completed to the moment Kafka acknowledged the
   * relay's record, to the moment the relay sent it, and to the moment the consumer read it. The
   * appends of the warm-up, at the same rate, are published but not counted: the first seconds at a
   * new rate run code the backlog did not (one append per commit, one event per read) and measured
   * several times slower than the rest. What is noted per event is kept by its global position in
   * columns of numbers ({@link LongColumn}), so that the notes do not lengthen the collections of
   * the JVM the relay runs in.
   */
  private static Paced pacedLatency(
      int rate,
      Duration warmup,
      Duration duration,
      long alreadyRead,
      OpenUpStore store,
      TopicWatcher watcher)
      throws InterruptedException, TimeoutException {
    int warmupEvents = (int) (rate * warmup.toSeconds());
    int measured = (int) (rate * duration.toSeconds());
    int total = warmupEvents + measured;
    int expectedPositions = (int) alreadyRead + total + 1;
    LongColumn committedNanos = new LongColumn(expectedPositions);
    LongColumn committedEpochMillis = new LongColumn(expectedPositions);
    CountDownLatch appended = new CountDownLatch(total);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    long measureFrom = start + warmupEvents * interval;
    for (int i = 0; i < total; i++) {
      long due = start + i * interval;
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      boolean counted = i >= warmupEvents;
      store
          .appendNew(BenchEvent.random())
          .subscribe()
          .with(
              position -> {
                if (counted) {
                  committedNanos.putIfAbsent(position, System.nanoTime());
                  committedEpochMillis.putIfAbsent(position, System.currentTimeMillis());
                }
                appended.countDown();
              },
              error -> {
                failure.compareAndSet(null, error);
                appended.countDown();
              });
    }
    double achievedRate = measured / ((System.nanoTime() - measureFrom) / 1e9);
    if (!appended.await(AWAIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new TimeoutException("Appends did not complete within " + AWAIT);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("An append failed", failure.get());
    }
    watcher.awaitReceived(alreadyRead + total, AWAIT);
    Latencies toAck = new Latencies();
    Latencies toConsumer = new Latencies();
    Latencies toSend = new Latencies();
    for (long position = 0; position < committedNanos.capacity(); position++) {
      OptionalLong appendedAt = committedNanos.get(position);
      if (appendedAt.isEmpty()) {
        continue;
      }
      long at = position;
      TopicWatcher.Arrival arrival =
          watcher
              .arrival(position)
              .orElseThrow(() -> new IllegalStateException("Event " + at + " was not read"));
      long ackedAt =
          AckRecorder.ackedAt(arrival.partition(), arrival.offset())
              .orElseThrow(() -> new IllegalStateException("No ack recorded for event " + at));
      toAck.add(ackedAt - appendedAt.getAsLong());
      toConsumer.add(arrival.receivedNanos() - appendedAt.getAsLong());
      toSend.add(
          TimeUnit.MILLISECONDS.toNanos(
              arrival.sentEpochMillis() - committedEpochMillis.get(position).getAsLong()));
    }
    return new Paced(
        Measurement.of(toAck, achievedRate),
        Measurement.of(toSend, achievedRate),
        Measurement.of(toConsumer, achievedRate));
  }

  private static void createTopics(String bootstrapServers, String... topics) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin
          .createTopics(
              Arrays.stream(topics).map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList())
          .all()
          .get(1, TimeUnit.MINUTES);
    }
  }
}
