package app.openup.feedback.support;

import static app.openup.testkit.TopicWriter.data;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.quarkus.TopicProjections;
import app.openup.feedback.messaging.HistoryProjection;
import app.openup.testkit.NeedsEvents;
import app.openup.testkit.TopicWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.awaitility.Awaitility;

/**
 * The history of {@code ProgressTest} (the metrics worked out by hand there), published on the
 * three topics as their services would. {@link #publish} writes it in an order of the caller's
 * choosing and answers, per topic, the consistency token of its last event.
 */
public final class KnownHistory {

  public final UUID couple = UUID.randomUUID();
  public final UUID alex = UUID.randomUUID();
  public final UUID sam = UUID.randomUUID();
  public final UUID n1 = UUID.randomUUID();
  public final UUID n2 = UUID.randomUUID();
  public final UUID s1 = UUID.randomUUID();
  public final UUID s2 = UUID.randomUUID();
  public final UUID s3 = UUID.randomUUID();
  public final UUID alexLight = UUID.randomUUID();
  public final UUID alexModerate = UUID.randomUUID();
  public final UUID samDeep = UUID.randomUUID();
  public final UUID samDeep2 = UUID.randomUUID();
  final Instant now;
  final Instant s1Start;
  final Instant s2Start;
  final Instant n1Shared;

  public KnownHistory(Instant now) {
    this.now = now;
    this.s1Start = now.minus(Duration.ofDays(20)).plus(Duration.ofHours(1));
    this.s2Start = now.minus(Duration.ofDays(5)).plus(Duration.ofHours(1));
    this.n1Shared = now.minus(Duration.ofDays(10));
  }

  private Instant m(Instant base, int minutes) {
    return base.plus(Duration.ofMinutes(minutes));
  }

  /** The last token written to each topic: needs, sessions, feedback. */
  public record Tokens(String needs, String sessions, String feedback) {

    /**
     * Returns once the history projection holds the event of each token. Asked of the projection,
     * not through a read: these events are written straight to the topics, so the feedback one is
     * not in feedback-service's own store, which a read with its token also waits for.
     */
    public void awaitProjectedBy(TopicProjections projections) {
      for (String token : List.of(needs, sessions, feedback)) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    projections
                        .await(HistoryProjection.NAME, ConsistencyToken.decode(token))
                        .await()
                        .atMost(Duration.ofSeconds(10)));
      }
    }
  }

  /** Which topic goes first: the events of each topic keep their own order. */
  public enum Order {
    NEEDS_SESSIONS_FEEDBACK,
    FEEDBACK_SESSIONS_NEEDS
  }

  public Tokens publish(
      NeedsEvents needs, SessionsEvents sessions, TopicWriter feedback, Order order) {
    List<Supplier<String>> topics = new ArrayList<>();
    topics.add(() -> needs(needs));
    topics.add(() -> sessions(sessions));
    topics.add(() -> feedback(feedback));
    String[] tokens = new String[3];
    if (order == Order.NEEDS_SESSIONS_FEEDBACK) {
      for (int i = 0; i < 3; i++) {
        tokens[i] = topics.get(i).get();
      }
    } else {
      for (int i = 2; i >= 0; i--) {
        tokens[i] = topics.get(i).get();
      }
    }
    return new Tokens(tokens[0], tokens[1], tokens[2]);
  }

  private String needs(NeedsEvents needs) {
    needs.together(couple, alex, sam);
    needs.needShared(couple, n2, sam, "HEALTH", now.minus(Duration.ofDays(100)));
    needs.needShared(couple, n1, alex, "FINANCES", n1Shared);
    needs.needAcknowledged(couple, n1, sam, m(n1Shared, 60));
    return needs.needMet(couple, n1, sam, now.minus(Duration.ofDays(8)));
  }

  private String sessions(SessionsEvents sessions) {
    List<UUID> both = List.of(alex, sam);
    sessions.proposed(couple, s1, alex, m(s1Start, -60));
    sessions.started(couple, s1, alex, both, s1Start);
    sessions.share(couple, s1, alexLight, alex, "LIGHT", "FINANCES", m(s1Start, 10));
    sessions.question(couple, s1, sam, m(s1Start, 20));
    sessions.defensive(couple, s1, alex, m(s1Start, 30));
    sessions.share(couple, s1, samDeep, sam, "DEEP", "INTIMACY", m(s1Start, 40));
    sessions.share(couple, s1, alexModerate, alex, "MODERATE", null, m(s1Start, 50));
    sessions.closed(couple, s1, alex, m(s1Start, 70));
    sessions.ratingsShared(couple, s1, alex, 4, "SOFT", sam, 2, "HARSH", m(s1Start, 120));
    sessions.proposed(couple, s2, sam, m(s2Start, -60));
    sessions.started(couple, s2, sam, both, s2Start);
    sessions.share(couple, s2, samDeep2, sam, "DEEP", "FAMILY_PLANS", m(s2Start, 5));
    sessions.question(couple, s2, alex, m(s2Start, 10));
    sessions.question(couple, s2, alex, m(s2Start, 15));
    return sessions.proposed(couple, s3, alex, now.minus(Duration.ofDays(2)));
  }

  private String feedback(TopicWriter feedback) {
    praise(feedback, sam, "SHARE", alexModerate, m(s1Start, 60));
    praise(feedback, alex, "SHARE", samDeep, m(s1Start, 100));
    return praise(feedback, sam, "NEED", n1, m(n1Shared, 30));
  }

  private String praise(TopicWriter feedback, UUID by, String kind, UUID target, Instant at) {
    UUID praise = UUID.randomUUID();
    return feedback.send(
        couple,
        "praise-" + praise,
        "app.openup.praise.given.v1",
        by,
        data(
            "praiseId",
            praise,
            "coupleId",
            couple,
            "givenBy",
            by,
            "targetKind",
            kind,
            "targetId",
            target,
            "style",
            "GRATITUDE",
            "givenAt",
            at));
  }

  /** feedback.events, written as feedback-service's relay writes it. */
  public static TopicWriter feedbackTopic(String bootstrapServers) {
    return new TopicWriter(bootstrapServers, "feedback.events", "feedback", "feedback-service");
  }
}
