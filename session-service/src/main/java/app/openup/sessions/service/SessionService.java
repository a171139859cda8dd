package app.openup.sessions.service;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.TimeOrderedIds;
import app.openup.eventing.store.AppendResult;
import app.openup.eventing.store.ConcurrencyConflict;
import app.openup.eventing.store.EventCatalog;
import app.openup.eventing.store.EventMetadata;
import app.openup.eventing.store.EventSourcedRepository;
import app.openup.eventing.store.EventSourcedRepository.Handled;
import app.openup.eventing.store.EventStore;
import app.openup.eventing.store.ExpectedVersion;
import app.openup.eventing.store.StreamCommand;
import app.openup.eventing.vault.SealedText;
import app.openup.eventing.vault.Vault;
import app.openup.sessions.domain.Couple;
import app.openup.sessions.domain.CoupleSessions;
import app.openup.sessions.domain.Depth;
import app.openup.sessions.domain.OpenQuestion;
import app.openup.sessions.domain.Rating;
import app.openup.sessions.domain.Readiness;
import app.openup.sessions.domain.Session;
import app.openup.sessions.domain.SessionCommand;
import app.openup.sessions.domain.SessionCommand.AcceptSession;
import app.openup.sessions.domain.SessionCommand.AskOpenQuestion;
import app.openup.sessions.domain.SessionCommand.CheckIn;
import app.openup.sessions.domain.SessionCommand.CloseSession;
import app.openup.sessions.domain.SessionCommand.DeclineSession;
import app.openup.sessions.domain.SessionCommand.MakeShare;
import app.openup.sessions.domain.SessionCommand.NoticeDefensiveness;
import app.openup.sessions.domain.SessionCommand.PostponeSession;
import app.openup.sessions.domain.SessionCommand.ProposeSession;
import app.openup.sessions.domain.SessionCommand.RateSession;
import app.openup.sessions.domain.SessionCommand.RescheduleSession;
import app.openup.sessions.domain.SessionCommand.StartSession;
import app.openup.sessions.domain.SessionEvent;
import app.openup.sessions.domain.ShareKind;
import app.openup.sessions.domain.Topic;
import app.openup.sessions.domain.Whose;
import app.openup.sessions.repository.SessionEventTypes;
import app.openup.support.command.CommandContext;
import app.openup.support.command.CommandMetrics;
import app.openup.support.command.NotFound;
import app.openup.support.command.Words;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Steps 3 and 4: every command on a couple's sessions runs one way. Who may act first (a partner of
 * a couple this service knows from needs.events, waiting for it if the caller passes
 * needs-service's token; otherwise "not found", and nothing is made, not even a key); then the
 * caller's words and private details are sealed with their key; then the rules decide on the
 * couple's sessions, and the events are appended at the version that was read. A conflict the
 * caller did not ask for (no {@code If-Match}: the other partner acted at the same moment) is
 * decided again on what the stream holds then.
 */
@ApplicationScoped
public class SessionService {

  /** How often a command is decided again after losing a race it did not ask about. */
  private static final int ATTEMPTS = 4;

  /**
   * A command's outcome: the session it was about, its version (the ETag) and the append; for a
   * share, question or defensive moment, the id of what it made.
   */
  public record Outcome(
      UUID sessionId, long version, AppendResult result, List<SessionEvent> events) {}

  private final EventSourcedRepository<SessionCommand, CoupleSessions, SessionEvent> repository;
  private final EventStore store;
  private final Membership membership;
  private final Vault vault;
  private final CommandMetrics metrics;
  private final Clock clock = Clock.systemUTC();

  public SessionService(
      EventSourcedRepository<SessionCommand, CoupleSessions, SessionEvent> repository,
      EventStore store,
      Membership membership,
      Vault vault,
      CommandMetrics metrics) {
    this.repository = repository;
    this.store = store;
    this.membership = membership;
    this.vault = vault;
    this.metrics = metrics;
  }

