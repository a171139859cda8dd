package app.openup.needs.service;

import app.openup.eventing.TimeOrderedIds;
import app.openup.eventing.store.AppendRequest;
import app.openup.eventing.store.AppendResult;
import app.openup.eventing.store.ConcurrencyConflict;
import app.openup.eventing.store.Envelope;
import app.openup.eventing.store.EventStore;
import app.openup.eventing.store.ExpectedVersion;
import app.openup.eventing.store.NewEvent;
import app.openup.eventing.store.RecordedEvent;
import app.openup.eventing.vault.SealedText;
import app.openup.eventing.vault.Vault;
import app.openup.needs.domain.Couple;
import app.openup.needs.domain.Need;
import app.openup.needs.domain.NeedCommand;
import app.openup.needs.domain.NeedCommand.AcknowledgeNeed;
import app.openup.needs.domain.NeedCommand.AskClarification;
import app.openup.needs.domain.NeedCommand.Clarify;
import app.openup.needs.domain.NeedCommand.DiscardNeed;
import app.openup.needs.domain.NeedCommand.DraftNeed;
import app.openup.needs.domain.NeedCommand.MarkNeedMet;
import app.openup.needs.domain.NeedCommand.ReviseNeed;
import app.openup.needs.domain.NeedCommand.ShareNeed;
import app.openup.needs.domain.NeedCommand.WithdrawNeed;
import app.openup.needs.domain.NeedDecider;
import app.openup.needs.domain.NeedEvent;
import app.openup.needs.domain.Topic;
import app.openup.needs.repository.NeedStreams;
import app.openup.needs.repository.NeedStreams.Loaded;
import app.openup.needs.repository.NeedsEventTypes;
import app.openup.support.command.CommandContext;
import app.openup.support.command.CommandMetrics;
import app.openup.support.command.Words;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Steps 1 and 2: drafting, sharing and answering needs. Every command runs one way: who may act
 * first (a partner of the couple, or the couple is "not found" and nothing is made, not even a
 * key), then the caller's words are sealed with their key, then the need's rules decide on the
 * need's two streams, then the events are appended to the stream they belong to, on the condition
 * that the couple and the other stream are still where the decision read them (a write racing a
 * leave is decided again, on the closed couple). The reply is built from what was read and the new
 * events, not from another read.
 */
@ApplicationScoped
public class NeedService {

  /**
   * A command's outcome: the need as the caller now sees it (null once discarded), and the append.
   */
  public record NeedResult(NeedViews.Detail need, AppendResult result) {}

  /** A command made from the couple as it is now, the caller's sealed words and the time. */
  @FunctionalInterface
  private interface Decision<W> {
    NeedCommand make(Couple couple, W words, Instant now);
  }

  private final NeedStreams streams;
  private final EventStore store;
  private final CoupleService couples;
  private final Vault vault;
  private final CommandMetrics metrics;
  private final NeedDecider decider = new NeedDecider();
  private final Clock clock = Clock.systemUTC();

  public NeedService(
      NeedStreams streams,
      EventStore store,
      CoupleService couples,
      Vault vault,
      CommandMetrics metrics) {
    this.streams = streams;
    this.store = store;
    this.couples = couples;
    this.vault = vault;
    this.metrics = metrics;
  }

  /** A need's own words, sealed with its author's key. */
  private record NeedWords(SealedText meaning, SealedText hope) {}

  public Uni<NeedResult> draft(
      CommandContext context, UUID coupleId, Topic topic, String meaning, String hopedOutcome) {
    String key = context.scopedKey("DraftNeed/" + coupleId);
    if (key == null) {
      return draftNew(context, coupleId, topic, meaning, hopedOutcome);
    }
    // A repeat of the same request gets the need its first attempt made, whatever it is now.
    return store
        .outcomeOf(new AppendRequest.Idempotency(key, context.fingerprint()))
        .flatMap(
            first ->
                first.isPresent()
                    ? repeated(context, coupleId, first.get())
                    : draftNew(context, coupleId, topic, meaning, hopedOutcome));
  }

  private Uni<NeedResult> draftNew(
      CommandContext context, UUID coupleId, Topic topic, String meaning, String hopedOutcome) {
    UUID needId = TimeOrderedIds.next();
    return run(
        context,
        coupleId,
        needId,
        c -> seal(c, meaning).flatMap(m -> seal(c, hopedOutcome).map(h -> new NeedWords(m, h))),
        (couple, words, now) ->
            new DraftNeed(
                needId, topic, words.meaning(), words.hope(), context.partner(), couple, now),
        false);
  }

