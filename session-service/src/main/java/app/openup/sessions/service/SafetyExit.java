package app.openup.sessions.service;

import app.openup.eventing.store.EventMetadata;
import app.openup.sessions.domain.SessionCommand.EndForSafetyExit;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;

/**
 * The safety exit, as session-service keeps it: when a partner leaves or is erased, every session
 * of the couple still planned or open is closed at once. Safe to repeat: a second time finds none.
 */
@ApplicationScoped
public class SafetyExit {

  private final SessionService sessions;
  private final Clock clock = Clock.systemUTC();

  public SafetyExit(SessionService sessions) {
    this.sessions = sessions;
  }

  /**
   * Ends the couple's planned and open sessions; {@code cause} is the event of needs-service that
   * closed the couple, {@code traceparent} the trace its consumer continues (or null).
   */
  public Uni<Void> endSessions(UUID coupleId, UUID cause, String traceparent) {
    EventMetadata metadata = new EventMetadata(cause, cause, traceparent);
    return sessions
        .system(coupleId, new EndForSafetyExit(coupleId, clock.instant()), metadata)
        .replaceWithVoid();
  }
}
