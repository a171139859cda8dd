package app.openup.system;

import static org.assertj.core.api.Assertions.assertThat;

import app.openup.testkit.LocalPlatform;
import app.openup.testkit.LocalPlatform.Service;
import io.cloudevents.CloudEvent;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A load of commands from many couples while the platform is hurt: needs-service is killed
 * (SIGKILL) and restarted, the broker is stopped for 10 seconds and started again, and every
 * service's database connections are cut ({@code pg_terminate_backend}; restarting the machine's
 * PostgreSQL would also hit whatever else uses it). Afterwards every acknowledged command's event
 * is in the event store and on Kafka, none is missing, each is counted once by feedback-service,
 * and a command refused meanwhile got a clear 503 or 409 (or no answer at all while its service was
 * down), never a 500.
 *
 * <p>The load is {@code openup.faults.commands} commands (default 2,000: drafts and shares of
 * needs, half each); {@code -Dopenup.faults.commands=20000} runs a larger one.
 */
@ExtendWith(SystemPlatform.class)
@Order(5)
class FaultsSystemTest {

  static final int COMMANDS = Integer.getInteger("openup.faults.commands", 2000);
  static final int COUPLES = 40;

  /** What one command got: its HTTP status, or -1 when nothing answered. */
  record Outcome(String command, int status, String body) {}

