package app.openup.feedback.messaging;

import static app.openup.feedback.repository.Timestamps.instant;

import app.openup.feedback.repository.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.lang.reflect.Array;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The rows of one version of the history that a batch of events reads and writes, held in memory
 * while {@link HistoryProjection} folds the batch into them: read with one statement per table (the
 * keys the batch names, {@code = any($n)}), written with one statement per table ({@code unnest} of
 * a column array each, an upsert where a row may exist). A batch of hundreds of events costs about
 * twenty statements instead of about ten per event, and its rows see one another's writes (a
 * share's session proposed earlier in the same batch) without a flush.
 */
final class HistoryRows {

  /** A couple's row. */
  static final class Couple {
    final UUID id;
    Instant formedAt;
    Instant closedAt;

    Couple(UUID id) {
      this.id = id;
    }
  }

  /** A partner's row, within a couple. */
  static final class Partner {
    final UUID couple;
    final UUID partner;
    Instant leftAt;
    boolean erased;
    boolean touched;

    Partner(UUID couple, UUID partner) {
      this.couple = couple;
      this.partner = partner;
    }
  }

  /** A need's row. */
  static final class Need {
    final UUID id;
    UUID couple;
    UUID author;
    String topic;
    Instant sharedAt;
    Instant acknowledgedAt;
    Instant metAt;
    Instant withdrawnAt;

    Need(UUID id) {
      this.id = id;
    }
  }

  /** A session's row. */
  static final class Session {
    final UUID id;
    UUID couple;
    UUID initiator;
    Instant proposedAt;
    Instant startedAt;
    Instant closedAt;
    String closeReason;
    boolean touched;

    Session(UUID id) {
      this.id = id;
    }
  }

  /** A praise's row. */
  static final class Praise {
    final UUID id;
    UUID couple;
    UUID givenBy;
    String targetKind;
    UUID targetId;
    String style;
    Instant givenAt;
    Instant withdrawnAt;
    boolean declined;

    Praise(UUID id) {
      this.id = id;
    }
  }

  record Share(
      UUID id,
      UUID couple,
      UUID session,
      UUID author,
      int depth,
      String kind,
      String topic,
      Instant sharedAt) {}

  record Engagement(UUID id, UUID couple, UUID session, UUID by, boolean curiosity, Instant at) {}

  record Rating(
      UUID session, UUID partner, UUID couple, int safety, boolean softStart, Instant at) {}

  /** A timeline entry: its id is the event's that made it. */
  static final class Entry {
    final UUID id;
    final UUID couple;
    final int step;
    final String kind;
    UUID actor;
    final Instant at;
    final UUID subject;
    final String service;
    final String path;

    Entry(
        UUID id,
        UUID couple,
        int step,
        String kind,
        UUID actor,
        Instant at,
        UUID subject,
        String service,
        String path) {
      this.id = id;
      this.couple = couple;
      this.step = step;
      this.kind = kind;
      this.actor = actor;
      this.at = at;
      this.subject = subject;
      this.service = service;
      this.path = path;
    }
  }

  private record PartnerKey(UUID couple, UUID partner) {}

  private record RatingKey(UUID session, UUID partner) {}

  /** The keys a batch names, per table: what {@link #load} reads before the fold. */
  static final class Wanted {
    final Set<UUID> couples = new LinkedHashSet<>();
    final Set<UUID> everyCouple = new LinkedHashSet<>();
    final Set<UUID> needs = new LinkedHashSet<>();
    final Set<UUID> sessions = new LinkedHashSet<>();
    final Set<UUID> sharedSessions = new LinkedHashSet<>();
    final Set<UUID> ratedSessions = new LinkedHashSet<>();
    final Set<UUID> praise = new LinkedHashSet<>();
  }

  /** The history's tables, each row keyed with the read model's version. */
  static final List<String> TABLES =
      List.of(
          "h_couple",
          "h_partner",
          "h_need",
          "h_session",
          "h_share",
          "h_engagement",
          "h_rating",
          "h_praise",
          "h_timeline");

