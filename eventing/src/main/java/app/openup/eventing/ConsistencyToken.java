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
 * @param source the service whose event store holds the event, for example {@code needs}
 * @param position the event's global position in that store
 * @param eventId the event's id
 * @param streamId the event's stream
 * @param streamVersion the event's version in its stream
 */
public record ConsistencyToken(
    String source, long position, UUID eventId, String streamId, long streamVersion) {

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
    Objects.requireNonNull(streamId, "streamId");
    if (streamId.isEmpty() || streamId.length() > 200) {
      throw new IllegalArgumentException("a stream id is 1 to 200 characters");
    }
  }

  /** The token as clients see it: URL-safe, without meaning to them. */
  public String encode() {
    String text = source + ":" + position + ":" + eventId + ":" + streamVersion + ":" + streamId;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a token a client sent back; empty if it is not one this platform issued. */
  public static Optional<ConsistencyToken> decode(String token) {
    if (token == null || token.isBlank() || token.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = text.split(":", 5);
      if (parts.length != 5) {
        return Optional.empty();
      }
      return Optional.of(
          new ConsistencyToken(
              parts[0],
              Long.parseLong(parts[1]),
              UUID.fromString(parts[2]),
              parts[4],
              Long.parseLong(parts[3])));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
