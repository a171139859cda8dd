package app.openup.feedback.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the read side knows of one couple, as the dashboard computes from it: only what the services
 * published (ids, levels, kinds, topics, times), never a word.
 */
public record Facts(
    List<NeedFact> needs,
    List<SessionFact> sessions,
    List<ShareFact> shares,
    List<PraiseFact> praise,
    List<EngagementFact> engagement,
    List<RatingFact> ratings) {

  public Facts {
    needs = List.copyOf(needs);
    sessions = List.copyOf(sessions);
    shares = List.copyOf(shares);
    praise = List.copyOf(praise);
    engagement = List.copyOf(engagement);
    ratings = List.copyOf(ratings);
  }

  /** A need shared in step 2, and when it was acknowledged and met (null if not). */
  public record NeedFact(
      UUID needId,
      UUID author,
      String topic,
      Instant sharedAt,
      Instant acknowledgedAt,
      Instant metAt) {}

  /** A session: who asked, when it was proposed, started (both ready) and closed. */
  public record SessionFact(
      UUID sessionId, UUID initiator, Instant proposedAt, Instant startedAt, Instant closedAt) {}

  /** A share in a session: its depth (1 light, 2 moderate, 3 deep) and topic. */
  public record ShareFact(
      UUID shareId, UUID sessionId, UUID author, int depth, String topic, Instant sharedAt) {}

  /** A praise that stands (neither withdrawn nor declined). */
  public record PraiseFact(
      UUID praiseId, UUID givenBy, TargetKind targetKind, UUID targetId, Instant givenAt) {}

  /** Curiosity (an open question) or a defensive moment noticed, in a session. */
  public record EngagementFact(UUID sessionId, UUID by, boolean curiosity, Instant at) {}

  /** A rating both partners shared: how safe the session felt, whether its start was soft. */
  public record RatingFact(
      UUID sessionId, UUID partnerId, int safety, boolean softStart, Instant at) {}
}
