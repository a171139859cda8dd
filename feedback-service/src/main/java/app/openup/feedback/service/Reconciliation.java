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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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
   * The praise standing (given, not yet declined or withdrawn) for the shares and needs among the
   * facts, read with one query for the lot: what {@link #after} settles for each of them.
   */
  public static final class Standing {
    private final Map<UUID, List<PraiseRow>> byTarget;

    private Standing(Map<UUID, List<PraiseRow>> byTarget) {
      this.byTarget = byTarget;
    }

    private List<Pending> pendingFor(Target target) {
      return byTarget.getOrDefault(target.id(), List.of()).stream()
          .filter(row -> row.targetKind.equals(target.kind().name()))
          .map(row -> new Pending(row.id, row.coupleId, target))
          .toList();
    }
  }

  /** The praise standing for the shares and needs among the facts (nulls allowed: unused types). */
  public Uni<Standing> standingFor(List<Published> facts) {
    Set<UUID> targets = new LinkedHashSet<>();
    for (Published fact : facts) {
      if (fact instanceof ShareMade share) {
        targets.add(share.shareId());
      } else if (fact instanceof NeedShared need) {
        targets.add(need.needId());
      }
    }
    if (targets.isEmpty()) {
      return Uni.createFrom().item(new Standing(Map.of()));
    }
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
                                        "version = ?1 and targetId in ?2 and status = ?3",
                                        version,
                                        List.copyOf(targets),
                                        PraiseStatus.GIVEN.name()))))
        .map(
            rows ->
                new Standing(rows.stream().collect(Collectors.groupingBy(row -> row.targetId))));
  }

  /**
   * Whatever the event settles, settled, with the praise standing for it as {@code standing} read
   * it; a praise declined because of it is in the trace the event continues ({@code traceparent},
   * null if none). Safe to repeat, also with a {@code standing} read before an earlier event of the
   * batch settled some of it.
   */
  public Uni<Void> after(
      IncomingEvent event, Published fact, String traceparent, Standing standing) {
    EventMetadata metadata = new EventMetadata(event.id(), event.id(), traceparent);
    Uni<List<Pending>> pending;
    if (fact instanceof ShareMade share) {
      Target target =
          new Target(TargetKind.SHARE, share.shareId(), event.partitionKey(), share.author());
      pending = Uni.createFrom().item(standing.pendingFor(target));
    } else if (fact instanceof NeedShared need) {
      Target target =
          new Target(TargetKind.NEED, need.needId(), event.partitionKey(), need.author());
      pending = Uni.createFrom().item(standing.pendingFor(target));
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
}
