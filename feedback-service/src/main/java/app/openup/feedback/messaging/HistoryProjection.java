package app.openup.feedback.messaging;

import app.openup.eventing.projection.IncomingEvent;
import app.openup.eventing.quarkus.TopicProjection;
import app.openup.feedback.messaging.Published.CoupleFormed;
import app.openup.feedback.messaging.Published.DefensivenessNoticed;
import app.openup.feedback.messaging.Published.NeedAcknowledged;
import app.openup.feedback.messaging.Published.NeedMet;
import app.openup.feedback.messaging.Published.NeedShared;
import app.openup.feedback.messaging.Published.NeedWithdrawn;
import app.openup.feedback.messaging.Published.OpenQuestionAsked;
import app.openup.feedback.messaging.Published.PartnerErased;
import app.openup.feedback.messaging.Published.PartnerJoined;
import app.openup.feedback.messaging.Published.PartnerLeft;
import app.openup.feedback.messaging.Published.PraiseDeclined;
import app.openup.feedback.messaging.Published.PraiseGiven;
import app.openup.feedback.messaging.Published.PraiseWithdrawn;
import app.openup.feedback.messaging.Published.RatingsShared;
import app.openup.feedback.messaging.Published.SessionAbandoned;
import app.openup.feedback.messaging.Published.SessionAccepted;
import app.openup.feedback.messaging.Published.SessionClosed;
import app.openup.feedback.messaging.Published.SessionPostponed;
import app.openup.feedback.messaging.Published.SessionProposed;
import app.openup.feedback.messaging.Published.SessionStarted;
import app.openup.feedback.messaging.Published.ShareMade;
import app.openup.feedback.messaging.Published.SharedRating;
import app.openup.feedback.repository.CoupleRow;
import app.openup.feedback.repository.EngagementRow;
import app.openup.feedback.repository.NeedRow;
import app.openup.feedback.repository.PartnerKey;
import app.openup.feedback.repository.PartnerRow;
import app.openup.feedback.repository.PraiseFactRow;
import app.openup.feedback.repository.RatingRow;
import app.openup.feedback.repository.SessionRow;
import app.openup.feedback.repository.ShareRow;
import app.openup.feedback.repository.TimelineEntry;
import app.openup.feedback.repository.VersionedKey;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The read side of the whole platform, from {@code needs.events}, {@code sessions.events} and
 * {@code feedback.events}: each couple's partners, needs, sessions, shares, questions, defensive
 * moments, shared ratings and praise (the facts the dashboard computes from), and its connection
 * history (the timeline). Kept by {@code TopicProjections}: exactly once, rebuildable. Every write
 * finds or makes its row, so the topics may arrive in any order with each other (a praise before
 * the share it appreciates; a session's events before the couple's).
 */
@ApplicationScoped
public class HistoryProjection implements TopicProjection {

  public static final String NAME = "feedback-history";
  public static final List<String> TOPICS =
      List.of("needs.events", "sessions.events", "feedback.events");

  static final String NEEDS = "needs-service";
  static final String SESSIONS = "session-service";
  static final String FEEDBACK = "feedback-service";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> topics() {
    return TOPICS;
  }

