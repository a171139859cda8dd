package app.openup.feedback.service;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.TimeOrderedIds;
import app.openup.eventing.store.AppendResult;
import app.openup.eventing.store.ConcurrencyConflict;
import app.openup.eventing.store.EventMetadata;
import app.openup.eventing.store.EventSourcedRepository;
import app.openup.eventing.store.StreamCommand;
import app.openup.eventing.vault.Vault;
import app.openup.feedback.domain.Couple;
import app.openup.feedback.domain.Praise;
import app.openup.feedback.domain.PraiseCommand;
import app.openup.feedback.domain.PraiseCommand.DeclinePraise;
import app.openup.feedback.domain.PraiseCommand.GivePraise;
import app.openup.feedback.domain.PraiseCommand.WithdrawPraise;
import app.openup.feedback.domain.PraiseEvent;
import app.openup.feedback.domain.PraiseStyle;
import app.openup.feedback.domain.Target;
import app.openup.feedback.domain.TargetKind;
import app.openup.feedback.repository.FeedbackEventTypes;
import app.openup.support.command.CommandContext;
import app.openup.support.command.CommandMetrics;
import app.openup.support.command.NotFound;
import app.openup.support.command.Words;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Step 5: giving and withdrawing praise, and declining a praise whose target turned out to be one
 * it could not be for. Who may act first (a partner of the couple as the read side knows it; a
 * stranger is "not found" and makes nothing, not even a key), then the words are sealed, then the
 * rules decide, with the target as the read side knows it (or not yet: then it is reconciled when
 * its event arrives).
 */
@ApplicationScoped
public class PraiseService {

  /** A command's outcome: the praise, its version (ETag) and the append (null if none). */
  public record Outcome(UUID praiseId, long version, AppendResult result) {}

  private final EventSourcedRepository<PraiseCommand, Praise, PraiseEvent> repository;
  private final ReadSide readSide;
  private final Vault vault;
  private final CommandMetrics metrics;
  private final Clock clock = Clock.systemUTC();

  public PraiseService(
      EventSourcedRepository<PraiseCommand, Praise, PraiseEvent> repository,
      ReadSide readSide,
      Vault vault,
      CommandMetrics metrics) {
    this.repository = repository;
    this.readSide = readSide;
    this.vault = vault;
    this.metrics = metrics;
  }

  private record Known(Couple couple, Target target) {}

  public Uni<Outcome> give(
      CommandContext context,
      Optional<ConsistencyToken> token,
      UUID coupleId,
      TargetKind kind,
      UUID targetId,
      PraiseStyle style,
      String words) {
    UUID praiseId = TimeOrderedIds.next();
    return readSide
        .caughtUp(token)
        .chain(
            () ->
                readSide.inSession(
                    version ->
                        readSide
                            .couple(coupleId, version)
                            .chain(
                                couple ->
                                    readSide
                                        .target(kind, targetId, version)
                                        .map(target -> new Known(couple, target)))))
        .chain(
            known -> {
              if (known.couple() == null || !known.couple().isMember(context.partner())) {
                return Uni.createFrom().failure(new NotFound("Couple"));
              }
              return Words.seal(vault, context.partner(), words)
                  .map(
                      sealedWords ->
                          new GivePraise(
                              praiseId,
                              kind,
                              targetId,
                              known.target(),
                              style,
                              sealedWords,
                              context.partner(),
                              known.couple(),
                              clock.instant()));
            })
        .chain(
            command ->
                handle(
                    StreamCommand.<PraiseCommand>of(
                            FeedbackEventTypes.praiseStream(praiseId), command)
                        .partitionKey(coupleId)
                        .actor(context.partner().toString())
                        .metadata(context.metadata())
                        .idempotency(
                            context.scopedKey("GivePraise/" + coupleId), context.fingerprint()),
                    command));
  }

  public Uni<Outcome> withdraw(
      CommandContext context, Optional<ConsistencyToken> token, UUID coupleId, UUID praiseId) {
    return readSide
        .caughtUp(token)
        .chain(() -> readSide.inSession(v -> readSide.couple(coupleId, v)))
        .chain(
            couple -> {
              if (couple == null || !couple.isMember(context.partner())) {
                return Uni.createFrom().failure(new NotFound("Couple"));
              }
              PraiseCommand command =
                  new WithdrawPraise(context.partner(), couple, clock.instant());
              return handle(
                  StreamCommand.of(FeedbackEventTypes.praiseStream(praiseId), command)
                      .ifMatch(context.ifMatch())
                      .partitionKey(coupleId)
                      .actor(context.partner().toString())
                      .metadata(context.metadata()),
                  command);
            });
  }

  /**
   * Declines the praise if its target, now known, is one it could not be for; nothing otherwise
   * (safe to repeat).
   */
  public Uni<Void> reconcile(UUID praiseId, UUID coupleId, Target target, EventMetadata metadata) {
    PraiseCommand command = new DeclinePraise(target, clock.instant());
    return repository
        .handle(
            StreamCommand.of(FeedbackEventTypes.praiseStream(praiseId), command)
                .partitionKey(coupleId)
                .metadata(metadata))
        .invoke(
            done -> {
              if (!done.events().isEmpty()) {
                metrics.handled(command, done.events().size());
              }
            })
        .onFailure(ConcurrencyConflict.class)
        .retry()
        .atMost(3)
        .replaceWithVoid();
  }

  private Uni<Outcome> handle(StreamCommand<PraiseCommand> request, PraiseCommand command) {
    return repository
        .handle(request)
        .invoke(
            done -> {
              if (!done.events().isEmpty()) {
                metrics.handled(command, done.events().size());
              }
            })
        .map(
            done ->
                new Outcome(
                    done.state().id(),
                    done.result() == null ? 0 : done.result().toVersion(),
                    done.result()));
  }
}
