package app.openup.needs.service;

import app.openup.eventing.TimeOrderedIds;
import app.openup.eventing.store.AppendResult;
import app.openup.eventing.store.Envelope;
import app.openup.eventing.store.EventSourcedRepository;
import app.openup.eventing.store.EventStore;
import app.openup.eventing.store.RecordedEvent;
import app.openup.eventing.store.StreamCommand;
import app.openup.eventing.vault.Revealed;
import app.openup.eventing.vault.SealedText;
import app.openup.eventing.vault.SubjectForgotten;
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
import app.openup.needs.domain.NeedEvent;
import app.openup.needs.domain.Topic;
import app.openup.needs.repository.NeedsEventTypes;
import app.openup.support.command.CommandContext;
import app.openup.support.command.CommandMetrics;
import app.openup.support.command.NotFound;
import app.openup.support.command.PartnerErased;
import app.openup.support.rest.Cursors;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Steps 1 and 2: drafting, sharing and answering needs. Every command first checks that the caller
 * is a partner of the couple (otherwise the couple is "not found"), seals the caller's words with
 * their key, and runs the need's rules.
 */
@ApplicationScoped
public class NeedService {

  /**
   * A command's outcome: the need as its author or partner now sees it (null once discarded), and
   * the append.
   */
  public record NeedResult(NeedViews.Detail need, AppendResult result) {}

  private final EventSourcedRepository<NeedCommand, Need, NeedEvent> needs;
  private final EventStore store;
  private final CoupleService couples;
  private final Vault vault;
  private final CommandMetrics metrics;
  private final Clock clock = Clock.systemUTC();

  public NeedService(
      EventSourcedRepository<NeedCommand, Need, NeedEvent> needs,
      EventStore store,
      CoupleService couples,
      Vault vault,
      CommandMetrics metrics) {
    this.needs = needs;
    this.store = store;
    this.couples = couples;
    this.vault = vault;
    this.metrics = metrics;
  }

  public Uni<NeedResult> draft(
      CommandContext context, UUID coupleId, Topic topic, String meaning, String hopedOutcome) {
    UUID needId = TimeOrderedIds.next();
    return sealNeed(context, meaning, hopedOutcome)
        .flatMap(
            words ->
                handle(
                    context,
                    coupleId,
                    needId,
                    (couple, now) ->
                        new DraftNeed(
                            needId,
                            topic,
                            words.meaning(),
                            words.hope(),
                            context.partner(),
                            couple,
                            now)));
  }

  public Uni<NeedResult> revise(
      CommandContext context,
      UUID coupleId,
      UUID needId,
      Topic topic,
      String meaning,
      String hopedOutcome) {
    return sealNeed(context, meaning, hopedOutcome)
        .flatMap(
            words ->
                handle(
                    context,
                    coupleId,
                    needId,
                    (couple, now) ->
                        new ReviseNeed(
                            topic, words.meaning(), words.hope(), context.partner(), couple, now)));
  }

  /** A need's own words, sealed with its author's key. */
  private record NeedWords(SealedText meaning, SealedText hope) {}

  private Uni<NeedWords> sealNeed(CommandContext context, String meaning, String hopedOutcome) {
    return seal(context, meaning)
        .flatMap(locked -> seal(context, hopedOutcome).map(hope -> new NeedWords(locked, hope)));
  }

  public Uni<NeedResult> discard(CommandContext context, UUID coupleId, UUID needId) {
    return handle(
        context,
        coupleId,
        needId,
        (couple, now) -> new DiscardNeed(context.partner(), couple, now));
  }

  public Uni<NeedResult> share(CommandContext context, UUID coupleId, UUID needId, String why) {
    return seal(context, why)
        .flatMap(
            locked ->
                handle(
                    context,
                    coupleId,
                    needId,
                    (couple, now) -> new ShareNeed(locked, context.partner(), couple, now)));
  }

  public Uni<NeedResult> acknowledge(
      CommandContext context, UUID coupleId, UUID needId, String heard) {
    return seal(context, heard)
        .flatMap(
            locked ->
                handle(
                    context,
                    coupleId,
                    needId,
                    (couple, now) -> new AcknowledgeNeed(locked, context.partner(), couple, now)));
  }

