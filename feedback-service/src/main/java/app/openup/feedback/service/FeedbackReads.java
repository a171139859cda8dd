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
import app.openup.feedback.repository.ConsentRow;
import app.openup.feedback.repository.CoupleRow;
import app.openup.feedback.repository.EngagementRow;
import app.openup.feedback.repository.NeedRow;
import app.openup.feedback.repository.PraiseFactRow;
import app.openup.feedback.repository.PraiseRow;
import app.openup.feedback.repository.RatingRow;
import app.openup.feedback.repository.SessionRow;
import app.openup.feedback.repository.ShareRow;
import app.openup.feedback.repository.TimelineEntry;
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

/**
 * What a partner reads: praise (their own and what they received), the couple's connection history
 * and its dashboard, and their private view. Only partners of the couple read anything (a stranger
 * is "not found"); once a partner has left or was erased, each sees only their own part.
 */
@ApplicationScoped
public class FeedbackReads {

  /** The weeks of the dashboard's charts. */
  static final int WEEKS = 12;

  /** The timeline's praise entries whose target is known here as the other partner's. */
  private static final String CONFIRMED_PRAISE =
      " and (kind <> 'PRAISE_GIVEN' or exists (select 1 from PraiseFactRow p"
          + " where p.id = subjectId and p.version = :version and ("
          + "exists (select 1 from ShareRow s where s.id = p.targetId and s.version = :version"
          + " and s.coupleId = :couple and s.author <> p.givenBy)"
          + " or exists (select 1 from NeedRow n where n.id = p.targetId and n.version = :version"
          + " and n.coupleId = :couple and n.sharedAt is not null and n.author <> p.givenBy))))";

  private final ReadSide readSide;
  private final StoreProjections store;
  private final Vault vault;

