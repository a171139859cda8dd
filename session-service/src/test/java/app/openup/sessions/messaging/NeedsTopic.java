package app.openup.sessions.messaging;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.store.EventCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
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
 * {@code needs.events} as needs-service writes it: CloudEvents in Kafka's binary mode, keyed by
 * couple, each stream's versions contiguous, every payload checked against the schema needs-service
 * publishes (this repository's copy of its contract). Tests of session-service learn couples this
 * way, as the service does, with no call to needs-service.
 */
public final class NeedsTopic implements AutoCloseable {

  /** needs-service's published schemas, as it serves them. */
  static final Path SCHEMAS =
      Path.of(
          "..", "needs-service", "src", "main", "resources", "META-INF", "resources", "schemas");

  private static final AtomicLong POSITION = new AtomicLong(System.currentTimeMillis());

  private final KafkaProducer<String, CloudEvent> producer;
  private final Map<String, Long> versions = new ConcurrentHashMap<>();
  private final JsonSchemaFactory schemas =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  public NeedsTopic(String bootstrapServers) {
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

  /** A couple formed by {@code first}, joined by {@code second}; the token of the join. */
  public String together(UUID coupleId, UUID first, UUID second) {
    formed(coupleId, first);
    send(
        coupleId,
        "couple-" + coupleId,
        "app.openup.couple.partner-invited.v1",
        first,
        data(
            "coupleId",
            coupleId,
            "invitationId",
            UUID.randomUUID(),
            "invitedBy",
            first,
            "expiresAt",
            now().plusSeconds(86400)));
    return send(
        coupleId,
        "couple-" + coupleId,
        "app.openup.couple.partner-joined.v1",
        second,
        data(
            "coupleId",
            coupleId,
            "partnerId",
            second,
            "invitationId",
            UUID.randomUUID(),
            "joinedAt",
            now()));
  }

  /** A couple with its first partner only; the token. */
  public String formed(UUID coupleId, UUID first) {
    return send(
        coupleId,
        "couple-" + coupleId,
        "app.openup.couple.formed.v1",
        first,
        data("coupleId", coupleId, "firstPartner", first, "formedAt", now()));
  }

  public String left(UUID coupleId, UUID partner) {
    return left(coupleId, partner, null);
  }

  /** The leave, written in the trace {@code traceparent} (as the relay passes it on). */
  public String left(UUID coupleId, UUID partner, String traceparent) {
    return send(
        coupleId,
        "couple-" + coupleId,
        "app.openup.couple.partner-left.v1",
        partner,
        data("coupleId", coupleId, "partnerId", partner, "leftAt", now()),
        traceparent);
  }

  public String erased(UUID coupleId, UUID partner) {
    return send(
        coupleId,
        "couple-" + coupleId,
        "app.openup.couple.partner-erased.v1",
        partner,
        data("coupleId", coupleId, "partnerId", partner, "erasedAt", now()));
  }

  public String needShared(UUID coupleId, UUID needId, UUID author, String topic) {
    return send(
        coupleId,
        "need-" + needId,
        "app.openup.need.shared.v1",
        author,
        data(
            "needId",
            needId,
            "coupleId",
            coupleId,
            "author",
            author,
            "topic",
            topic,
            "sharedAt",
            now()));
  }

  /** A record with CloudEvents headers of a known type and a value that is not its data. */
  public void poison(UUID coupleId, String type, byte[] value) {
    CloudEvent event =
        CloudEventBuilder.v1()
            .withId(UUID.randomUUID().toString())
            .withSource(URI.create("/openup/needs"))
            .withType(type)
            .withSubject(coupleId.toString())
            .withData("application/json", value)
            .build();
    deliver(new ProducerRecord<>("needs.events", coupleId.toString(), event));
  }

  private String send(UUID coupleId, String stream, String type, UUID actor, JsonNode data) {
    return send(coupleId, stream, type, actor, data, null);
  }

  private String send(
      UUID coupleId, String stream, String type, UUID actor, JsonNode data, String traceparent) {
    check(type, data);
    long version = versions.merge(stream, 1L, Long::sum);
    long position = POSITION.incrementAndGet();
    UUID id = UUID.randomUUID();
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(id.toString())
            .withSource(URI.create("/openup/needs"))
            .withType(type)
            .withSubject(coupleId.toString())
            .withTime(OffsetDateTime.now(ZoneOffset.UTC))
            .withExtension("streamid", stream)
            .withExtension("streamversion", version)
            .withExtension("globalposition", position)
            .withExtension("schemaversion", 1)
            .withExtension("actor", actor.toString())
            .withData("application/json", data.toString().getBytes(StandardCharsets.UTF_8));
    // As needs-service's relay writes a trace: the extension, and the W3C header tracers read.
    if (traceparent != null) {
      builder.withExtension("traceparent", traceparent);
    }
    ProducerRecord<String, CloudEvent> record =
        new ProducerRecord<>("needs.events", coupleId.toString(), builder.build());
    if (traceparent != null) {
      record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
    }
    deliver(record);
    return new ConsistencyToken("needs", position, id, stream, version).encode();
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

  /** The payload must be what needs-service's published schema says. */
  private void check(String type, JsonNode data) {
    try {
      JsonSchema schema = schemas.getSchema(Files.readString(SCHEMAS.resolve(type + ".json")));
      Set<ValidationMessage> errors = schema.validate(data);
      if (!errors.isEmpty()) {
        throw new AssertionError(type + " does not match needs-service's schema: " + errors);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode data(Object... pairs) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      Object value = pairs[i + 1];
      data.put(
          (String) pairs[i],
          value instanceof Instant || value instanceof UUID ? value.toString() : value);
    }
    return EventCatalog.json().valueToTree(data);
  }

  private static Instant now() {
    return Instant.now();
  }

  @Override
  public void close() {
    producer.close();
  }
}
