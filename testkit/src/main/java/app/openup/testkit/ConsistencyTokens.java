package app.openup.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Consistency tokens as the services answer them (eventing's {@code ConsistencyToken}), for tests.
 */
public final class ConsistencyTokens {

  private ConsistencyTokens() {}

  /** The token of an event: which service appended it, where, and in which stream. */
  public static String encode(
      String source, long position, UUID eventId, long streamVersion, String streamId) {
    String text = source + ":" + position + ":" + eventId + ":" + streamVersion + ":" + streamId;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A token naming an event of {@code streamId} that never comes: a read with it waits it out. */
  public static String neverComing(String source, String streamId) {
    return encode(source, 1_000_000_000L, UUID.randomUUID(), 99, streamId);
  }

  /**
   * The token of a need's draft in needs-service (step 1), a private stream never published, that
   * follows nothing published: other services have nothing of it to wait for.
   */
  public static String ofANeedsDraft() {
    return draft() + ".";
  }

  /**
   * The token of a need's draft decided after version {@code version} of the published stream
   * {@code stream} (the couple's): other services wait for that event instead.
   */
  public static String ofANeedsDraftAfter(String stream, long version) {
    String after = version + ":" + stream;
    return draft()
        + "."
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(after.getBytes(StandardCharsets.UTF_8));
  }

  private static String draft() {
    return encode("needs", 1_000_000_000L, UUID.randomUUID(), 1, "need-draft-" + UUID.randomUUID());
  }
}
