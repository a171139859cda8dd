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
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.quarkus.test.junit.QuarkusTest;
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
