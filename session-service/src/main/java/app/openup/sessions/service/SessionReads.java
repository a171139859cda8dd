package app.openup.sessions.service;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.projection.NotCaughtUp;
import app.openup.eventing.quarkus.StoreProjections;
import app.openup.eventing.store.EventCatalog;
import app.openup.eventing.vault.SealedText;
import app.openup.eventing.vault.Vault;
import app.openup.sessions.domain.CloseReason;
import app.openup.sessions.domain.Couple;
import app.openup.sessions.domain.Depth;
import app.openup.sessions.domain.OpenQuestion;
import app.openup.sessions.domain.Rating;
import app.openup.sessions.domain.Readiness;
import app.openup.sessions.domain.SessionStatus;
import app.openup.sessions.domain.SessionVisibility;
import app.openup.sessions.domain.ShareKind;
import app.openup.sessions.domain.Topic;
import app.openup.sessions.domain.Whose;
import app.openup.sessions.messaging.SessionsReadModel;
import app.openup.sessions.repository.MomentRow;
import app.openup.sessions.repository.QuestionRow;
import app.openup.sessions.repository.RatingRow;
import app.openup.sessions.repository.ReadinessRow;
import app.openup.sessions.repository.SessionRow;
import app.openup.sessions.repository.ShareRow;
import app.openup.sessions.repository.VersionedKey;
import app.openup.sessions.service.SessionViews.CheckIn;
import app.openup.sessions.service.SessionViews.Detail;
import app.openup.sessions.service.SessionViews.Moment;
import app.openup.sessions.service.SessionViews.Page;
import app.openup.sessions.service.SessionViews.Question;
import app.openup.sessions.service.SessionViews.ReadyState;
import app.openup.sessions.service.SessionViews.Share;
import app.openup.sessions.service.SessionViews.Suggestion;
import app.openup.sessions.service.SessionViews.Summary;
import app.openup.support.command.NotFound;
import app.openup.support.command.Words;
import app.openup.support.rest.Cursors;
import app.openup.support.rest.InvalidHeader;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A couple's sessions as the reader may see them ({@code SessionVisibility}), from the read model:
 * the list (newest first, a page at a time) and one session with the words the reader may read. A
 * read that passes a consistency token (of this service, or of needs-service for the membership)
 * waits, bounded, until it has caught up.
 */
@ApplicationScoped
public class SessionReads {

  private final StoreProjections projections;
  private final Membership membership;
  private final Vault vault;

  public SessionReads(StoreProjections projections, Membership membership, Vault vault) {
    this.projections = projections;
    this.membership = membership;
    this.vault = vault;
  }

  /** Everything the read model holds of one session, and the couple as it is now. */
  private static final class Found {
    Couple couple;
    SessionRow session;
    List<ReadinessRow> readiness;
    List<ShareRow> shares;
    List<QuestionRow> questions;
    List<MomentRow> moments;
    List<RatingRow> ratings;
  }

  /** One session with what the reader may read; {@link NotFound} if they may not see it. */
  public Uni<Detail> get(
      UUID reader, UUID coupleId, UUID sessionId, Optional<ConsistencyToken> token) {
    return caughtUp(token)
        .chain(
            () ->
                projections
                    .activeVersion(SessionsReadModel.NAME)
                    .chain(
                        version ->
                            Panache.withSession(() -> find(reader, coupleId, sessionId, version))))
        .chain(found -> reveal(reader, found));
  }

  /**
   * The session as the caller sees it right after their command, once the read model holds that
   * command's events (version {@code version} of the session); empty if it does not within the wait
   * (the command happened all the same).
   */
  public Uni<Optional<Detail>> afterCommand(
      UUID reader, UUID coupleId, UUID sessionId, ConsistencyToken token, long version) {
    return projections
        .await(SessionsReadModel.NAME, Optional.ofNullable(token))
        .chain(
            () ->
                projections
                    .activeVersion(SessionsReadModel.NAME)
                    .chain(v -> Panache.withSession(() -> find(reader, coupleId, sessionId, v))))
        .onFailure(NotFound.class)
        .recoverWithNull()
        .chain(
            found ->
                found == null || found.session.streamVersion < version
                    ? Uni.createFrom().item(Optional.<Detail>empty())
                    : reveal(reader, found).map(Optional::of));
  }

