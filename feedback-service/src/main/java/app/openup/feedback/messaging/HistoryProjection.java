package app.openup.feedback.messaging;

import app.openup.eventing.projection.IncomingEvent;
import app.openup.eventing.quarkus.TopicProjection;
import app.openup.feedback.messaging.HistoryRows.Engagement;
import app.openup.feedback.messaging.HistoryRows.Entry;
import app.openup.feedback.messaging.HistoryRows.Praise;
import app.openup.feedback.messaging.HistoryRows.Rating;
import app.openup.feedback.messaging.HistoryRows.Session;
import app.openup.feedback.messaging.HistoryRows.Share;
import app.openup.feedback.messaging.HistoryRows.Wanted;
import app.openup.feedback.messaging.Published.CoupleFormed;
import app.openup.feedback.messaging.Published.DefensivenessNoticed;
import app.openup.feedback.messaging.Published.NeedAcknowledged;
import app.openup.feedback.messaging.Published.NeedMet;
import app.openup.feedback.messaging.Published.NeedShared;
import app.openup.feedback.messaging.Published.NeedWithdrawn;
import app.openup.feedback.messaging.Published.OpenQuestionAsked;
import app.openup.feedback.messaging.Published.PartnerErased;
import app.openup.feedback.messaging.Published.PartnerJoined;
import app.openup.feedback.messaging.Published.PartnerLeft;
import app.openup.feedback.messaging.Published.PraiseDeclined;
import app.openup.feedback.messaging.Published.PraiseGiven;
import app.openup.feedback.messaging.Published.PraiseWithdrawn;
import app.openup.feedback.messaging.Published.RatingsShared;
import app.openup.feedback.messaging.Published.SessionAbandoned;
import app.openup.feedback.messaging.Published.SessionAccepted;
import app.openup.feedback.messaging.Published.SessionClosed;
import app.openup.feedback.messaging.Published.SessionPostponed;
import app.openup.feedback.messaging.Published.SessionProposed;
import app.openup.feedback.messaging.Published.SessionStarted;
import app.openup.feedback.messaging.Published.ShareMade;
import app.openup.feedback.messaging.Published.SharedRating;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The read side of the whole platform, from {@code needs.events}, {@code sessions.events} and
 * {@code feedback.events}: each couple's partners, needs, sessions, shares, questions, defensive
 * moments, shared ratings and praise (the facts the dashboard computes from), and its connection
 * history (the timeline). Kept by {@code TopicProjections}: exactly once, rebuildable. A batch is
 * applied set-wise: the rows it names are read at once ({@link HistoryRows}), the events folded
 * into them in order, and what changed written at once. Every write finds or makes its row, so the
 * topics may arrive in any order with each other (a praise before the share it appreciates; a
 * session's events before the couple's).
 */
@ApplicationScoped
public class HistoryProjection implements TopicProjection {

  public static final String NAME = "feedback-history";
  public static final List<String> TOPICS =
      List.of("needs.events", "sessions.events", "feedback.events");

  static final String NEEDS = "needs-service";
  static final String SESSIONS = "session-service";
  static final String FEEDBACK = "feedback-service";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> topics() {
    return TOPICS;
  }

  /** An event with the fact it tells. */
  private record Told(IncomingEvent event, Published fact) {
    UUID couple() {
      return event.partitionKey();
    }
  }

