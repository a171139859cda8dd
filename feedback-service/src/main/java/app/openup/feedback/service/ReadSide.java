package app.openup.feedback.service;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.projection.NotCaughtUp;
import app.openup.eventing.quarkus.StoreProjections;
import app.openup.eventing.quarkus.TopicProjections;
import app.openup.feedback.domain.Couple;
import app.openup.feedback.domain.Target;
import app.openup.feedback.domain.TargetKind;
import app.openup.feedback.messaging.FeedbackReadModel;
import app.openup.feedback.messaging.HistoryProjection;
import app.openup.feedback.repository.CoupleRow;
import app.openup.feedback.repository.NeedRow;
import app.openup.feedback.repository.PartnerRow;
import app.openup.feedback.repository.ShareRow;
import app.openup.feedback.repository.VersionedKey;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the read side knows, after the caller's own writes: couples and their partners (from
 * needs.events), shares and needs (praise targets), in the active version of the history
 * projection. A consistency token of any of the three services waits, bounded, until the read side
 * holds that event; one of this service's private streams (consent) waits for its own read model.
 */
@ApplicationScoped
public class ReadSide {

  private final TopicProjections topics;
  private final StoreProjections store;

  public ReadSide(TopicProjections topics, StoreProjections store) {
    this.topics = topics;
    this.store = store;
  }

  /**
   * Waits for the event the token names (of any service), bounded; {@link NotCaughtUp} if the read
   * side has not applied it by then. An event that is never on a topic (a need's draft, a consent)
   * is waited for as its token says: a consent in this service's own read model, a draft as the
   * couple's published event it followed ({@link ConsistencyToken#onTopic()}).
   */
  public Uni<Void> caughtUp(Optional<ConsistencyToken> token) {
    if (token.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    ConsistencyToken t = token.get();
    Uni<Boolean> own =
        t.source().equals("feedback")
            ? store.await(FeedbackReadModel.NAME, token)
            : Uni.createFrom().item(true);
    Optional<ConsistencyToken> onTopic = t.onTopic();
    return NotCaughtUp.unlessReached(own)
        .chain(
            () ->
                onTopic.isPresent()
                    ? NotCaughtUp.unlessReached(topics.await(HistoryProjection.NAME, onTopic))
                    : Uni.createFrom().voidItem());
  }

  /** The version of the history projection that reads answer from. */
  public Uni<Integer> version() {
    return topics.activeVersion(HistoryProjection.NAME);
  }

  /**
   * Runs {@code read} in a Panache session with the version reads answer from, learnt before the
   * session takes its connection: a read that held one pooled connection and waited for another
   * could, with the pool taken by such reads, wait for ever.
   */
  public <T> Uni<T> inSession(Function<Integer, Uni<T>> read) {
    return version().chain(version -> Panache.withSession(() -> read.apply(version)));
  }

  /** The couple (in a Panache session), or null if the read side has not heard of it. */
  public Uni<Couple> couple(UUID coupleId, int version) {
    return CoupleRow.<CoupleRow>findById(new VersionedKey(coupleId, version))
        .chain(
            known -> {
              if (known == null) {
                return Uni.createFrom().nullItem();
              }
              return PartnerRow.<PartnerRow>list("id = ?1 and version = ?2", coupleId, version)
                  .map(
                      partners -> {
                        Set<UUID> all = new HashSet<>();
                        Set<UUID> leavers = new HashSet<>();
                        for (PartnerRow partner : partners) {
                          all.add(partner.partnerId);
                          if (partner.leftAt != null) {
                            leavers.add(partner.partnerId);
                          }
                        }
                        return new Couple(coupleId, all, leavers);
                      });
            });
  }

  /** A share or a shared need as the read side knows it, or null if its event has not arrived. */
  public Uni<Target> target(TargetKind kind, UUID id, int version) {
    if (kind == TargetKind.SHARE) {
      return ShareRow.<ShareRow>findById(new VersionedKey(id, version))
          .map(row -> row == null ? null : new Target(kind, id, row.coupleId, row.author));
    }
    return NeedRow.<NeedRow>findById(new VersionedKey(id, version))
        .map(
            row ->
                row == null || row.author == null
                    ? null
                    : new Target(kind, id, row.coupleId, row.author));
  }
}
