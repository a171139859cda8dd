package app.openup.feedback.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.quarkus.TopicProjections;
import app.openup.feedback.support.KnownHistory;
import app.openup.feedback.support.KnownHistory.Order;
import app.openup.feedback.support.KnownHistory.Tokens;
import app.openup.feedback.support.Platform;
import app.openup.feedback.support.SessionsEvents;
import app.openup.testkit.ManagementMetrics;
import app.openup.testkit.NeedsEvents;
import app.openup.testkit.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The read side from the topics, as their producers write them: a known history gives the dashboard
 * worked out by hand (ProgressTest); the same events twice and in another order between topics give
 * the same; a poison record is dead-lettered and the rest projected; a rebuild from offset zero
 * answers as the live projection did.
 */
@QuarkusTest
class HistoryProjectionTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Inject TopicProjections projections;

  @Inject Pool pool;

  /** Reads as the partner, once the read side holds the last event of each topic. */
  private String read(UUID partner, UUID couple, String what, Tokens tokens) {
    tokens.awaitProjectedBy(projections);
    return given()
        .auth()
        .oauth2(Platform.TOKENS.forPartner(partner))
        .get("/api/v1/couples/" + couple + what)
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  @Test
  void aKnownHistoryGivesTheDashboardWorkedOutByHandWhateverTheOrderAndRedeliveries()
      throws Exception {
    KnownHistory first = new KnownHistory(Instant.now());
    KnownHistory second = new KnownHistory(Instant.now());
    Tokens firstTokens;
    Tokens secondTokens;
    try (NeedsEvents needs = new NeedsEvents(bootstrapServers);
        SessionsEvents sessions = new SessionsEvents(bootstrapServers);
        TopicWriter feedback = KnownHistory.feedbackTopic(bootstrapServers)) {
      firstTokens = first.publish(needs, sessions, feedback, Order.NEEDS_SESSIONS_FEEDBACK);
    }
    try (NeedsEvents needs = new NeedsEvents(bootstrapServers);
        SessionsEvents sessions = new SessionsEvents(bootstrapServers);
        TopicWriter feedback = KnownHistory.feedbackTopic(bootstrapServers)) {
      // Praise before the shares it appreciates, sessions before the couple; then all again.
      secondTokens = second.publish(needs, sessions, feedback, Order.FEEDBACK_SESSIONS_NEEDS);
      feedback.redeliverAll();
      sessions.topic().redeliverAll();
      needs.topic().redeliverAll();
    }

    JsonPath dashboard = JsonPath.from(read(first.alex, first.couple, "/dashboard", firstTokens));
    Map<String, Object> expected30 =
        Map.ofEntries(
            Map.entry("sessionsProposed", 3),
            Map.entry("sessionsHeld", 2),
            Map.entry("sessionsStartedBothReady", 2),
            Map.entry("softStartRate", 0.5f),
            Map.entry("averageDepth", 2.25f),
            Map.entry("distinctTopics", 3),
            Map.entry("sessionsWithShares", 2),
            Map.entry("reciprocity", 0.5f),
            Map.entry("medianMinutesToReciprocate", 30.0f),
            Map.entry("askerWentFirstRate", 1.0f),
            Map.entry("vulnerableShares", 4),
            Map.entry("praiseCoverage", 0.75f),
            Map.entry("medianMinutesToPraise", 30.0f),
            Map.entry("positives", 6),
            Map.entry("negatives", 1),
            Map.entry("positiveToNegative", 6.0f),
            Map.entry("needsShared", 1),
            Map.entry("needsAcknowledged", 1),
            Map.entry("needsMet", 1),
            Map.entry("medianDaysToMet", 2.0f),
            Map.entry("averageSafety", 3.0f),
            Map.entry("ratedSessions", 1));
    for (Map.Entry<String, Object> figure : expected30.entrySet()) {
      assertEquals(
          figure.getValue(), dashboard.get("last30Days." + figure.getKey()), figure.getKey());
    }
    assertEquals(2, dashboard.getInt("allTime.needsShared"));
    assertEquals(0.6f, dashboard.getFloat("allTime.praiseCoverage"));
    assertEquals(false, dashboard.getBoolean("comparisons.available"));
    assertEquals(
        (Object) null, dashboard.get("comparisons.partners"), "no comparison without consent");

    JsonPath again = JsonPath.from(read(second.alex, second.couple, "/dashboard", secondTokens));
    for (String window : List.of("last30Days", "last90Days", "allTime")) {
      assertEquals(
          dashboard.getMap(window),
          again.getMap(window),
          window + ": order and repeats change nothing");
    }
    String firstHistory = read(first.sam, first.couple, "/history?limit=100", firstTokens);
    String secondHistory = read(second.sam, second.couple, "/history?limit=100", secondTokens);
    assertEquals(
        JsonPath.from(firstHistory).getList("items.kind"),
        JsonPath.from(secondHistory).getList("items.kind"),
        "the same history, once");
    assertEquals(
        List.of(
            "SESSION_PROPOSED",
            "OPEN_QUESTION",
            "OPEN_QUESTION",
            "WENT_FIRST",
            "SESSION_STARTED_BOTH_READY",
            "SESSION_PROPOSED",
            "NEED_MET",
            "NEED_ACKNOWLEDGED",
            "PRAISE_GIVEN",
            "NEED_SHARED",
            "PRAISE_GIVEN",
            "SESSION_CLOSED",
            "PRAISE_GIVEN",
            "SHARED",
            "SHARED",
            "DEFENSIVENESS_TURNED_TO_CURIOSITY",
            "OPEN_QUESTION",
            "WENT_FIRST",
            "SESSION_STARTED_BOTH_READY",
            "SESSION_PROPOSED",
            "NEED_SHARED"),
        JsonPath.from(firstHistory).getList("items.kind"),
        firstHistory);

    // Comparisons appear once both partners opted in, and go when one opts out. The dashboard is
    // read with the last opt-in's token, as a client reads its own write.
    String in = null;
    for (UUID partner : List.of(first.alex, first.sam)) {
      in =
          given()
              .auth()
              .oauth2(Platform.TOKENS.forPartner(partner))
              .post("/api/v1/couples/" + first.couple + "/comparisons/opt-in")
              .then()
              .statusCode(200)
              .body("youOptedIn", equalTo(true))
              .extract()
              .header("Consistency-Token");
    }
    var compared =
        given()
            .auth()
            .oauth2(Platform.TOKENS.forPartner(first.alex))
            .header("Consistency-Token", in)
            .get("/api/v1/couples/" + first.couple + "/dashboard")
            .then()
            .statusCode(200)
            .body("comparisons.available", equalTo(true))
            .body("comparisons.partners", hasSize(2))
            .extract()
            .jsonPath();
    Map<String, Object> alex =
        compared.getMap("comparisons.partners.find { it.partnerId == '" + first.alex + "' }");
    assertEquals(2, alex.get("shares"));
    assertEquals(1.5f, alex.get("averageDepth"));
    assertEquals(2, alex.get("praiseReceived"));
    assertEquals(4.0f, alex.get("averageSafety"));
    String out =
        given()
            .auth()
            .oauth2(Platform.TOKENS.forPartner(first.sam))
            .post("/api/v1/couples/" + first.couple + "/comparisons/opt-out")
            .then()
            .statusCode(200)
            .extract()
            .header("Consistency-Token");
    given()
        .auth()
        .oauth2(Platform.TOKENS.forPartner(first.alex))
        .header("Consistency-Token", out)
        .get("/api/v1/couples/" + first.couple + "/dashboard")
        .then()
        .body("comparisons.available", equalTo(false))
        .body("comparisons.partners", nullValue())
        .body("comparisons.youOptedIn", equalTo(true));

    // A rebuild from offset zero answers as the live projection did.
    String before =
        read(first.alex, first.couple, "/history?limit=100", firstTokens)
            + JsonPath.from(read(first.alex, first.couple, "/dashboard", firstTokens))
                .getMap("allTime");
    int active =
        projections.activeVersion(HistoryProjection.NAME).await().atMost(Duration.ofSeconds(10));
    int rebuilt =
        projections
            .rebuild(HistoryProjection.NAME, Duration.ofMinutes(3))
            .await()
            .atMost(Duration.ofMinutes(4));
    assertEquals(active + 1, rebuilt);
    assertEquals(1.0, projections.progress(HistoryProjection.NAME).fraction());
    String after =
        read(first.alex, first.couple, "/history?limit=100", firstTokens)
            + JsonPath.from(read(first.alex, first.couple, "/dashboard", firstTokens))
                .getMap("allTime");
    assertEquals(before, after, "the rebuilt read side answers the same");
  }

  @Test
  void anEventTheReadSideDoesNotUseIsMarkedSoItsTokenIsReachedAndItsStreamHasNoGap() {
    // Forming a couple appends the couple and its invitation; the invitation (which the read side
    // does not use) is the last, so its token is the one the partner gets. It was once skipped
    // unmarked: that token was never reached, and every later event of the couple stayed "ahead".
    UUID couple = UUID.randomUUID();
    NeedsEvents.Joining joining;
    try (NeedsEvents needs = new NeedsEvents(bootstrapServers)) {
      joining = needs.formedAndJoined(couple, UUID.randomUUID(), UUID.randomUUID());
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> reached(joining.invited()) && reached(joining.joined()));
    long ahead =
        pool.preparedQuery("select count(*) from projection_applied_ahead where stream_id = $1")
            .execute(Tuple.of("couple-" + couple))
            .await()
            .atMost(Duration.ofSeconds(10))
            .iterator()
            .next()
            .getLong(0);
    assertEquals(0, ahead, "the couple's events follow on, none kept beyond a gap");
  }

  private boolean reached(String token) {
    return projections
        .await(HistoryProjection.NAME, ConsistencyToken.decode(token))
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  @Test
  void aPoisonRecordIsDeadLetteredAndCountedAndTheRestIsProjected() {
    KnownHistory history = new KnownHistory(Instant.now());
    double before = deadLetters();
    Tokens tokens;
    try (NeedsEvents needs = new NeedsEvents(bootstrapServers);
        SessionsEvents sessions = new SessionsEvents(bootstrapServers);
        TopicWriter feedback = KnownHistory.feedbackTopic(bootstrapServers)) {
      sessions
          .topic()
          .poison(
              history.couple,
              "app.openup.session.share-made.v1",
              "{\"depth\":1}".getBytes(StandardCharsets.UTF_8));
      tokens = history.publish(needs, sessions, feedback, Order.NEEDS_SESSIONS_FEEDBACK);
    }
    JsonPath dashboard = JsonPath.from(read(history.alex, history.couple, "/dashboard", tokens));
    assertEquals(2, dashboard.getInt("last30Days.sessionsHeld"), "the rest is projected");
    ConsumerRecord<String, byte[]> letter = deadLetterOf(history.couple.toString());
    assertEquals("{\"depth\":1}", new String(letter.value(), StandardCharsets.UTF_8));
    String reason =
        new String(
            letter.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    assertTrue(reason.contains("share-made"), reason);
    assertTrue(deadLetters() >= before + 1, "counted");
  }

  private static double deadLetters() {
    return ManagementMetrics.sum("openup_consumer_dead_letters_total", "");
  }

  private ConsumerRecord<String, byte[]> deadLetterOf(String couple) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "dead-letters-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of("feedback.platform-events.dead-letters"));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (couple.equals(record.key())) {
            return record;
          }
        }
      }
    }
    throw new AssertionError("no dead letter for couple " + couple);
  }
}
