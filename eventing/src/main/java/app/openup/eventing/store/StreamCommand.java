package app.openup.eventing.store;

import app.openup.eventing.store.AppendRequest.Idempotency;
import app.openup.eventing.store.AppendRequest.StreamCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A command for the aggregate of one stream, with everything the store needs to append what it
 * decides. Start with {@link #of} and add what applies.
 *
 * @param streamId the aggregate's stream
 * @param command what is asked
 * @param ifMatch the version the client saw ({@code If-Match}), or null to use the version loaded
 * @param partitionKey the Kafka key of the events (Open Up: the couple)
 * @param actor who asks, or null
 * @param metadata correlation, causation, trace
 * @param idempotency a key and the fingerprint of the request, or null; a repeat gets the first
 *     outcome whatever the stream holds now
 * @param conditions other streams the decision read, which must still be at those versions
 * @param guarded whether other commands' conditions name this stream
 * @param published whether the relay publishes the events
 */
public record StreamCommand<C>(
    String streamId,
    C command,
    Long ifMatch,
    UUID partitionKey,
    String actor,
    EventMetadata metadata,
    Idempotency idempotency,
    List<StreamCondition> conditions,
    boolean guarded,
    boolean published) {

  public StreamCommand {
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(command, "command");
    metadata = metadata == null ? EventMetadata.none() : metadata;
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  public static <C> StreamCommand<C> of(String streamId, C command) {
    return new StreamCommand<>(
        streamId, command, null, null, null, null, null, List.of(), false, true);
  }

  public StreamCommand<C> ifMatch(Long version) {
    return new StreamCommand<>(
        streamId,
        command,
        version,
        partitionKey,
        actor,
        metadata,
        idempotency,
        conditions,
        guarded,
        published);
  }

  public StreamCommand<C> partitionKey(UUID key) {
    return new StreamCommand<>(
        streamId,
        command,
        ifMatch,
        key,
        actor,
        metadata,
        idempotency,
        conditions,
        guarded,
        published);
  }

  public StreamCommand<C> actor(String by) {
    return new StreamCommand<>(
        streamId,
        command,
        ifMatch,
        partitionKey,
        by,
        metadata,
        idempotency,
        conditions,
        guarded,
        published);
  }

  public StreamCommand<C> metadata(EventMetadata data) {
    return new StreamCommand<>(
        streamId,
        command,
        ifMatch,
        partitionKey,
        actor,
        data,
        idempotency,
        conditions,
        guarded,
        published);
  }

  /** The request's idempotency key and fingerprint; a null key means none. */
  public StreamCommand<C> idempotency(String key, String fingerprint) {
    return new StreamCommand<>(
        streamId,
        command,
        ifMatch,
        partitionKey,
        actor,
        metadata,
        key == null ? null : new Idempotency(key, fingerprint),
        conditions,
        guarded,
        published);
  }

  /** The decision read {@code stream} at {@code version}: append only if it is still there. */
  public StreamCommand<C> onlyIf(String stream, long version) {
    List<StreamCondition> more = new ArrayList<>(conditions);
    more.add(new StreamCondition(stream, version));
    return new StreamCommand<>(
        streamId,
        command,
        ifMatch,
        partitionKey,
        actor,
        metadata,
        idempotency,
        more,
        guarded,
        published);
  }

  public StreamCommand<C> asGuarded() {
    return new StreamCommand<>(
        streamId,
        command,
        ifMatch,
        partitionKey,
        actor,
        metadata,
        idempotency,
        conditions,
        true,
        published);
  }

  public StreamCommand<C> unpublished() {
    return new StreamCommand<>(
        streamId,
        command,
        ifMatch,
        partitionKey,
        actor,
        metadata,
        idempotency,
        conditions,
        guarded,
        false);
  }

  /** The append of {@code events} at {@code version}. */
  AppendRequest append(long version, List<NewEvent> events) {
    return new AppendRequest(
        streamId,
        ExpectedVersion.exactly(version),
        partitionKey,
        actor,
        events,
        metadata,
        idempotency,
        conditions,
        guarded,
        published);
  }
}