  @Override
  public Uni<Void> apply(SqlConnection connection, List<IncomingEvent> events, int version) {
    List<Told> told = new ArrayList<>();
    for (IncomingEvent event : events) {
      Published fact = Published.read(event);
      if (fact != null) {
        told.add(new Told(event, fact));
      }
    }
    if (told.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    HistoryRows rows = new HistoryRows(version);
    return rows.load(connection, wanted(told))
        .chain(
            () -> {
              told.forEach(each -> fold(rows, each));
              return rows.write(connection);
            });
  }

  /** The rows the events read or change, per table. */
  private static Wanted wanted(List<Told> told) {
    Wanted wanted = new Wanted();
    for (Told each : told) {
      wanted.everyCouple.add(each.couple());
      Published fact = each.fact();
      if (fact instanceof CoupleFormed
          || fact instanceof PartnerJoined
          || fact instanceof PartnerLeft
          || fact instanceof PartnerErased) {
        wanted.couples.add(each.couple());
      } else if (fact instanceof NeedShared f) {
        wanted.needs.add(f.needId());
      } else if (fact instanceof NeedAcknowledged f) {
        wanted.needs.add(f.needId());
      } else if (fact instanceof NeedMet f) {
        wanted.needs.add(f.needId());
      } else if (fact instanceof NeedWithdrawn f) {
        wanted.needs.add(f.needId());
      } else if (fact instanceof SessionProposed f) {
        wanted.sessions.add(f.sessionId());
      } else if (fact instanceof SessionStarted f) {
        wanted.sessions.add(f.sessionId());
      } else if (fact instanceof SessionClosed f) {
        wanted.sessions.add(f.sessionId());
      } else if (fact instanceof SessionAbandoned f) {
        wanted.sessions.add(f.sessionId());
      } else if (fact instanceof ShareMade f) {
        wanted.sessions.add(f.sessionId());
        wanted.sharedSessions.add(f.sessionId());
      } else if (fact instanceof RatingsShared f) {
        wanted.ratedSessions.add(f.sessionId());
      } else if (fact instanceof PraiseWithdrawn f) {
        wanted.praise.add(f.praiseId());
      } else if (fact instanceof PraiseDeclined f) {
        wanted.praise.add(f.praiseId());
      }
    }
    return wanted;
  }

  /** Applies one event to the rows, as if it were alone: the batch's events in their order. */
  private static void fold(HistoryRows rows, Told told) {
    Published fact = told.fact();
    UUID couple = told.couple();
    if (fact instanceof CoupleFormed f) {
      rows.couple(couple).formedAt = f.formedAt();
      rows.partner(couple, f.firstPartner());
    } else if (fact instanceof PartnerJoined f) {
      rows.couple(couple);
      rows.partner(couple, f.partnerId());
    } else if (fact instanceof PartnerLeft f) {
      HistoryRows.Couple row = rows.couple(couple);
      row.closedAt = earliest(row.closedAt, f.leftAt());
      rows.partner(couple, f.partnerId()).leftAt = f.leftAt();
    } else if (fact instanceof PartnerErased f) {
      HistoryRows.Couple row = rows.couple(couple);
      row.closedAt = earliest(row.closedAt, f.erasedAt());
      HistoryRows.Partner partner = rows.partner(couple, f.partnerId());
      partner.leftAt = earliest(partner.leftAt, f.erasedAt());
      partner.erased = true;
      // What identifies them goes from the history: their entries keep no actor.
      rows.eraseActor(couple, f.partnerId());
    } else if (fact instanceof NeedShared f) {
      HistoryRows.Need need = need(rows, told, f.needId());
      need.author = f.author();
      need.topic = f.topic();
      need.sharedAt = f.sharedAt();
      entry(rows, told, 2, "NEED_SHARED", f.author(), f.sharedAt(), f.needId(), NEEDS);
    } else if (fact instanceof NeedAcknowledged f) {
      HistoryRows.Need need = need(rows, told, f.needId());
      need.acknowledgedAt = earliest(need.acknowledgedAt, f.acknowledgedAt());
      entry(rows, told, 2, "NEED_ACKNOWLEDGED", f.by(), f.acknowledgedAt(), f.needId(), NEEDS);
    } else if (fact instanceof NeedMet f) {
      need(rows, told, f.needId()).metAt = f.metAt();
      entry(rows, told, 2, "NEED_MET", f.by(), f.metAt(), f.needId(), NEEDS);
    } else if (fact instanceof NeedWithdrawn f) {
      need(rows, told, f.needId()).withdrawnAt = f.withdrawnAt();
    } else if (fact instanceof SessionProposed f) {
      Session session = session(rows, told, f.sessionId());
      session.initiator = f.proposedBy();
      session.proposedAt = f.proposedAt();
      entry(
          rows,
          told,
          3,
          "SESSION_PROPOSED",
          f.proposedBy(),
          f.proposedAt(),
          f.sessionId(),
          SESSIONS);
    } else if (fact instanceof SessionAccepted f) {
      entry(
          rows,
          told,
          3,
          "SESSION_ACCEPTED",
          f.acceptedBy(),
          f.acceptedAt(),
          f.sessionId(),
          SESSIONS);
    } else if (fact instanceof SessionPostponed f) {
      entry(rows, told, 3, "RAIN_CHECK", f.postponedBy(), f.postponedAt(), f.sessionId(), SESSIONS);
    } else if (fact instanceof SessionStarted f) {
      session(rows, told, f.sessionId()).startedAt = f.startedAt();
      entry(
          rows,
          told,
          3,
          "SESSION_STARTED_BOTH_READY",
          f.startedBy(),
          f.startedAt(),
          f.sessionId(),
          SESSIONS);
    } else if (fact instanceof ShareMade f) {
      share(rows, told, f);
    } else if (fact instanceof OpenQuestionAsked f) {
      rows.engagement(
          new Engagement(told.event().id(), couple, f.sessionId(), f.askedBy(), true, f.askedAt()));
      entry(rows, told, 3, "OPEN_QUESTION", f.askedBy(), f.askedAt(), f.sessionId(), SESSIONS);
    } else if (fact instanceof DefensivenessNoticed f) {
      rows.engagement(
          new Engagement(
              told.event().id(), couple, f.sessionId(), f.noticedBy(), false, f.noticedAt()));
      entry(
          rows,
          told,
          3,
          "DEFENSIVENESS_TURNED_TO_CURIOSITY",
          f.noticedBy(),
          f.noticedAt(),
          f.sessionId(),
          SESSIONS);
    } else if (fact instanceof SessionClosed f) {
      Session session = session(rows, told, f.sessionId());
      session.closedAt = f.closedAt();
      session.closeReason = f.reason();
      // The safety exit's closing names no one; it is not a step anyone took.
      if (f.closedBy() != null) {
        entry(rows, told, 3, "SESSION_CLOSED", f.closedBy(), f.closedAt(), f.sessionId(), SESSIONS);
      }
    } else if (fact instanceof SessionAbandoned f) {
      Session session = session(rows, told, f.sessionId());
      session.closedAt = f.abandonedAt();
      session.closeReason = "ABANDONED";
    } else if (fact instanceof RatingsShared f) {
      for (SharedRating rating : f.ratings()) {
        rows.rating(
            new Rating(
                f.sessionId(),
                rating.partnerId(),
                couple,
                rating.safety(),
                "SOFT".equals(rating.start()),
                f.sharedAt()));
      }
    } else if (fact instanceof PraiseGiven f) {
      Praise row = new Praise(f.praiseId());
      row.couple = couple;
      row.givenBy = f.givenBy();
      row.targetKind = f.targetKind();
      row.targetId = f.targetId();
      row.style = f.style();
      row.givenAt = f.givenAt();
      rows.give(row);
      entry(rows, told, 5, "PRAISE_GIVEN", f.givenBy(), f.givenAt(), f.praiseId(), FEEDBACK);
    } else if (fact instanceof PraiseWithdrawn f) {
      // A praise's events share its stream: the praise is there before its withdrawal.
      rows.praiseNoLongerStands(f.praiseId(), row -> row.withdrawnAt = f.withdrawnAt());
    } else if (fact instanceof PraiseDeclined f) {
      rows.praiseNoLongerStands(f.praiseId(), row -> row.declined = true);
    }
  }

  private static HistoryRows.Need need(HistoryRows rows, Told told, UUID needId) {
    HistoryRows.Need need = rows.need(needId);
    need.couple = told.couple();
    return need;
  }

  private static Session session(HistoryRows rows, Told told, UUID sessionId) {
    Session session = rows.session(sessionId);
    session.couple = told.couple();
    return session;
  }

  /** The share, and its entry: whether its author went first in the session (step 4). */
  private static void share(HistoryRows rows, Told told, ShareMade f) {
    boolean first =
        rows.share(
            new Share(
                f.shareId(),
                told.couple(),
                f.sessionId(),
                f.author(),
                depth(f.depth()),
                f.kind(),
                f.topic(),
                f.sharedAt()));
    Session session = rows.existingSession(f.sessionId());
    boolean asker = session != null && f.author().equals(session.initiator);
    String kind = first && asker ? "WENT_FIRST" : first ? "SHARED_FIRST" : "SHARED";
    entry(rows, told, 4, kind, f.author(), f.sharedAt(), f.sessionId(), SESSIONS);
  }

  private static void entry(
      HistoryRows rows,
      Told told,
      int step,
      String kind,
      UUID actor,
      Instant when,
      UUID subject,
      String service) {
    UUID couple = told.couple();
    rows.entry(
        new Entry(
            told.event().id(),
            couple,
            step,
            kind,
            actor,
            when,
            subject,
            service,
            path(service, couple, subject)));
  }

  /** Where the entry's subject lives, in the owning service's API. */
  static String path(String service, UUID couple, UUID subject) {
    String base = "/api/v1/couples/" + couple;
    return switch (service) {
      case NEEDS -> base + "/needs/" + subject;
      case SESSIONS -> base + "/sessions/" + subject;
      default -> base + "/praise/" + subject;
    };
  }

  static int depth(String depth) {
    return switch (depth) {
      case "LIGHT" -> 1;
      case "MODERATE" -> 2;
      default -> 3;
    };
  }

  private static Instant earliest(Instant known, Instant now) {
    return known == null || now.isBefore(known) ? now : known;
  }

  @Override
  public Uni<Void> clear(SqlConnection connection, int version) {
    return HistoryRows.clear(connection, version);
  }
}
