package app.openup.eventing.store;

import app.openup.eventing.ConsistencyToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.mutiny.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;

/** Rows of the store's tables as Java values, and the stored outcomes of idempotent appends. */
final class StoreRows {

  private static final ObjectMapper JSON = EventCatalog.json();

  /** The columns every read of events selects, in this order. */
  static final String EVENT_COLUMNS =
      "event_id, stream_id, stream_version, global_position, event_type, schema_version,"
          + " partition_key, actor, occurred_at, payload::text, metadata::text";

  private StoreRows() {}

  static RecordedEvent recorded(Row row) {
    return new RecordedEvent(
        row.getUUID(0),
        row.getString(1),
        row.getLong(2),
        row.getLong(3),
        row.getString(4),
        row.getInteger(5),
        row.getUUID(6),
        row.getString(7),
        row.getOffsetDateTime(8).toInstant(),
        row.getString(9),
        EventMetadata.fromJson(row.getString(10)));
  }

  static List<RecordedEvent> recordedAll(Iterable<Row> rows) {
    List<RecordedEvent> events = new ArrayList<>();
    rows.forEach(row -> events.add(recorded(row)));
    return events;
  }

  static String writeOutcome(AppendResult result) {
    ObjectNode node = JSON.createObjectNode();
    node.put("streamId", result.streamId());
    node.put("fromVersion", result.fromVersion());
    node.put("toVersion", result.toVersion());
    node.put("lastPosition", result.lastPosition());
    node.put("token", result.token().encode());
    return node.toString();
  }

  static AppendResult readOutcome(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      return new AppendResult(
          node.get("streamId").asText(),
          node.get("fromVersion").asLong(),
          node.get("toVersion").asLong(),
          node.get("lastPosition").asLong(),
          ConsistencyToken.decode(node.get("token").asText()).orElseThrow(),
          true);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable stored outcome", e);
    }
  }
}
