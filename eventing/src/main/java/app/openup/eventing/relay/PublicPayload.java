package app.openup.eventing.relay;

import app.openup.eventing.store.EventCatalog;
import app.openup.eventing.vault.SealedText;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What of a stored payload may leave the service: everything but sealed text. A field whose value
 * is a sealed text (an object with a {@code sealed} member, see {@link SealedText}) is removed,
 * wherever it is nested, so a couple's words never reach Kafka, not even encrypted.
 */
final class PublicPayload {

  static final String SEALED_MARKER = SealedText.JSON_FIELD;

  private PublicPayload() {}

  static String of(String payloadJson) {
    try {
      JsonNode payload = EventCatalog.json().readTree(payloadJson);
      strip(payload);
      return payload.toString();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable stored payload", e);
    }
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> sealed = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (isSealed(field.getValue())) {
          sealed.add(field.getKey());
        } else {
          strip(field.getValue());
        }
      }
      object.remove(sealed);
    } else if (node instanceof ArrayNode array) {
      for (int i = array.size() - 1; i >= 0; i--) {
        if (isSealed(array.get(i))) {
          array.remove(i);
        } else {
          strip(array.get(i));
        }
      }
    }
  }

  private static boolean isSealed(JsonNode node) {
    return node instanceof ObjectNode object && object.has(SEALED_MARKER);
  }
}
