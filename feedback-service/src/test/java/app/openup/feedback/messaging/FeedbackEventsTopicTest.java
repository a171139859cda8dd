package app.openup.feedback.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.projection.IncomingEvent;
import app.openup.eventing.store.EventCatalog;
import app.openup.feedback.repository.FeedbackEventTypes;
import app.openup.feedback.support.Platform;
import app.openup.feedback.support.Platform.Couple;
import app.openup.testkit.TopicWriter;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What reaches {@code feedback.events}: valid CloudEvents keyed by couple, each matching its
 * published schema, with contiguous versions, and never the giver's words or a consent.
 */
@QuarkusTest
class FeedbackEventsTopicTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void publishedPraiseIsValidCloudEventsWithoutWordsAndConsentIsNotPublished() throws Exception {
    Couple couple = Platform.together();
    String secret = "secret-" + UUID.randomUUID();
    String praiseId =
        couple
            .sam()
            .request()
            .body(
                Map.of(
                    "target",
                    Map.of("kind", "NEED", "id", UUID.randomUUID().toString()),
                    "style",
                    "ACTIVE_CONSTRUCTIVE",
                    "words",
                    secret))
            .post(couple.path("/praise"))
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    couple.sam().request().post(couple.path("/comparisons/opt-in")).then().statusCode(200);
    couple
        .sam()
        .request()
        .post(couple.path("/praise/" + praiseId + "/withdraw"))
        .then()
        .statusCode(200);

    List<ConsumerRecord<String, byte[]>> ours = read(couple.id().toString(), 2);
    assertEquals(2, ours.size());
    JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    List<String> types = new ArrayList<>();
    long version = 0;
    for (ConsumerRecord<String, byte[]> record : ours) {
      IncomingEvent event =
          IncomingEvent.fromKafka(record.topic(), record.headers(), record.value());
      assertEquals("feedback", event.source());
      assertEquals(couple.id(), event.partitionKey());
      types.add(event.type());
      String schema =
          given()
              .get("/schemas/" + event.type() + ".json")
              .then()
              .statusCode(200)
              .extract()
              .asString();
      assertEquals(
          Set.of(),
          schemas.getSchema(schema).validate(EventCatalog.json().readTree(record.value())),
          event.type());
      StringBuilder all = new StringBuilder(new String(record.value(), StandardCharsets.UTF_8));
      for (Header header : record.headers()) {
        all.append(header.key()).append(new String(header.value(), StandardCharsets.UTF_8));
      }
      assertFalse(all.toString().contains(secret), "no words on Kafka");
      assertFalse(all.toString().contains("sealed"), "not even sealed");
      assertEquals(++version, event.streamVersion(), "contiguous versions");
    }
    assertEquals(List.of("app.openup.praise.given.v1", "app.openup.praise.withdrawn.v1"), types);
  }

  @Test
  void everyPublishedTypeHasASchemaAndTheTopicAnAsyncApiDocument() {
    String asyncApi =
        given().get("/asyncapi/feedback.events.yaml").then().statusCode(200).extract().asString();
    for (String type : FeedbackEventTypes.PRAISE.types()) {
      given().get("/schemas/" + type + ".json").then().statusCode(200);
      assertTrue(asyncApi.contains("name: " + type), type);
    }
    for (String type : FeedbackEventTypes.CONSENT.types()) {
      given().get("/schemas/" + type + ".json").then().statusCode(404);
      assertFalse(asyncApi.contains(type), type + " is private");
    }
  }

  @Test
  void aPraiseDeclinedBecauseOfAShareContinuesTheSharesTrace() {
    Couple couple = Platform.together();
    UUID share = UUID.randomUUID();
    String given =
        couple
            .sam()
            .request()
            .body(
                Map.of(
                    "target",
                    Map.of("kind", "SHARE", "id", share.toString()),
                    "style",
                    "GRATITUDE"))
            .post(couple.path("/praise"))
            .then()
            .statusCode(201)
            .extract()
            .header("Consistency-Token");
    // The praise is on the read side before its share arrives, so that the share settles it
    // (arriving in one poll, either may: the decline then continues the praise's trace).
    couple.sam().after(given).request().get(couple.path("/history")).then().statusCode(200);
    // The share arrives in a trace of session-service's: it was Sam's own, so the praise is
    // declined, and the decline is part of that trace.
    String traceId = UUID.randomUUID().toString().replace("-", "");
    UUID session = UUID.randomUUID();
    Platform.sessions()
        .topic()
        .send(
            couple.id(),
            "couple-sessions-" + couple.id(),
            "app.openup.session.share-made.v1",
            couple.sam().id(),
            TopicWriter.data(
                "sessionId",
                session,
                "coupleId",
                couple.id(),
                "shareId",
                share,
                "author",
                couple.sam().id(),
                "depth",
                "LIGHT",
                "kind",
                "FACT",
                "sharedAt",
                Instant.now()),
            "00-" + traceId + "-00f067aa0ba902b7-01");
    List<ConsumerRecord<String, byte[]>> ours = read(couple.id().toString(), 2);
    ConsumerRecord<String, byte[]> declined =
        ours.stream()
            .filter(r -> header(r, "ce_type").equals("app.openup.praise.declined.v1"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no praise.declined in " + ours.size()));
    assertTrue(
        header(declined, "traceparent").contains(traceId),
        "the decline continues the share's trace: " + header(declined, "traceparent"));
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }

  private List<ConsumerRecord<String, byte[]>> read(String couple, int expected) {
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
      consumer.subscribe(List.of("feedback.events"));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (ours.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (couple.equals(record.key())) {
            ours.add(record);
          }
        }
      }
    }
    return ours;
  }
}