  /** A command made from the couple as it is now, with the caller's words sealed. */
  @FunctionalInterface
  private interface Making {
    Uni<SessionCommand> make(Couple couple, Instant now);
  }

  public Uni<Outcome> propose(
      CommandContext context,
      Optional<ConsistencyToken> token,
      UUID coupleId,
      Instant startsAt,
      Instant endsAt,
      String place,
      UUID needId,
      Topic topic) {
    UUID sessionId = TimeOrderedIds.next();
    String key = context.scopedKey("ProposeSession/" + coupleId);
    return run(
        context,
        token,
        coupleId,
        sessionId,
        key,
        (couple, now) ->
            seal(context, place)
                .chain(
                    words ->
                        membership
                            .need(needId, token)
                            .map(
                                need ->
                                    new ProposeSession(
                                        sessionId,
                                        startsAt,
                                        endsAt,
                                        words,
                                        needId,
                                        need,
                                        topic,
                                        context.partner(),
                                        couple,
                                        now))));
  }

  public Uni<Outcome> reschedule(
      CommandContext context,
      Optional<ConsistencyToken> token,
      UUID coupleId,
      UUID sessionId,
      Instant startsAt,
      Instant endsAt,
      String place) {
    return run(
        context,
        token,
        coupleId,
        sessionId,
        null,
        (couple, now) ->
            seal(context, place)
                .map(
                    words ->
                        new RescheduleSession(
                            sessionId, startsAt, endsAt, words, context.partner(), couple, now)));
  }

  public Uni<Outcome> accept(
      CommandContext context, Optional<ConsistencyToken> token, UUID coupleId, UUID sessionId) {
    return plain(
        context,
        token,
        coupleId,
        sessionId,
        (couple, now) -> new AcceptSession(sessionId, context.partner(), couple, now));
  }

  public Uni<Outcome> decline(
      CommandContext context, Optional<ConsistencyToken> token, UUID coupleId, UUID sessionId) {
    return plain(
        context,
        token,
        coupleId,
        sessionId,
        (couple, now) -> new DeclineSession(sessionId, context.partner(), couple, now));
  }

  public Uni<Outcome> postpone(
      CommandContext context, Optional<ConsistencyToken> token, UUID coupleId, UUID sessionId) {
    return plain(
        context,
        token,
        coupleId,
        sessionId,
        (couple, now) -> new PostponeSession(sessionId, context.partner(), couple, now));
  }

  public Uni<Outcome> start(
      CommandContext context, Optional<ConsistencyToken> token, UUID coupleId, UUID sessionId) {
    return plain(
        context,
        token,
        coupleId,
        sessionId,
        (couple, now) -> new StartSession(sessionId, context.partner(), couple, now));
  }

  public Uni<Outcome> close(
      CommandContext context, Optional<ConsistencyToken> token, UUID coupleId, UUID sessionId) {
    return plain(
        context,
        token,
        coupleId,
        sessionId,
        (couple, now) -> new CloseSession(sessionId, context.partner(), couple, now));
  }

  /** The readiness decides in the clear; its numbers are sealed, the partner's alone. */
  public Uni<Outcome> checkIn(
      CommandContext context,
      Optional<ConsistencyToken> token,
      UUID coupleId,
      UUID sessionId,
      Readiness readiness) {
    return run(
        context,
        token,
        coupleId,
        sessionId,
        null,
        (couple, now) ->
            seal(context, json(readiness))
                .map(
                    detail ->
                        new CheckIn(sessionId, readiness, detail, context.partner(), couple, now)));
  }

  public Uni<Outcome> share(
      CommandContext context,
      Optional<ConsistencyToken> token,
      UUID coupleId,
      UUID sessionId,
      Depth depth,
      ShareKind kind,
      Topic topic,
      String text) {
    UUID shareId = TimeOrderedIds.next();
    return run(
        context,
        token,
        coupleId,
        sessionId,
        null,
        (couple, now) ->
            seal(context, text)
                .map(
                    words ->
                        new MakeShare(
                            sessionId,
                            shareId,
                            depth,
                            kind,
                            topic,
                            words,
                            context.partner(),
                            couple,
                            now)));
  }

