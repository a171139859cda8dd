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
 *
 * <p>A payload whose text has no {@code "sealed"} name and no escape at all cannot hold a sealed
 * member, and is published as stored, without being parsed (most events carry no words: readiness,
 * times, levels). Any backslash sends the payload through the full parse: JSON lets any letter of a
 * name be written as an escape sequence, and an escaped name is still that name.
 */
final class PublicPayload {

  static final String SEALED_MARKER = SealedText.JSON_FIELD;

  private static final String QUOTED_MARKER = '"' + SEALED_MARKER + '"';

  private PublicPayload() {}

  static String of(String payloadJson) {
    if (!payloadJson.contains(QUOTED_MARKER) && payloadJson.indexOf('\\') < 0) {
      return payloadJson;
    }
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
