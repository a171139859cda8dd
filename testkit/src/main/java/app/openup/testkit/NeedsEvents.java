package app.openup.testkit;

import static app.openup.testkit.TopicWriter.data;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code needs.events} as needs-service writes it (checked against its published schemas), for the
 * services that learn couples from it: a couple formed and joined, a leave, an erasure, a shared
 * need. Each answers needs-service's consistency token for that event.
 */
public final class NeedsEvents implements AutoCloseable {

  private final TopicWriter topic;

  public NeedsEvents(String bootstrapServers) {
    this.topic = new TopicWriter(bootstrapServers, "needs.events", "needs", "needs-service");
  }

  /** The writer underneath, for records these helpers do not make. */
  public TopicWriter topic() {
    return topic;
  }

  /** A couple formed by {@code first}, joined by {@code second}; the token of the join. */
  public String together(UUID coupleId, UUID first, UUID second) {
    return formedAndJoined(coupleId, first, second).joined();
  }

  /** The tokens of a couple's invitation (the last event of forming it) and of its join. */
  public record Joining(String invited, String joined) {}

  /** A couple formed by {@code first} (with its invitation) and joined by {@code second}. */
  public Joining formedAndJoined(UUID coupleId, UUID first, UUID second) {
    formed(coupleId, first);
    String invited = invited(coupleId, first);
    return new Joining(invited, joined(coupleId, second));
  }

  /** A couple with its first partner only; the token. */
  public String formed(UUID coupleId, UUID first) {
    return topic.send(
        coupleId,
        "couple-" + coupleId,
        "app.openup.couple.formed.v1",
        first,
        data("coupleId", coupleId, "firstPartner", first, "formedAt", Instant.now()));
  }

  /**
   * The invitation that forming a couple appends after it (the last event of that command, so the
   * token a partner gets on forming a couple); the token.
   */
  public String invited(UUID coupleId, UUID first) {
    return topic.send(
        coupleId,
        "couple-" + coupleId,
        "app.openup.couple.partner-invited.v1",
        first,
        data(
            "coupleId",
            coupleId,
            "invitationId",
            UUID.randomUUID(),
            "invitedBy",
            first,
            "expiresAt",
            Instant.now().plusSeconds(86400)));
  }

  /** {@code second} joined the couple; the token. */
  public String joined(UUID coupleId, UUID second) {
    return topic.send(
        coupleId,
        "couple-" + coupleId,
        "app.openup.couple.partner-joined.v1",
        second,
        data(
            "coupleId",
            coupleId,
            "partnerId",
            second,
            "invitationId",
            UUID.randomUUID(),
            "joinedAt",
            Instant.now()));
  }

  public String left(UUID coupleId, UUID partner) {
    return left(coupleId, partner, null);
  }

  /** The leave, written in the trace {@code traceparent}. */
  public String left(UUID coupleId, UUID partner, String traceparent) {
    return topic.send(
        coupleId,
        "couple-" + coupleId,
        "app.openup.couple.partner-left.v1",
        partner,
        data("coupleId", coupleId, "partnerId", partner, "leftAt", Instant.now()),
        traceparent);
  }

  public String erased(UUID coupleId, UUID partner) {
    return topic.send(
        coupleId,
        "couple-" + coupleId,
        "app.openup.couple.partner-erased.v1",
        partner,
        data("coupleId", coupleId, "partnerId", partner, "erasedAt", Instant.now()));
  }

  public String needShared(UUID coupleId, UUID needId, UUID author, String topicName, Instant at) {
    return topic.send(
        coupleId,
        "need-" + needId,
        "app.openup.need.shared.v1",
        author,
        data(
            "needId",
            needId,
            "coupleId",
            coupleId,
            "author",
            author,
            "topic",
            topicName,
            "sharedAt",
            at));
  }

  public String needShared(UUID coupleId, UUID needId, UUID author, String topicName) {
    return needShared(coupleId, needId, author, topicName, Instant.now());
  }

  public String needMet(UUID coupleId, UUID needId, UUID by, Instant at) {
    return topic.send(
        coupleId,
        "need-" + needId,
        "app.openup.need.met.v1",
        by,
        data("needId", needId, "by", by, "metAt", at));
  }

  public String needAcknowledged(UUID coupleId, UUID needId, UUID by, Instant at) {
    return topic.send(
        coupleId,
        "need-" + needId,
        "app.openup.need.acknowledged.v1",
        by,
        data("needId", needId, "by", by, "acknowledgedAt", at));
  }

  /** A record with needs-service's headers of a known type and a value that is not its data. */
  public void poison(UUID coupleId, String type, byte[] value) {
    topic.poison(coupleId, type, value);
  }

  @Override
  public void close() {
    topic.close();
  }
}
