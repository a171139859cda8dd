package app.openup.feedback.service;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.quarkus.StoreProjections;
import app.openup.eventing.vault.SealedText;
import app.openup.eventing.vault.Vault;
import app.openup.feedback.domain.Couple;
import app.openup.feedback.domain.Facts;
import app.openup.feedback.domain.PraiseStatus;
import app.openup.feedback.domain.PraiseStyle;
import app.openup.feedback.domain.Progress;
import app.openup.feedback.domain.Progress.Window;
import app.openup.feedback.domain.TargetKind;
import app.openup.feedback.messaging.FeedbackReadModel;
import app.openup.feedback.repository.CoupleQueries;
import app.openup.feedback.repository.CoupleQueries.Moment;
import app.openup.feedback.repository.CoupleQueries.TimelineFilter;
import app.openup.feedback.repository.CoupleRow;
import app.openup.feedback.repository.PraiseFactRow;
import app.openup.feedback.repository.PraiseRow;
import app.openup.feedback.repository.ShareRow;
import app.openup.feedback.repository.Timestamps;
import app.openup.feedback.repository.VersionedKey;
import app.openup.feedback.service.FeedbackViews.Comparisons;
import app.openup.feedback.service.FeedbackViews.Dashboard;
import app.openup.feedback.service.FeedbackViews.Entry;
import app.openup.feedback.service.FeedbackViews.Link;
import app.openup.feedback.service.FeedbackViews.Mine;
import app.openup.feedback.service.FeedbackViews.Page;
import app.openup.support.command.NotFound;
import app.openup.support.command.Words;
import app.openup.support.rest.Cursors;
import app.openup.support.rest.InvalidHeader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * What a partner reads: praise (their own and what they received), the couple's connection history
 * and its dashboard, and their private view. Only partners of the couple read anything (a stranger
 * is "not found"); once a partner has left or was erased, each sees only their own part.
 */
@ApplicationScoped
public class FeedbackReads {

  /** The weeks of the dashboard's charts. */
  static final int WEEKS = 12;

  private final ReadSide readSide;
  private final StoreProjections store;
  private final Vault vault;
  private final CoupleQueries queries;

  public FeedbackReads(
      ReadSide readSide, StoreProjections store, Vault vault, CoupleQueries queries) {
    this.readSide = readSide;
    this.store = store;
    this.vault = vault;
    this.queries = queries;
  }

  /** The couple, if the reader is one of its partners; otherwise {@link NotFound}. */
  private Uni<Couple> member(UUID reader, UUID coupleId, int version) {
    return readSide
        .couple(coupleId, version)
        .map(
            couple -> {
              if (couple == null || !couple.isMember(reader)) {
                throw new NotFound("Couple");
              }
              return couple;
            });
  }

  // ---- praise

  /** A praise found with what the reader needs to see it. */
  private record Seen(PraiseRow row, UUID receiver) {}

  public Uni<FeedbackViews.Praise> praise(
      UUID reader, UUID coupleId, UUID praiseId, Optional<ConsistencyToken> token) {
    return asMember(
            reader,
            coupleId,
            token,
            (couple, version, own) ->
                PraiseRow.<PraiseRow>findById(new VersionedKey(praiseId, own))
                    .chain(
                        row ->
                            row == null || !row.coupleId.equals(coupleId)
                                ? Uni.createFrom().<List<Seen>>item(List.of())
                                : visible(reader, couple, List.of(row), version)))
        .chain(
            seen -> {
              if (seen.isEmpty()) {
                return Uni.createFrom().failure(new NotFound("Praise"));
              }
              return view(seen.get(0));
            });
  }

  /** The couple's praise the reader may see, newest first, a page at a time. */
  public Uni<Page<FeedbackViews.Praise>> praiseList(
      UUID reader, UUID coupleId, String cursor, int limit, Optional<ConsistencyToken> token) {
    Instant before = instantCursor(cursor);
    return asMember(
            reader,
            coupleId,
            token,
            (couple, version, own) ->
                PraiseRow.<PraiseRow>find(
                        "version = ?1 and coupleId = ?2 and givenAt < ?3 order by givenAt desc",
                        own,
                        coupleId,
                        before)
                    .range(0, limit)
                    .list()
                    .chain(
                        rows ->
                            visible(reader, couple, rows, version)
                                .map(seen -> new PraisePage(rows, seen))))
        .chain(
            found -> {
              List<PraiseRow> rows = found.rows();
              String next =
                  rows.size() > limit
                      ? Cursors.after(rows.get(limit - 1).givenAt.toString())
                      : null;
              List<Seen> page =
                  found.seen().stream().filter(s -> rows.indexOf(s.row()) < limit).toList();
              return all(page.stream().map(this::view).toList())
                  .map(items -> new Page<>(items, next));
            });
  }

