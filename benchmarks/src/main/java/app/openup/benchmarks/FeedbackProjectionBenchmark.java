package app.openup.benchmarks;

import app.openup.localkafka.LocalKafka;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventSerializer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * feedback-service's read side from a backlog: {@code needs.events} and {@code sessions.events}
 * written as the producers write them (CloudEvents 1.0, binary mode, keyed by couple, contiguous
 * stream versions) for {@code bench.couples} couples of about a hundred events each, then the
 * packaged feedback-service started on them. Measured: the live projection's catch-up (events/s,
 * from the consumer group's committed offsets), a rebuild of the history from offset zero beside
 * the live one ({@code POST /q/projections/feedback-history/rebuild}, events/s), and the dashboard
 * and first history page p50/p99 through HTTP for partners of random couples; beside them, Kafka's
 * {@code ConsumerPerformance} reading the same topics on the same broker.
 */
public final class FeedbackProjectionBenchmark {

  private static final int COUPLES = Integer.getInteger("bench.couples", 10_000);
  private static final int READS = Integer.getInteger("bench.reads", 1000);

  /**
   * {@code session-service}: instead of feedback-service, session-service's membership catches up
   * on the same backlog's {@code needs.events} (nothing else is measured).
   */
  private static final String CONSUMER = System.getProperty("bench.consumer", "feedback-service");

  private static final boolean REBUILD =
      Boolean.parseBoolean(System.getProperty("bench.rebuild", "true"));
  private static final int NEEDS_PER_COUPLE = 6;
  private static final int SESSIONS_PER_COUPLE = 6;

  /** The longest a couple's generated history lasts (needs about 37 days, sessions about 25). */
  private static final int HISTORY_DAYS = 70;

  private static final List<String> TOPICS = List.of("needs.events", "sessions.events");
  private static final List<String> NEED_TOPICS =
      List.of("FINANCES", "WORK_STRESS", "FAMILY_PLANS", "QUALITY_TIME", "INTIMACY", "HEALTH");
  private static final String GROUP = "feedback-service";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ALL_TIME_HELD =
      Pattern.compile("\"allTime\":\\{[^}]*\"sessionsHeld\":" + SESSIONS_PER_COUPLE + "[,}]");
  private static final Pattern RETIRED =
      Pattern.compile("Read model feedback-history: version 1 (not )?retired");
  private static final Pattern SWITCHED = Pattern.compile("\"switched\"\\s*:\\s*true");
  private static final Pattern DEAD_LETTERS =
      Pattern.compile("openup_consumer_dead_letters_total\\{[^}]*\\}\\s+([0-9.E]+)");

  /** How the long waits poll: every 250 ms, for at most two hours. */
  private static final ConditionFactory WAIT =
      Awaitility.await().atMost(Duration.ofHours(2)).pollInterval(Duration.ofMillis(250));

  private FeedbackProjectionBenchmark() {}

  /** A couple of the backlog: its id and its two partners. */
  private record Couple(UUID id, UUID first, UUID second) {}

