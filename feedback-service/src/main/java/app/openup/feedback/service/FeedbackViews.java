package app.openup.feedback.service;

import app.openup.feedback.domain.PraiseStatus;
import app.openup.feedback.domain.PraiseStyle;
import app.openup.feedback.domain.Progress.Figures;
import app.openup.feedback.domain.Progress.PartnerFigures;
import app.openup.feedback.domain.Progress.Week;
import app.openup.feedback.domain.TargetKind;
import app.openup.support.command.Words;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What a partner reads of praise, the connection history and the dashboard. */
public final class FeedbackViews {

  private FeedbackViews() {}

  /**
   * A praise as the reader may see it: one they gave (whatever became of it, with the rule if it
   * was declined), or one they received that stands.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Praise(
      UUID id,
      UUID coupleId,
      UUID givenBy,
      UUID receivedBy,
      TargetKind targetKind,
      UUID targetId,
      PraiseStyle style,
      Words words,
      PraiseStatus status,
      String declinedRule,
      Instant givenAt,
      long version) {}

  /** One step of the couple's connection history, and where its subject lives. */
  public record Entry(UUID id, int step, String kind, UUID actor, Instant at, Link link) {}

  public record Link(String service, String path) {}

  public record Page<T>(List<T> items, String nextCursor) {}

  /**
   * The couple's progress: figures for the last 30 and 90 days and all time, weekly series for
   * charts, and partner-versus-partner comparisons only when both partners opted in.
   */
  public record Dashboard(
      UUID coupleId,
      Instant asOf,
      boolean together,
      Figures last30Days,
      Figures last90Days,
      Figures allTime,
      List<Week> weeks,
      Comparisons comparisons) {}

  /**
   * @param available whether both partners opted in (only then are {@code partners} shown)
   * @param youOptedIn whether the reader did (the other's choice is not shown)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Comparisons(boolean available, boolean youOptedIn, List<PartnerFigures> partners) {}

  /** A share of a session, as the couple's page shows it beside its moment of the history. */
  public record Share(
      UUID id,
      UUID sessionId,
      UUID author,
      int depth,
      Instant sharedAt,
      boolean appreciatedByReader) {

    /** Moderate or deep: a share that step 5 asks the other partner to appreciate. */
    public boolean vulnerable() {
      return depth >= 2;
    }
  }

  /** A partner's private view: the praise they received and gave, and their own figures. */
  public record Mine(
      UUID partnerId,
      List<Praise> received,
      List<Praise> given,
      PartnerFigures last30Days,
      PartnerFigures last90Days,
      PartnerFigures allTime) {}
}