  private Uni<NeedResult> repeated(CommandContext context, UUID coupleId, AppendResult first) {
    UUID needId =
        UUID.fromString(first.streamId().substring(NeedsEventTypes.DRAFT_STREAM_PREFIX.length()));
    return couples
        .member(context.partner(), coupleId)
        .flatMap(
            couple ->
                streams
                    .load(needId)
                    .flatMap(
                        loaded ->
                            reveal(
                                    context.partner(),
                                    couple.couple(),
                                    NeedRecord.fold(loaded.all()))
                                .map(
                                    view ->
                                        new NeedResult(view, followingTheCouple(first, couple)))));
  }

  /**
   * A draft's outcome (never published) with a token that also names the couple's event it was
   * decided on: other services wait for that one, so a partner who passes the draft's token to them
   * still finds the couple they joined.
   */
  private static AppendResult followingTheCouple(
      AppendResult result, CoupleService.CoupleState couple) {
    return result.token().published()
        ? result
        : result.after(NeedsEventTypes.coupleStream(couple.couple().id()), couple.version());
  }

  public Uni<NeedResult> revise(
      CommandContext context,
      UUID coupleId,
      UUID needId,
      Topic topic,
      String meaning,
      String hopedOutcome) {
    return run(
        context,
        coupleId,
        needId,
        c -> seal(c, meaning).flatMap(m -> seal(c, hopedOutcome).map(h -> new NeedWords(m, h))),
        (couple, words, now) ->
            new ReviseNeed(topic, words.meaning(), words.hope(), context.partner(), couple, now),
        false);
  }

  public Uni<NeedResult> discard(CommandContext context, UUID coupleId, UUID needId) {
    return run(
        context,
        coupleId,
        needId,
        NeedService::noWords,
        (couple, words, now) -> new DiscardNeed(context.partner(), couple, now),
        false);
  }

  public Uni<NeedResult> share(CommandContext context, UUID coupleId, UUID needId, String why) {
    return run(
        context,
        coupleId,
        needId,
        c -> seal(c, why),
        (couple, words, now) -> new ShareNeed(words, context.partner(), couple, now),
        false);
  }

  public Uni<NeedResult> acknowledge(
      CommandContext context, UUID coupleId, UUID needId, String heard) {
    return run(
        context,
        coupleId,
        needId,
        c -> seal(c, heard),
        (couple, words, now) -> new AcknowledgeNeed(words, context.partner(), couple, now),
        false);
  }

  public Uni<NeedResult> ask(CommandContext context, UUID coupleId, UUID needId, String question) {
    UUID questionId = TimeOrderedIds.next();
    return run(
        context,
        coupleId,
        needId,
        c -> seal(c, question),
        (couple, words, now) ->
            new AskClarification(questionId, words, context.partner(), couple, now),
        false);
  }

  public Uni<NeedResult> clarify(
      CommandContext context, UUID coupleId, UUID needId, UUID questionId, String answer) {
    return run(
        context,
        coupleId,
        needId,
        c -> seal(c, answer),
        (couple, words, now) -> new Clarify(questionId, words, context.partner(), couple, now),
        false);
  }

  public Uni<NeedResult> markMet(CommandContext context, UUID coupleId, UUID needId) {
    return run(
        context,
        coupleId,
        needId,
        NeedService::noWords,
        (couple, words, now) -> new MarkNeedMet(context.partner(), couple, now),
        false);
  }

  public Uni<NeedResult> withdraw(CommandContext context, UUID coupleId, UUID needId) {
    return run(
        context,
        coupleId,
        needId,
        NeedService::noWords,
        (couple, words, now) -> new WithdrawNeed(context.partner(), couple, now),
        false);
  }

  private static Uni<Void> noWords(CommandContext context) {
    return Uni.createFrom().voidItem();
  }