  private Uni<Void> caughtUp(Optional<ConsistencyToken> token) {
    return membership
        .caughtUp(token)
        .chain(() -> NotCaughtUp.unlessReached(projections.await(SessionsReadModel.NAME, token)));
  }

  private Uni<Found> find(UUID reader, UUID coupleId, UUID sessionId, int version) {
    Found found = new Found();
    String query = "sessionId = ?1 and version = ?2";
    String ordered = query + " order by position";
    // One session runs one statement at a time: the reads in turn.
    return member(reader, coupleId)
        .invoke(couple -> found.couple = couple)
        .chain(() -> SessionRow.<SessionRow>findById(new VersionedKey(sessionId, version)))
        .invoke(
            row -> {
              if (row == null || !row.coupleId.equals(coupleId)) {
                throw new NotFound("Session");
              }
              found.session = row;
            })
        .chain(() -> ReadinessRow.<ReadinessRow>list(query, sessionId, version))
        .invoke(rows -> found.readiness = currentRound(rows, found.session))
        .chain(() -> ShareRow.<ShareRow>list(ordered, sessionId, version))
        .invoke(rows -> found.shares = rows)
        .chain(() -> QuestionRow.<QuestionRow>list(ordered, sessionId, version))
        .invoke(rows -> found.questions = rows)
        .chain(() -> MomentRow.<MomentRow>list(ordered, sessionId, version))
        .invoke(rows -> found.moments = rows)
        .chain(() -> RatingRow.<RatingRow>list(query, sessionId, version))
        .invoke(rows -> found.ratings = rows)
        .replaceWith(found);
  }

  /**
   * The sessions of the couple, newest first, {@code limit} at a time after the cursor of the
   * previous page; only those in {@code status} if given.
   */
  public Uni<Page<Summary>> list(
      UUID reader,
      UUID coupleId,
      SessionStatus status,
      String cursor,
      int limit,
      Optional<ConsistencyToken> token) {
    String after = Cursors.read(cursor);
    long before;
    try {
      before = after == null ? Long.MAX_VALUE : Long.parseLong(after);
    } catch (NumberFormatException e) {
      return Uni.createFrom()
          .failure(new InvalidHeader("cursor", "The cursor is not one this service handed out."));
    }
    return caughtUp(token)
        .chain(
            () ->
                projections
                    .activeVersion(SessionsReadModel.NAME)
                    .chain(
                        version ->
                            Panache.withSession(
                                () -> page(reader, coupleId, status, before, limit, version))));
  }

  private Uni<Page<Summary>> page(
      UUID reader, UUID coupleId, SessionStatus status, long before, int limit, int version) {
    return member(reader, coupleId)
        .chain(
            couple -> {
              String query =
                  "coupleId = ?1 and version = ?2 and proposedPosition < ?3"
                      + (status == null ? "" : " and status = ?4")
                      + " order by proposedPosition desc";
              Object[] parameters =
                  status == null
                      ? new Object[] {coupleId, version, before}
                      : new Object[] {coupleId, version, before, status.name()};
              return SessionRow.<SessionRow>find(query, parameters)
                  .range(0, limit)
                  .list()
                  .chain(rows -> summaries(reader, couple, rows, limit, version));
            });
  }

