package app.openup.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A service's topic written as its relay writes it, for the tests of the services that consume it:
 * CloudEvents 1.0 in Kafka's binary mode, keyed by couple, each stream's versions contiguous, the
 * trace as the {@code traceparent} extension and header, and every payload checked against the JSON
 * Schema the producer publishes (read from its module's resources: the contract, never its
 * classes). Each event answers the consistency token the producer's command would have answered.
 */
public final class TopicWriter implements AutoCloseable {

  private static final AtomicLong POSITION = new AtomicLong(System.currentTimeMillis());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String topic;
  private final String source;
  private final Path schemas;
  private final KafkaProducer<String, CloudEvent> producer;
  private final Map<String, Long> versions = new ConcurrentHashMap<>();
  private final java.util.List<ProducerRecord<String, CloudEvent>> sent =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());
  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  /**
   * @param source the producing service's short name ({@code needs})
   * @param producerModule the producer's module directory, beside the consumer's ({@code
   *     needs-service}): its schemas are read from there
   */
  public TopicWriter(String bootstrapServers, String topic, String source, String producerModule) {
    this.topic = topic;
    this.source = source;
    this.schemas =
        Path.of(
            "..", producerModule, "src", "main", "resources", "META-INF", "resources", "schemas");
    CloudEventSerializer serializer = new CloudEventSerializer();
    serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY), false);
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            serializer);
  }

  /** An event's data, from name-value pairs (instants and ids as their strings). */
  public static Map<String, Object> data(Object... pairs) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      Object value = pairs[i + 1];
      data.put(
          (String) pairs[i],
          value instanceof Instant || value instanceof UUID ? value.toString() : value);
    }
    return data;
  }

  /** Writes the event; answers its consistency token (as the producer's command would). */
  public String send(
      UUID coupleId, String stream, String type, UUID actor, Map<String, Object> data) {
    return send(coupleId, stream, type, actor, data, null);
  }

  public String send(
      UUID coupleId,
      String stream,
      String type,
      UUID actor,
      Map<String, Object> data,
      String traceparent) {
    JsonNode payload = JSON.valueToTree(data);
    check(type, payload);
    long version = versions.merge(stream, 1L, Long::sum);
    long position = POSITION.incrementAndGet();
    UUID id = UUID.randomUUID();
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(id.toString())
            .withSource(URI.create("/openup/" + source))
            .withType(type)
            .withSubject(coupleId.toString())
            .withTime(OffsetDateTime.now(ZoneOffset.UTC))
            .withExtension("streamid", stream)
            .withExtension("streamversion", version)
            .withExtension("globalposition", position)
            .withExtension("schemaversion", 1)
            .withData("application/json", payload.toString().getBytes(StandardCharsets.UTF_8));
    if (actor != null) {
      builder.withExtension("actor", actor.toString());
    }
    if (traceparent != null) {
      builder.withExtension("traceparent", traceparent);
    }
    ProducerRecord<String, CloudEvent> record =
        new ProducerRecord<>(topic, coupleId.toString(), builder.build());
    if (traceparent != null) {
      record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
    }
    deliver(record);
    sent.add(record);
    return ConsistencyTokens.encode(source, position, id, version, stream);
  }

  /**
   * Sends every event written so far once more, the same records in the same order: what a relay
   * does when it publishes again after a crash (delivery is at least once).
   */
  public void redeliverAll() {
    java.util.List<ProducerRecord<String, CloudEvent>> again;
    synchronized (sent) {
      again = new java.util.ArrayList<>(sent);
    }
    for (ProducerRecord<String, CloudEvent> record : again) {
      ProducerRecord<String, CloudEvent> copy =
          new ProducerRecord<>(record.topic(), record.key(), record.value());
      record.headers().forEach(h -> copy.headers().add(h));
      deliver(copy);
    }
  }

  /** A record with CloudEvents headers of a known type and a value that is not its data. */
  public void poison(UUID coupleId, String type, byte[] value) {
    CloudEvent event =
        CloudEventBuilder.v1()
            .withId(UUID.randomUUID().toString())
            .withSource(URI.create("/openup/" + source))
            .withType(type)
            .withSubject(coupleId.toString())
            .withData("application/json", value)
            .build();
    deliver(new ProducerRecord<>(topic, coupleId.toString(), event));
  }

  private void deliver(ProducerRecord<String, CloudEvent> record) {
    try {
      producer.send(record).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The payload must be what the producer's published schema says. */
  private void check(String type, JsonNode data) {
    try {
      Set<ValidationMessage> errors =
          factory.getSchema(Files.readString(schemas.resolve(type + ".json"))).validate(data);
      if (!errors.isEmpty()) {
        throw new AssertionError(type + " does not match its producer's schema: " + errors);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
