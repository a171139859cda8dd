package app.openup.sessions.messaging;

import app.openup.eventing.quarkus.StoreProjection;
import app.openup.eventing.store.RecordedEvent;
import app.openup.eventing.vault.SealedText;
import app.openup.sessions.domain.SessionEvent;
import app.openup.sessions.domain.SessionEvent.DefensivenessNoticed;
import app.openup.sessions.domain.SessionEvent.OpenQuestionAsked;
import app.openup.sessions.domain.SessionEvent.ReadinessCheckedIn;
import app.openup.sessions.domain.SessionEvent.SafetyExitTaken;
import app.openup.sessions.domain.SessionEvent.SessionAbandoned;
import app.openup.sessions.domain.SessionEvent.SessionAccepted;
import app.openup.sessions.domain.SessionEvent.SessionClosed;
import app.openup.sessions.domain.SessionEvent.SessionDeclined;
import app.openup.sessions.domain.SessionEvent.SessionPostponed;
import app.openup.sessions.domain.SessionEvent.SessionProposed;
import app.openup.sessions.domain.SessionEvent.SessionRated;
import app.openup.sessions.domain.SessionEvent.SessionRatingsShared;
import app.openup.sessions.domain.SessionEvent.SessionRescheduled;
import app.openup.sessions.domain.SessionEvent.SessionStarted;
import app.openup.sessions.domain.SessionEvent.ShareMade;
import app.openup.sessions.domain.SessionStatus;
import app.openup.sessions.repository.MomentRow;
import app.openup.sessions.repository.PartnerKey;
import app.openup.sessions.repository.QuestionRow;
import app.openup.sessions.repository.RatingRow;
import app.openup.sessions.repository.ReadinessRow;
import app.openup.sessions.repository.SessionEventTypes;
import app.openup.sessions.repository.SessionRow;
import app.openup.sessions.repository.ShareRow;
import app.openup.sessions.repository.VersionedKey;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The read model of session-service's own events: sessions with their check-ins, shares, questions,
 * defensive moments and ratings, from which every read is answered. Fed from the event store by
 * {@code StoreProjections}, exactly once, rebuildable. Words and private details stay sealed.
 */
@ApplicationScoped
public class SessionsReadModel implements StoreProjection {

  public static final String NAME = "sessions-read-model";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Uni<Void> apply(RecordedEvent recorded, int version) {
    if (!SessionEventTypes.SESSION.knows(recorded.type())) {
      return Uni.createFrom().voidItem();
    }
    SessionEvent event = SessionEventTypes.SESSION.decode(recorded);
    if (event instanceof SafetyExitTaken) {
      // Every session it ends was closed by the events before it.
      return Uni.createFrom().voidItem();
    }
    if (event instanceof SessionProposed proposed) {
      SessionRow row = new SessionRow();
      row.id = proposed.sessionId();
      row.version = version;
      row.coupleId = proposed.coupleId();
      row.initiator = proposed.proposedBy();
      row.proposedBy = proposed.proposedBy();
      row.status = SessionStatus.PROPOSED.name();
      row.startsAt = proposed.startsAt();
      row.endsAt = proposed.endsAt();
      row.place = sealed(proposed.place());
      row.placeAuthor = proposed.place() == null ? null : proposed.proposedBy();
      row.needId = proposed.needId();
      row.topic = proposed.topic() == null ? null : proposed.topic().name();
      row.lastActivityAt = proposed.proposedAt();
      row.proposedPosition = recorded.globalPosition();
      row.streamVersion = 1;
      row.updatedAt = recorded.occurredAt();
      return row.persist().replaceWithVoid();
    }
    return SessionRow.<SessionRow>findById(new VersionedKey(event.sessionId(), version))
        .chain(
            row -> {
              if (row == null) {
                Log.warnf("Read model: no session %s for a %s", event.sessionId(), recorded.type());
                return Uni.createFrom().voidItem();
              }
              row.streamVersion = row.streamVersion + 1;
              row.updatedAt = recorded.occurredAt();
              return change(row, event, recorded, version);
            });
  }

