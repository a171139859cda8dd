package app.openup.eventing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An opaque token that a command response carries: which service appended and the global position
 * of its last event. A query that passes it back can wait until a read model has processed that
 * position (read-your-writes without polling).
 *
 * @param source the service whose event store holds the event, for example {@code needs}
 * @param position the event's global position in that store
 */
public record ConsistencyToken(String source, long position) {

  private static final Pattern SOURCE = Pattern.compile("[a-z][a-z0-9-]{0,40}");

  public ConsistencyToken {
    if (source == null || !SOURCE.matcher(source).matches()) {
      throw new IllegalArgumentException("source must be a short lower-case service name");
    }
    if (position < 0) {
      throw new IllegalArgumentException("position must not be negative");
    }
  }

  /** The token as clients see it: URL-safe, without meaning to them. */
  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((source + ":" + position).getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a token a client sent back; empty if it is not one this platform issued. */
  public static Optional<ConsistencyToken> decode(String token) {
    if (token == null || token.isBlank() || token.length() > 100) {
      return Optional.empty();
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int colon = text.lastIndexOf(':');
      if (colon < 1) {
        return Optional.empty();
      }
      return Optional.of(
          new ConsistencyToken(
              text.substring(0, colon), Long.parseLong(text.substring(colon + 1))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