  public Uni<Outcome> ask(
      CommandContext context,
      Optional<ConsistencyToken> token,
      UUID coupleId,
      UUID sessionId,
      OpenQuestion question,
      String words) {
    UUID questionId = TimeOrderedIds.next();
    return run(
        context,
        token,
        coupleId,
        sessionId,
        null,
        (couple, now) ->
            seal(context, words)
                .map(
                    own ->
                        new AskOpenQuestion(
                            sessionId, questionId, question, own, context.partner(), couple, now)));
  }

  public Uni<Outcome> notice(
      CommandContext context,
      Optional<ConsistencyToken> token,
      UUID coupleId,
      UUID sessionId,
      Whose whose) {
    UUID momentId = TimeOrderedIds.next();
    return plain(
        context,
        token,
        coupleId,
        sessionId,
        (couple, now) ->
            new NoticeDefensiveness(sessionId, momentId, whose, context.partner(), couple, now));
  }

  /**
   * The rating is sealed for the rater. If they share it and their partner already shared theirs,
   * the partner's rating is read (for the rule that shares both) from the couple's sessions as the
   * decision will see them: a race with the partner's own rating is decided again.
   */
  public Uni<Outcome> rate(
      CommandContext context,
      Optional<ConsistencyToken> token,
      UUID coupleId,
      UUID sessionId,
      Rating rating,
      boolean shareWithPartner) {
    return run(
        context,
        token,
        coupleId,
        sessionId,
        null,
        (couple, now) ->
            seal(context, json(rating))
                .chain(
                    ownRating ->
                        partnersSharedRating(
                                coupleId, sessionId, context.partner(), shareWithPartner)
                            .map(
                                partners ->
                                    new RateSession(
                                        sessionId,
                                        rating,
                                        ownRating,
                                        shareWithPartner,
                                        partners,
                                        context.partner(),
                                        couple,
                                        now))));
  }

  /** The partner's rating, if the rater shares theirs and the partner shared too; else null. */
  private Uni<Rating> partnersSharedRating(
      UUID coupleId, UUID sessionId, UUID rater, boolean sharing) {
    if (!sharing) {
      return Uni.createFrom().nullItem();
    }
    return repository
        .load(SessionEventTypes.stream(coupleId))
        .chain(
            loaded -> {
              Session session = loaded.state().session(sessionId);
              if (session == null) {
                return Uni.createFrom().nullItem();
              }
              return session.ratings().entrySet().stream()
                  .filter(e -> !e.getKey().equals(rater) && e.getValue().shared())
                  .findFirst()
                  .map(
                      e ->
                          vault
                              .decrypt(e.getKey(), e.getValue().sealed())
                              .map(
                                  revealed ->
                                      revealed.erased()
                                          ? null
                                          : read(revealed.text(), Rating.class)))
                  .orElse(Uni.createFrom().nullItem());
            });
  }

  private Uni<Outcome> plain(
      CommandContext context,
      Optional<ConsistencyToken> token,
      UUID coupleId,
      UUID sessionId,
      java.util.function.BiFunction<Couple, Instant, SessionCommand> command) {
    return run(
        context,
        token,
        coupleId,
        sessionId,
        null,
        (couple, now) -> Uni.createFrom().item(command.apply(couple, now)));
  }

  /**
   * The command path: who may act, then the sealing, then the decision and the append. A conflict
   * the caller did not ask for runs the whole path again: the membership, the sealed words and the
   * decision all come from what holds then.
   */
  private Uni<Outcome> run(
      CommandContext context,
      Optional<ConsistencyToken> token,
      UUID coupleId,
      UUID sessionId,
      String idempotencyKey,
      Making making) {
    return attempt(context, token, coupleId, sessionId, idempotencyKey, making, 1);
  }

