package app.openup.sessions.service;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.projection.NotCaughtUp;
import app.openup.eventing.quarkus.EventingConfig;
import app.openup.sessions.domain.Couple;
import app.openup.sessions.domain.SharedNeed;
import app.openup.sessions.domain.Topic;
import app.openup.sessions.messaging.MembershipProjection;
import app.openup.sessions.repository.KnownCouple;
import app.openup.sessions.repository.KnownNeed;
import app.openup.sessions.repository.KnownPartner;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Couples as this service learnt them from {@code needs.events}. A caller who passes a consistency
 * token of needs-service (say, from joining the couple or sharing a need) waits, bounded, until the
 * membership has caught up with it, instead of being told the couple does not exist; if it has not
 * by then, the answer is {@link NotCaughtUp} (503, ask again). A token of another service waits for
 * nothing here: the membership holds only needs-service's events.
 */
@ApplicationScoped
public class Membership {

  static final String NEEDS = "needs";

  private final MembershipProjection projection;
  private final EventingConfig config;

  public Membership(MembershipProjection projection, EventingConfig config) {
    this.projection = projection;
    this.config = config;
  }

  /** The couple, or null if this service knows no such couple (yet). */
  public Uni<Couple> couple(UUID coupleId, Optional<ConsistencyToken> token) {
    return caughtUp(token).chain(() -> Panache.withSession(() -> load(coupleId)));
  }

  /**
   * Waits for the membership to have applied the event of needs-service the token names; {@link
   * NotCaughtUp} if it has not when the wait runs out. Any of needs' published events will do: a
   * couple's events are keyed by the couple, so they arrive in order on one partition, and once the
   * need a partner just shared is here, so is the join before it (a token once had to name the
   * couple's own stream, and a proposal right after sharing a need found no couple yet). A draft
   * (step 1) is never published: its token waits for the couple's event it followed ({@link
   * ConsistencyToken#onTopic()}).
   */
  public Uni<Void> caughtUp(Optional<ConsistencyToken> token) {
    Optional<ConsistencyToken> onTopic =
        token.filter(t -> t.source().equals(NEEDS)).flatMap(ConsistencyToken::onTopic);
    if (onTopic.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return NotCaughtUp.unlessReached(
        projection.processed().awaitProcessed(onTopic.get(), config.consistencyWait()));
  }

  Uni<Couple> load(UUID coupleId) {
    return KnownCouple.<KnownCouple>findById(coupleId)
        .chain(
            known -> {
              if (known == null) {
                return Uni.createFrom().nullItem();
              }
              return KnownPartner.<KnownPartner>list("coupleId", coupleId)
                  .map(
                      partners -> {
                        Set<UUID> all = new HashSet<>();
                        Set<UUID> leavers = new HashSet<>();
                        for (KnownPartner partner : partners) {
                          all.add(partner.partnerId);
                          if (partner.leftCouple) {
                            leavers.add(partner.partnerId);
                          }
                        }
                        return new Couple(coupleId, all, leavers);
                      });
            });
  }

  /** A need shared in some couple, or null if this service has not heard of it (yet). */
  public Uni<SharedNeed> need(UUID needId, Optional<ConsistencyToken> token) {
    if (needId == null) {
      return Uni.createFrom().nullItem();
    }
    return caughtUp(token)
        .chain(
            () ->
                Panache.withSession(
                    () ->
                        KnownNeed.<KnownNeed>findById(needId)
                            .map(
                                need ->
                                    need == null
                                        ? null
                                        : new SharedNeed(
                                            need.id, need.coupleId, topic(need.topic)))));
  }

  /** A topic of needs-service this service does not know yet counts as "other". */
  private static Topic topic(String name) {
    try {
      return Topic.valueOf(name);
    } catch (IllegalArgumentException unknown) {
      return Topic.OTHER;
    }
  }
}
