package app.openup.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import app.openup.system.SystemPlatform.Partner;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The five steps across the three running services, as two partners live them, then as a stream
 * consumer sees them: only HTTP and the topics, nothing of the services' code.
 */
@ExtendWith(SystemPlatform.class)
@org.junit.jupiter.api.Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FiveStepsSystemTest {

  /** Every word the partners wrote; none may ever be on a topic. */
  static final List<String> WORDS =
      List.of(
          "talk about money without blame",
          "a plan we both believe in",
          "I lie awake about our savings",
          "money keeps you up at night",
          "I worry we never talk about money",
          "I feel ashamed when we argue about it",
          "thank you for trusting me with this");

  static Partner alex;
  static Partner sam;
  static String couple;
  static String need;
  static String session;
  static String alexShare;
  static final Map<String, String> lastToken = new HashMap<>();

  /** Remembers the consistency token of a command, per service. */
  private static Response remember(String service, Response response) {
    String token = response.header("Consistency-Token");
    if (token != null) {
      lastToken.put(service, token);
    }
    return response;
  }

  @Test
  @Order(1)
  void twoPartnersGoThroughTheFiveSteps() {
    alex = Partner.create();
    sam = Partner.create();

    // The couple.
    Response formed = alex.needs().post("/api/v1/couples");
    formed.then().statusCode(201);
    couple = formed.path("id");
    String code = formed.path("invitation.code");
    remember("needs", sam.needs().body(Map.of("code", code)).post("/api/v1/couples/join"))
        .then()
        .statusCode(200)
        .body("status", equalTo("TOGETHER"));

    // Step 1: Alex identifies what they want, privately.
    Response drafted =
        alex.needs()
            .header("Consistency-Token", lastToken.get("needs"))
            .body(
                Map.of(
                    "topic", "FINANCES",
                    "meaning", WORDS.get(0),
                    "hopedOutcome", WORDS.get(1)))
            .post("/api/v1/couples/" + couple + "/needs");
    drafted.then().statusCode(201);
    need = drafted.path("id");
    sam.needs().get("/api/v1/couples/" + couple + "/needs/" + need).then().statusCode(404);

    // Step 2: tells Sam what and why; Sam acknowledges it.
    remember(
            "needs",
            alex.needs()
                .body(Map.of("why", WORDS.get(2)))
                .post("/api/v1/couples/" + couple + "/needs/" + need + "/share"))
        .then()
        .statusCode(200);
    remember(
            "needs",
            sam.needs()
                .header("Consistency-Token", lastToken.get("needs"))
                .body(Map.of("heard", WORDS.get(3)))
                .post("/api/v1/couples/" + couple + "/needs/" + need + "/acknowledge"))
        .then()
        .statusCode(200);

    // Step 3: a session at a calm time; Sam is angry, so it does not start: a rain check is
    // offered; then Sam is calm and it starts.
    String sessions = "/api/v1/couples/" + couple + "/sessions";
    Instant startsAt = Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    Response proposed =
        remember(
            "sessions",
            alex.sessions()
                .header("Consistency-Token", lastToken.get("needs"))
                .body(
                    Map.of(
                        "startsAt",
                        startsAt.toString(),
                        "endsAt",
                        startsAt.plus(1, ChronoUnit.HOURS).toString(),
                        "place",
                        "home",
                        "needId",
                        need,
                        "topic",
                        "FINANCES"))
                .post(sessions));
    proposed.then().statusCode(201);
    session = proposed.path("id");
    String one = sessions + "/" + session;
    remember("sessions", sam.sessions().post(one + "/accept")).then().statusCode(200);
    remember(
            "sessions",
            alex.sessions()
                .body(Map.of("calm", 4, "rushed", false, "angry", false))
                .post(one + "/check-ins"))
        .then()
        .statusCode(200);
    remember(
            "sessions",
            sam.sessions()
                .body(Map.of("calm", 2, "rushed", false, "angry", true))
                .post(one + "/check-ins"))
        .then()
        .statusCode(200);
    alex.sessions()
        .post(one + "/start")
        .then()
        .statusCode(409)
        .body("rule", equalTo("BothPartnersReady"))
        .body("suggestion", equalTo("PostponeSession"));
    remember(
            "sessions",
            sam.sessions()
                .body(Map.of("calm", 4, "rushed", false, "angry", false))
                .post(one + "/check-ins"))
        .then()
        .statusCode(200);
    remember("sessions", alex.sessions().post(one + "/start")).then().statusCode(200);

    // Step 4: the one who did not ask may not go first; Alex shares deeply; Sam asks and shares.
    sam.sessions()
        .body(Map.of("depth", "MODERATE", "kind", "FEELING", "text", WORDS.get(5)))
        .post(one + "/shares")
        .then()
        .statusCode(409)
        .body("rule", equalTo("InitiatorSharesFirst"));
    Response shared =
        remember(
            "sessions",
            alex.sessions()
                .body(
                    Map.of(
                        "depth",
                        "DEEP",
                        "kind",
                        "FEELING",
                        "topic",
                        "FINANCES",
                        "text",
                        WORDS.get(4)))
                .post(one + "/shares"));
    shared.then().statusCode(200);
    List<Map<String, Object>> shares = shared.path("shares");
    alexShare = (String) shares.get(0).get("id");
    remember(
            "sessions",
            sam.sessions().body(Map.of("question", "TELL_ME_MORE")).post(one + "/questions"))
        .then()
        .statusCode(200);
    remember(
            "sessions",
            sam.sessions()
                .body(
                    Map.of(
                        "depth",
                        "MODERATE",
                        "kind",
                        "FEELING",
                        "topic",
                        "FINANCES",
                        "text",
                        WORDS.get(5)))
                .post(one + "/shares"))
        .then()
        .statusCode(200);
    // A defensive moment, answered with a curiosity prompt.
    Response defensive =
        remember(
            "sessions",
            alex.sessions().body(Map.of("whose", "OWN")).post(one + "/defensive-moments"));
    defensive.then().statusCode(200);
    assertThat((String) defensive.path("suggestion.words")).isNotBlank();

    // The session closes, rated safe by both.
    remember("sessions", alex.sessions().post(one + "/close")).then().statusCode(200);
    for (Partner partner : List.of(alex, sam)) {
      remember(
              "sessions",
              partner
                  .sessions()
                  .body(Map.of("safety", 5, "start", "SOFT", "shareWithPartner", true))
                  .post(one + "/ratings"))
          .then()
          .statusCode(200);
    }

    // Step 5: Sam praises Alex's share; the need is met.
    remember(
            "feedback",
            sam.feedback()
                .header("Consistency-Token", lastToken.get("sessions"))
                .body(
                    Map.of(
                        "target", Map.of("kind", "SHARE", "id", alexShare),
                        "style", "GRATITUDE",
                        "words", WORDS.get(6)))
                .post("/api/v1/couples/" + couple + "/praise"))
        .then()
        .statusCode(201)
        .body("receivedBy", equalTo(alex.id().toString()));
    remember("needs", sam.needs().post("/api/v1/couples/" + couple + "/needs/" + need + "/met"))
        .then()
        .statusCode(200);

    // The connection history shows every step, in order.
    JsonPath history = JsonPath.from(readAfterEverything(alex, "/history?limit=100"));
    List<String> kinds = new ArrayList<>(history.getList("items.kind"));
    Collections.reverse(kinds);
    assertThat(kinds)
        .containsExactly(
            "NEED_SHARED",
            "NEED_ACKNOWLEDGED",
            "SESSION_PROPOSED",
            "SESSION_ACCEPTED",
            "SESSION_STARTED_BOTH_READY",
            "WENT_FIRST",
            "OPEN_QUESTION",
            "SHARED",
            "DEFENSIVENESS_TURNED_TO_CURIOSITY",
            "SESSION_CLOSED",
            "PRAISE_GIVEN",
            "NEED_MET");
    List<Integer> steps = new ArrayList<>(history.getList("items.step"));
    Collections.reverse(steps);
    assertThat(steps).containsExactly(2, 2, 3, 3, 3, 4, 3, 4, 3, 3, 5, 2);

    // The dashboard, worked out by hand: one session (both ready, both soft starts), shares of
    // depth 3 and 2, the shared need and two shares vulnerable, one of them praised; one praise
    // and one open question against one defensive moment; safety 5 from both.
    JsonPath dashboard = JsonPath.from(readAfterEverything(sam, "/dashboard"));
    Map<String, Object> expected =
        Map.ofEntries(
            Map.entry("sessionsProposed", 1),
            Map.entry("sessionsHeld", 1),
            Map.entry("sessionsStartedBothReady", 1),
            Map.entry("softStartRate", 1.0f),
            Map.entry("averageDepth", 2.5f),
            Map.entry("distinctTopics", 1),
            Map.entry("sessionsWithShares", 1),
            Map.entry("reciprocity", 1.0f),
            Map.entry("askerWentFirstRate", 1.0f),
            Map.entry("vulnerableShares", 3),
            Map.entry("praiseCoverage", 0.33f),
            Map.entry("positives", 2),
            Map.entry("negatives", 1),
            Map.entry("positiveToNegative", 2.0f),
            Map.entry("needsShared", 1),
            Map.entry("needsAcknowledged", 1),
            Map.entry("needsMet", 1),
            Map.entry("averageSafety", 5.0f),
            Map.entry("ratedSessions", 1));
    for (String window : List.of("last30Days", "allTime")) {
      expected.forEach(
          (figure, value) ->
              assertThat(dashboard.<Object>get(window + "." + figure))
                  .as(window + "." + figure)
                  .isEqualTo(value));
    }
  }

  /** A feedback read once the read side holds the last command of every service. */
  private static String readAfterEverything(Partner partner, String what) {
    String path = "/api/v1/couples/" + couple + what;
    for (String token : lastToken.values()) {
      partner.feedback().header("Consistency-Token", token).get(path).then().statusCode(200);
    }
    return partner.feedback().get(path).then().statusCode(200).extract().asString();
  }

  @Test
  @Order(2)
  void aStreamConsumerReadsValidCloudEventsOfDocumentedTypesWithoutAWordOfTheCouples() {
    Set<String> documented = new HashSet<>();
    Map<String, String> contracts =
        Map.of(
            "needs-service", "/asyncapi/needs.events.yaml",
            "session-service", "/asyncapi/sessions.events.yaml",
            "feedback-service", "/asyncapi/feedback.events.yaml");
    contracts.forEach(
        (service, path) -> {
          String yaml =
              RestAssured.given()
                  .baseUri(SystemPlatform.platform().service(service).url())
                  .get(path)
                  .then()
                  .statusCode(200)
                  .extract()
                  .asString();
          Matcher type = Pattern.compile("app\\.openup\\.[a-z.-]+\\.v[0-9]+").matcher(yaml);
          while (type.find()) {
            documented.add(type.group());
          }
        });
    assertThat(documented).isNotEmpty();

    List<ConsumerRecord<String, byte[]>> records =
        Topics.readAll(List.of("needs.events", "sessions.events", "feedback.events"));
    List<ConsumerRecord<String, byte[]>> ours =
        records.stream().filter(r -> couple.equals(r.key())).toList();
    assertThat(ours).hasSizeGreaterThanOrEqualTo(15);

    Map<String, Long> versions = new HashMap<>();
    Set<String> seen = new HashSet<>();
    try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
      for (ConsumerRecord<String, byte[]> record : records) {
        CloudEvent event =
            deserializer.deserialize(record.topic(), record.headers(), record.value());
        assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
        assertThat(documented).as(record.topic()).contains(event.getType());
        assertThat(event.getSubject()).isEqualTo(record.key());
        assertThat(event.getId()).isNotBlank();
        assertThat(event.getSource()).isNotNull();
        String stream = String.valueOf(event.getExtension("streamid"));
        long version = Long.parseLong(String.valueOf(event.getExtension("streamversion")));
        String key = record.topic() + "/" + stream;
        if (!seen.add(event.getId())) {
          continue; // a redelivery repeats an event already seen, nothing else
        }
        // Each stream begins at version 1 and rises by one, without gaps.
        assertThat(version)
            .as("stream %s on %s", stream, record.topic())
            .isEqualTo(versions.getOrDefault(key, 0L) + 1);
        versions.put(key, version);
        String bytes =
            new String(
                    record.value() == null ? new byte[0] : record.value(), StandardCharsets.UTF_8)
                + record.headers().toString();
        for (String words : WORDS) {
          assertThat(bytes).as("words on %s", record.topic()).doesNotContain(words);
        }
      }
    }
  }
}