  @Override
  public Uni<Void> apply(IncomingEvent event, int version) {
    Published fact = Published.read(event);
    if (fact == null) {
      return Uni.createFrom().voidItem();
    }
    UUID couple = event.partitionKey();
    Context at = new Context(event, couple, version);
    if (fact instanceof CoupleFormed f) {
      return couple(at, row -> row.formedAt = f.formedAt())
          .chain(() -> partner(at, f.firstPartner(), row -> {}));
    } else if (fact instanceof PartnerJoined f) {
      return couple(at, row -> {}).chain(() -> partner(at, f.partnerId(), row -> {}));
    } else if (fact instanceof PartnerLeft f) {
      return couple(at, row -> row.closedAt = earliest(row.closedAt, f.leftAt()))
          .chain(() -> partner(at, f.partnerId(), row -> row.leftAt = f.leftAt()));
    } else if (fact instanceof PartnerErased f) {
      return couple(at, row -> row.closedAt = earliest(row.closedAt, f.erasedAt()))
          .chain(
              () ->
                  partner(
                      at,
                      f.partnerId(),
                      row -> {
                        row.leftAt = earliest(row.leftAt, f.erasedAt());
                        row.erased = true;
                      }))
          // What identifies them goes from the history: their entries keep no actor.
          .chain(
              () ->
                  TimelineEntry.update(
                      "actor = null where version = ?1 and coupleId = ?2 and actor = ?3",
                      version,
                      couple,
                      f.partnerId()))
          .replaceWithVoid();
    } else if (fact instanceof NeedShared f) {
      return need(
              at,
              f.needId(),
              row -> {
                row.author = f.author();
                row.topic = f.topic();
                row.sharedAt = f.sharedAt();
              })
          .chain(() -> entry(at, 2, "NEED_SHARED", f.author(), f.sharedAt(), f.needId(), NEEDS));
    } else if (fact instanceof NeedAcknowledged f) {
      return need(
              at,
              f.needId(),
              row -> row.acknowledgedAt = earliest(row.acknowledgedAt, f.acknowledgedAt()))
          .chain(
              () ->
                  entry(at, 2, "NEED_ACKNOWLEDGED", f.by(), f.acknowledgedAt(), f.needId(), NEEDS));
    } else if (fact instanceof NeedMet f) {
      return need(at, f.needId(), row -> row.metAt = f.metAt())
          .chain(() -> entry(at, 2, "NEED_MET", f.by(), f.metAt(), f.needId(), NEEDS));
    } else if (fact instanceof NeedWithdrawn f) {
      return need(at, f.needId(), row -> row.withdrawnAt = f.withdrawnAt());
    } else if (fact instanceof SessionProposed f) {
      return session(
              at,
              f.sessionId(),
              row -> {
                row.initiator = f.proposedBy();
                row.proposedAt = f.proposedAt();
              })
          .chain(
              () ->
                  entry(
                      at,
                      3,
                      "SESSION_PROPOSED",
                      f.proposedBy(),
                      f.proposedAt(),
                      f.sessionId(),
                      SESSIONS));
    } else if (fact instanceof SessionAccepted f) {
      return entry(
          at, 3, "SESSION_ACCEPTED", f.acceptedBy(), f.acceptedAt(), f.sessionId(), SESSIONS);
    } else if (fact instanceof SessionPostponed f) {
      return entry(at, 3, "RAIN_CHECK", f.postponedBy(), f.postponedAt(), f.sessionId(), SESSIONS);
    } else if (fact instanceof SessionStarted f) {
      return session(at, f.sessionId(), row -> row.startedAt = f.startedAt())
          .chain(
              () ->
                  entry(
                      at,
                      3,
                      "SESSION_STARTED_BOTH_READY",
                      f.startedBy(),
                      f.startedAt(),
                      f.sessionId(),
                      SESSIONS));
    } else if (fact instanceof ShareMade f) {
      return share(at, f);
    } else if (fact instanceof OpenQuestionAsked f) {
      return engagement(at, f.sessionId(), f.askedBy(), true, f.askedAt())
          .chain(
              () ->
                  entry(at, 3, "OPEN_QUESTION", f.askedBy(), f.askedAt(), f.sessionId(), SESSIONS));
    } else if (fact instanceof DefensivenessNoticed f) {
      return engagement(at, f.sessionId(), f.noticedBy(), false, f.noticedAt())
          .chain(
              () ->
                  entry(
                      at,
                      3,
                      "DEFENSIVENESS_TURNED_TO_CURIOSITY",
                      f.noticedBy(),
                      f.noticedAt(),
                      f.sessionId(),
                      SESSIONS));
    } else if (fact instanceof SessionClosed f) {
      Uni<Void> closed =
          session(
              at,
              f.sessionId(),
              row -> {
                row.closedAt = f.closedAt();
                row.closeReason = f.reason();
              });
      // The safety exit's closing names no one; it is not a step anyone took.
      return f.closedBy() == null
          ? closed
          : closed.chain(
              () ->
                  entry(
                      at,
                      3,
                      "SESSION_CLOSED",
                      f.closedBy(),
                      f.closedAt(),
                      f.sessionId(),
                      SESSIONS));
    } else if (fact instanceof SessionAbandoned f) {
      return session(
          at,
          f.sessionId(),
          row -> {
            row.closedAt = f.abandonedAt();
            row.closeReason = "ABANDONED";
          });
    } else if (fact instanceof RatingsShared f) {
      Uni<Void> chain = Uni.createFrom().voidItem();
      for (SharedRating rating : f.ratings()) {
        chain = chain.chain(() -> rating(at, f.sessionId(), rating, f.sharedAt()));
      }
      return chain;
    } else if (fact instanceof PraiseGiven f) {
      PraiseFactRow row = new PraiseFactRow();
      row.id = f.praiseId();
      row.version = at.version();
      row.coupleId = at.couple();
      row.givenBy = f.givenBy();
      row.targetKind = f.targetKind();
      row.targetId = f.targetId();
      row.style = f.style();
      row.givenAt = f.givenAt();
      return row.persist()
          .chain(
              () -> entry(at, 5, "PRAISE_GIVEN", f.givenBy(), f.givenAt(), f.praiseId(), FEEDBACK));
    } else if (fact instanceof PraiseWithdrawn f) {
      // A praise's events share its stream: the praise is there before its withdrawal.
      return praise(at, f.praiseId(), row -> row.withdrawnAt = f.withdrawnAt());
    }
    PraiseDeclined f = (PraiseDeclined) fact;
    return praise(at, f.praiseId(), row -> row.declined = true);
  }

