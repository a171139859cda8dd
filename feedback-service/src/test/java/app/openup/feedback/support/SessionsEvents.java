package app.openup.feedback.support;

import static app.openup.testkit.TopicWriter.data;

import app.openup.testkit.TopicWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code sessions.events} as session-service writes it (checked against its published schemas): all
 * of a couple's sessions in one stream, {@code couple-sessions-<coupleId>}.
 */
public final class SessionsEvents implements AutoCloseable {

  private final TopicWriter topic;

  public SessionsEvents(String bootstrapServers) {
    this.topic =
        new TopicWriter(bootstrapServers, "sessions.events", "sessions", "session-service");
  }

  public TopicWriter topic() {
    return topic;
  }

  private String send(UUID couple, String name, UUID actor, Map<String, Object> data) {
    return topic.send(
        couple, "couple-sessions-" + couple, "app.openup.session." + name + ".v1", actor, data);
  }

  public String proposed(UUID couple, UUID session, UUID by, Instant at) {
    return send(
        couple,
        "proposed",
        by,
        data(
            "sessionId",
            session,
            "coupleId",
            couple,
            "proposedBy",
            by,
            "startsAt",
            at.plusSeconds(3600),
            "endsAt",
            at.plusSeconds(7200),
            "proposedAt",
            at));
  }

  public String accepted(UUID couple, UUID session, UUID by, Instant at) {
    return send(
        couple,
        "accepted",
        by,
        data("sessionId", session, "coupleId", couple, "acceptedBy", by, "acceptedAt", at));
  }

  public String checkedIn(UUID couple, UUID session, UUID by, boolean ready, Instant at) {
    return send(
        couple,
        "readiness-checked-in",
        by,
        data(
            "sessionId",
            session,
            "coupleId",
            couple,
            "partnerId",
            by,
            "ready",
            ready,
            "checkedInAt",
            at));
  }

  public String started(UUID couple, UUID session, UUID by, List<UUID> both, Instant at) {
    return send(
        couple,
        "started",
        by,
        data(
            "sessionId",
            session,
            "coupleId",
            couple,
            "startedBy",
            by,
            "groundRule",
            "REPLACE_DEFENSIVENESS_WITH_CURIOSITY",
            "groundRuleAcceptedBy",
            both.stream().map(UUID::toString).sorted().toList(),
            "startedAt",
            at));
  }

  public String share(
      UUID couple, UUID session, UUID share, UUID by, String depth, String topicName, Instant at) {
    Map<String, Object> data =
        data(
            "sessionId",
            session,
            "coupleId",
            couple,
            "shareId",
            share,
            "author",
            by,
            "depth",
            depth,
            "kind",
            "FEELING",
            "sharedAt",
            at);
    if (topicName != null) {
      data.put("topic", topicName);
    }
    return send(couple, "share-made", by, data);
  }

  public String question(UUID couple, UUID session, UUID by, Instant at) {
    return send(
        couple,
        "open-question-asked",
        by,
        data(
            "sessionId",
            session,
            "coupleId",
            couple,
            "questionId",
            UUID.randomUUID(),
            "askedBy",
            by,
            "question",
            "TELL_ME_MORE",
            "askedAt",
            at));
  }

  public String defensive(UUID couple, UUID session, UUID by, Instant at) {
    return send(
        couple,
        "defensiveness-noticed",
        by,
        data(
            "sessionId",
            session,
            "coupleId",
            couple,
            "momentId",
            UUID.randomUUID(),
            "noticedBy",
            by,
            "whose",
            "OWN",
            "suggestion",
            "TELL_ME_MORE",
            "noticedAt",
            at));
  }

  public String closed(UUID couple, UUID session, UUID by, Instant at) {
    return send(
        couple,
        "closed",
        by,
        data(
            "sessionId",
            session,
            "coupleId",
            couple,
            "closedBy",
            by,
            "reason",
            "CLOSED_BY_PARTNER",
            "closedAt",
            at));
  }

  public String ratingsShared(
      UUID couple,
      UUID session,
      UUID a,
      int safetyA,
      String startA,
      UUID b,
      int safetyB,
      String startB,
      Instant at) {
    return send(
        couple,
        "ratings-shared",
        null,
        data(
            "sessionId",
            session,
            "coupleId",
            couple,
            "ratings",
            List.of(
                data("partnerId", a, "safety", safetyA, "start", startA),
                data("partnerId", b, "safety", safetyB, "start", startB)),
            "sharedAt",
            at));
  }

  @Override
  public void close() {
    topic.close();
  }
}