  public FeedbackReads(ReadSide readSide, StoreProjections store, Vault vault) {
    this.readSide = readSide;
    this.store = store;
    this.vault = vault;
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
    String after = Cursors.read(cursor);
    Instant beforeAt;
    UUID beforeId;
    try {
      beforeAt =
          after == null
              ? Instant.parse("9999-12-31T00:00:00Z")
              : Instant.parse(after.split("\\|")[0]);
      beforeId = after == null ? new UUID(-1L, -1L) : UUID.fromString(after.split("\\|")[1]);
    } catch (RuntimeException e) {
      return Uni.createFrom()
          .failure(new InvalidHeader("cursor", "The cursor is not one this service handed out."));
    }
    return asMember(
            reader,
            coupleId,
            token,
            (couple, version, own) -> {
              StringBuilder query =
                  new StringBuilder(
                      "version = :version and coupleId = :couple"
                          + " and (at < :at or (at = :at and id < :id))");
              Map<String, Object> parameters = new HashMap<>();
              parameters.put("version", version);
              parameters.put("couple", coupleId);
              parameters.put("at", beforeAt);
              parameters.put("id", beforeId);
              // A praise shows once its target is known here as the other partner's share or need.
              query.append(CONFIRMED_PRAISE);
              if (step != null) {
                query.append(" and step = :step");
                parameters.put("step", step);
              }
              if (from != null) {
                query.append(" and at >= :from");
                parameters.put("from", from);
              }
              if (to != null) {
                query.append(" and at < :to");
                parameters.put("to", to);
              }
              if (couple.isClosed()) {
                // After the safety exit: only the reader's own steps.
                query.append(" and actor = :reader");
                parameters.put("reader", reader);
              }
              query.append(" order by at desc, id desc");
              return TimelineEntry.<TimelineEntry>find(query.toString(), parameters)
                  .range(0, limit)
                  .list();
            })
        .map(
            rows -> {
              List<TimelineEntry> shown = rows.size() > limit ? rows.subList(0, limit) : rows;
              List<Entry> items =
                  shown.stream()
                      .map(
                          e ->
                              new Entry(
                                  e.id, e.step, e.kind, e.actor, e.at, new Link(e.service, e.path)))
                      .toList();
              TimelineEntry last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
              String next =
                  rows.size() > limit ? Cursors.after(last.at.toString() + "|" + last.id) : null;
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

  private record Loaded(Couple couple, Facts facts, List<ConsentRow> consent) {}

  public Uni<Dashboard> dashboard(UUID reader, UUID coupleId, Optional<ConsistencyToken> token) {
    Instant now = Instant.now();
    return load(reader, coupleId, token)
        .map(
            loaded -> {
              Facts facts = loaded.facts();
              boolean youOptedIn =
                  loaded.consent().stream().anyMatch(c -> c.partnerId.equals(reader) && c.optedIn);
              boolean both =
                  loaded.couple().isTogether()
                      && loaded.couple().partners().stream()
                          .allMatch(
                              p ->
                                  loaded.consent().stream()
                                      .anyMatch(c -> c.partnerId.equals(p) && c.optedIn));
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
    return asMember(
        reader, coupleId, token, (couple, version, own) -> facts(reader, couple, version, own));
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
    return readSide
        .caughtUp(token)
        .chain(readSide::version)
        .chain(
            version ->
                store
                    .activeVersion(FeedbackReadModel.NAME)
                    .chain(
                        own ->
                            Panache.withSession(
                                () ->
                                    member(reader, coupleId, version)
                                        .chain(couple -> read.read(couple, version, own)))));
  }

  private static boolean confirmed(UUID targetAuthor, UUID giver) {
    return targetAuthor != null && !targetAuthor.equals(giver);
  }

  private Uni<Loaded> facts(UUID reader, Couple couple, int version, int ownVersion) {
    UUID coupleId = couple.id();
    boolean own = couple.isClosed();
    String query = "version = ?1 and coupleId = ?2";
    List<Facts.NeedFact> needs = new ArrayList<>();
    List<Facts.SessionFact> sessions = new ArrayList<>();
    List<Facts.ShareFact> shares = new ArrayList<>();
    List<Facts.PraiseFact> praise = new ArrayList<>();
    List<Facts.EngagementFact> engagement = new ArrayList<>();
    List<Facts.RatingFact> ratings = new ArrayList<>();
    // Praise counts once its target is known here as the other partner's: a praise for a share
    // that has not arrived (or never will) is neither a moment of the couple nor a metric yet.
    Map<UUID, UUID> sharedBy = new HashMap<>();
    return NeedRow.<NeedRow>list(query, version, coupleId)
        .invoke(
            rows ->
                rows.stream()
                    .filter(n -> n.sharedAt != null)
                    .forEach(n -> sharedBy.put(n.id, n.author)))
        .invoke(
            rows ->
                rows.stream()
                    .filter(n -> n.sharedAt != null && (!own || reader.equals(n.author)))
                    .forEach(
                        n ->
                            needs.add(
                                new Facts.NeedFact(
                                    n.id,
                                    n.author,
                                    n.topic,
                                    n.sharedAt,
                                    n.acknowledgedAt,
                                    n.metAt))))
        .chain(() -> SessionRow.<SessionRow>list(query, version, coupleId))
        .invoke(
            rows ->
                rows.stream()
                    .filter(s -> !own || reader.equals(s.initiator))
                    .forEach(
                        s ->
                            sessions.add(
                                new Facts.SessionFact(
                                    s.id, s.initiator, s.proposedAt, s.startedAt, s.closedAt))))
        .chain(() -> ShareRow.<ShareRow>list(query, version, coupleId))
        .invoke(rows -> rows.forEach(s -> sharedBy.put(s.id, s.author)))
        .invoke(
            rows ->
                rows.stream()
                    .filter(s -> !own || reader.equals(s.author))
                    .forEach(
                        s ->
                            shares.add(
                                new Facts.ShareFact(
                                    s.id, s.sessionId, s.author, s.depth, s.topic, s.sharedAt))))
        .chain(
            () ->
                PraiseFactRow.<PraiseFactRow>list(
                    query + " and withdrawnAt is null and declined = false", version, coupleId))
        .invoke(
            rows ->
                rows.stream()
                    .filter(p -> !own || reader.equals(p.givenBy))
                    .filter(p -> confirmed(sharedBy.get(p.targetId), p.givenBy))
                    .forEach(
                        p ->
                            praise.add(
                                new Facts.PraiseFact(
                                    p.id,
                                    p.givenBy,
                                    TargetKind.valueOf(p.targetKind),
                                    p.targetId,
                                    p.givenAt))))
        .chain(() -> EngagementRow.<EngagementRow>list(query, version, coupleId))
        .invoke(
            rows ->
                rows.stream()
                    .filter(e -> !own || reader.equals(e.byPartner))
                    .forEach(
                        e ->
                            engagement.add(
                                new Facts.EngagementFact(
                                    e.sessionId, e.byPartner, e.curiosity, e.at))))
        .chain(() -> RatingRow.<RatingRow>list(query, version, coupleId))
        .invoke(
            rows ->
                rows.stream()
                    .filter(r -> !own || reader.equals(r.partnerId))
                    .forEach(
                        r ->
                            ratings.add(
                                new Facts.RatingFact(
                                    r.id, r.partnerId, r.safety, r.softStart, r.at))))
        .chain(() -> ConsentRow.<ConsentRow>list("id = ?1 and version = ?2", coupleId, ownVersion))
        .map(
            consent ->
                new Loaded(
                    couple,
                    new Facts(needs, sessions, shares, praise, engagement, ratings),
                    consent));
  }

  private static Instant instantCursor(String cursor) {
    String after = Cursors.read(cursor);
    try {
      return after == null ? Instant.parse("9999-12-31T00:00:00Z") : Instant.parse(after);
    } catch (RuntimeException e) {
      throw new InvalidHeader("cursor", "The cursor is not one this service handed out.");
    }
  }

  private static <T> Uni<List<T>> all(List<Uni<T>> unis) {
    return unis.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(unis).andFailFast();
  }
}
