package app.openup.eventing.projection;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;

/**
 * A consumer's tolerant view of a CloudEvent from another service's topic: the attributes every
 * projection needs, and the JSON data left for the consumer's own reader classes. Unknown
 * attributes and fields are ignored.
 *
 * @param source the publishing service's short name (from {@code /openup/<service>})
 * @param partitionKey the CloudEvents {@code subject}: what the producer keys its records by (Open
 *     Up: the couple id)
 */
public record IncomingEvent(
    UUID id,
    String type,
    String source,
    UUID partitionKey,
    String streamId,
    long streamVersion,
    long globalPosition,
    int schemaVersion,
    String actor,
    Instant time,
    String dataJson) {

  private static final String SOURCE_PREFIX = "/openup/";

  /** Reads a record in the CloudEvents Kafka binding (binary or structured mode). */
  public static IncomingEvent fromKafka(String topic, Headers headers, byte[] value) {
    try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
      deserializer.configure(Map.of(), false);
      return from(deserializer.deserialize(topic, headers, value));
    }
  }

  public static IncomingEvent from(CloudEvent event) {
    String source = event.getSource().toString();
    return new IncomingEvent(
        UUID.fromString(event.getId()),
        event.getType(),
        source.startsWith(SOURCE_PREFIX) ? source.substring(SOURCE_PREFIX.length()) : source,
        event.getSubject() == null ? null : UUID.fromString(event.getSubject()),
        text(event, "streamid"),
        number(event, "streamversion"),
        number(event, "globalposition"),
        (int) number(event, "schemaversion"),
        text(event, "actor"),
        event.getTime() == null ? null : event.getTime().toInstant(),
        event.getData() == null
            ? "{}"
            : new String(event.getData().toBytes(), StandardCharsets.UTF_8));
  }

  private static String text(CloudEvent event, String name) {
    Object value = event.getExtension(name);
    return value == null ? null : value.toString();
  }

  private static long number(CloudEvent event, String name) {
    Object value = event.getExtension(name);
    if (value == null) {
      return 0;
    }
    return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
  }
}