  private Uni<Page<Summary>> summaries(
      UUID reader, Couple couple, List<SessionRow> rows, int limit, int version) {
    List<SessionRow> shown = rows.size() > limit ? rows.subList(0, limit) : rows;
    if (shown.isEmpty()) {
      return Uni.createFrom().item(new Page<>(List.of(), null));
    }
    List<UUID> ids = shown.stream().map(r -> r.id).toList();
    return ReadinessRow.<ReadinessRow>list("version = ?1 and sessionId in ?2", version, ids)
        .map(
            all -> {
              Map<UUID, List<ReadinessRow>> readiness =
                  all.stream().collect(Collectors.groupingBy(r -> r.sessionId));
              shown.forEach(
                  row ->
                      readiness.computeIfPresent(row.id, (id, given) -> currentRound(given, row)));
              List<Summary> items = new ArrayList<>();
              for (SessionRow row : shown) {
                items.add(
                    new Summary(
                        row.id,
                        row.coupleId,
                        SessionStatus.valueOf(row.status),
                        row.initiator,
                        row.proposedBy,
                        row.startsAt,
                        row.endsAt,
                        row.needId,
                        topic(row.topic),
                        checkIns(reader, couple, readiness.getOrDefault(row.id, List.of()), false),
                        row.startedAt,
                        row.closedAt,
                        closeReason(row.closeReason),
                        row.updatedAt,
                        row.streamVersion));
              }
              String next =
                  rows.size() > limit
                      ? Cursors.after(Long.toString(shown.get(shown.size() - 1).proposedPosition))
                      : null;
              return new Page<>(items, next);
            });
  }

  /** The check-ins given for the session's current time. */
  private static List<ReadinessRow> currentRound(List<ReadinessRow> rows, SessionRow session) {
    return rows.stream().filter(r -> r.round == session.round).toList();
  }

  private Uni<Couple> member(UUID reader, UUID coupleId) {
    return membership
        .load(coupleId)
        .map(
            couple -> {
              if (couple == null || !couple.isMember(reader)) {
                throw new NotFound("Couple");
              }
              return couple;
            });
  }

  /** The session as the reader may see it, their words and details decrypted. */
  private Uni<Detail> reveal(UUID reader, Found found) {
    Couple couple = found.couple;
    SessionRow row = found.session;
    Uni<Words> place =
        row.place == null
            ? Uni.createFrom().nullItem()
            : SessionVisibility.canRead(reader, couple, row.placeAuthor)
                ? Words.reveal(vault, row.placeAuthor, new SealedText(row.place))
                : Uni.createFrom().item(Words.ERASED);
    Uni<List<CheckIn>> readiness = ownCheckIn(reader, couple, found.readiness);
    List<Uni<Share>> shares = new ArrayList<>();
    for (ShareRow share : found.shares) {
      if (SessionVisibility.canRead(reader, couple, share.author)) {
        shares.add(
            Words.reveal(vault, share.author, sealed(share.text))
                .map(
                    text ->
                        new Share(
                            share.id,
                            share.author,
                            Depth.valueOf(share.depth),
                            ShareKind.valueOf(share.kind),
                            topic(share.topic),
                            text,
                            share.sharedAt)));
      } else {
        // Where the other partner's share was, its words read as erased; nothing else of it.
        shares.add(
            Uni.createFrom().item(new Share(null, null, null, null, null, Words.ERASED, null)));
      }
    }
    List<Uni<Question>> questions = new ArrayList<>();
    for (QuestionRow question : found.questions) {
      if (!SessionVisibility.canRead(reader, couple, question.askedBy)) {
        questions.add(Uni.createFrom().item(new Question(null, null, null, Words.ERASED, null)));
      } else if (question.question != null) {
        OpenQuestion asked = OpenQuestion.valueOf(question.question);
        questions.add(
            Uni.createFrom()
                .item(
                    new Question(
                        question.id,
                        question.askedBy,
                        asked,
                        new Words(asked.words(), Words.Visibility.SHOWN),
                        question.askedAt)));
      } else {
        questions.add(
            Words.reveal(vault, question.askedBy, sealed(question.words))
                .map(
                    words ->
                        new Question(
                            question.id, question.askedBy, null, words, question.askedAt)));
      }
    }
    List<Moment> moments = new ArrayList<>();
    for (MomentRow moment : found.moments) {
      if (SessionVisibility.canRead(reader, couple, moment.noticedBy)) {
        moments.add(
            new Moment(
                moment.id,
                moment.noticedBy,
                Whose.valueOf(moment.whose),
                Suggestion.of(OpenQuestion.valueOf(moment.suggestion)),
                moment.noticedAt));
      }
    }
    Uni<List<SessionViews.Rating>> ratings = ratings(reader, couple, found.ratings);
    return Uni.combine()
        .all()
        .unis(place, readiness, all(shares), all(questions), ratings)
        .asTuple()
        .map(
            t ->
                new Detail(
                    row.id,
                    row.coupleId,
                    SessionStatus.valueOf(row.status),
                    row.initiator,
                    row.proposedBy,
                    row.startsAt,
                    row.endsAt,
                    t.getItem1(),
                    row.needId,
                    topic(row.topic),
                    t.getItem2(),
                    row.groundRule,
                    row.startedAt,
                    row.closedAt,
                    closeReason(row.closeReason),
                    t.getItem3(),
                    t.getItem4(),
                    moments,
                    t.getItem5(),
                    row.updatedAt,
                    row.streamVersion));
  }

