package app.openup.sessions.config;

import app.openup.eventing.quarkus.EventingConfig;
import app.openup.eventing.store.EventSourcedRepository;
import app.openup.eventing.store.EventStore;
import app.openup.sessions.domain.CoupleSessions;
import app.openup.sessions.domain.Rule;
import app.openup.sessions.domain.SessionCommand;
import app.openup.sessions.domain.SessionDecider;
import app.openup.sessions.domain.SessionEvent;
import app.openup.sessions.repository.SessionEventTypes;
import app.openup.support.rest.NotFoundRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Set;

/** The couple's sessions' repository, and which of this service's rules read as 404. */
@ApplicationScoped
public class EventingSetup {

  @Produces
  @Singleton
  EventSourcedRepository<SessionCommand, CoupleSessions, SessionEvent> sessions(
      EventStore store, EventingConfig config) {
    return new EventSourcedRepository<>(
        store, SessionEventTypes.SESSION, new SessionDecider(), config.cachedStreams());
  }

  /** A stranger, a session or a need of another couple: "not found", never 409. */
  @Produces
  @Singleton
  NotFoundRules notFoundRules() {
    return () ->
        Set.of(
            Rule.NOT_A_MEMBER.ruleName(),
            Rule.NO_SUCH_SESSION.ruleName(),
            Rule.NO_SUCH_NEED.ruleName());
  }
}