  private Uni<Outcome> attempt(
      CommandContext context,
      Optional<ConsistencyToken> token,
      UUID coupleId,
      UUID sessionId,
      String idempotencyKey,
      Making making,
      int attempt) {
    String stream = SessionEventTypes.stream(coupleId);
    return membership
        .couple(coupleId, attempt == 1 ? token : Optional.empty())
        .chain(
            couple -> {
              if (couple == null || !couple.isMember(context.partner())) {
                return Uni.createFrom().failure(new NotFound("Couple"));
              }
              return making.make(couple, clock.instant());
            })
        .chain(command -> decideAndAppend(context, coupleId, sessionId, idempotencyKey, command))
        .onFailure(
            failure ->
                failure instanceof ConcurrencyConflict conflict
                    && conflict.streamId().equals(stream)
                    && attempt < ATTEMPTS)
        .recoverWithUni(
            () ->
                attempt(context, token, coupleId, sessionId, idempotencyKey, making, attempt + 1));
  }

  private Uni<Outcome> decideAndAppend(
      CommandContext context,
      UUID coupleId,
      UUID sessionId,
      String idempotencyKey,
      SessionCommand command) {
    String stream = SessionEventTypes.stream(coupleId);
    StreamCommand<SessionCommand> request =
        StreamCommand.of(stream, command)
            .partitionKey(coupleId)
            .actor(context.partner().toString())
            .metadata(context.metadata())
            .idempotency(idempotencyKey, context.fingerprint());
    Uni<Handled<CoupleSessions, SessionEvent>> handled =
        context.ifMatch() == null
            ? repository.handle(request)
            : repository
                .load(stream)
                .chain(
                    loaded -> {
                      // If-Match names the session's version; the stream must not move meanwhile.
                      Session session = loaded.state().session(sessionId);
                      if (session != null && session.version() != context.ifMatch()) {
                        return Uni.createFrom()
                            .failure(
                                new ConcurrencyConflict(
                                    "session-" + sessionId,
                                    ExpectedVersion.exactly(context.ifMatch()),
                                    session.version()));
                      }
                      return repository.handle(request.ifMatch(loaded.version()));
                    });
    return handled
        .invoke(
            done -> {
              if (!done.events().isEmpty()) {
                metrics.handled(command, done.events().size());
              }
            })
        .chain(done -> outcome(coupleId, sessionId, done));
  }

  private Uni<Outcome> outcome(
      UUID coupleId, UUID sessionId, Handled<CoupleSessions, SessionEvent> done) {
    AppendResult result = done.result();
    if (result != null && result.repeated()) {
      // A repeated proposal: the session its first attempt made, as it is now.
      return store
          .load(result.streamId(), result.fromVersion() - 1)
          .map(
              events -> {
                SessionEvent first = SessionEventTypes.SESSION.decode(events.get(0));
                Session session = done.state().session(first.sessionId());
                return new Outcome(first.sessionId(), session.version(), result, List.of());
              });
    }
    Session session = done.state().session(sessionId);
    return Uni.createFrom().item(new Outcome(sessionId, session.version(), result, done.events()));
  }

  private Uni<SealedText> seal(CommandContext context, String text) {
    return Words.seal(vault, context.partner(), text);
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return EventCatalog.json().readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A sealed " + type.getSimpleName() + " is unreadable", e);
    }
  }

  private static String json(Object details) {
    try {
      return EventCatalog.json().writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Used by the safety exit and the sweep: the service's own commands on a couple's sessions. */
  Uni<Handled<CoupleSessions, SessionEvent>> system(
      UUID coupleId, SessionCommand command, EventMetadata metadata) {
    String stream = SessionEventTypes.stream(coupleId);
    return repository
        .handle(StreamCommand.of(stream, command).partitionKey(coupleId).metadata(metadata))
        .invoke(
            done -> {
              if (!done.events().isEmpty()) {
                metrics.handled(command, done.events().size());
              }
            })
        .onFailure(ConcurrencyConflict.class)
        .retry()
        .atMost(ATTEMPTS);
  }
}