  private static final String PRAISE_GIVEN = "PRAISE_GIVEN";

  private final int version;
  private final Map<UUID, Couple> couples = new LinkedHashMap<>();
  private final Map<PartnerKey, Partner> partners = new LinkedHashMap<>();
  private final Map<UUID, Need> needs = new LinkedHashMap<>();
  private final Map<UUID, Session> sessions = new LinkedHashMap<>();
  private final Map<UUID, Instant> firstShares = new HashMap<>();
  private final Set<RatingKey> rated = new HashSet<>();
  private final Map<UUID, Praise> praise = new LinkedHashMap<>();
  private final Set<UUID> changedPraise = new LinkedHashSet<>();
  private final List<Share> shares = new ArrayList<>();
  private final List<Engagement> engagements = new ArrayList<>();
  private final List<Rating> ratings = new ArrayList<>();
  private final Map<UUID, Entry> entries = new LinkedHashMap<>();
  private final Set<UUID> praiseLeavingHistory = new LinkedHashSet<>();
  private final Set<PartnerKey> erased = new LinkedHashSet<>();
  private final Set<PartnerKey> erasedEarlier = new HashSet<>();

  HistoryRows(int version) {
    this.version = version;
  }

  // The fold's side: find or make a row, as the events of the batch say, in their order.

  Couple couple(UUID id) {
    return couples.computeIfAbsent(id, Couple::new);
  }

  Partner partner(UUID couple, UUID partner) {
    Partner row =
        partners.computeIfAbsent(
            new PartnerKey(couple, partner), k -> new Partner(couple, partner));
    row.touched = true;
    return row;
  }

  Need need(UUID id) {
    return needs.computeIfAbsent(id, Need::new);
  }

  Session session(UUID id) {
    Session row = sessions.computeIfAbsent(id, Session::new);
    row.touched = true;
    return row;
  }

  /** The session's row if there is one (in the table or made earlier in the batch), else null. */
  Session existingSession(UUID id) {
    return sessions.get(id);
  }

  /**
   * Adds the share; true if no share of its session known so far was made before it (the history
   * counts it as the session's first).
   */
  boolean share(Share share) {
    Instant earliest = firstShares.get(share.session());
    boolean first = earliest == null || !earliest.isBefore(share.sharedAt());
    if (first) {
      firstShares.put(share.session(), share.sharedAt());
    }
    shares.add(share);
    return first;
  }

  void engagement(Engagement engagement) {
    engagements.add(engagement);
  }

  /** Adds the partner's rating of the session unless there is one already. */
  void rating(Rating rating) {
    if (rated.add(new RatingKey(rating.session(), rating.partner()))) {
      ratings.add(rating);
    }
  }

  void give(Praise given) {
    praise.put(given.id, given);
    changedPraise.add(given.id);
  }

  /** Changes the praise's row if there is one; either way it leaves the history. */
  void praiseNoLongerStands(UUID id, Consumer<Praise> change) {
    Praise row = praise.get(id);
    if (row != null) {
      change.accept(row);
      changedPraise.add(id);
    }
    entries.values().removeIf(entry -> PRAISE_GIVEN.equals(entry.kind) && id.equals(entry.subject));
    praiseLeavingHistory.add(id);
  }

  /** The entry; with no actor if the actor was erased (an event still in flight when they were). */
  void entry(Entry entry) {
    if (entry.actor != null) {
      PartnerKey actor = new PartnerKey(entry.couple, entry.actor);
      if (erased.contains(actor) || erasedEarlier.contains(actor)) {
        entry.actor = null;
      }
    }
    entries.put(entry.id, entry);
  }

  /**
   * What identifies the partner leaves the couple's history: their entries so far keep no actor,
   * and those of events that arrive after the erasure get none.
   */
  void eraseActor(UUID couple, UUID partner) {
    for (Entry entry : entries.values()) {
      if (couple.equals(entry.couple) && partner.equals(entry.actor)) {
        entry.actor = null;
      }
    }
    erased.add(new PartnerKey(couple, partner));
  }