  public Uni<NeedResult> ask(CommandContext context, UUID coupleId, UUID needId, String question) {
    UUID questionId = TimeOrderedIds.next();
    return seal(context, question)
        .flatMap(
            locked ->
                handle(
                    context,
                    coupleId,
                    needId,
                    (couple, now) ->
                        new AskClarification(questionId, locked, context.partner(), couple, now)));
  }

  public Uni<NeedResult> clarify(
      CommandContext context, UUID coupleId, UUID needId, UUID questionId, String answer) {
    return seal(context, answer)
        .flatMap(
            locked ->
                handle(
                    context,
                    coupleId,
                    needId,
                    (couple, now) ->
                        new Clarify(questionId, locked, context.partner(), couple, now)));
  }

  public Uni<NeedResult> markMet(CommandContext context, UUID coupleId, UUID needId) {
    return handle(
        context,
        coupleId,
        needId,
        (couple, now) -> new MarkNeedMet(context.partner(), couple, now));
  }

  public Uni<NeedResult> withdraw(CommandContext context, UUID coupleId, UUID needId) {
    return handle(
        context,
        coupleId,
        needId,
        (couple, now) -> new WithdrawNeed(context.partner(), couple, now));
  }

  /** One need, with the words the caller may read; {@link NotFound} if they may not see it. */
  public Uni<NeedViews.Detail> get(UUID partner, UUID coupleId, UUID needId) {
    return couples
        .member(partner, coupleId)
        .flatMap(state -> detail(partner, state.couple(), needId));
  }

  /**
   * The needs of the couple that the caller may see, newest first, {@code limit} at a time after
   * the cursor of the previous page.
   */
  public Uni<NeedViews.Page<NeedViews.Summary>> list(
      UUID partner, UUID coupleId, String cursor, int limit) {
    Long before = decodeCursor(cursor);
    return couples
        .member(partner, coupleId)
        .flatMap(ignored -> store.loadPartition(coupleId, NeedsEventTypes.NEED_STREAM_PREFIX))
        .map(
            events -> {
              Map<String, List<Envelope<NeedEvent>>> byStream = new LinkedHashMap<>();
              for (RecordedEvent recorded : events) {
                byStream
                    .computeIfAbsent(recorded.streamId(), s -> new ArrayList<>())
                    .add(NeedsEventTypes.NEED.envelope(recorded));
              }
              List<NeedRecord> visible =
                  byStream.values().stream()
                      .map(NeedRecord::fold)
                      .filter(need -> need.isVisibleTo(partner))
                      .filter(need -> before == null || need.draftedPosition < before)
                      .sorted(
                          Comparator.comparingLong((NeedRecord n) -> n.draftedPosition).reversed())
                      .toList();
              List<NeedViews.Summary> page =
                  visible.stream().limit(limit).map(NeedService::summary).toList();
              String next =
                  visible.size() > limit
                      ? encodeCursor(visible.get(limit - 1).draftedPosition)
                      : null;
              return new NeedViews.Page<>(page, next);
            });
  }

  private Uni<NeedResult> handle(
      CommandContext context,
      UUID coupleId,
      UUID needId,
      BiFunction<Couple, Instant, NeedCommand> command) {
    return couples
        .member(context.partner(), coupleId)
        .flatMap(
            state -> {
              NeedCommand decided = command.apply(state.couple(), clock.instant());
              return needs
                  .handle(
                      StreamCommand.of(NeedsEventTypes.needStream(needId), decided)
                          .ifMatch(context.ifMatch())
                          .partitionKey(coupleId)
                          .actor(context.partner().toString())
                          .metadata(context.metadata())
                          .idempotency(
                              context.scopedKey(
                                  decided.getClass().getSimpleName() + "/" + coupleId),
                              context.fingerprint())
                          .onlyIf(NeedsEventTypes.coupleStream(coupleId), state.version()))
                  .invoke(handled -> metrics.handled(decided, handled.events().size()))
                  .flatMap(
                      handled ->
                          detail(context.partner(), state.couple(), handled.result().streamId())
                              // A discarded need is nobody's to see any more.
                              .onFailure(NotFound.class)
                              .recoverWithNull()
                              .map(view -> new NeedResult(view, handled.result())));
            });
  }

