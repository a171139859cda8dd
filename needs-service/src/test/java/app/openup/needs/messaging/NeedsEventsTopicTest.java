package app.openup.needs.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.projection.IncomingEvent;
import app.openup.eventing.store.EventCatalog;
import app.openup.needs.repository.NeedsEventTypes;
import app.openup.testkit.OpenUpTestResources;
import app.openup.testkit.PartnerTokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** What reaches {@code needs.events}: valid CloudEvents, keyed by couple, and never a word. */
@QuarkusTest
@WithTestResource(value = OpenUpTestResources.class, scope = TestResourceScope.GLOBAL)
class NeedsEventsTopicTest {

  private static final ObjectMapper JSON = EventCatalog.json();

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void publishedEventsAreCloudEventsThatCarryNoFreeText() throws Exception {
    PartnerTokens tokens = PartnerTokens.forTests();
    UUID alex = UUID.randomUUID();
    UUID sam = UUID.randomUUID();
    String secret = "secret-" + UUID.randomUUID();
    var formed =
        given()
            .auth()
            .oauth2(tokens.forPartner(alex))
            .contentType(ContentType.JSON)
            .post("/api/v1/couples");
    String coupleId = formed.path("id");
    given()
        .auth()
        .oauth2(tokens.forPartner(sam))
        .contentType(ContentType.JSON)
        .body(Map.of("code", formed.<String>path("invitation.code")))
        .post("/api/v1/couples/join")
        .then()
        .statusCode(200);
    String base = "/api/v1/couples/" + coupleId + "/needs";
    String needId =
        given()
            .auth()
            .oauth2(tokens.forPartner(alex))
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "topic",
                    "INTIMACY",
                    "meaning",
                    secret + "-meaning",
                    "hopedOutcome",
                    secret + "-hope"))
            .post(base)
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    // A second draft is revised and discarded: nothing of it may reach the topic.
    String hidden =
        given()
            .auth()
            .oauth2(tokens.forPartner(alex))
            .contentType(ContentType.JSON)
            .body(Map.of("topic", "HEALTH", "meaning", secret + "-hidden"))
            .post(base)
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    given()
        .auth()
        .oauth2(tokens.forPartner(alex))
        .contentType(ContentType.JSON)
        .body(Map.of("topic", "HEALTH", "meaning", secret + "-hidden-2"))
        .post(base + "/" + hidden + "/revise")
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(tokens.forPartner(alex))
        .post(base + "/" + hidden + "/discard")
        .then()
        .statusCode(204);
    String traceId = UUID.randomUUID().toString().replace("-", "");
    given()
        .auth()
        .oauth2(tokens.forPartner(alex))
        .contentType(ContentType.JSON)
        .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
        .body(Map.of("why", secret + "-why"))
        .post(base + "/" + needId + "/share")
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(tokens.forPartner(sam))
        .contentType(ContentType.JSON)
        .body(Map.of("heard", secret + "-heard"))
        .post(base + "/" + needId + "/acknowledge")
        .then()
        .statusCode(200);
    // Sam leaves: once that is read, everything before it on the couple's partition is read too.
    given()
        .auth()
        .oauth2(tokens.forPartner(sam))
        .post("/api/v1/couples/" + coupleId + "/leave")
        .then()
        .statusCode(200);

    // couple formed, invited, joined; need shared, acknowledged; partner left. No draft.
    List<ConsumerRecord<String, byte[]>> ours = readCouple(coupleId, 6);
    assertEquals(6, ours.size());
    Map<String, Long> lastVersion = new java.util.HashMap<>();
    List<String> types = new ArrayList<>();
    JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    for (ConsumerRecord<String, byte[]> record : ours) {
      assertEquals(coupleId, record.key());
      assertEquals("1.0", header(record, "ce_specversion"));
      IncomingEvent event =
          IncomingEvent.fromKafka(record.topic(), record.headers(), record.value());
      assertEquals("needs", event.source());
      assertEquals(UUID.fromString(coupleId), event.partitionKey());
      assertTrue(event.globalPosition() > 0);
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
      assertFalse(everything.toString().contains(secret), "no free text on Kafka: " + everything);
      assertFalse(everything.toString().contains(hidden), "nothing of a private draft");
      assertFalse(everything.toString().contains("HEALTH"), "not even a draft's topic");
      Long previous = lastVersion.put(event.streamId(), event.streamVersion());
      assertEquals(
          previous == null ? 1 : previous + 1,
          event.streamVersion(),
          event.streamId() + " has contiguous versions on the topic");
      assertFalse(everything.toString().contains("sealed"), "not even sealed: " + everything);
    }
    ConsumerRecord<String, byte[]> shared = ours.get(3);
    assertTrue(
        header(shared, "traceparent").contains(traceId),
        "the caller's trace continues through Kafka: " + header(shared, "traceparent"));
    assertEquals(
        List.of(
            "app.openup.couple.formed.v1",
            "app.openup.couple.partner-invited.v1",
            "app.openup.couple.partner-joined.v1",
            "app.openup.need.shared.v1",
            "app.openup.need.acknowledged.v1",
            "app.openup.couple.partner-left.v1"),
        types);
    assertEquals(
        "INTIMACY",
        JSON.readTree(shared.value()).get("topic").asText(),
        "a shared need says what it is about");
  }

  @Test
  void everyPublishedEventTypeHasASchemaAndTheTopicHasAnAsyncApiDocument() {
    Set<String> types = new java.util.TreeSet<>();
    types.addAll(NeedsEventTypes.COUPLE.types());
    types.addAll(NeedsEventTypes.NEED.types());
    Set<String> drafts =
        Set.of(
            "app.openup.need.drafted.v1",
            "app.openup.need.revised.v1",
            "app.openup.need.discarded.v1");
    types.removeAll(drafts);
    assertEquals(11, types.size());
    String asyncApi =
        given().get("/asyncapi/needs.events.yaml").then().statusCode(200).extract().asString();
    assertTrue(asyncApi.contains("asyncapi: 3.0.0") && asyncApi.contains("address: needs.events"));
    for (String type : types) {
      given().get("/schemas/" + type + ".json").then().statusCode(200);
      assertTrue(asyncApi.contains("name: " + type), type + " is in the AsyncAPI document");
    }
    for (String type : drafts) {
      given().get("/schemas/" + type + ".json").then().statusCode(404);
      assertFalse(asyncApi.contains(type), type + " is private: not part of the topic's contract");
    }
  }

  private List<ConsumerRecord<String, byte[]>> readCouple(String coupleId, int expected) {
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
            new org.apache.kafka.common.serialization.StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of("needs.events"));
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
