package app.openup.feedback.config;

import app.openup.eventing.quarkus.EventingConfig;
import app.openup.eventing.store.EventSourcedRepository;
import app.openup.eventing.store.EventStore;
import app.openup.feedback.domain.Consent;
import app.openup.feedback.domain.ConsentCommand;
import app.openup.feedback.domain.ConsentDecider;
import app.openup.feedback.domain.ConsentEvent;
import app.openup.feedback.domain.Praise;
import app.openup.feedback.domain.PraiseCommand;
import app.openup.feedback.domain.PraiseDecider;
import app.openup.feedback.domain.PraiseEvent;
import app.openup.feedback.domain.Rule;
import app.openup.feedback.repository.FeedbackEventTypes;
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
  EventSourcedRepository<PraiseCommand, Praise, PraiseEvent> praise(
      EventStore store, EventingConfig config) {
    return new EventSourcedRepository<>(
        store, FeedbackEventTypes.PRAISE, new PraiseDecider(), config.cachedStreams());
  }

  @Produces
  @Singleton
  EventSourcedRepository<ConsentCommand, Consent, ConsentEvent> consent(
      EventStore store, EventingConfig config) {
    return new EventSourcedRepository<>(
        store, FeedbackEventTypes.CONSENT, new ConsentDecider(), config.cachedStreams());
  }

  /** A stranger, a praise or a target of another couple: "not found", never 409. */
  @Produces
  @Singleton
  NotFoundRules notFoundRules() {
    return () ->
        Set.of(
            Rule.NOT_A_MEMBER.ruleName(),
            Rule.NO_SUCH_PRAISE.ruleName(),
            Rule.NOT_IN_THIS_COUPLE.ruleName());
  }
}
