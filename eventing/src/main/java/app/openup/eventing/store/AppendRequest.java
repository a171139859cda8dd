package app.openup.eventing.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Events to append to one stream, atomically, if the stream is where the writer expects it.
 *
 * @param streamId the aggregate's stream, for example {@code need-<uuid>}
 * @param expected what the writer believes the stream's version is
 * @param partitionKey what keeps related streams in order on Kafka: the record key and the
 *     CloudEvents {@code subject} (a service chooses it; Open Up's services use the couple id)
 * @param actor who caused them (for example a person's id), or null for the system
 * @param events at least one event, each id once
 * @param metadata correlation, causation and trace context
 * @param idempotency if not null, a repeat of the same key and fingerprint returns the first
 *     outcome and appends nothing; the same key with another fingerprint is refused ({@link
 *     IdempotencyKeyReused})
 * @param conditions other streams that must be at the given versions when the append commits (the
 *     decision read them); each is held with a shared lock until the commit
 * @param guarded whether other appends name this stream in their conditions: such a stream is
 *     written only under its exclusive lock, so that a condition on it holds until its writer's
 *     commit
 * @param published whether the relay publishes these events; a stream is private or public as a
 *     whole, so that each published stream keeps contiguous versions on Kafka
 */
public record AppendRequest(
    String streamId,
    ExpectedVersion expected,
    UUID partitionKey,
    String actor,
    List<NewEvent> events,
    EventMetadata metadata,
    Idempotency idempotency,
    List<StreamCondition> conditions,
    boolean guarded,
    boolean published) {

  /** An idempotency key, and the fingerprint of the request it belongs to. */
  public record Idempotency(String key, String fingerprint) {
    public Idempotency {
      Objects.requireNonNull(key, "key");
    }
  }

  /** Another stream that must be at {@code version} when the append commits. */
  public record StreamCondition(String streamId, long version) {
    public StreamCondition {
      Objects.requireNonNull(streamId, "streamId");
    }
  }

  public AppendRequest {
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(events, "events");
    if (events.isEmpty()) {
      throw new IllegalArgumentException("an append needs at least one event");
    }
    events = List.copyOf(events);
    Set<UUID> ids = new HashSet<>();
    for (NewEvent event : events) {
      if (!ids.add(event.eventId())) {
        throw new DuplicateEventId(event.eventId());
      }
    }
    metadata = metadata == null ? EventMetadata.none() : metadata;
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
    for (StreamCondition condition : conditions) {
      if (condition.streamId().equals(streamId)) {
        throw new IllegalArgumentException("a condition names another stream than the append's");
      }
    }
    if (idempotency != null && idempotency.fingerprint() == null) {
      idempotency = new Idempotency(idempotency.key(), fingerprintOf(streamId, events));
    }
  }

  /** A published, unguarded append without conditions. */
  public AppendRequest(
      String streamId,
      ExpectedVersion expected,
      UUID partitionKey,
      String actor,
      List<NewEvent> events,
      EventMetadata metadata,
      String idempotencyKey) {
    this(
        streamId,
        expected,
        partitionKey,
        actor,
        events,
        metadata,
        idempotencyKey == null ? null : new Idempotency(idempotencyKey, null),
        List.of(),
        false,
        true);
  }

  /** The idempotency key, or null. */
  public String idempotencyKey() {
    return idempotency == null ? null : idempotency.key();
  }

  /**
   * Binds the append to an idempotency key and the fingerprint of the request that caused it (for
   * an HTTP command: a keyed hash of its operation, path and body); null fingerprints the stream
   * and the events' types and payloads.
   */
  public AppendRequest withIdempotency(String key, String fingerprint) {
    return new AppendRequest(
        streamId,
        expected,
        partitionKey,
        actor,
        events,
        metadata,
        key == null ? null : new Idempotency(key, fingerprint),
        conditions,
        guarded,
        published);
  }

  /** Appends only if {@code stream} is at {@code version} when this append commits. */
  public AppendRequest onlyIf(String stream, long version) {
    List<StreamCondition> more = new ArrayList<>(conditions);
    more.add(new StreamCondition(stream, version));
    return new AppendRequest(
        streamId,
        expected,
        partitionKey,
        actor,
        events,
        metadata,
        idempotency,
        more,
        guarded,
        published);
  }

  /** Marks the stream as one that other appends' conditions name. */
  public AppendRequest asGuarded() {
    return new AppendRequest(
        streamId,
        expected,
        partitionKey,
        actor,
        events,
        metadata,
        idempotency,
        conditions,
        true,
        published);
  }

  /** Keeps the events private: stored, never relayed. */
  public AppendRequest unpublished() {
    return new AppendRequest(
        streamId,
        expected,
        partitionKey,
        actor,
        events,
        metadata,
        idempotency,
        conditions,
        guarded,
        false);
  }

  /**
   * Whether the append needs the careful path: an expected version other than an exact one, an
   * idempotency key, conditions or a guarded stream.
   */
  boolean careful() {
    return !(expected instanceof ExpectedVersion.Exactly)
        || idempotency != null
        || !conditions.isEmpty()
        || guarded;
  }

  /** The default fingerprint: the stream, and each event's type, schema version and payload. */
  static String fingerprintOf(String streamId, List<NewEvent> events) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(streamId.getBytes(StandardCharsets.UTF_8));
      for (NewEvent event : events) {
        digest.update((byte) 0);
        digest.update(event.type().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Integer.toString(event.schemaVersion()).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(event.payloadJson().getBytes(StandardCharsets.UTF_8));
      }
      return "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