  /** Where an event is applied: the event, its couple, the read model's version. */
  private record Context(IncomingEvent event, UUID couple, int version) {}

  private Uni<Void> couple(Context at, Consumer<CoupleRow> change) {
    return CoupleRow.<CoupleRow>findById(new VersionedKey(at.couple(), at.version()))
        .chain(
            found -> {
              CoupleRow row = found != null ? found : new CoupleRow();
              row.id = at.couple();
              row.version = at.version();
              change.accept(row);
              return found != null ? Uni.createFrom().voidItem() : row.persist().replaceWithVoid();
            });
  }

  private Uni<Void> partner(Context at, UUID partner, Consumer<PartnerRow> change) {
    return PartnerRow.<PartnerRow>findById(new PartnerKey(at.couple(), at.version(), partner))
        .chain(
            found -> {
              PartnerRow row = found != null ? found : new PartnerRow();
              row.id = at.couple();
              row.version = at.version();
              row.partnerId = partner;
              change.accept(row);
              return found != null ? Uni.createFrom().voidItem() : row.persist().replaceWithVoid();
            });
  }

  private Uni<Void> need(Context at, UUID needId, Consumer<NeedRow> change) {
    return NeedRow.<NeedRow>findById(new VersionedKey(needId, at.version()))
        .chain(
            found -> {
              NeedRow row = found != null ? found : new NeedRow();
              row.id = needId;
              row.version = at.version();
              row.coupleId = at.couple();
              change.accept(row);
              return found != null ? Uni.createFrom().voidItem() : row.persist().replaceWithVoid();
            });
  }

  private Uni<Void> session(Context at, UUID sessionId, Consumer<SessionRow> change) {
    return SessionRow.<SessionRow>findById(new VersionedKey(sessionId, at.version()))
        .chain(
            found -> {
              SessionRow row = found != null ? found : new SessionRow();
              row.id = sessionId;
              row.version = at.version();
              row.coupleId = at.couple();
              change.accept(row);
              return found != null ? Uni.createFrom().voidItem() : row.persist().replaceWithVoid();
            });
  }