  // The database's side: one statement per table to read, one per table to write.

  private static final String COUPLES =
      "select couple_id, formed_at, closed_at from h_couple"
          + " where version = $1 and couple_id = any($2)";
  private static final String PARTNERS =
      "select couple_id, partner_id, left_at, erased from h_partner"
          + " where version = $1 and couple_id = any($2)";
  private static final String NEEDS =
      "select need_id, couple_id, author, topic, shared_at, acknowledged_at, met_at, withdrawn_at"
          + " from h_need where version = $1 and need_id = any($2)";
  private static final String SESSIONS =
      "select session_id, couple_id, initiator, proposed_at, started_at, closed_at, close_reason"
          + " from h_session where version = $1 and session_id = any($2)";
  private static final String FIRST_SHARES =
      "select session_id, min(shared_at) from h_share"
          + " where version = $1 and session_id = any($2) group by session_id";
  private static final String ERASED =
      "select couple_id, partner_id from h_partner"
          + " where version = $1 and couple_id = any($2) and erased";
  private static final String RATED =
      "select session_id, partner_id from h_rating where version = $1 and session_id = any($2)";
  private static final String PRAISE =
      "select praise_id, couple_id, given_by, target_kind, target_id, style, given_at,"
          + " withdrawn_at, declined from h_praise where version = $1 and praise_id = any($2)";

  /** Reads the rows the batch names. */
  Uni<Void> load(SqlConnection connection, Wanted wanted) {
    return read(connection, COUPLES, wanted.couples, this::loadCouple)
        .chain(() -> read(connection, PARTNERS, wanted.couples, this::loadPartner))
        .chain(() -> read(connection, NEEDS, wanted.needs, this::loadNeed))
        .chain(() -> read(connection, SESSIONS, wanted.sessions, this::loadSession))
        .chain(
            () ->
                read(
                    connection,
                    FIRST_SHARES,
                    wanted.sharedSessions,
                    row -> firstShares.put(row.getUUID(0), instant(row, 1))))
        .chain(
            () ->
                read(
                    connection,
                    RATED,
                    wanted.ratedSessions,
                    row -> rated.add(new RatingKey(row.getUUID(0), row.getUUID(1)))))
        .chain(() -> read(connection, PRAISE, wanted.praise, this::loadPraise))
        .chain(
            () ->
                read(
                    connection,
                    ERASED,
                    wanted.everyCouple,
                    row -> erasedEarlier.add(new PartnerKey(row.getUUID(0), row.getUUID(1)))));
  }

