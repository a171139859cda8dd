package app.openup.sessions.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.projection.IncomingEvent;
import app.openup.eventing.store.EventCatalog;
import app.openup.sessions.repository.SessionEventTypes;
import app.openup.testkit.NeedsEvents;
import app.openup.testkit.PartnerTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What reaches {@code sessions.events}: valid CloudEvents keyed by couple, each matching its
 * published schema, with contiguous versions, and never a word, a check-in's numbers or a rating
 * kept private.
 */
@QuarkusTest
class SessionsEventsTopicTest {

  private static final ObjectMapper JSON = EventCatalog.json();
  private static final PartnerTokens TOKENS = PartnerTokens.forTests();

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  private String last;

  private RequestSpecification as(UUID partner) {
    RequestSpecification request =
        given().auth().oauth2(TOKENS.forPartner(partner)).contentType(ContentType.JSON);
    return last == null ? request : request.header("Consistency-Token", last);
  }

  private String post(UUID partner, String path, Object body, int status) {
    RequestSpecification request = as(partner);
    if (body != null) {
      request.body(body);
    }
    var response = request.post(path);
    response.then().statusCode(status);
    if (response.header("Consistency-Token") != null) {
      last = response.header("Consistency-Token");
    }
    return response.asString();
  }

  @Test
  void publishedEventsAreValidCloudEventsWithoutWordsOrPrivateDetails() throws Exception {
    UUID alex = UUID.randomUUID();
    UUID sam = UUID.randomUUID();
    UUID coupleId = UUID.randomUUID();
    String secret = "secret-" + UUID.randomUUID();
    try (NeedsEvents needs = new NeedsEvents(bootstrapServers)) {
      last = needs.together(coupleId, alex, sam);
    }
    String base = "/api/v1/couples/" + coupleId + "/sessions";
    Instant at = Instant.now().plus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.MINUTES);
    String traceId = UUID.randomUUID().toString().replace("-", "");
    String proposed =
        as(alex)
            .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
            .body(
                Map.of(
                    "startsAt",
                    at.toString(),
                    "endsAt",
                    at.plus(Duration.ofHours(1)).toString(),
                    "place",
                    secret + "-place",
                    "topic",
                    "HEALTH"))
            .post(base)
            .then()
            .statusCode(201)
            .extract()
            .header("Consistency-Token");
    last = proposed;
    String id = as(alex).get(base).then().extract().path("items[0].id");
    String session = base + "/" + id;
    post(sam, session + "/accept", null, 200);
    post(alex, session + "/check-ins", Map.of("calm", 4, "rushed", false, "angry", false), 200);
    post(sam, session + "/check-ins", Map.of("calm", 3, "rushed", true, "angry", false), 200);
    post(sam, session + "/check-ins", Map.of("calm", 3, "rushed", false, "angry", false), 200);
    post(alex, session + "/start", null, 200);
    post(
        alex,
        session + "/shares",
        Map.of("depth", "DEEP", "kind", "FEELING", "topic", "HEALTH", "text", secret + "-share"),
        200);
    post(sam, session + "/questions", Map.of("words", secret + "-question"), 200);
    post(sam, session + "/questions", Map.of("question", "AND_THEN_WHAT"), 200);
    post(alex, session + "/defensive-moments", Map.of("whose", "CONVERSATION"), 200);
    post(sam, session + "/close", null, 200);
    post(
        sam,
        session + "/ratings",
        Map.of("safety", 2, "start", "HARSH", "shareWithPartner", true),
        200);
    post(
        alex,
        session + "/ratings",
        Map.of("safety", 5, "start", "SOFT", "shareWithPartner", true),
        200);

