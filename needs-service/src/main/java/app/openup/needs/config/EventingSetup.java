package app.openup.needs.config;

import app.openup.eventing.quarkus.EventingConfig;
import app.openup.eventing.store.EventSourcedRepository;
import app.openup.eventing.store.EventStore;
import app.openup.needs.domain.Couple;
import app.openup.needs.domain.CoupleCommand;
import app.openup.needs.domain.CoupleDecider;
import app.openup.needs.domain.CoupleEvent;
import app.openup.needs.domain.Need;
import app.openup.needs.domain.NeedCommand;
import app.openup.needs.domain.NeedDecider;
import app.openup.needs.domain.NeedEvent;
import app.openup.needs.domain.Rule;
import app.openup.needs.repository.NeedsEventTypes;
import app.openup.support.rest.NotFoundRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Set;

/** The aggregates' repositories of this service, and which of its rules read as 404. */
@ApplicationScoped
public class EventingSetup {

  @Produces
  @Singleton
  EventSourcedRepository<CoupleCommand, Couple, CoupleEvent> couples(
      EventStore store, EventingConfig config) {
    return new EventSourcedRepository<>(
        store, NeedsEventTypes.COUPLE, new CoupleDecider(), config.cachedStreams());
  }

  @Produces
  @Singleton
  EventSourcedRepository<NeedCommand, Need, NeedEvent> needs(
      EventStore store, EventingConfig config) {
    return new EventSourcedRepository<>(
        store, NeedsEventTypes.NEED, new NeedDecider(), config.cachedStreams());
  }

  /** A stranger, a need of another couple, another partner's draft: "not found", never 409. */
  @Produces
  @Singleton
  NotFoundRules notFoundRules() {
    return () ->
        Set.of(
            Rule.NOT_A_MEMBER.ruleName(),
            Rule.NO_SUCH_NEED.ruleName(),
            Rule.DRAFTS_ARE_PRIVATE.ruleName());
  }
}
