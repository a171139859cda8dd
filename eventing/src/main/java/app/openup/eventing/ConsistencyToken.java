package app.openup.eventing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An opaque token that a command response carries: which service appended, and where the last event
 * it appended is (its global position, id, stream and version). A query that passes it back can
 * wait until a read model has processed that event (read-your-writes without polling).
 *
 * <p>The stream and version, not the position, decide whether a consumer has caught up: the relay
 * publishes in transaction order, which is not always position order, and a topic's partitions move
 * at their own pace, so "a higher position was processed" does not prove that this one was; a
 * projection knows, per stream, up to which version it has applied everything.
 *
 * <p>An event of a private stream (a need's draft) is never on a topic, so another service cannot
 * wait for it; its token says so, and names instead the published event of the same store the
 * decision read ({@link #onTopic()}: the couple as it stood), so that a client that passes the
 * latest token it holds still sees its earlier writes everywhere.
 *
 * @param source the service whose event store holds the event, for example {@code needs}
 * @param position the event's global position in that store
 * @param eventId the event's id
 * @param streamId the event's stream
 * @param streamVersion the event's version in its stream
 * @param published whether the event is published on the source's topic
 * @param after for an event that is not published, the published event it was decided after (what a
 *     consumer of the topic waits for), or null if none
 */
public record ConsistencyToken(
    String source,
    long position,
    UUID eventId,
    String streamId,
    long streamVersion,
    boolean published,
    After after) {

  /** A published event of the same store: its stream and version. */
  public record After(String streamId, long streamVersion) {
    public After {
      requireStream(streamId);
      if (streamVersion < 1) {
        throw new IllegalArgumentException("a version is positive");
      }
    }
  }

  private static final Pattern SOURCE = Pattern.compile("[a-z][a-z0-9-]{0,40}");
  private static final int MAX_LENGTH = 600;

  public ConsistencyToken {
    if (source == null || !SOURCE.matcher(source).matches()) {
      throw new IllegalArgumentException("source must be a short lower-case service name");
    }
    if (position < 0 || streamVersion < 1) {
      throw new IllegalArgumentException("position and version must be positive");
    }
    Objects.requireNonNull(eventId, "eventId");
    requireStream(streamId);
    if (published && after != null) {
      throw new IllegalArgumentException("a published event is waited for itself");
    }
  }

  /** The token of a published event. */
  public ConsistencyToken(
      String source, long position, UUID eventId, String streamId, long streamVersion) {
    this(source, position, eventId, streamId, streamVersion, true, null);
  }

  private static void requireStream(String streamId) {
    Objects.requireNonNull(streamId, "streamId");
    if (streamId.isEmpty() || streamId.length() > 200) {
      throw new IllegalArgumentException("a stream id is 1 to 200 characters");
    }
  }

  /** The same event, marked as never published: it follows nothing published yet. */
  public ConsistencyToken unpublished() {
    return new ConsistencyToken(source, position, eventId, streamId, streamVersion, false, null);
  }

  /**
   * The same event, never published, decided after {@code version} of the published stream {@code
   * stream} of the same store.
   */
  public ConsistencyToken unpublishedAfter(String stream, long version) {
    return new ConsistencyToken(
        source, position, eventId, streamId, streamVersion, false, new After(stream, version));
  }

  /**
   * What a consumer of the source's topic waits for: this event if it is published; otherwise the
   * published event it follows, named by a token of its own; empty if there is none (nothing to
   * wait for).
   */
  public Optional<ConsistencyToken> onTopic() {
    if (published) {
      return Optional.of(this);
    }
    return Optional.ofNullable(after)
        .map(a -> new ConsistencyToken(source, position, eventId, a.streamId(), a.streamVersion()));
  }

  /**
   * The token as clients see it: URL-safe, without meaning to them. An unpublished event's token
   * has a second part after a dot: what it follows, or nothing.
   */
  public String encode() {
    String event =
        base64(source + ":" + position + ":" + eventId + ":" + streamVersion + ":" + streamId);
    if (published) {
      return event;
    }
    return event
        + "."
        + (after == null ? "" : base64(after.streamVersion() + ":" + after.streamId()));
  }

  private static String base64(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(String base64) {
    return new String(Base64.getUrlDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  /** Reads a token a client sent back; empty if it is not one this platform issued. */
  public static Optional<ConsistencyToken> decode(String token) {
    if (token == null || token.isBlank() || token.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    try {
      String[] halves = token.split("\\.", -1);
      if (halves.length > 2) {
        return Optional.empty();
      }
      String[] parts = text(halves[0]).split(":", 5);
      if (parts.length != 5) {
        return Optional.empty();
      }
      ConsistencyToken event =
          new ConsistencyToken(
              parts[0],
              Long.parseLong(parts[1]),
              UUID.fromString(parts[2]),
              parts[4],
              Long.parseLong(parts[3]));
      if (halves.length == 1) {
        return Optional.of(event);
      }
      if (halves[1].isEmpty()) {
        return Optional.of(event.unpublished());
      }
      String[] after = text(halves[1]).split(":", 2);
      if (after.length != 2) {
        return Optional.empty();
      }
      return Optional.of(event.unpublishedAfter(after[1], Long.parseLong(after[0])));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