  /** A page of praise rows (one more than asked, to know whether more follow) and those seen. */
  private record PraisePage(List<PraiseRow> rows, List<Seen> seen) {}

  /**
   * Of these praise rows, those the reader may see: what they gave, and, while the couple is
   * together, what stands and appreciates a share or need of theirs.
   */
  private Uni<List<Seen>> visible(UUID reader, Couple couple, List<PraiseRow> rows, int version) {
    List<Uni<Seen>> seen = new ArrayList<>();
    for (PraiseRow row : rows) {
      seen.add(
          readSide
              .target(TargetKind.valueOf(row.targetKind), row.targetId, version)
              .map(
                  target -> {
                    UUID receiver = target == null ? null : target.author();
                    if (row.givenBy.equals(reader)) {
                      return new Seen(row, receiver);
                    }
                    boolean stands = PraiseStatus.GIVEN.name().equals(row.status);
                    return stands && !couple.isClosed() && reader.equals(receiver)
                        ? new Seen(row, receiver)
                        : null;
                  }));
    }
    // One session runs one statement at a time: the targets are read in turn.
    Uni<List<Seen>> chain = Uni.createFrom().item(new ArrayList<>());
    for (Uni<Seen> one : seen) {
      chain =
          chain.chain(
              list ->
                  one.map(
                      s -> {
                        if (s != null) {
                          list.add(s);
                        }
                        return list;
                      }));
    }
    return chain;
  }

  private Uni<FeedbackViews.Praise> view(Seen seen) {
    PraiseRow row = seen.row();
    return Words.reveal(vault, row.givenBy, row.words == null ? null : new SealedText(row.words))
        .map(
            words ->
                new FeedbackViews.Praise(
                    row.id,
                    row.coupleId,
                    row.givenBy,
                    seen.receiver(),
                    TargetKind.valueOf(row.targetKind),
                    row.targetId,
                    PraiseStyle.valueOf(row.style),
                    words,
                    PraiseStatus.valueOf(row.status),
                    row.declinedRule,
                    row.givenAt,
                    row.streamVersion));
  }

  // ---- history

  /** The couple's connection history as the reader may see it, newest first. */
  public Uni<Page<Entry>> history(
      UUID reader,
      UUID coupleId,
      Integer step,
      Instant from,
      Instant to,
      String cursor,
      int limit,
      Optional<ConsistencyToken> token) {
    InvalidHeader far = unqueryable("from", from);
    far = far == null ? unqueryable("to", to) : far;
    if (far != null) {
      return Uni.createFrom().failure(far);
    }
    String after = Cursors.read(cursor);
    Instant beforeAt;
    UUID beforeId;
    try {
      beforeAt =
          after == null
              ? Timestamps.LATEST
              : Timestamps.queryable(Instant.parse(after.split("\\|")[0]));
      beforeId = after == null ? new UUID(-1L, -1L) : UUID.fromString(after.split("\\|")[1]);
    } catch (RuntimeException e) {
      return Uni.createFrom()
          .failure(new InvalidHeader("cursor", "The cursor is not one this service handed out."));
    }
    TimelineFilter filter = new TimelineFilter(beforeAt, beforeId, step, from, to, limit + 1);
    return readSide
        .caughtUp(token)
        .chain(readSide::version)
        .chain(version -> queries.timeline(reader, coupleId, version, filter))
        .map(
            rows -> {
              if (rows == null) {
                throw new NotFound("Couple");
              }
              List<Moment> shown = rows.size() > limit ? rows.subList(0, limit) : rows;
              List<Entry> items =
                  shown.stream()
                      .map(
                          e ->
                              new Entry(
                                  e.id(),
                                  e.step(),
                                  e.kind(),
                                  e.actor(),
                                  e.at(),
                                  new Link(e.service(), e.path())))
                      .toList();
              Moment last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
              String next =
                  rows.size() > limit
                      ? Cursors.after(last.at().toString() + "|" + last.id())
                      : null;
              return new Page<>(items, next);
            });
  }

