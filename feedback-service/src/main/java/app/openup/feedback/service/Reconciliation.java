package app.openup.feedback.service;

import app.openup.eventing.projection.IncomingEvent;
import app.openup.eventing.quarkus.OwnContext;
import app.openup.eventing.quarkus.StoreProjections;
import app.openup.eventing.store.EventMetadata;
import app.openup.feedback.domain.PraiseStatus;
import app.openup.feedback.domain.Target;
import app.openup.feedback.domain.TargetKind;
import app.openup.feedback.messaging.FeedbackReadModel;
import app.openup.feedback.messaging.Published;
import app.openup.feedback.messaging.Published.NeedShared;
import app.openup.feedback.messaging.Published.PraiseGiven;
import app.openup.feedback.messaging.Published.ShareMade;
import app.openup.feedback.repository.PraiseRow;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Praise and its target meet in whatever order their topics deliver them: when a share or a need
 * arrives, the praise already given for it is checked; when a praise arrives, its target, if known.
 * A praise that could not be for its target (the giver's own, another couple's) is declined, and
 * its giver sees it so. Safe to repeat: a declined praise is not declined again.
 */
@ApplicationScoped
public class Reconciliation {

  private final PraiseService praise;
  private final ReadSide readSide;
  private final StoreProjections store;
  private final Vertx vertx;

  public Reconciliation(
      PraiseService praise, ReadSide readSide, StoreProjections store, Vertx vertx) {
    this.praise = praise;
    this.readSide = readSide;
    this.store = store;
    this.vertx = vertx;
  }

  private record Pending(UUID praiseId, UUID coupleId, Target target) {}

  /**
   * Whatever the event settles, settled; a praise declined because of it is in the trace the event
   * continues ({@code traceparent}, null if none).
   */
  public Uni<Void> after(IncomingEvent event, Published fact, String traceparent) {
    EventMetadata metadata = new EventMetadata(event.id(), event.id(), traceparent);
    Uni<List<Pending>> pending;
    if (fact instanceof ShareMade share) {
      Target target =
          new Target(TargetKind.SHARE, share.shareId(), event.partitionKey(), share.author());
      pending = praiseFor(target);
    } else if (fact instanceof NeedShared need) {
      Target target =
          new Target(TargetKind.NEED, need.needId(), event.partitionKey(), need.author());
      pending = praiseFor(target);
    } else if (fact instanceof PraiseGiven given) {
      pending =
          OwnContext.run(
                  vertx,
                  () ->
                      readSide.inSession(
                          version ->
                              readSide.target(
                                  TargetKind.valueOf(given.targetKind()),
                                  given.targetId(),
                                  version)))
              .map(
                  target ->
                      target == null
                          ? List.of()
                          : List.of(new Pending(given.praiseId(), event.partitionKey(), target)));
    } else {
      return Uni.createFrom().voidItem();
    }
    return pending.chain(
        all -> {
          Uni<Void> chain = Uni.createFrom().voidItem();
          for (Pending p : all) {
            chain =
                chain.chain(
                    () -> praise.reconcile(p.praiseId(), p.coupleId(), p.target(), metadata));
          }
          return chain;
        });
  }

  /** The standing praise given for the target, in any couple (its own couple is checked too). */
  private Uni<List<Pending>> praiseFor(Target target) {
    return OwnContext.run(
            vertx,
            () ->
                store
                    .activeVersion(FeedbackReadModel.NAME)
                    .chain(
                        version ->
                            Panache.withSession(
                                () ->
                                    PraiseRow.<PraiseRow>list(
                                        "version = ?1 and targetId = ?2 and status = ?3",
                                        version,
                                        target.id(),
                                        PraiseStatus.GIVEN.name()))))
        .map(
            rows ->
                rows.stream()
                    .filter(row -> row.targetKind.equals(target.kind().name()))
                    .map(row -> new Pending(row.id, row.coupleId, target))
                    .toList());
  }
}
