package app.openup.feedback.repository;

import static app.openup.feedback.repository.Timestamps.instant;
import static app.openup.feedback.repository.Timestamps.parameter;

import app.openup.feedback.domain.Couple;
import app.openup.feedback.domain.Facts;
import app.openup.feedback.domain.TargetKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The two reads a partner makes most, each one statement on the reactive client: the couple's facts
 * for the dashboard, and a page of its timeline. Each checks in the same statement that the reader
 * is a partner (a stranger's read returns no fact), so a read is one round trip to PostgreSQL
 * instead of one per table through Hibernate (benchmarks/README.md, "The platform", step 15).
 */
@ApplicationScoped
public class CoupleQueries {

  /** The couple's partners ($1 version, $2 couple), and whether $3 is one of them. */
  private static final String PARTNERS =
      "with partners as (select p.partner_id, p.left_at from h_couple c join h_partner p"
          + " on p.couple_id = c.couple_id and p.version = c.version"
          + " where c.couple_id = $2 and c.version = $1),"
          + " member as (select 1 from partners where partner_id = $3) ";

  /** Of the couple's facts, one kind per branch, in shared columns. */
  private static final String FACTS =
      PARTNERS
          + "select 'M'::text as kind, partner_id as id, null::uuid as who, null::uuid as ref,"
          + " null::text as label, null::int as n, null::boolean as flag,"
          + " left_at as t1, null::timestamptz as t2, null::timestamptz as t3 from partners"
          + " union all select 'N', need_id, author, null, topic, null, null,"
          + " shared_at, acknowledged_at, met_at from h_need"
          + " where version = $1 and couple_id = $2 and shared_at is not null"
          + " and exists (select 1 from member)"
          + " union all select 'S', session_id, initiator, null, null, null, null,"
          + " proposed_at, started_at, closed_at from h_session"
          + " where version = $1 and couple_id = $2 and exists (select 1 from member)"
          + " union all select 'H', share_id, author, session_id, topic, depth, null,"
          + " shared_at, null, null from h_share"
          + " where version = $1 and couple_id = $2 and exists (select 1 from member)"
          + " union all select 'P', praise_id, given_by, target_id, target_kind, null, null,"
          + " given_at, null, null from h_praise"
          + " where version = $1 and couple_id = $2 and withdrawn_at is null and not declined"
          + " and exists (select 1 from member)"
          + " union all select 'E', session_id, by_partner, null, null, null, curiosity,"
          + " at, null, null from h_engagement"
          + " where version = $1 and couple_id = $2 and exists (select 1 from member)"
          + " union all select 'R', session_id, partner_id, null, null, safety, soft_start,"
          + " at, null, null from h_rating"
          + " where version = $1 and couple_id = $2 and exists (select 1 from member)"
          + " union all select 'C', partner_id, null, null, null, null, opted_in,"
          + " null, null, null from consent_row"
          + " where couple_id = $2 and version = $4 and exists (select 1 from member)";

  /**
   * A page of the timeline, newest first, before the cursor ($4 at, $5 id), by step ($6), from ($7)
   * and to ($8) if given, $9 rows at most; after a leave or an erasure only the reader's own
   * moments. A praise shows once its target is known here as the other partner's share or need. The
   * first column says whether the reader is a partner; a page without entries is one row of nulls.
   */
  private static final String TIMELINE =
      PARTNERS
          + ", couple as (select exists (select 1 from member) as member,"
          + " exists (select 1 from partners where left_at is not null) as closed)"
          + " select c.member, t.entry_id, t.step, t.kind, t.actor, t.at, t.service, t.path"
          + " from couple c left join lateral (select e.* from h_timeline e"
          + " where c.member and e.version = $1 and e.couple_id = $2"
          + " and (e.at < $4 or (e.at = $4 and e.entry_id < $5))"
          + " and ($6::int is null or e.step = $6)"
          + " and ($7::timestamptz is null or e.at >= $7)"
          + " and ($8::timestamptz is null or e.at < $8)"
          + " and (not c.closed or e.actor = $3)"
          + " and (e.kind <> 'PRAISE_GIVEN' or exists (select 1 from h_praise p"
          + " where p.praise_id = e.subject_id and p.version = $1 and ("
          + "exists (select 1 from h_share s where s.share_id = p.target_id and s.version = $1"
          + " and s.couple_id = $2 and s.author <> p.given_by)"
          + " or exists (select 1 from h_need n where n.need_id = p.target_id and n.version = $1"
          + " and n.couple_id = $2 and n.shared_at is not null and n.author <> p.given_by))))"
          + " order by e.at desc, e.entry_id desc limit $9) t on true"
          + " order by t.at desc, t.entry_id desc";

  /** The couple with all its facts, before anything is hidden from the reader. */
  public record CoupleFacts(Couple couple, Facts facts, Set<UUID> optedIn) {}

  /** A moment of the timeline. */
  public record Moment(
      UUID id, int step, String kind, UUID actor, Instant at, String service, String path) {}

  /** A timeline's page to be. */
  public record TimelineFilter(
      Instant beforeAt, UUID beforeId, Integer step, Instant from, Instant to, int rows) {}

  private final Pool pool;

  public CoupleQueries(Pool pool) {
    this.pool = pool;
  }

  /**
   * The couple and all its facts in the read side's {@code version} (consent in this service's own
   * read model's {@code own}), or null if the reader is not one of its partners.
   */
  public Uni<CoupleFacts> facts(UUID reader, UUID coupleId, int version, int own) {
    return pool.preparedQuery(FACTS)
        .execute(Tuple.of(version, coupleId, reader, own))
        .map(rows -> coupleFacts(coupleId, reader, rows));
  }

  /**
   * A page of the couple's timeline as the reader may see it, or null if they are not a partner.
   */
  public Uni<List<Moment>> timeline(
      UUID reader, UUID coupleId, int version, TimelineFilter filter) {
    Tuple parameters =
        Tuple.of(version, coupleId, reader, parameter(filter.beforeAt()), filter.beforeId())
            .addValue(filter.step())
            .addValue(parameter(filter.from()))
            .addValue(parameter(filter.to()))
            .addValue(filter.rows());
    return pool.preparedQuery(TIMELINE)
        .execute(parameters)
        .map(
            rows -> {
              List<Moment> moments = new ArrayList<>();
              for (Row row : rows) {
                if (!row.getBoolean(0)) {
                  return null;
                }
                if (row.getUUID(1) != null) {
                  moments.add(
                      new Moment(
                          row.getUUID(1),
                          row.getInteger(2),
                          row.getString(3),
                          row.getUUID(4),
                          instant(row, 5),
                          row.getString(6),
                          row.getString(7)));
                }
              }
              return moments;
            });
  }

  private static CoupleFacts coupleFacts(UUID coupleId, UUID reader, RowSet<Row> rows) {
    Set<UUID> partners = new HashSet<>();
    Set<UUID> leavers = new HashSet<>();
    Set<UUID> optedIn = new HashSet<>();
    List<Facts.NeedFact> needs = new ArrayList<>();
    List<Facts.SessionFact> sessions = new ArrayList<>();
    List<Facts.ShareFact> shares = new ArrayList<>();
    List<Facts.PraiseFact> praise = new ArrayList<>();
    List<Facts.EngagementFact> engagement = new ArrayList<>();
    List<Facts.RatingFact> ratings = new ArrayList<>();
    for (Row row : rows) {
      UUID id = row.getUUID(1);
      UUID who = row.getUUID(2);
      switch (row.getString(0)) {
        case "M" -> {
          partners.add(id);
          if (row.getValue(7) != null) {
            leavers.add(id);
          }
        }
        case "N" ->
            needs.add(
                new Facts.NeedFact(
                    id, who, row.getString(4), instant(row, 7), instant(row, 8), instant(row, 9)));
        case "S" ->
            sessions.add(
                new Facts.SessionFact(id, who, instant(row, 7), instant(row, 8), instant(row, 9)));
        case "H" ->
            shares.add(
                new Facts.ShareFact(
                    id, row.getUUID(3), who, row.getInteger(5), row.getString(4), instant(row, 7)));
        case "P" ->
            praise.add(
                new Facts.PraiseFact(
                    id,
                    who,
                    TargetKind.valueOf(row.getString(4)),
                    row.getUUID(3),
                    instant(row, 7)));
        case "E" ->
            engagement.add(new Facts.EngagementFact(id, who, row.getBoolean(6), instant(row, 7)));
        case "R" ->
            ratings.add(
                new Facts.RatingFact(
                    id, who, row.getInteger(5), row.getBoolean(6), instant(row, 7)));
        case "C" -> {
          if (row.getBoolean(6)) {
            optedIn.add(id);
          }
        }
        default -> throw new IllegalStateException("A fact of no known kind: " + row.getString(0));
      }
    }
    if (!partners.contains(reader)) {
      return null;
    }
    return new CoupleFacts(
        new Couple(coupleId, partners, leavers),
        new Facts(needs, sessions, shares, praise, engagement, ratings),
        optedIn);
  }
}