  public static void main(String[] args) throws Exception {
    Path jar = jar("bench.feedbackJar", "feedback-service");
    Postgres postgres = Postgres.fromEnvironment();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    StringBuilder report = new StringBuilder();
    try (Cleanup cleanup = new Cleanup()) {
      Path dir = cleanup.temporaryDirectory("openup-feedback-bench-");
      ServiceProcess.Keys keys = new ServiceProcess.Keys(dir);
      String prefix = "openup_bench_feedback_" + Long.toHexString(System.nanoTime());
      LocalKafka kafka = cleanup.add(LocalKafka.startEphemeral());
      System.out.printf("writing the backlog of %,d couples%n", COUPLES);
      long began = System.nanoTime();
      List<Couple> couples = new ArrayList<>();
      long events = writeBacklog(kafka.bootstrapServers(), couples);
      double writeSeconds = (System.nanoTime() - began) / 1e9;
      System.out.printf("%,d events written in %.1f s%n", events, writeSeconds);

      List<String> yardstick = new ArrayList<>();
      long yardstickMessages = 0;
      double yardstickSeconds = 0;
      for (String topic : TOPICS) {
        long count = endOffsets(kafka.bootstrapServers(), List.of(topic));
        double[] consumed = consumerPerformance(kafka.bootstrapServers(), topic, count, dir);
        yardstickMessages += count;
        yardstickSeconds += count / consumed[0];
        yardstick.add(String.format("%s %,.0f msg/s", topic, consumed[0]));
      }
      double yardstickRate = yardstickMessages / yardstickSeconds;
      System.out.printf("ConsumerPerformance: %s%n", String.join(", ", yardstick));

      String db = cleanup.database(postgres, prefix);
      String keysDb = cleanup.database(postgres, prefix + "_keys");
      if (CONSUMER.equals("session-service")) {
        membership(kafka, postgres, keys, http, dir, db, keysDb, yardstick);
        return;
      }
      ServiceProcess service =
          cleanup.add(
              ServiceProcess.start(
                  "FEEDBACK_SERVICE",
                  jar,
                  Map.of("OPENUP_FEEDBACK_DB", db, "OPENUP_FEEDBACK_KEYS_DB", keysDb),
                  postgres,
                  kafka.bootstrapServers(),
                  keys,
                  dir.resolve("feedback-service.log")));
      long startedAt = System.nanoTime();
      Duration ready = service.awaitReady(http, Duration.ofSeconds(120));
      System.out.printf("feedback-service ready in %.1f s; catching up%n", ready.toMillis() / 1e3);
      double[] live = catchUp(kafka.bootstrapServers(), GROUP, TOPICS, events, startedAt);
      System.out.printf(
          "live projection: %,.0f events/s (steady), %,.0f events/s from start%n",
          live[0], live[1]);
      checkNoDeadLetters(http, service);

      double rebuild = REBUILD ? rebuild(http, service.managementUrl(), events) : Double.NaN;
      System.out.printf("rebuild of feedback-history: %,.0f events/s%n", rebuild);
      if (REBUILD) {
        // The old version's rows are deleted ten seconds after the switch: the reads are measured
        // once that is done, on a read model at rest, as in a run without a rebuild.
        Path log = dir.resolve("feedback-service.log");
        WAIT.until(() -> RETIRED.matcher(Files.readString(log)).find());
      }

      double[] reads = reads(http, service, keys, couples);
      System.out.printf(
          "dashboard p50 %.2f p99 %.2f ms; history p50 %.2f p99 %.2f ms%n",
          reads[0], reads[1], reads[2], reads[3]);
      checkNoDeadLetters(http, service);

      report.append(
          String.format(
              "feedback-service read side, %,d couples, %,d events (%s)%n%n",
              COUPLES, events, Instant.now().atOffset(ZoneOffset.UTC).toLocalDate()));
      report.append("| what | ours | yardstick |\n|---|---:|---:|\n");
      report.append(
          String.format(
              "| backlog applied by the live projection, events/s | %,.0f (steady), %,.0f"
                  + " (from start) | ConsumerPerformance %,.0f msg/s (%s) |%n",
              live[0], live[1], yardstickRate, String.join("; ", yardstick)));
      if (REBUILD) {
        report.append(
            String.format(
                "| rebuild of feedback-history from offset 0, events/s | %,.0f | (same) |%n",
                rebuild));
      }
      report.append(
          String.format("| dashboard p50 / p99 ms | %.2f / %.2f | |%n", reads[0], reads[1]));
      report.append(
          String.format(
              "| history, first page of 20, p50 / p99 ms | %.2f / %.2f | |%n", reads[2], reads[3]));
    }
    System.out.println();
    System.out.print(report);
    Path results =
        Path.of(System.getProperty("bench.resultsFile", "target/feedback-benchmark-results.md"));
    Files.createDirectories(results.toAbsolutePath().getParent());
    Files.writeString(results, report.toString());
  }

