package app.openup.eventing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An opaque token that a command response carries: which service appended, and the global position
 * and id of the last event it appended. A query that passes it back can wait until a read model has
 * processed that event (read-your-writes without polling).
 *
 * <p>The event id, not only the position, decides whether a consumer has caught up: the relay
 * publishes in transaction order, which is not always position order, and a topic's partitions move
 * at their own pace, so "a higher position was processed" does not prove that this one was.
 *
 * @param source the service whose event store holds the event, for example {@code needs}
 * @param position the event's global position in that store
 * @param eventId the event's id
 */
public record ConsistencyToken(String source, long position, UUID eventId) {

  private static final Pattern SOURCE = Pattern.compile("[a-z][a-z0-9-]{0,40}");

  public ConsistencyToken {
    if (source == null || !SOURCE.matcher(source).matches()) {
      throw new IllegalArgumentException("source must be a short lower-case service name");
    }
    if (position < 0) {
      throw new IllegalArgumentException("position must not be negative");
    }
    Objects.requireNonNull(eventId, "eventId");
  }

  /** The token as clients see it: URL-safe, without meaning to them. */
  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((source + ":" + position + ":" + eventId).getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a token a client sent back; empty if it is not one this platform issued. */
  public static Optional<ConsistencyToken> decode(String token) {
    if (token == null || token.isBlank() || token.length() > 200) {
      return Optional.empty();
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = text.split(":", -1);
      if (parts.length != 3) {
        return Optional.empty();
      }
      return Optional.of(
          new ConsistencyToken(parts[0], Long.parseLong(parts[1]), UUID.fromString(parts[2])));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
