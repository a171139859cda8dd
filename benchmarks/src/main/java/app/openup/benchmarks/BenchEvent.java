package app.openup.benchmarks;

import app.openup.eventing.TimeOrderedIds;
import app.openup.eventing.store.EventCatalog;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;

/**
 * The event every system under test writes, about the size of a real one: some 180 bytes of JSON.
 * Open Up and Axon serialize it with the same Jackson configuration; pgbench inserts its JSON.
 */
public record BenchEvent(UUID coupleId, UUID partnerId, String category, int level, String note) {

  static final String TYPE = "bench.appended.v1";

  /** An event of a new couple. */
  static BenchEvent random() {
    return new BenchEvent(
        TimeOrderedIds.next(),
        TimeOrderedIds.next(),
        "quality-time",
        3,
        "a benchmark event of about the size of a real one");
  }

  /** The event a command decides on, given the state folded from the stream so far. */
  BenchEvent decidedFrom(int levelsSoFar) {
    return new BenchEvent(coupleId, partnerId, category, levelsSoFar % 5 + 1, note);
  }

  /** A mapper configured like the event store's own. */
  static ObjectMapper mapper() {
    return EventCatalog.json().copy();
  }

  String toJson() {
    try {
      return mapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