  /**
   * The command path. A conflict the caller did not ask for (no {@code If-Match}: another command
   * or a leave won the race) is decided once more on what the streams hold then.
   */
  private <W> Uni<NeedResult> run(
      CommandContext context,
      UUID coupleId,
      UUID needId,
      java.util.function.Function<CommandContext, Uni<W>> sealing,
      Decision<W> decision,
      boolean again) {
    return couples
        .member(context.partner(), coupleId)
        .flatMap(
            couple ->
                sealing
                    .apply(context)
                    .flatMap(
                        words ->
                            streams
                                .load(needId)
                                .flatMap(
                                    loaded ->
                                        decideAndAppend(context, couple, loaded, words, decision))))
        .onFailure(
            failure ->
                failure instanceof ConcurrencyConflict && !again && context.ifMatch() == null)
        .recoverWithUni(() -> run(context, coupleId, needId, sealing, decision, true));
  }

  private <W> Uni<NeedResult> decideAndAppend(
      CommandContext context,
      CoupleService.CoupleState couple,
      Loaded loaded,
      W words,
      Decision<W> decision) {
    List<Envelope<NeedEvent>> history = loaded.all();
    Need state = decider.fold(history.stream().map(Envelope::event).toList());
    NeedCommand command = decision.make(couple.couple(), words, clock.instant());
    List<NeedEvent> events = decider.decide(command, state);
    if (context.ifMatch() != null && context.ifMatch() != loaded.version()) {
      String stream =
          loaded.shared().isEmpty()
              ? NeedsEventTypes.draftStream(loaded.needId())
              : NeedsEventTypes.needStream(loaded.needId());
      return Uni.createFrom()
          .failure(
              new ConcurrencyConflict(
                  stream, ExpectedVersion.exactly(context.ifMatch()), loaded.version()));
    }
    boolean draft = events.get(0).belongsToTheDraft();
    UUID coupleId = couple.couple().id();
    List<NewEvent> encoded = events.stream().map(NeedsEventTypes.NEED::encode).toList();
    AppendRequest append =
        new AppendRequest(
                draft
                    ? NeedsEventTypes.draftStream(loaded.needId())
                    : NeedsEventTypes.needStream(loaded.needId()),
                ExpectedVersion.exactly(draft ? loaded.draftVersion() : loaded.sharedVersion()),
                coupleId,
                context.partner().toString(),
                encoded,
                context.metadata(),
                null)
            .withIdempotency(
                command instanceof DraftNeed ? context.scopedKey("DraftNeed/" + coupleId) : null,
                context.fingerprint())
            .onlyIf(NeedsEventTypes.coupleStream(coupleId), couple.version())
            .onlyIf(
                draft
                    ? NeedsEventTypes.needStream(loaded.needId())
                    : NeedsEventTypes.draftStream(loaded.needId()),
                draft ? loaded.sharedVersion() : loaded.draftVersion());
    AppendRequest request = draft ? append.unpublished() : append;
    return store
        .append(request)
        .invoke(result -> metrics.handled(command, events.size()))
        .flatMap(
            result -> {
              if (result.repeated()) {
                return repeated(context, coupleId, result);
              }
              NeedRecord need = NeedRecord.fold(history);
              List<Envelope<NeedEvent>> appended = envelopes(request, result, encoded, events);
              appended.forEach(need::apply);
              return reveal(context.partner(), couple.couple(), need)
                  .map(view -> new NeedResult(view, followingTheCouple(result, couple)));
            });
  }

  /** The new events in their envelopes, as the store now holds them. */
  private List<Envelope<NeedEvent>> envelopes(
      AppendRequest append, AppendResult result, List<NewEvent> encoded, List<NeedEvent> events) {
    List<Envelope<NeedEvent>> envelopes = new ArrayList<>();
    Instant now = clock.instant();
    for (int i = 0; i < events.size(); i++) {
      NewEvent event = encoded.get(i);
      envelopes.add(
          new Envelope<>(
              new RecordedEvent(
                  event.eventId(),
                  append.streamId(),
                  result.fromVersion() + i,
                  result.lastPosition(),
                  event.type(),
                  event.schemaVersion(),
                  append.partitionKey(),
                  append.actor(),
                  now,
                  event.payloadJson(),
                  append.metadata()),
              events.get(i)));
    }
    return envelopes;
  }

  /** The need with the words the reader may read, or null if they may not see it. */
  Uni<NeedViews.Detail> reveal(UUID reader, Couple couple, NeedRecord need) {
    if (!need.isVisibleTo(reader, couple)) {
      return Uni.createFrom().nullItem();
    }
    return NeedViews.reveal(vault, reader, couple, need);
  }

  private Uni<SealedText> seal(CommandContext context, String text) {
    return Words.seal(vault, context.partner(), text);
  }
}
