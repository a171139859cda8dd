package app.openup.sessions.repository;

import app.openup.eventing.store.EventCatalog;
import app.openup.sessions.domain.SessionEvent;
import java.util.UUID;

/**
 * The stable names and schema versions of session-service's events, as they are stored and as
 * CloudEvents {@code type}s on {@code sessions.events}, and the stream they live in: one per couple
 * (its calendar is one consistency boundary).
 */
public final class SessionEventTypes {

  public static final String STREAM_PREFIX = "couple-sessions-";

  public static final EventCatalog<SessionEvent> SESSION =
      EventCatalog.builder(SessionEvent.class)
          .event(SessionEvent.SessionProposed.class, "app.openup.session.proposed.v1", 1)
          .event(SessionEvent.SessionRescheduled.class, "app.openup.session.rescheduled.v1", 1)
          .event(SessionEvent.SessionAccepted.class, "app.openup.session.accepted.v1", 1)
          .event(SessionEvent.SessionDeclined.class, "app.openup.session.declined.v1", 1)
          .event(
              SessionEvent.ReadinessCheckedIn.class,
              "app.openup.session.readiness-checked-in.v1",
              1)
          .event(SessionEvent.SessionStarted.class, "app.openup.session.started.v1", 1)
          .event(SessionEvent.SessionPostponed.class, "app.openup.session.postponed.v1", 1)
          .event(SessionEvent.ShareMade.class, "app.openup.session.share-made.v1", 1)
          .event(
              SessionEvent.OpenQuestionAsked.class, "app.openup.session.open-question-asked.v1", 1)
          .event(
              SessionEvent.DefensivenessNoticed.class,
              "app.openup.session.defensiveness-noticed.v1",
              1)
          .event(SessionEvent.SessionClosed.class, "app.openup.session.closed.v1", 1)
          .event(SessionEvent.SessionRated.class, "app.openup.session.rated.v1", 1)
          .event(SessionEvent.SessionRatingsShared.class, "app.openup.session.ratings-shared.v1", 1)
          .event(SessionEvent.SessionAbandoned.class, "app.openup.session.abandoned.v1", 1)
          .event(SessionEvent.SafetyExitTaken.class, "app.openup.session.safety-exit-taken.v1", 1)
          .build();

  private SessionEventTypes() {}

  public static String stream(UUID coupleId) {
    return STREAM_PREFIX + coupleId;
  }
}