  @Test
  void nothingAcknowledgedIsLostOrCountedTwiceThroughAKillABrokerOutageAndCutConnections()
      throws Exception {
    LocalPlatform platform = SystemPlatform.platform();
    List<Couple> couples = new ArrayList<>();
    for (int i = 0; i < COUPLES; i++) {
      couples.add(Couple.together());
    }
    Map<String, String> coupleOfNeed = new ConcurrentHashMap<>();
    Set<String> drafted = ConcurrentHashMap.newKeySet();
    Set<String> shared = ConcurrentHashMap.newKeySet();
    // Shares whose outcome the client cannot know: no answer (the process was killed with the
    // request in flight), or a 503 (the database connection was cut, possibly after the commit
    // went through). They may or may not have happened; the API says which, afterwards.
    Set<String> unsure = ConcurrentHashMap.newKeySet();
    ConcurrentLinkedQueue<Outcome> refused = new ConcurrentLinkedQueue<>();
    AtomicInteger sent = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean faultsDone =
        new java.util.concurrent.atomic.AtomicBoolean();

    // The load: 8 clients, each drafting and sharing needs of the couples in turn, until the
    // faults are over and at least COMMANDS commands were sent.
    ExecutorService load = Executors.newFixedThreadPool(8);
    AtomicInteger next = new AtomicInteger();
    for (int client = 0; client < 8; client++) {
      load.submit(
          () -> {
            while (!faultsDone.get() || sent.get() < COMMANDS) {
              Couple couple = couples.get(next.getAndIncrement() % COUPLES);
              String base = "/api/v1/couples/" + couple.id() + "/needs";
              Outcome draft =
                  send(
                      couple,
                      base,
                      Map.of("topic", "FINANCES", "meaning", "what opening up would mean"));
              sent.incrementAndGet();
              if (draft.status() != 201) {
                refused.add(draft);
                pause(draft);
                continue;
              }
              String need = io.restassured.path.json.JsonPath.from(draft.body()).getString("id");
              drafted.add(need);
              coupleOfNeed.put(need, couple.id());
              Outcome share =
                  send(couple, base + "/" + need + "/share", Map.of("why", "it matters"));
              sent.incrementAndGet();
              if (share.status() == 200) {
                shared.add(need);
              } else {
                if (share.status() == -1 || share.status() == 503) {
                  unsure.add(need);
                }
                refused.add(share);
                pause(share);
              }
            }
            return null;
          });
    }
    load.shutdown();
    java.util.concurrent.ScheduledExecutorService progress =
        Executors.newSingleThreadScheduledExecutor();
    progress.scheduleAtFixedRate(
        () -> {
          Map<Integer, Long> statuses = new HashMap<>();
          refused.forEach(o -> statuses.merge(o.status(), 1L, Long::sum));
          System.out.printf(
              "[faults] sent %d, drafted %d, shared %d, refused %s%n",
              sent.get(), drafted.size(), shared.size(), statuses);
        },
        5,
        5,
        TimeUnit.SECONDS);

    // The faults, while the load runs.
    awaitSent(sent, COMMANDS / 5);
    Service needsService = platform.service("needs-service");
    System.out.printf("[faults] killing needs-service pid %d%n", needsService.process().pid());
    platform.kill(needsService);
    System.out.printf("[faults] killed: alive %s%n", needsService.process().isAlive());
    Service restarted = platform.restart(needsService);
    System.out.printf(
        "[faults] restarted pid %d alive %s%n",
        restarted.process().pid(), restarted.process().isAlive());
    awaitSent(sent, sent.get() + COMMANDS / 5);
    platform.stopKafka();
    // The outage: the broker stays unreachable for 10 seconds.
    Awaitility.await()
        .during(Duration.ofSeconds(10))
        .atMost(Duration.ofSeconds(12))
        .until(() -> !reachable(platform.bootstrapServers()));
    platform.startKafka();
    awaitSent(sent, sent.get() + COMMANDS / 5);
    cutDatabaseConnections(platform);
    awaitSent(sent, sent.get() + COMMANDS / 10);
    faultsDone.set(true);
    assertThat(load.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
    progress.shutdownNow();
    System.out.printf("[faults] done: %d commands%n", sent.get());

    // Refusals were clear: a 503 or a 409 problem, or no answer while needs-service was down.
    for (Outcome outcome : refused) {
      assertThat(outcome.status()).as(outcome.toString()).isIn(-1, 409, 503);
    }
    assertThat(sent.get()).isGreaterThanOrEqualTo(COMMANDS);
    assertThat(drafted.size() + shared.size())
        .as("most commands are acknowledged")
        .isGreaterThan(COMMANDS / 2);

    // Every acknowledged command's event is in the event store.
    String database = platform.settings().databases().get("needs-service")[0];
    try (Connection db =
        DriverManager.getConnection(
            "jdbc:postgresql://"
                + System.getenv().getOrDefault("PGHOST", "127.0.0.1")
                + ":"
                + System.getenv().getOrDefault("PGPORT", "5432")
                + "/"
                + database,
            System.getenv().getOrDefault("PGUSER", "postgres"),
            System.getenv().getOrDefault("PGPASSWORD", ""))) {
      assertThat(streams(db, "need-draft-%", "%need.drafted%"))
          .containsAll(prefixed("need-draft-", drafted));
      assertThat(streams(db, "need-%", "%need.shared%")).containsAll(prefixed("need-", shared));
    }

    // ... and on Kafka, once each (a redelivery only repeats an event id already seen).
    Awaitility.await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              Map<String, Set<String>> sharedEvents = new HashMap<>();
              for (ConsumerRecord<String, byte[]> record :
                  Topics.readAll(List.of("needs.events"))) {
                CloudEvent event = Topics.event(record);
                if (event.getType().contains("need.shared")) {
                  sharedEvents
                      .computeIfAbsent(
                          String.valueOf(event.getExtension("streamid")), k -> new HashSet<>())
                      .add(event.getId());
                }
              }
              for (String need : shared) {
                assertThat(sharedEvents.get("need-" + need)).as("need %s", need).hasSize(1);
              }
              long onKafka =
                  sharedEvents.keySet().stream()
                      .filter(
                          stream -> coupleOfNeed.containsKey(stream.substring("need-".length())))
                      .count();
              assertThat(onKafka).as("shares on Kafka").isGreaterThanOrEqualTo(shared.size());
            });