    List<String> expected =
        List.of(
            "app.openup.session.proposed.v1",
            "app.openup.session.accepted.v1",
            "app.openup.session.readiness-checked-in.v1",
            "app.openup.session.readiness-checked-in.v1",
            "app.openup.session.readiness-checked-in.v1",
            "app.openup.session.started.v1",
            "app.openup.session.share-made.v1",
            "app.openup.session.open-question-asked.v1",
            "app.openup.session.open-question-asked.v1",
            "app.openup.session.defensiveness-noticed.v1",
            "app.openup.session.closed.v1",
            "app.openup.session.rated.v1",
            "app.openup.session.rated.v1",
            "app.openup.session.ratings-shared.v1");
    List<ConsumerRecord<String, byte[]>> ours = read(coupleId.toString(), expected.size());
    JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    List<String> types = new ArrayList<>();
    Map<String, Long> lastVersion = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : ours) {
      assertEquals(coupleId.toString(), record.key());
      IncomingEvent event =
          IncomingEvent.fromKafka(record.topic(), record.headers(), record.value());
      assertEquals("sessions", event.source());
      assertEquals(coupleId, event.partitionKey());
      types.add(event.type());
      String schema =
          given()
              .get("/schemas/" + event.type() + ".json")
              .then()
              .statusCode(200)
              .extract()
              .asString();
      Set<ValidationMessage> errors =
          schemas.getSchema(schema).validate(JSON.readTree(record.value()));
      assertEquals(Set.of(), errors, event.type() + " matches its published schema");
      StringBuilder everything =
          new StringBuilder(new String(record.value(), StandardCharsets.UTF_8));
      for (Header header : record.headers()) {
        everything.append(header.key()).append(new String(header.value(), StandardCharsets.UTF_8));
      }
      String all = everything.toString();
      assertFalse(all.contains(secret), "no free text on Kafka: " + all);
      assertFalse(all.contains("sealed"), "not even sealed: " + all);
      assertFalse(all.contains("calm") || all.contains("rushed") || all.contains("angry"), all);
      Long previous = lastVersion.put(event.streamId(), event.streamVersion());
      assertEquals(previous == null ? 1 : previous + 1, event.streamVersion(), "contiguous");
      assertEquals(SessionEventTypes.stream(coupleId), event.streamId());
    }
    assertEquals(expected, types);
    assertTrue(
        header(ours.get(0), "traceparent").contains(traceId),
        "the caller's trace continues through Kafka");
    JsonNode samChecksIn = JSON.readTree(ours.get(3).value());
    assertFalse(samChecksIn.get("ready").asBoolean(), "a rushed partner is not ready yet");
    JsonNode share = JSON.readTree(ours.get(6).value());
    assertEquals(
        Set.of("sessionId", "coupleId", "shareId", "author", "depth", "kind", "topic", "sharedAt"),
        fields(share));
    JsonNode ownWords = JSON.readTree(ours.get(7).value());
    assertNull(ownWords.get("question"), "a question in one's own words is not published");
    JsonNode samRated = JSON.readTree(ours.get(11).value());
    assertTrue(samRated.get("sharedWithPartner").asBoolean());
    assertEquals(
        Set.of("sessionId", "coupleId", "ratedBy", "sharedWithPartner", "ratedAt"),
        fields(samRated),
        "one partner's rating is not published, even shared, until both have shared");
    JsonNode both = JSON.readTree(ours.get(13).value());
    assertEquals(2, both.get("ratings").size(), "once both shared, both ratings are");
    Set<Integer> safety = new TreeSet<>();
    both.get("ratings").forEach(r -> safety.add(r.get("safety").asInt()));
    assertEquals(Set.of(2, 5), safety);
  }

  @Test
  void theSafetyExitContinuesTheTraceOfTheLeave() {
    UUID alex = UUID.randomUUID();
    UUID sam = UUID.randomUUID();
    UUID coupleId = UUID.randomUUID();
    String traceId = UUID.randomUUID().toString().replace("-", "");
    try (NeedsEvents needs = new NeedsEvents(bootstrapServers)) {
      last = needs.together(coupleId, alex, sam);
      Instant at = Instant.now().plus(Duration.ofDays(4)).truncatedTo(ChronoUnit.HOURS);
      // (a planned session, closed by the safety exit that follows the leave)
      post(
          alex,
          "/api/v1/couples/" + coupleId + "/sessions",
          Map.of("startsAt", at.toString(), "endsAt", at.plusSeconds(3600).toString()),
          201);
      needs.left(coupleId, sam, "00-" + traceId + "-00f067aa0ba902b7-01");
    }
    List<ConsumerRecord<String, byte[]>> ours = read(coupleId.toString(), 3);
    assertEquals(3, ours.size());
    assertEquals("app.openup.session.safety-exit-taken.v1", header(ours.get(2), "ce_type"));
    ConsumerRecord<String, byte[]> closed = ours.get(1);
    assertEquals("app.openup.session.closed.v1", header(closed, "ce_type"));
    assertTrue(
        header(closed, "traceparent").contains(traceId),
        "the consumer continues the leave's trace: " + header(closed, "traceparent"));
  }

  @Test
  void everyEventTypeHasASchemaAndTheTopicAnAsyncApiDocument() {
    Set<String> types = new TreeSet<>(SessionEventTypes.SESSION.types());
    assertEquals(15, types.size());
    String asyncApi =
        given().get("/asyncapi/sessions.events.yaml").then().statusCode(200).extract().asString();
    assertTrue(
        asyncApi.contains("asyncapi: 3.0.0") && asyncApi.contains("address: sessions.events"));
    for (String type : types) {
      given().get("/schemas/" + type + ".json").then().statusCode(200);
      assertTrue(asyncApi.contains("name: " + type), type + " is in the AsyncAPI document");
    }
  }

  private static Set<String> fields(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private List<ConsumerRecord<String, byte[]>> read(String coupleId, int expected) {
    List<ConsumerRecord<String, byte[]>> ours = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "topic-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of("sessions.events"));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (ours.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (coupleId.equals(record.key())) {
            ours.add(record);
          }
        }
      }
    }
    return ours;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