  private Uni<Void> change(
      SessionRow row, SessionEvent event, RecordedEvent recorded, int version) {
    if (event instanceof SessionRescheduled rescheduled) {
      row.status = SessionStatus.PROPOSED.name();
      row.proposedBy = rescheduled.proposedBy();
      row.startsAt = rescheduled.startsAt();
      row.endsAt = rescheduled.endsAt();
      if (rescheduled.place() != null) {
        row.place = sealed(rescheduled.place());
        row.placeAuthor = rescheduled.proposedBy();
      }
      row.lastActivityAt = rescheduled.rescheduledAt();
      // A new time asks both partners afresh how they feel: earlier check-ins stop counting.
      row.round = row.round + 1;
      return Uni.createFrom().voidItem();
    }
    if (event instanceof SessionAccepted accepted) {
      return moved(row, SessionStatus.ACCEPTED, accepted.acceptedAt());
    }
    if (event instanceof SessionDeclined declined) {
      return moved(row, SessionStatus.DECLINED, declined.declinedAt());
    }
    if (event instanceof SessionPostponed postponed) {
      return moved(row, SessionStatus.POSTPONED, postponed.postponedAt());
    }
    if (event instanceof SessionAbandoned abandoned) {
      row.closedAt = abandoned.abandonedAt();
      return moved(row, SessionStatus.ABANDONED, abandoned.abandonedAt());
    }
    if (event instanceof SessionStarted started) {
      row.groundRule = started.groundRule();
      row.startedAt = started.startedAt();
      return moved(row, SessionStatus.STARTED, started.startedAt());
    }
    if (event instanceof SessionClosed closed) {
      row.closedAt = closed.closedAt();
      row.closeReason = closed.reason().name();
      return moved(row, SessionStatus.CLOSED, closed.closedAt());
    }
    if (event instanceof ReadinessCheckedIn checkedIn) {
      row.lastActivityAt = checkedIn.checkedInAt();
      return ReadinessRow.<ReadinessRow>findById(
              new PartnerKey(row.id, version, checkedIn.partnerId()))
          .chain(
              existing -> {
                ReadinessRow readiness = existing != null ? existing : new ReadinessRow();
                readiness.sessionId = row.id;
                readiness.version = version;
                readiness.partnerId = checkedIn.partnerId();
                readiness.round = row.round;
                readiness.ready = checkedIn.ready();
                readiness.detail = sealed(checkedIn.detail());
                readiness.checkedInAt = checkedIn.checkedInAt();
                return existing != null
                    ? Uni.createFrom().voidItem()
                    : readiness.persist().replaceWithVoid();
              });
    }
    if (event instanceof ShareMade made) {
      row.lastActivityAt = made.sharedAt();
      ShareRow share = new ShareRow();
      share.id = made.shareId();
      share.version = version;
      share.sessionId = row.id;
      share.author = made.author();
      share.depth = made.depth().name();
      share.kind = made.kind().name();
      share.topic = made.topic() == null ? null : made.topic().name();
      share.text = sealed(made.text());
      share.sharedAt = made.sharedAt();
      share.position = recorded.globalPosition();
      return share.persist().replaceWithVoid();
    }
    if (event instanceof OpenQuestionAsked asked) {
      row.lastActivityAt = asked.askedAt();
      QuestionRow question = new QuestionRow();
      question.id = asked.questionId();
      question.version = version;
      question.sessionId = row.id;
      question.askedBy = asked.askedBy();
      question.question = asked.question() == null ? null : asked.question().name();
      question.words = sealed(asked.words());
      question.askedAt = asked.askedAt();
      question.position = recorded.globalPosition();
      return question.persist().replaceWithVoid();
    }
    if (event instanceof DefensivenessNoticed noticed) {
      row.lastActivityAt = noticed.noticedAt();
      MomentRow moment = new MomentRow();
      moment.id = noticed.momentId();
      moment.version = version;
      moment.sessionId = row.id;
      moment.noticedBy = noticed.noticedBy();
      moment.whose = noticed.whose().name();
      moment.suggestion = noticed.suggestion().name();
      moment.noticedAt = noticed.noticedAt();
      moment.position = recorded.globalPosition();
      return moment.persist().replaceWithVoid();
    }
    if (event instanceof SessionRatingsShared) {
      // Each rating is read from its own row, sealed; that both shared is in those rows.
      return Uni.createFrom().voidItem();
    }
    SessionRated rated = (SessionRated) event;
    RatingRow rating = new RatingRow();
    rating.sessionId = row.id;
    rating.version = version;
    rating.partnerId = rated.ratedBy();
    rating.rating = sealed(rated.rating());
    rating.sharedWithPartner = rated.sharedWithPartner();
    rating.ratedAt = rated.ratedAt();
    return rating.persist().replaceWithVoid();
  }

  private static Uni<Void> moved(SessionRow row, SessionStatus status, java.time.Instant at) {
    row.status = status.name();
    row.lastActivityAt = at;
    return Uni.createFrom().voidItem();
  }

  @Override
  public Uni<Void> clear(int version) {
    return SessionRow.delete("version", version)
        .chain(() -> ReadinessRow.delete("version", version))
        .chain(() -> ShareRow.delete("version", version))
        .chain(() -> QuestionRow.delete("version", version))
        .chain(() -> MomentRow.delete("version", version))
        .chain(() -> RatingRow.delete("version", version))
        .replaceWithVoid();
  }

  private static String sealed(SealedText text) {
    return text == null ? null : text.sealed();
  }
}
