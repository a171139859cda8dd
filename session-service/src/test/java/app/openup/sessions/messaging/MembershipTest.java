package app.openup.sessions.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.ConsistencyToken;
import app.openup.testkit.NeedsEvents;
import app.openup.testkit.OpenUpTestResources;
import app.openup.testkit.PartnerTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Membership from needs.events: a poison record goes to the dead-letter topic with its reason and
 * is counted, and the couple's later events still arrive; a redelivered event changes nothing.
 */
@QuarkusTest
class MembershipTest {

  private static final PartnerTokens TOKENS = PartnerTokens.forTests();

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Inject MembershipProjection membership;

  @Inject Pool pool;

  @Test
  void aPoisonRecordIsDeadLetteredAndCountedAndTheCouplesNextEventsStillArrive() {
    UUID coupleId = UUID.randomUUID();
    UUID alex = UUID.randomUUID();
    UUID sam = UUID.randomUUID();
    double before = deadLetters();
    String token;
    try (NeedsEvents needs = new NeedsEvents(bootstrapServers)) {
      needs.poison(
          coupleId, "app.openup.couple.formed.v1", "{not json".getBytes(StandardCharsets.UTF_8));
      token = needs.together(coupleId, alex, sam);
    }
    ConsumerRecord<String, byte[]> letter = deadLetterOf(coupleId.toString());
    assertEquals("{not json", new String(letter.value(), StandardCharsets.UTF_8));
    assertEquals("needs.events", header(letter, "dead-letter-topic"));
    assertTrue(header(letter, "dead-letter-reason").contains("formed"), "the reason is kept");
    assertTrue(deadLetters() >= before + 1, "the dead letter is counted");

    propose(coupleId, alex, token).body("status", equalTo("PROPOSED"));
  }

  @Test
  void anEventMembershipDoesNotUseIsMarkedSoItsTokenIsReachedAndItsStreamHasNoGap() {
    // The invitation is the last event of forming a couple, so its token is the one the partner
    // gets; membership does not use it. It was once acked unmarked: that token was never reached,
    // and every later event of the couple stayed "ahead" of the gap it left.
    UUID coupleId = UUID.randomUUID();
    NeedsEvents.Joining joining;
    try (NeedsEvents needs = new NeedsEvents(bootstrapServers)) {
      joining = needs.formedAndJoined(coupleId, UUID.randomUUID(), UUID.randomUUID());
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> reached(joining.invited()) && reached(joining.joined()));
    long ahead =
        pool.preparedQuery("select count(*) from projection_applied_ahead where stream_id = $1")
            .execute(Tuple.of("couple-" + coupleId))
            .await()
            .atMost(Duration.ofSeconds(10))
            .iterator()
            .next()
            .getLong(0);
    assertEquals(0, ahead, "the couple's events follow on, none kept beyond a gap");
  }