  /**
   * session-service started on the backlog: its membership's catch-up on {@code needs.events}
   * (events/s from the consumer group's committed offsets), printed and written to the results.
   */
  private static void membership(
      LocalKafka kafka,
      Postgres postgres,
      ServiceProcess.Keys keys,
      HttpClient http,
      Path dir,
      String db,
      String keysDb,
      List<String> yardstick)
      throws Exception {
    Path jar = jar("bench.sessionJar", "session-service");
    List<String> needs = List.of("needs.events");
    long events = endOffsets(kafka.bootstrapServers(), needs);
    try (ServiceProcess service =
        ServiceProcess.start(
            "SESSION_SERVICE",
            jar,
            Map.of("OPENUP_SESSIONS_DB", db, "OPENUP_SESSIONS_KEYS_DB", keysDb),
            postgres,
            kafka.bootstrapServers(),
            keys,
            dir.resolve("session-service.log"))) {
      long startedAt = System.nanoTime();
      Duration ready = service.awaitReady(http, Duration.ofSeconds(120));
      System.out.printf("session-service ready in %.1f s; catching up%n", ready.toMillis() / 1e3);
      double[] live =
          catchUp(kafka.bootstrapServers(), "session-service", needs, events, startedAt);
      checkNoDeadLetters(http, service);
      String report =
          String.format(
              "session-service's membership, %,d couples, %,d events of needs.events (%s)%n%n"
                  + "| what | ours | yardstick |%n|---|---:|---:|%n"
                  + "| backlog applied by the membership from ready, events/s | %,.0f |"
                  + " ConsumerPerformance %s |%n",
              COUPLES,
              events,
              Instant.now().atOffset(ZoneOffset.UTC).toLocalDate(),
              live[1],
              yardstick.get(0));
      System.out.println();
      System.out.print(report);
      Path results =
          Path.of(
              System.getProperty("bench.resultsFile", "target/membership-benchmark-results.md"));
      Files.createDirectories(results.toAbsolutePath().getParent());
      Files.writeString(results, report);
    }
  }

  /**
   * The packaged service the property names, by default the module's own (from the repository or
   * from {@code benchmarks/}, where Maven runs the benchmark).
   */
  private static Path jar(String property, String module) {
    Path jar =
        Path.of(System.getProperty(property, module + "/target/quarkus-app/quarkus-run.jar"));
    return Files.exists(jar) ? jar : Path.of("..").resolve(jar);
  }

  // ---- the backlog