  private Uni<NeedViews.Detail> detail(UUID partner, Couple couple, String streamId) {
    return store
        .load(streamId)
        .flatMap(
            events -> {
              List<Envelope<NeedEvent>> envelopes = new ArrayList<>(events.size());
              events.forEach(e -> envelopes.add(NeedsEventTypes.NEED.envelope(e)));
              NeedRecord need = NeedRecord.fold(envelopes);
              if (!need.isVisibleTo(partner) || !couple.id().equals(need.coupleId)) {
                return Uni.createFrom().failure(new NotFound("Need"));
              }
              return reveal(partner, couple, need);
            });
  }

  private Uni<NeedViews.Detail> detail(UUID partner, Couple couple, UUID needId) {
    return detail(partner, couple, NeedsEventTypes.needStream(needId));
  }

  private Uni<NeedViews.Detail> reveal(UUID reader, Couple couple, NeedRecord need) {
    Uni<Words> meaning = words(reader, couple, need.author, need.meaning);
    Uni<Words> hope = words(reader, couple, need.author, need.hopedOutcome);
    Uni<Words> why = words(reader, couple, need.author, need.why);
    List<Uni<NeedViews.Acknowledgement>> acknowledgements = new ArrayList<>();
    for (NeedRecord.Acknowledgement a : need.acknowledgements) {
      acknowledgements.add(
          words(reader, couple, a.by(), a.heard())
              .map(heard -> new NeedViews.Acknowledgement(a.by(), heard, a.at())));
    }
    List<Uni<NeedViews.Question>> questions = new ArrayList<>();
    for (NeedRecord.Question q : need.questions) {
      questions.add(
          words(reader, couple, q.by(), q.question())
              .flatMap(
                  question ->
                      words(reader, couple, need.author, q.answer())
                          .map(
                              answer ->
                                  new NeedViews.Question(
                                      q.id(),
                                      q.by(),
                                      question,
                                      q.askedAt(),
                                      answer,
                                      q.answeredAt()))));
    }
    return Uni.combine()
        .all()
        .unis(meaning, hope, why, all(acknowledgements), all(questions))
        .asTuple()
        .map(
            t ->
                new NeedViews.Detail(
                    need.id,
                    need.coupleId,
                    need.author,
                    need.topic,
                    need.status,
                    t.getItem1(),
                    t.getItem2(),
                    t.getItem3(),
                    t.getItem4(),
                    t.getItem5(),
                    need.metBy,
                    need.draftedAt,
                    need.sharedAt,
                    need.updatedAt,
                    need.version));
  }

  private static <T> Uni<List<T>> all(List<Uni<T>> unis) {
    return unis.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(unis).andFailFast();
  }

  /** The words as the reader may see them: the other partner sees none of a leaver's words. */
  private Uni<Words> words(UUID reader, Couple couple, UUID writer, SealedText sealed) {
    if (sealed == null) {
      return Uni.createFrom().nullItem();
    }
    if (!writer.equals(reader) && couple.isClosed()) {
      // Once a partner has left, each sees only their own words.
      return Uni.createFrom().item(Words.WITHHELD);
    }
    return vault
        .decrypt(writer, sealed)
        .map(
            (Revealed revealed) ->
                revealed.erased()
                    ? new Words(null, Words.Visibility.ERASED)
                    : new Words(revealed.text(), Words.Visibility.SHOWN));
  }

  private Uni<SealedText> seal(CommandContext context, String text) {
    if (text == null) {
      return Uni.createFrom().nullItem();
    }
    return vault
        .encrypt(context.partner(), text)
        .onFailure(SubjectForgotten.class)
        .transform(forgotten -> new PartnerErased());
  }

  private static NeedViews.Summary summary(NeedRecord need) {
    int open = (int) need.questions.stream().filter(q -> q.answer() == null).count();
    return new NeedViews.Summary(
        need.id,
        need.author,
        need.topic,
        need.status,
        need.acknowledgements.size(),
        open,
        need.draftedAt,
        need.sharedAt,
        need.updatedAt,
        need.version);
  }

  static String encodeCursor(long position) {
    return Cursors.after(Long.toString(position));
  }

  static Long decodeCursor(String cursor) {
    String key = Cursors.read(cursor);
    if (key == null) {
      return null;
    }
    try {
      return Long.parseLong(key);
    } catch (NumberFormatException e) {
      return Cursors.read("not a cursor") == null ? null : 0L;
    }
  }
}
