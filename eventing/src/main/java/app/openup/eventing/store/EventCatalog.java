package app.openup.eventing.store;

import app.openup.eventing.TimeOrderedIds;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The event types of one aggregate family: each record class with its stable type name and current
 * schema version, and the upcasters that turn a stored older version into the current shape on
 * read. Events are stored as JSON; a reader ignores fields it does not know.
 *
 * @param <E> the sealed interface the events implement
 */
public final class EventCatalog<E> {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private record Entry(Class<?> type, String name, int version) {}

  private final Map<Class<?>, Entry> byClass;
  private final Map<String, Entry> byName;
  private final Map<String, UnaryOperator<ObjectNode>> upcasters;

  private EventCatalog(
      Map<Class<?>, Entry> byClass,
      Map<String, Entry> byName,
      Map<String, UnaryOperator<ObjectNode>> upcasters) {
    this.byClass = Map.copyOf(byClass);
    this.byName = Map.copyOf(byName);
    this.upcasters = Map.copyOf(upcasters);
  }

  public static <E> Builder<E> builder(Class<E> root) {
    return new Builder<>();
  }

  /** The JSON mapper events are written and read with. */
  public static ObjectMapper json() {
    return JSON;
  }

  /** The event as a new event ready to append, with a fresh event id. */
  public NewEvent encode(E event) {
    Entry entry = entryOf(event);
    try {
      return new NewEvent(
          TimeOrderedIds.next(), entry.name(), entry.version(), JSON.writeValueAsString(event));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write " + entry.name(), e);
    }
  }

  /** The stable type name of the event. */
  public String typeOf(E event) {
    return entryOf(event).name();
  }

  /** Every type name in the catalog. */
  public java.util.Set<String> types() {
    return byName.keySet();
  }

  /** Whether this catalog knows the type name. */
  public boolean knows(String type) {
    return byName.containsKey(type);
  }

  /** The stored event as its current record type, upcast from an older schema if needed. */
  @SuppressWarnings("unchecked")
  public E decode(RecordedEvent recorded) {
    Entry entry = byName.get(recorded.type());
    if (entry == null) {
      throw new IllegalArgumentException("Unknown event type " + recorded.type());
    }
    try {
      ObjectNode payload = (ObjectNode) JSON.readTree(recorded.payloadJson());
      for (int version = recorded.schemaVersion(); version < entry.version(); version++) {
        UnaryOperator<ObjectNode> upcaster = upcasters.get(key(entry.name(), version));
        if (upcaster == null) {
          throw new IllegalStateException(
              "No upcaster for " + entry.name() + " from schema version " + version);
        }
        payload = upcaster.apply(payload);
      }
      return (E) JSON.treeToValue(payload, entry.type());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Unreadable payload of event " + recorded.eventId() + " (" + recorded.type() + ")", e);
    }
  }

  /** The stored event in its envelope, as its current record type. */
  public Envelope<E> envelope(RecordedEvent recorded) {
    return new Envelope<>(recorded, decode(recorded));
  }

  private Entry entryOf(E event) {
    Entry entry = byClass.get(event.getClass());
    if (entry == null) {
      throw new IllegalArgumentException("Not in the catalog: " + event.getClass().getName());
    }
    return entry;
  }

  private static String key(String name, int fromVersion) {
    return name + "@" + fromVersion;
  }

  /** Collects event types and upcasters. */
  public static final class Builder<E> {
    private final Map<Class<?>, Entry> byClass = new HashMap<>();
    private final Map<String, Entry> byName = new HashMap<>();
    private final Map<String, UnaryOperator<ObjectNode>> upcasters = new HashMap<>();

    private Builder() {}

    /** An event type at its current schema version. */
    public Builder<E> event(Class<? extends E> type, String name, int currentVersion) {
      Entry entry = new Entry(type, name, currentVersion);
      if (byClass.put(type, entry) != null || byName.put(name, entry) != null) {
        throw new IllegalArgumentException("Registered twice: " + name);
      }
      return this;
    }

    /** Turns a payload of {@code name} at {@code fromVersion} into {@code fromVersion + 1}. */
    public Builder<E> upcast(String name, int fromVersion, UnaryOperator<ObjectNode> toNext) {
      upcasters.put(key(name, fromVersion), toNext);
      return this;
    }

    public EventCatalog<E> build() {
      return new EventCatalog<>(byClass, byName, upcasters);
    }
  }
}