    // ... and counted once by feedback-service: each couple's needs shared, the acknowledged ones
    // and those of the unsure shares that the API says happened.
    Set<String> allShared = new HashSet<>(shared);
    for (String need : unsure) {
      Couple couple =
          couples.stream().filter(c -> c.id().equals(coupleOfNeed.get(need))).findFirst().get();
      Response read = couple.alex.needs().get("/api/v1/couples/" + couple.id() + "/needs/" + need);
      if (read.statusCode() == 200 && read.path("sharedAt") != null) {
        allShared.add(need);
      }
    }
    Map<String, Integer> expected = new HashMap<>();
    allShared.forEach(need -> expected.merge(coupleOfNeed.get(need), 1, Integer::sum));
    Awaitility.await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              for (Couple couple : couples) {
                Response dashboard =
                    couple.alex.feedback().get("/api/v1/couples/" + couple.id() + "/dashboard");
                assertThat(dashboard.statusCode()).isEqualTo(200);
                assertThat((Integer) dashboard.path("allTime.needsShared"))
                    .as("couple %s", couple.id())
                    .isEqualTo(expected.getOrDefault(couple.id(), 0));
              }
            });
  }

  /** A client that got no answer waits a moment before its next command, as clients do. */
  private static void pause(Outcome outcome) {
    if (outcome.status() == -1 || outcome.status() == 503) {
      Awaitility.await()
          .pollDelay(Duration.ofMillis(200))
          .atMost(Duration.ofSeconds(1))
          .until(() -> true);
    }
  }

  private static boolean reachable(String hostPort) {
    String[] parts = hostPort.split(":");
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(parts[0], Integer.parseInt(parts[1])), 200);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static Outcome send(Couple couple, String path, Object body) {
    try {
      Response response =
          RestAssured.given()
              .baseUri(SystemPlatform.platform().service("needs-service").url())
              .auth()
              .oauth2(couple.alex.token())
              .contentType(ContentType.JSON)
              .body(body)
              .post(path);
      return new Outcome(path, response.statusCode(), response.asString());
    } catch (Exception notAnswered) { // RestAssured throws ConnectException undeclared
      return new Outcome(path, -1, String.valueOf(notAnswered.getMessage()));
    }
  }

  private static void awaitSent(AtomicInteger sent, int count) {
    System.out.printf("[faults] %d commands answered, waiting for %d%n", sent.get(), count);
    Awaitility.await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> sent.get() >= count);
  }

  /** Ends every connection of the services to their databases, as a failover would. */
  private static void cutDatabaseConnections(LocalPlatform platform) throws Exception {
    try (Connection admin =
            DriverManager.getConnection(
                "jdbc:postgresql://"
                    + System.getenv().getOrDefault("PGHOST", "127.0.0.1")
                    + ":"
                    + System.getenv().getOrDefault("PGPORT", "5432")
                    + "/postgres",
                System.getenv().getOrDefault("PGUSER", "postgres"),
                System.getenv().getOrDefault("PGPASSWORD", ""));
        PreparedStatement cut =
            admin.prepareStatement(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity"
                    + " where datname = any(?) and pid <> pg_backend_pid()")) {
      List<String> names = new ArrayList<>();
      platform.settings().databases().values().forEach(pair -> names.addAll(List.of(pair)));
      cut.setArray(1, admin.createArrayOf("text", names.toArray()));
      try (ResultSet rows = cut.executeQuery()) {
        rows.next();
        assertThat(rows.getInt(1)).as("connections cut").isPositive();
      }
    }
  }

  private static Set<String> streams(Connection db, String stream, String type) throws Exception {
    Set<String> found = new HashSet<>();
    try (PreparedStatement query =
        db.prepareStatement(
            "select distinct stream_id from event_store where stream_id like ? and event_type like ?")) {
      query.setString(1, stream);
      query.setString(2, type);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getString(1));
        }
      }
    }
    return found;
  }

  private static Set<String> prefixed(String prefix, Set<String> ids) {
    Set<String> streams = new HashSet<>();
    ids.forEach(id -> streams.add(prefix + id));
    return streams;
  }
}
