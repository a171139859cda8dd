package app.openup.feedback.service;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.store.AppendResult;
import app.openup.eventing.store.ConcurrencyConflict;
import app.openup.eventing.store.EventSourcedRepository;
import app.openup.eventing.store.StreamCommand;
import app.openup.feedback.domain.Consent;
import app.openup.feedback.domain.ConsentCommand;
import app.openup.feedback.domain.ConsentEvent;
import app.openup.feedback.repository.FeedbackEventTypes;
import app.openup.support.command.CommandContext;
import app.openup.support.command.CommandMetrics;
import app.openup.support.command.NotFound;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * A partner's consent to partner-versus-partner comparisons on the dashboard: opted in or out at
 * any time, kept in a private stream (never published).
 */
@ApplicationScoped
public class ConsentService {

  /** Whether the caller is now opted in, and the append (null if nothing changed). */
  public record Outcome(boolean optedIn, boolean both, AppendResult result) {}

  private final EventSourcedRepository<ConsentCommand, Consent, ConsentEvent> repository;
  private final ReadSide readSide;
  private final CommandMetrics metrics;
  private final Clock clock = Clock.systemUTC();

  public ConsentService(
      EventSourcedRepository<ConsentCommand, Consent, ConsentEvent> repository,
      ReadSide readSide,
      CommandMetrics metrics) {
    this.repository = repository;
    this.readSide = readSide;
    this.metrics = metrics;
  }

  public Uni<Outcome> set(
      CommandContext context, Optional<ConsistencyToken> token, UUID coupleId, boolean optIn) {
    return readSide
        .caughtUp(token)
        .chain(() -> readSide.inSession(v -> readSide.couple(coupleId, v)))
        .chain(
            couple -> {
              if (couple == null || !couple.isMember(context.partner())) {
                return Uni.createFrom().failure(new NotFound("Couple"));
              }
              ConsentCommand command =
                  new ConsentCommand(optIn, context.partner(), couple, clock.instant());
              return repository
                  .handle(
                      StreamCommand.of(FeedbackEventTypes.consentStream(coupleId), command)
                          .partitionKey(coupleId)
                          .actor(context.partner().toString())
                          .metadata(context.metadata())
                          .unpublished())
                  .onFailure(ConcurrencyConflict.class)
                  .retry()
                  .atMost(3)
                  .invoke(
                      done -> {
                        if (!done.events().isEmpty()) {
                          metrics.handled(command, done.events().size());
                        }
                      })
                  .map(
                      done ->
                          new Outcome(
                              done.state().optedIn().contains(context.partner()),
                              done.state().both(couple),
                              done.result()));
            });
  }
}