  /** The share, and its entry: whether its author went first in the session (step 4). */
  private Uni<Void> share(Context at, ShareMade f) {
    ShareRow row = new ShareRow();
    row.id = f.shareId();
    row.version = at.version();
    row.coupleId = at.couple();
    row.sessionId = f.sessionId();
    row.author = f.author();
    row.depth = depth(f.depth());
    row.kind = f.kind();
    row.topic = f.topic();
    row.sharedAt = f.sharedAt();
    return ShareRow.count(
            "version = ?1 and sessionId = ?2 and sharedAt < ?3",
            at.version(),
            f.sessionId(),
            f.sharedAt())
        .chain(
            before ->
                SessionRow.<SessionRow>findById(new VersionedKey(f.sessionId(), at.version()))
                    .chain(
                        session -> {
                          boolean first = before == 0;
                          boolean asker = session != null && f.author().equals(session.initiator);
                          String kind =
                              first && asker ? "WENT_FIRST" : first ? "SHARED_FIRST" : "SHARED";
                          return row.persist()
                              .chain(
                                  () ->
                                      entry(
                                          at,
                                          4,
                                          kind,
                                          f.author(),
                                          f.sharedAt(),
                                          f.sessionId(),
                                          SESSIONS));
                        }));
  }

  private Uni<Void> engagement(
      Context at, UUID sessionId, UUID by, boolean curiosity, Instant when) {
    EngagementRow row = new EngagementRow();
    row.id = at.event().id();
    row.version = at.version();
    row.coupleId = at.couple();
    row.sessionId = sessionId;
    row.byPartner = by;
    row.curiosity = curiosity;
    row.at = when;
    return row.persist().replaceWithVoid();
  }

  private Uni<Void> rating(Context at, UUID sessionId, SharedRating rating, Instant when) {
    return RatingRow.<RatingRow>findById(
            new PartnerKey(sessionId, at.version(), rating.partnerId()))
        .chain(
            found -> {
              if (found != null) {
                return Uni.createFrom().voidItem();
              }
              RatingRow row = new RatingRow();
              row.id = sessionId;
              row.version = at.version();
              row.partnerId = rating.partnerId();
              row.coupleId = at.couple();
              row.safety = rating.safety();
              row.softStart = "SOFT".equals(rating.start());
              row.at = when;
              return row.persist().replaceWithVoid();
            });
  }

  /** Changes the praise's row; a praise that no longer stands leaves the history. */
  private Uni<Void> praise(Context at, UUID praiseId, Consumer<PraiseFactRow> change) {
    return PraiseFactRow.<PraiseFactRow>findById(new VersionedKey(praiseId, at.version()))
        .invoke(
            row -> {
              if (row != null) {
                change.accept(row);
              }
            })
        .chain(
            () ->
                TimelineEntry.delete(
                    "version = ?1 and subjectId = ?2 and kind = 'PRAISE_GIVEN'",
                    at.version(),
                    praiseId))
        .replaceWithVoid();
  }

  private Uni<Void> entry(
      Context at, int step, String kind, UUID actor, Instant when, UUID subject, String service) {
    TimelineEntry entry = new TimelineEntry();
    entry.id = at.event().id();
    entry.version = at.version();
    entry.coupleId = at.couple();
    entry.step = step;
    entry.kind = kind;
    entry.actor = actor;
    entry.at = when;
    entry.subjectId = subject;
    entry.service = service;
    entry.path = path(service, at.couple(), subject);
    return entry.persist().replaceWithVoid();
  }

  /** Where the entry's subject lives, in the owning service's API. */
  static String path(String service, UUID couple, UUID subject) {
    String base = "/api/v1/couples/" + couple;
    return switch (service) {
      case NEEDS -> base + "/needs/" + subject;
      case SESSIONS -> base + "/sessions/" + subject;
      default -> base + "/praise/" + subject;
    };
  }

  static int depth(String depth) {
    return switch (depth) {
      case "LIGHT" -> 1;
      case "MODERATE" -> 2;
      default -> 3;
    };
  }

  private static Instant earliest(Instant known, Instant now) {
    return known == null || now.isBefore(known) ? now : known;
  }

  @Override
  public Uni<Void> clear(int version) {
    return CoupleRow.delete("version", version)
        .chain(() -> PartnerRow.delete("version", version))
        .chain(() -> NeedRow.delete("version", version))
        .chain(() -> SessionRow.delete("version", version))
        .chain(() -> ShareRow.delete("version", version))
        .chain(() -> EngagementRow.delete("version", version))
        .chain(() -> RatingRow.delete("version", version))
        .chain(() -> PraiseFactRow.delete("version", version))
        .chain(() -> TimelineEntry.delete("version", version))
        .replaceWithVoid();
  }
}
