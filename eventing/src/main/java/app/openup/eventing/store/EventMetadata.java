package app.openup.eventing.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * Where an event came from: the correlation id of the whole conversation, the id of the command or
 * event that caused it, and the W3C trace context it was written in. Each may be null.
 */
public record EventMetadata(UUID correlationId, UUID causationId, String traceparent) {

  public static EventMetadata none() {
    return new EventMetadata(null, null, null);
  }

  /** The metadata as the JSON object the store keeps. */
  public String toJson() {
    ObjectNode node = EventCatalog.json().createObjectNode();
    if (correlationId != null) {
      node.put("correlationId", correlationId.toString());
    }
    if (causationId != null) {
      node.put("causationId", causationId.toString());
    }
    if (traceparent != null) {
      node.put("traceparent", traceparent);
    }
    return node.toString();
  }

  /** Reads the JSON object the store keeps. */
  public static EventMetadata fromJson(String json) {
    try {
      JsonNode node = EventCatalog.json().readTree(json);
      return new EventMetadata(
          uuid(node.get("correlationId")),
          uuid(node.get("causationId")),
          node.hasNonNull("traceparent") ? node.get("traceparent").asText() : null);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable event metadata", e);
    }
  }

  private static UUID uuid(JsonNode node) {
    return node == null || node.isNull() ? null : UUID.fromString(node.asText());
  }
}