  /** Writes every couple's events; answers how many. */
  private static long writeBacklog(String bootstrapServers, List<Couple> couples) throws Exception {
    CloudEventSerializer serializer = new CloudEventSerializer();
    serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY), false);
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    AtomicLong written = new AtomicLong();
    AtomicReference<Exception> failed = new AtomicReference<>();
    Random random = new Random(20261201);
    Instant now = Instant.now();
    try (KafkaProducer<String, CloudEvent> producer =
        new KafkaProducer<>(config, new StringSerializer(), serializer)) {
      Backlog backlog =
          new Backlog(
              (topic, key, event) ->
                  producer.send(
                      new ProducerRecord<>(topic, key, event),
                      (metadata, error) -> {
                        if (error != null) {
                          failed.compareAndSet(null, error);
                        } else {
                          written.incrementAndGet();
                        }
                      }));
      for (int i = 0; i < COUPLES; i++) {
        Couple couple = new Couple(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        couples.add(couple);
        backlog.couple(
            couple,
            now.minus(Duration.ofDays(HISTORY_DAYS + random.nextInt(180 - HISTORY_DAYS))),
            random);
        if (failed.get() != null) {
          throw failed.get();
        }
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw failed.get();
    }
    return written.get();
  }

  private interface Sink {
    void send(String topic, String key, CloudEvent event);
  }

  /** One couple's history as needs-service and session-service publish it. */
  private static final class Backlog {
    private final Sink sink;
    private final Map<String, Long> versions = new HashMap<>();
    private long position;

    Backlog(Sink sink) {
      this.sink = sink;
    }

    void couple(Couple c, Instant formedAt, Random random) throws IOException {
      Instant at = formedAt;
      String stream = "couple-" + c.id();
      needs(
          c,
          stream,
          "couple.formed",
          c.first(),
          at,
          "coupleId",
          c.id(),
          "firstPartner",
          c.first(),
          "formedAt",
          at);
      needs(
          c,
          stream,
          "couple.partner-invited",
          c.first(),
          at,
          "coupleId",
          c.id(),
          "invitationId",
          UUID.randomUUID(),
          "invitedBy",
          c.first(),
          "expiresAt",
          at.plus(Duration.ofDays(7)));
      at = at.plus(Duration.ofHours(2));
      needs(
          c,
          stream,
          "couple.partner-joined",
          c.second(),
          at,
          "coupleId",
          c.id(),
          "partnerId",
          c.second(),
          "invitationId",
          UUID.randomUUID(),
          "joinedAt",
          at);
      for (int n = 0; n < NEEDS_PER_COUPLE; n++) {
        UUID need = UUID.randomUUID();
        UUID author = n % 2 == 0 ? c.first() : c.second();
        UUID other = n % 2 == 0 ? c.second() : c.first();
        String needStream = "need-" + need;
        at = at.plus(Duration.ofHours(1 + random.nextInt(24)));
        needs(
            c,
            needStream,
            "need.shared",
            author,
            at,
            "needId",
            need,
            "coupleId",
            c.id(),
            "author",
            author,
            "topic",
            NEED_TOPICS.get(n % NEED_TOPICS.size()),
            "sharedAt",
            at);
        at = at.plus(Duration.ofHours(1));
        needs(
            c,
            needStream,
            "need.acknowledged",
            other,
            at,
            "needId",
            need,
            "by",
            other,
            "acknowledgedAt",
            at);
        at = at.plus(Duration.ofDays(1 + random.nextInt(5)));
        needs(c, needStream, "need.met", other, at, "needId", need, "by", other, "metAt", at);
      }
      String sessions = "couple-sessions-" + c.id();
      for (int s = 0; s < SESSIONS_PER_COUPLE; s++) {
        UUID session = UUID.randomUUID();
        UUID initiator = s % 2 == 0 ? c.first() : c.second();
        UUID other = s % 2 == 0 ? c.second() : c.first();
        at = at.plus(Duration.ofDays(1 + random.nextInt(4)));
        session(
            c,
            sessions,
            "proposed",
            initiator,
            at,
            "sessionId",
            session,
            "coupleId",
            c.id(),
            "proposedBy",
            initiator,
            "startsAt",
            at.plus(Duration.ofHours(3)),
            "endsAt",
            at.plus(Duration.ofHours(4)),
            "proposedAt",
            at);
        at = at.plus(Duration.ofMinutes(30));
        session(
            c,
            sessions,
            "accepted",
            other,
            at,
            "sessionId",
            session,
            "coupleId",
            c.id(),
            "acceptedBy",
            other,
            "acceptedAt",
            at);
        at = at.plus(Duration.ofHours(2));
        for (UUID partner : List.of(initiator, other)) {
          at = at.plus(Duration.ofMinutes(5));
          session(
              c,
              sessions,
              "readiness-checked-in",
              partner,
              at,
              "sessionId",
              session,
              "coupleId",
              c.id(),
              "partnerId",
              partner,
              "ready",
              true,
              "checkedInAt",
              at);
        }
        at = at.plus(Duration.ofMinutes(50));
        session(
            c,
            sessions,
            "started",
            initiator,
            at,
            "sessionId",
            session,
            "coupleId",
            c.id(),
            "startedBy",
            initiator,
            "groundRule",
            "REPLACE_DEFENSIVENESS_WITH_CURIOSITY",
            "groundRuleAcceptedBy",
            List.of(initiator.toString(), other.toString()).stream().sorted().toList(),
            "startedAt",
            at);
        String[] depths = {"LIGHT", "MODERATE", "DEEP"};
        for (int k = 0; k < 4; k++) {
          UUID author = k % 2 == 0 ? initiator : other;
          at = at.plus(Duration.ofMinutes(3));
          session(
              c,
              sessions,
              "share-made",
              author,
              at,
              "sessionId",
              session,
              "coupleId",
              c.id(),
              "shareId",
              UUID.randomUUID(),
              "author",
              author,
              "depth",
              depths[random.nextInt(3)],
              "kind",
              "FEELING",
              "topic",
              NEED_TOPICS.get(s % NEED_TOPICS.size()),
              "sharedAt",
              at);
          if (k == 1) {
            at = at.plus(Duration.ofMinutes(1));
            session(
                c,
                sessions,
                "open-question-asked",
                other,
                at,
                "sessionId",
                session,
                "coupleId",
                c.id(),
                "questionId",
                UUID.randomUUID(),
                "askedBy",
                other,
                "question",
                "TELL_ME_MORE",
                "askedAt",
                at);
          }
          if (k == 2) {
            at = at.plus(Duration.ofMinutes(1));
            session(
                c,
                sessions,
                "defensiveness-noticed",
                initiator,
                at,
                "sessionId",
                session,
                "coupleId",
                c.id(),
                "momentId",
                UUID.randomUUID(),
                "noticedBy",
                initiator,
                "whose",
                "OWN",
                "suggestion",
                "TELL_ME_MORE",
                "noticedAt",
                at);
            at = at.plus(Duration.ofMinutes(1));
            session(
                c,
                sessions,
                "open-question-asked",
                initiator,
                at,
                "sessionId",
                session,
                "coupleId",
                c.id(),
                "questionId",
                UUID.randomUUID(),
                "askedBy",
                initiator,
                "question",
                "WHAT_WOULD_HELP",
                "askedAt",
                at);
          }
        }
        at = at.plus(Duration.ofMinutes(10));
        session(
            c,
            sessions,
            "closed",
            initiator,
            at,
            "sessionId",
            session,
            "coupleId",
            c.id(),
            "closedBy",
            initiator,
            "reason",
            "CLOSED_BY_PARTNER",
            "closedAt",
            at);
        at = at.plus(Duration.ofMinutes(5));
        session(
            c,
            sessions,
            "ratings-shared",
            null,
            at,
            "sessionId",
            session,
            "coupleId",
            c.id(),
            "ratings",
            List.of(
                data("partnerId", initiator, "safety", 3 + random.nextInt(3), "start", "SOFT"),
                data("partnerId", other, "safety", 3 + random.nextInt(3), "start", "SOFT")),
            "sharedAt",
            at);
      }
    }

    private void needs(Couple c, String stream, String type, UUID actor, Instant at, Object... data)
        throws IOException {
      send("needs.events", "needs", c, stream, "app.openup." + type + ".v1", actor, at, data);
    }

    private void session(
        Couple c, String stream, String type, UUID actor, Instant at, Object... data)
        throws IOException {
      send(
          "sessions.events",
          "sessions",
          c,
          stream,
          "app.openup.session." + type + ".v1",
          actor,
          at,
          data);
    }

    private void send(
        String topic,
        String source,
        Couple c,
        String stream,
        String type,
        UUID actor,
        Instant at,
        Object... pairs)
        throws IOException {
      long version = versions.merge(stream, 1L, Long::sum);
      CloudEventBuilder builder =
          CloudEventBuilder.v1()
              .withId(UUID.randomUUID().toString())
              .withSource(URI.create("/openup/" + source))
              .withType(type)
              .withSubject(c.id().toString())
              .withTime(at.atOffset(ZoneOffset.UTC))
              .withExtension("streamid", stream)
              .withExtension("streamversion", version)
              .withExtension("globalposition", ++position)
              .withExtension("schemaversion", 1)
              .withData("application/json", JSON.writeValueAsBytes(data(pairs)));
      if (actor != null) {
        builder.withExtension("actor", actor.toString());
      }
      sink.send(topic, c.id().toString(), builder.build());
    }
  }

  private static Map<String, Object> data(Object... pairs) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      Object value = pairs[i + 1];
      data.put(
          (String) pairs[i],
          value instanceof Instant || value instanceof UUID ? value.toString() : value);
    }
    return data;
  }

  // ---- the measurements

  /**
   * Follows the consumer group's committed offsets until they reach the end of both topics; answers
   * the steady rate (from the first committed offset to the end) and the rate from the process's
   * start.
   */
  private static double[] catchUp(
      String bootstrapServers, String group, List<String> topics, long events, long startedAt) {
    long[] first = new long[2]; // when the first commit was seen, and how far it was
    try (Admin admin = admin(bootstrapServers)) {
      WAIT.until(
          () -> {
            long committed = committed(admin, group, topics);
            if (committed > 0 && first[0] == 0) {
              first[0] = System.nanoTime();
              first[1] = committed;
            }
            return committed >= events;
          });
    }
    long now = System.nanoTime();
    return new double[] {
      (events - first[1]) / ((now - first[0]) / 1e9), events / ((now - startedAt) / 1e9)
    };
  }

  private static long committed(Admin admin, String group, List<String> topics) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    return offsets.entrySet().stream()
        .filter(e -> topics.contains(e.getKey().topic()) && e.getValue() != null)
        .mapToLong(e -> e.getValue().offset())
        .sum();
  }

  static long endOffsets(String bootstrapServers, List<String> topics) throws Exception {
    try (Admin admin = admin(bootstrapServers)) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      admin.describeTopics(topics).allTopicNames().get().values().stream()
          .forEach(
              d ->
                  d.partitions()
                      .forEach(
                          p ->
                              request.put(
                                  new TopicPartition(d.name(), p.partition()),
                                  OffsetSpec.latest())));
      return admin.listOffsets(request).all().get().values().stream()
          .mapToLong(info -> info.offset())
          .sum();
    }
  }

  private static Admin admin(String bootstrapServers) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** Rebuilds the history from offset zero; events/s from the request to the switch. */
  static double rebuild(HttpClient http, String managementUrl, long events) throws Exception {
    long began = System.nanoTime();
    ServiceProcess.send(
        http, "POST", managementUrl + "/q/projections/feedback-history/rebuild", null, null, null);
    WAIT.until(
        () ->
            SWITCHED
                .matcher(
                    ServiceProcess.send(
                            http, "GET", managementUrl + "/q/projections", null, null, null)
                        .body())
                .find());
    return events / ((System.nanoTime() - began) / 1e9);
  }

  /** Dashboard and first history page for partners of random couples: p50, p99 of each. */
  private static double[] reads(
      HttpClient http, ServiceProcess service, ServiceProcess.Keys keys, List<Couple> couples)
      throws Exception {
    Random random = new Random(7);
    int warmup = Math.max(100, READS / 5);
    long[] dashboard = new long[READS];
    long[] history = new long[READS];
    long[] began = new long[READS];
    for (int i = -warmup; i < READS; i++) {
      Couple couple = couples.get(random.nextInt(couples.size()));
      String token = keys.token(random.nextBoolean() ? couple.first() : couple.second());
      String base = service.api() + "/couples/" + couple.id();
      long t0 = System.nanoTime();
      String body = ServiceProcess.send(http, "GET", base + "/dashboard", token, null, null).body();
      long t1 = System.nanoTime();
      ServiceProcess.send(http, "GET", base + "/history?limit=20", token, null, null);
      long t2 = System.nanoTime();
      if (i == 0 && !ALL_TIME_HELD.matcher(body).find()) {
        throw new IllegalStateException("The dashboard does not show the backlog: " + body);
      }
      if (i >= 0) {
        dashboard[i] = t1 - t0;
        history[i] = t2 - t1;
        began[i] = System.currentTimeMillis() - (System.nanoTime() - t0) / 1_000_000;
      }
    }
    String timeline = System.getProperty("bench.readsFile", "");
    if (!timeline.isBlank()) {
      StringBuilder rows = new StringBuilder("began_epoch_ms,dashboard_us,history_us\n");
      for (int i = 0; i < READS; i++) {
        rows.append(began[i])
            .append(',')
            .append(dashboard[i] / 1_000)
            .append(',')
            .append(history[i] / 1_000)
            .append('\n');
      }
      Files.writeString(Path.of(timeline), rows);
    }
    return new double[] {
      ServiceProcess.ms(dashboard, 0.50),
      ServiceProcess.ms(dashboard, 0.99),
      ServiceProcess.ms(history, 0.50),
      ServiceProcess.ms(history, 0.99)
    };
  }

  private static void checkNoDeadLetters(HttpClient http, ServiceProcess service) throws Exception {
    String metrics =
        ServiceProcess.send(http, "GET", service.managementUrl() + "/q/metrics", null, null, null)
            .body();
    Matcher dead = DEAD_LETTERS.matcher(metrics);
    while (dead.find()) {
      if (Double.parseDouble(dead.group(1)) > 0) {
        throw new IllegalStateException("Records were dead-lettered: " + dead.group());
      }
    }
  }

  /** Kafka's ConsumerPerformance reading the whole topic; {msg/s}. */
  static double[] consumerPerformance(
      String bootstrapServers, String topic, long messages, Path dir) throws Exception {
    String printed =
        KafkaTool.run(
            "ConsumerPerformance",
            dir.resolve("consumer-performance-" + topic + ".out"),
            10,
            "--bootstrap-server",
            bootstrapServers,
            "--topic",
            topic,
            "--messages",
            Long.toString(messages),
            "--timeout",
            "60000");
    List<String> lines = printed.lines().toList();
    for (int i = lines.size() - 1; i >= 0; i--) {
      String[] columns = lines.get(i).split(",\\s*");
      if (columns.length >= 6 && columns[5].matches("[0-9.]+")) {
        return new double[] {Double.parseDouble(columns[5])};
      }
    }
    throw new IllegalStateException("ConsumerPerformance printed no summary: " + lines);
  }
}