  @Test
  void manyCouplesLeavingAndErasedTogetherEachEndTheirSessionsAndKeepTheirFlags() {
    // Written at once, the events reach the consumer in a few polls, each applied in one
    // transaction; every couple must end as if its events had been applied one by one.
    int couples = 12;
    List<UUID> ids = new ArrayList<>();
    List<UUID> alexes = new ArrayList<>();
    List<UUID> sams = new ArrayList<>();
    List<String> sessions = new ArrayList<>();
    Map<UUID, UUID> briefs = new HashMap<>();
    try (NeedsEvents needs = new NeedsEvents(bootstrapServers)) {
      List<String> joined = new ArrayList<>();
      for (int i = 0; i < couples; i++) {
        ids.add(UUID.randomUUID());
        alexes.add(UUID.randomUUID());
        sams.add(UUID.randomUUID());
        joined.add(needs.together(ids.get(i), alexes.get(i), sams.get(i)));
        needs.needShared(ids.get(i), UUID.randomUUID(), alexes.get(i), "QUALITY_TIME");
      }
      for (int i = 0; i < couples; i++) {
        sessions.add(propose(ids.get(i), alexes.get(i), joined.get(i)).extract().path("id"));
      }
      List<String> ends = new ArrayList<>();
      for (int i = 0; i < couples; i++) {
        ends.add(
            i % 2 == 0
                ? needs.left(ids.get(i), sams.get(i))
                : needs.erased(ids.get(i), sams.get(i)));
        // And a couple whose whole life arrives at once: its leave may share a batch with its
        // join, so its partner's row must be written before the leave's update.
        UUID brief = UUID.randomUUID();
        UUID stayed = UUID.randomUUID();
        UUID went = UUID.randomUUID();
        needs.together(brief, stayed, went);
        briefs.put(brief, went);
        ends.add(needs.left(brief, went));
      }
      for (String end : ends) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> reached(end));
      }
      for (int i = 0; i < couples; i++) {
        String session = "/api/v1/couples/" + ids.get(i) + "/sessions/" + sessions.get(i);
        String token = ends.get(2 * i);
        UUID alex = alexes.get(i);
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    given()
                        .auth()
                        .oauth2(TOKENS.forPartner(alex))
                        .header("Consistency-Token", token)
                        .get(session)
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("CLOSED"))
                        .body("closeReason", equalTo("SAFETY_EXIT")));
      }
    }
    for (int i = 0; i < couples; i++) {
      var partner =
          pool.preparedQuery(
                  "select left_couple, erased from known_partner"
                      + " where couple_id = $1 and partner_id = $2")
              .execute(Tuple.of(ids.get(i), sams.get(i)))
              .await()
              .atMost(Duration.ofSeconds(10))
              .iterator()
              .next();
      assertTrue(partner.getBoolean("left_couple"), "couple " + i + ": sam is gone");
      assertEquals(i % 2 == 1, partner.getBoolean("erased"), "couple " + i + ": erased or left");
      assertEquals(
          1L,
          pool.preparedQuery("select count(*) from known_need where couple_id = $1")
              .execute(Tuple.of(ids.get(i)))
              .await()
              .atMost(Duration.ofSeconds(10))
              .iterator()
              .next()
              .getLong(0),
          "couple " + i + ": its shared need is known");
    }
    briefs.forEach(
        (couple, went) ->
            assertTrue(
                pool.preparedQuery(
                        "select left_couple from known_partner"
                            + " where couple_id = $1 and partner_id = $2")
                    .execute(Tuple.of(couple, went))
                    .await()
                    .atMost(Duration.ofSeconds(10))
                    .iterator()
                    .next()
                    .getBoolean(0),
                "a leave that came with the join is kept"));
  }

  /** A session proposed by {@code partner} once the membership holds {@code token}: created. */
  private static ValidatableResponse propose(UUID coupleId, UUID partner, String token) {
    Instant at = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);
    return given()
        .auth()
        .oauth2(TOKENS.forPartner(partner))
        .contentType(ContentType.JSON)
        .header("Consistency-Token", token)
        .body(Map.of("startsAt", at.toString(), "endsAt", at.plusSeconds(3600).toString()))
        .post("/api/v1/couples/" + coupleId + "/sessions")
        .then()
        .statusCode(201);
  }

  private boolean reached(String token) {
    return membership
        .processed()
        .awaitProcessed(ConsistencyToken.decode(token).orElseThrow(), Duration.ofSeconds(2))
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  private static double deadLetters() {
    int port = OpenUpTestResources.managementPort();
    String metrics =
        given().baseUri("http://localhost:" + port).get("/q/metrics").then().extract().asString();
    return metrics
        .lines()
        .filter(l -> l.startsWith("openup_consumer_dead_letters_total{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private ConsumerRecord<String, byte[]> deadLetterOf(String coupleId) {
    String topic =
        ConfigProvider.getConfig()
            .getValue("mp.messaging.incoming.needs-events.dead-letter-queue.topic", String.class);
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
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (coupleId.equals(record.key())) {
            return record;
          }
        }
      }
    }
    throw new AssertionError("no dead letter for couple " + coupleId);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