  /** Each partner's check-in as the reader may see it; the reader's own with its numbers. */
  private Uni<List<CheckIn>> ownCheckIn(UUID reader, Couple couple, List<ReadinessRow> rows) {
    List<CheckIn> shown = new ArrayList<>(checkIns(reader, couple, rows, true));
    for (ReadinessRow row : rows) {
      if (row.partnerId.equals(reader) && row.detail != null) {
        return Words.reveal(vault, reader, sealed(row.detail))
            .map(
                words -> {
                  Readiness numbers = words.text() == null ? null : read(words, Readiness.class);
                  if (numbers != null) {
                    shown.replaceAll(
                        c ->
                            c.partnerId().equals(reader)
                                ? new CheckIn(
                                    reader,
                                    c.state(),
                                    numbers.calm(),
                                    numbers.rushed(),
                                    numbers.angry(),
                                    c.checkedInAt())
                                : c);
                  }
                  return shown;
                });
      }
    }
    return Uni.createFrom().item(shown);
  }

  private static List<CheckIn> checkIns(
      UUID reader, Couple couple, List<ReadinessRow> rows, boolean ordered) {
    List<CheckIn> checkIns = new ArrayList<>();
    for (ReadinessRow row : rows) {
      if (SessionVisibility.canRead(reader, couple, row.partnerId)) {
        checkIns.add(
            new CheckIn(
                row.partnerId,
                row.ready ? ReadyState.READY : ReadyState.NOT_YET,
                null,
                null,
                null,
                row.checkedInAt));
      }
    }
    if (ordered) {
      checkIns.sort((a, b) -> a.checkedInAt().compareTo(b.checkedInAt()));
    }
    return checkIns;
  }

  private Uni<List<SessionViews.Rating>> ratings(UUID reader, Couple couple, List<RatingRow> rows) {
    Map<UUID, Boolean> shared = new HashMap<>();
    rows.forEach(r -> shared.put(r.partnerId, r.sharedWithPartner));
    List<Uni<SessionViews.Rating>> shown = new ArrayList<>();
    for (RatingRow row : rows) {
      if (SessionVisibility.canSeeRating(reader, couple, row.partnerId, shared)) {
        shown.add(
            Words.reveal(vault, row.partnerId, sealed(row.rating))
                .map(
                    words -> {
                      Rating rating = words.text() == null ? null : read(words, Rating.class);
                      return new SessionViews.Rating(
                          row.partnerId,
                          rating == null ? null : rating.safety(),
                          rating == null ? null : rating.start(),
                          row.sharedWithPartner,
                          row.ratedAt);
                    }));
      }
    }
    return all(shown);
  }

  private static <T> T read(Words words, Class<T> type) {
    try {
      return EventCatalog.json().readValue(words.text(), type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A sealed " + type.getSimpleName() + " is unreadable", e);
    }
  }

  private static <T> Uni<List<T>> all(List<Uni<T>> unis) {
    return unis.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(unis).andFailFast();
  }

  private static SealedText sealed(String text) {
    return text == null ? null : new SealedText(text);
  }

  private static Topic topic(String name) {
    return name == null ? null : Topic.valueOf(name);
  }

  private static CloseReason closeReason(String name) {
    return name == null ? null : CloseReason.valueOf(name);
  }
}