  /**
   * The shares of these sessions of the couple that the reader may see (all while the couple is
   * together; afterwards only the reader's own), for the moments of the history that name them,
   * each with whether the reader appreciated it (a praise of theirs that stands).
   */
  public Uni<List<FeedbackViews.Share>> shares(
      UUID reader, UUID coupleId, Collection<UUID> sessionIds) {
    if (sessionIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return asMember(
        reader,
        coupleId,
        Optional.empty(),
        (couple, version, own) ->
            ShareRow.<ShareRow>list(
                    "version = ?1 and coupleId = ?2 and sessionId in ?3",
                    version,
                    coupleId,
                    sessionIds)
                .chain(
                    rows ->
                        PraiseFactRow.<PraiseFactRow>list(
                                "version = ?1 and coupleId = ?2 and givenBy = ?3"
                                    + " and targetKind = 'SHARE' and withdrawnAt is null"
                                    + " and declined = false",
                                version,
                                coupleId,
                                reader)
                            .map(
                                praise -> {
                                  Set<UUID> appreciated = new HashSet<>();
                                  praise.forEach(p -> appreciated.add(p.targetId));
                                  return rows.stream()
                                      .filter(s -> !couple.isClosed() || reader.equals(s.author))
                                      .map(
                                          s ->
                                              new FeedbackViews.Share(
                                                  s.id,
                                                  s.sessionId,
                                                  s.author,
                                                  s.depth,
                                                  s.sharedAt,
                                                  appreciated.contains(s.id)))
                                      .toList();
                                })));
  }

  /** The couples the reader is (or was) a partner of, the most recently formed first. */
  public Uni<List<UUID>> couplesOf(UUID reader, Optional<ConsistencyToken> token) {
    return readSide
        .caughtUp(token)
        .chain(
            () ->
                readSide.inSession(
                    version ->
                        CoupleRow.<CoupleRow>list(
                            "version = ?1 and id in (select p.id from PartnerRow p"
                                + " where p.version = ?1 and p.partnerId = ?2)"
                                + " order by formedAt desc",
                            version,
                            reader)))
        .map(rows -> rows.stream().map(c -> c.id).toList());
  }

  // ---- dashboard and the private view

  private record Loaded(Couple couple, Facts facts, Set<UUID> optedIn) {}

  public Uni<Dashboard> dashboard(UUID reader, UUID coupleId, Optional<ConsistencyToken> token) {
    Instant now = Instant.now();
    return load(reader, coupleId, token)
        .map(
            loaded -> {
              Facts facts = loaded.facts();
              boolean youOptedIn = loaded.optedIn().contains(reader);
              boolean both =
                  loaded.couple().isTogether()
                      && loaded.optedIn().containsAll(loaded.couple().partners());
              List<Progress.PartnerFigures> partners =
                  both
                      ? loaded.couple().partners().stream()
                          .sorted()
                          .map(p -> Progress.partner(facts, p, Window.LAST_90_DAYS, now))
                          .toList()
                      : null;
              return new Dashboard(
                  coupleId,
                  now,
                  !loaded.couple().isClosed(),
                  Progress.figures(facts, Window.LAST_30_DAYS, now),
                  Progress.figures(facts, Window.LAST_90_DAYS, now),
                  Progress.figures(facts, Window.ALL_TIME, now),
                  Progress.weeks(facts, WEEKS, now),
                  new Comparisons(both, youOptedIn, partners));
            });
  }

  public Uni<Mine> mine(UUID reader, UUID coupleId, Optional<ConsistencyToken> token) {
    Instant now = Instant.now();
    return load(reader, coupleId, token)
        .chain(
            loaded ->
                praiseList(reader, coupleId, null, 100, Optional.empty())
                    .map(
                        praise -> {
                          Facts facts = loaded.facts();
                          List<FeedbackViews.Praise> given =
                              praise.items().stream()
                                  .filter(p -> p.givenBy().equals(reader))
                                  .toList();
                          List<FeedbackViews.Praise> received =
                              praise.items().stream()
                                  .filter(p -> !p.givenBy().equals(reader))
                                  .toList();
                          return new Mine(
                              reader,
                              received,
                              given,
                              Progress.partner(facts, reader, Window.LAST_30_DAYS, now),
                              Progress.partner(facts, reader, Window.LAST_90_DAYS, now),
                              Progress.partner(facts, reader, Window.ALL_TIME, now));
                        }));
  }

  /**
   * The couple's facts as the reader may count them: all of them while the couple is together;
   * after a leave or an erasure, only the reader's own.
   */
  private Uni<Loaded> load(UUID reader, UUID coupleId, Optional<ConsistencyToken> token) {
    return atVersions(token, (version, own) -> queries.facts(reader, coupleId, version, own))
        .map(
            found -> {
              if (found == null) {
                throw new NotFound("Couple");
              }
              return new Loaded(
                  found.couple(),
                  countable(reader, found.couple(), found.facts()),
                  found.optedIn());
            });
  }

  /**
   * Of the couple's facts, those the reader may count: all while the couple is together, only the
   * reader's own after a leave or an erasure; and praise once its target is known here as the other
   * partner's (a praise for a share that has not arrived, or never will, is neither a moment of the
   * couple nor a metric yet).
   */
  static Facts countable(UUID reader, Couple couple, Facts all) {
    boolean own = couple.isClosed();
    Map<UUID, UUID> authors = new HashMap<>();
    all.needs().forEach(n -> authors.put(n.needId(), n.author()));
    all.shares().forEach(s -> authors.put(s.shareId(), s.author()));
    return new Facts(
        all.needs().stream().filter(n -> !own || reader.equals(n.author())).toList(),
        all.sessions().stream().filter(s -> !own || reader.equals(s.initiator())).toList(),
        all.shares().stream().filter(s -> !own || reader.equals(s.author())).toList(),
        all.praise().stream()
            .filter(p -> !own || reader.equals(p.givenBy()))
            .filter(p -> confirmed(authors.get(p.targetId()), p.givenBy()))
            .toList(),
        all.engagement().stream().filter(e -> !own || reader.equals(e.by())).toList(),
        all.ratings().stream().filter(r -> !own || reader.equals(r.partnerId())).toList());
  }

  /** A read of the couple: the read side's version, and the version of this service's own. */
  @FunctionalInterface
  private interface MemberRead<T> {
    Uni<T> read(Couple couple, int version, int own);
  }

  /**
   * Waits for the token, then runs {@code read} in a session with the couple as the reader may see
   * it (404 for anyone else), the read side's version and the own read model's. The versions are
   * known before the session takes its connection: a session that waited for another connection of
   * the same pool could, with the pool taken by such sessions, wait for ever.
   */
  private <T> Uni<T> asMember(
      UUID reader, UUID coupleId, Optional<ConsistencyToken> token, MemberRead<T> read) {
    return atVersions(
        token,
        (version, own) ->
            Panache.withSession(
                () ->
                    member(reader, coupleId, version)
                        .chain(couple -> read.read(couple, version, own))));
  }

  /**
   * Waits for the token, then runs {@code read} with the read side's version and the own read
   * model's.
   */
  private <T> Uni<T> atVersions(
      Optional<ConsistencyToken> token, BiFunction<Integer, Integer, Uni<T>> read) {
    return readSide
        .caughtUp(token)
        .chain(readSide::version)
        .chain(
            version ->
                store.activeVersion(FeedbackReadModel.NAME).chain(own -> read.apply(version, own)));
  }

  private static boolean confirmed(UUID targetAuthor, UUID giver) {
    return targetAuthor != null && !targetAuthor.equals(giver);
  }

  /** A 400 naming the field if no query can take the instant (null if one can, or it is null). */
  private static InvalidHeader unqueryable(String field, Instant value) {
    try {
      if (value != null) {
        Timestamps.queryable(value);
      }
      return null;
    } catch (DateTimeException e) {
      return new InvalidHeader(
          field,
          "'"
              + field
              + "' is an instant of the years 1 to 9999, for example 2026-12-01T00:00:00Z.");
    }
  }

  private static Instant instantCursor(String cursor) {
    String after = Cursors.read(cursor);
    try {
      return after == null ? Timestamps.LATEST : Timestamps.queryable(Instant.parse(after));
    } catch (RuntimeException e) {
      throw new InvalidHeader("cursor", "The cursor is not one this service handed out.");
    }
  }

  private static <T> Uni<List<T>> all(List<Uni<T>> unis) {
    return unis.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(unis).andFailFast();
  }
}