  private Uni<Void> read(SqlConnection connection, String sql, Set<UUID> keys, Consumer<Row> each) {
    if (keys.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return connection
        .preparedQuery(sql)
        .execute(Tuple.of(version, keys.toArray(UUID[]::new)))
        .invoke(rows -> rows.forEach(each))
        .replaceWithVoid();
  }

  private void loadCouple(Row row) {
    Couple couple = couple(row.getUUID(0));
    couple.formedAt = instant(row, 1);
    couple.closedAt = instant(row, 2);
  }

  private void loadPartner(Row row) {
    Partner partner = new Partner(row.getUUID(0), row.getUUID(1));
    partner.leftAt = instant(row, 2);
    partner.erased = row.getBoolean(3);
    partners.put(new PartnerKey(partner.couple, partner.partner), partner);
  }

  private void loadNeed(Row row) {
    Need need = need(row.getUUID(0));
    need.couple = row.getUUID(1);
    need.author = row.getUUID(2);
    need.topic = row.getString(3);
    need.sharedAt = instant(row, 4);
    need.acknowledgedAt = instant(row, 5);
    need.metAt = instant(row, 6);
    need.withdrawnAt = instant(row, 7);
  }

  private void loadSession(Row row) {
    Session session = new Session(row.getUUID(0));
    session.couple = row.getUUID(1);
    session.initiator = row.getUUID(2);
    session.proposedAt = instant(row, 3);
    session.startedAt = instant(row, 4);
    session.closedAt = instant(row, 5);
    session.closeReason = row.getString(6);
    sessions.put(session.id, session);
  }

  private void loadPraise(Row row) {
    Praise given = new Praise(row.getUUID(0));
    given.couple = row.getUUID(1);
    given.givenBy = row.getUUID(2);
    given.targetKind = row.getString(3);
    given.targetId = row.getUUID(4);
    given.style = row.getString(5);
    given.givenAt = instant(row, 6);
    given.withdrawnAt = instant(row, 7);
    given.declined = row.getBoolean(8);
    praise.put(given.id, given);
  }

  private static final String WRITE_COUPLES =
      "insert into h_couple (couple_id, version, formed_at, closed_at)"
          + " select id, $1, formed, closed"
          + " from unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[]) as t(id, formed, closed)"
          + " on conflict (couple_id, version) do update"
          + " set formed_at = excluded.formed_at, closed_at = excluded.closed_at";
  private static final String WRITE_PARTNERS =
      "insert into h_partner (couple_id, version, partner_id, left_at, erased)"
          + " select c, $1, p, l, e"
          + " from unnest($2::uuid[], $3::uuid[], $4::timestamptz[], $5::boolean[]) as t(c, p, l, e)"
          + " on conflict (couple_id, version, partner_id) do update"
          + " set left_at = excluded.left_at, erased = excluded.erased";
  private static final String WRITE_NEEDS =
      "insert into h_need (need_id, version, couple_id, author, topic, shared_at,"
          + " acknowledged_at, met_at, withdrawn_at)"
          + " select id, $1, c, a, t, s, ack, m, w"
          + " from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::timestamptz[],"
          + " $7::timestamptz[], $8::timestamptz[], $9::timestamptz[])"
          + " as t(id, c, a, t, s, ack, m, w)"
          + " on conflict (need_id, version) do update set couple_id = excluded.couple_id,"
          + " author = excluded.author, topic = excluded.topic, shared_at = excluded.shared_at,"
          + " acknowledged_at = excluded.acknowledged_at, met_at = excluded.met_at,"
          + " withdrawn_at = excluded.withdrawn_at";
  private static final String WRITE_SESSIONS =
      "insert into h_session (session_id, version, couple_id, initiator, proposed_at, started_at,"
          + " closed_at, close_reason)"
          + " select id, $1, c, i, p, s, cl, r"
          + " from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::timestamptz[],"
          + " $6::timestamptz[], $7::timestamptz[], $8::text[]) as t(id, c, i, p, s, cl, r)"
          + " on conflict (session_id, version) do update set couple_id = excluded.couple_id,"
          + " initiator = excluded.initiator, proposed_at = excluded.proposed_at,"
          + " started_at = excluded.started_at, closed_at = excluded.closed_at,"
          + " close_reason = excluded.close_reason";
  // Rows named by an event's own id (a share, a praise, an entry) are new: the marks let each
  // event through once. A conflict could only be another event reusing that id; it is skipped
  // rather than stopping the projection.
  private static final String WRITE_SHARES =
      "insert into h_share (share_id, version, couple_id, session_id, author, depth, kind, topic,"
          + " shared_at)"
          + " select id, $1, c, s, a, d, k, t, at"
          + " from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::int[], $7::text[],"
          + " $8::text[], $9::timestamptz[]) as t(id, c, s, a, d, k, t, at)"
          + " on conflict do nothing";
  private static final String WRITE_ENGAGEMENTS =
      "insert into h_engagement (event_id, version, couple_id, session_id, by_partner, curiosity,"
          + " at)"
          + " select id, $1, c, s, b, cu, at"
          + " from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::boolean[],"
          + " $7::timestamptz[]) as t(id, c, s, b, cu, at)"
          + " on conflict do nothing";
  private static final String WRITE_RATINGS =
      "insert into h_rating (session_id, version, partner_id, couple_id, safety, soft_start, at)"
          + " select s, $1, p, c, sa, so, at"
          + " from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::boolean[],"
          + " $7::timestamptz[]) as t(s, p, c, sa, so, at)"
          + " on conflict do nothing";
  private static final String WRITE_PRAISE =
      "insert into h_praise (praise_id, version, couple_id, given_by, target_kind, target_id,"
          + " style, given_at, withdrawn_at, declined)"
          + " select id, $1, c, g, tk, ti, st, ga, w, d"
          + " from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::text[],"
          + " $8::timestamptz[], $9::timestamptz[], $10::boolean[])"
          + " as t(id, c, g, tk, ti, st, ga, w, d)"
          + " on conflict (praise_id, version) do update"
          + " set withdrawn_at = excluded.withdrawn_at, declined = excluded.declined";
  private static final String ERASE_ACTORS =
      "update h_timeline set actor = null from unnest($2::uuid[], $3::uuid[]) as t(c, p)"
          + " where version = $1 and couple_id = t.c and actor = t.p";
  private static final String PRAISE_LEAVES_HISTORY =
      "delete from h_timeline"
          + " where version = $1 and subject_id = any($2) and kind = '"
          + PRAISE_GIVEN
          + "'";
  private static final String WRITE_ENTRIES =
      "insert into h_timeline (entry_id, version, couple_id, step, kind, actor, at, subject_id,"
          + " service, path)"
          + " select id, $1, c, s, k, a, at, su, se, p"
          + " from unnest($2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::uuid[],"
          + " $7::timestamptz[], $8::uuid[], $9::text[], $10::text[])"
          + " as t(id, c, s, k, a, at, su, se, p)"
          + " on conflict do nothing";

  /**
   * Writes what the fold changed. The timeline's erasures and removals touch the entries of earlier
   * batches only (this batch's are already changed in memory), so they run before its entries are
   * inserted.
   */
  Uni<Void> write(SqlConnection connection) {
    List<Partner> touchedPartners =
        partners.values().stream().filter(partner -> partner.touched).toList();
    List<Session> touchedSessions =
        sessions.values().stream().filter(session -> session.touched).toList();
    List<Praise> changed = changedPraise.stream().map(praise::get).toList();
    List<PartnerKey> erasures = List.copyOf(erased);
    return upsert(
            connection,
            WRITE_COUPLES,
            couples.values(),
            uuid(c -> c.id),
            time(c -> c.formedAt),
            time(c -> c.closedAt))
        .chain(
            () ->
                upsert(
                    connection,
                    WRITE_PARTNERS,
                    touchedPartners,
                    uuid(p -> p.couple),
                    uuid(p -> p.partner),
                    time(p -> p.leftAt),
                    flag(p -> p.erased)))
        .chain(
            () ->
                upsert(
                    connection,
                    WRITE_NEEDS,
                    needs.values(),
                    uuid(n -> n.id),
                    uuid(n -> n.couple),
                    uuid(n -> n.author),
                    text(n -> n.topic),
                    time(n -> n.sharedAt),
                    time(n -> n.acknowledgedAt),
                    time(n -> n.metAt),
                    time(n -> n.withdrawnAt)))
        .chain(
            () ->
                upsert(
                    connection,
                    WRITE_SESSIONS,
                    touchedSessions,
                    uuid(s -> s.id),
                    uuid(s -> s.couple),
                    uuid(s -> s.initiator),
                    time(s -> s.proposedAt),
                    time(s -> s.startedAt),
                    time(s -> s.closedAt),
                    text(s -> s.closeReason)))
        .chain(
            () ->
                upsert(
                    connection,
                    WRITE_SHARES,
                    shares,
                    uuid(Share::id),
                    uuid(Share::couple),
                    uuid(Share::session),
                    uuid(Share::author),
                    number(Share::depth),
                    text(Share::kind),
                    text(Share::topic),
                    time(s -> s.sharedAt())))
        .chain(
            () ->
                upsert(
                    connection,
                    WRITE_ENGAGEMENTS,
                    engagements,
                    uuid(Engagement::id),
                    uuid(Engagement::couple),
                    uuid(Engagement::session),
                    uuid(Engagement::by),
                    flag(Engagement::curiosity),
                    time(e -> e.at())))
        .chain(
            () ->
                upsert(
                    connection,
                    WRITE_RATINGS,
                    ratings,
                    uuid(Rating::session),
                    uuid(Rating::partner),
                    uuid(Rating::couple),
                    number(Rating::safety),
                    flag(Rating::softStart),
                    time(r -> r.at())))
        .chain(
            () ->
                upsert(
                    connection,
                    WRITE_PRAISE,
                    changed,
                    uuid(p -> p.id),
                    uuid(p -> p.couple),
                    uuid(p -> p.givenBy),
                    text(p -> p.targetKind),
                    uuid(p -> p.targetId),
                    text(p -> p.style),
                    time(p -> p.givenAt),
                    time(p -> p.withdrawnAt),
                    flag(p -> p.declined)))
        .chain(
            () ->
                upsert(
                    connection,
                    ERASE_ACTORS,
                    erasures,
                    uuid(PartnerKey::couple),
                    uuid(PartnerKey::partner)))
        .chain(
            () ->
                praiseLeavingHistory.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : execute(
                        connection,
                        PRAISE_LEAVES_HISTORY,
                        List.of(version, praiseLeavingHistory.toArray(UUID[]::new))))
        .chain(
            () ->
                upsert(
                    connection,
                    WRITE_ENTRIES,
                    entries.values(),
                    uuid(e -> e.id),
                    uuid(e -> e.couple),
                    number(e -> e.step),
                    text(e -> e.kind),
                    uuid(e -> e.actor),
                    time(e -> e.at),
                    uuid(e -> e.subject),
                    text(e -> e.service),
                    text(e -> e.path)));
  }

  /** A column of rows of type {@code T}: the Java type of its array, and each row's value. */
  private record Column<T>(Class<?> type, Function<T, Object> value) {}

  private static <T> Column<T> uuid(Function<T, UUID> value) {
    return new Column<>(UUID.class, value::apply);
  }

  private static <T> Column<T> text(Function<T, String> value) {
    return new Column<>(String.class, value::apply);
  }

  private static <T> Column<T> number(Function<T, Integer> value) {
    return new Column<>(Integer.class, value::apply);
  }

  private static <T> Column<T> flag(Function<T, Boolean> value) {
    return new Column<>(Boolean.class, value::apply);
  }

  private static <T> Column<T> time(Function<T, Instant> value) {
    return new Column<>(OffsetDateTime.class, row -> Timestamps.parameter(value.apply(row)));
  }

  /**
   * Runs the statement once for all the rows: parameter 1 the version, then one array per column
   * (the Vert.x client sends a Java array as a PostgreSQL array; nulls stay null).
   */
  @SafeVarargs
  private <T> Uni<Void> upsert(
      SqlConnection connection, String sql, Collection<T> rows, Column<T>... columns) {
    if (rows.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Object> parameters = new ArrayList<>();
    parameters.add(version);
    for (Column<T> column : columns) {
      Object[] values = (Object[]) Array.newInstance(column.type(), rows.size());
      int i = 0;
      for (T row : rows) {
        values[i++] = column.value().apply(row);
      }
      parameters.add(values);
    }
    return execute(connection, sql, parameters);
  }

  private static Uni<Void> execute(SqlConnection connection, String sql, List<Object> parameters) {
    return connection.preparedQuery(sql).execute(Tuple.from(parameters)).replaceWithVoid();
  }

  /** Deletes every row of the version. */
  static Uni<Void> clear(SqlConnection connection, int version) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (String table : TABLES) {
      chain =
          chain.chain(
              () ->
                  connection
                      .preparedQuery("delete from " + table + " where version = $1")
                      .execute(Tuple.of(version))
                      .replaceWithVoid());
    }
    return chain;
  }
}
