package app.openup.sessions.service;

import app.openup.eventing.ConsistencyToken;
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
 * token of needs-service for this couple (say, from joining it) or for the need they name waits,
 * bounded, until the membership has caught up with it, instead of being told it does not exist. A
 * token for anything else waits for nothing: it cannot change what this request reads.
 */
@ApplicationScoped
public class Membership {

  static final String NEEDS = "needs";
  static final String COUPLE_STREAM = "couple-";
  static final String NEED_STREAM = "need-";

  private final MembershipProjection projection;
  private final EventingConfig config;

  public Membership(MembershipProjection projection, EventingConfig config) {
    this.projection = projection;
    this.config = config;
  }

  /** The couple, or null if this service knows no such couple (yet). */
  public Uni<Couple> couple(UUID coupleId, Optional<ConsistencyToken> token) {
    return caughtUp(token, COUPLE_STREAM + coupleId)
        .chain(() -> Panache.withSession(() -> load(coupleId)));
  }

  /**
   * Waits for the membership to have applied the event of needs-service the token names, if it
   * names one of {@code stream}.
   */
  public Uni<Void> caughtUp(Optional<ConsistencyToken> token, String stream) {
    if (token.isEmpty()
        || !token.get().source().equals(NEEDS)
        || !token.get().streamId().equals(stream)) {
      return Uni.createFrom().voidItem();
    }
    return projection
        .processed()
        .awaitProcessed(token.get(), config.consistencyWait())
        .replaceWithVoid();
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
    return caughtUp(token, NEED_STREAM + needId)
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
