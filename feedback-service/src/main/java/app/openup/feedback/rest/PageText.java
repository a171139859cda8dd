package app.openup.feedback.rest;

import app.openup.feedback.domain.PraiseStyle;
import app.openup.feedback.domain.Progress.Figures;
import app.openup.feedback.domain.Progress.PartnerFigures;
import app.openup.feedback.service.FeedbackViews.Dashboard;
import app.openup.feedback.service.FeedbackViews.Share;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** The couple's page in words: moments, figures, styles, in plain language. */
final class PageText {

  private PageText() {}

  /** A moment of the history as a sentence, from the reader's side ("you", "your partner"). */
  static String moment(String kind, boolean yours, Share share) {
    String who = yours ? "You" : "Your partner";
    return switch (kind) {
      case "NEED_SHARED" ->
          yours
              ? "You told your partner what you want and why"
              : "Your partner told you what they want and why";
      case "NEED_ACKNOWLEDGED" -> who + " acknowledged a need";
      case "NEED_MET" -> who + " said a need was met";
      case "SESSION_PROPOSED" -> who + " proposed a session";
      case "SESSION_ACCEPTED" -> who + " accepted a session";
      case "RAIN_CHECK" -> who + " asked for a rain check: not the right moment";
      case "SESSION_STARTED_BOTH_READY" -> "A session began with both of you ready";
      case "OPEN_QUESTION" -> who + " asked an open question";
      case "DEFENSIVENESS_TURNED_TO_CURIOSITY" ->
          who + " noticed a defensive moment and turned to curiosity";
      case "SESSION_CLOSED" -> "A session closed";
      case "WENT_FIRST" -> who + " went first" + depth(share);
      case "SHARED_FIRST" -> who + " shared first" + depth(share);
      case "SHARED" -> who + " shared" + depth(share);
      case "PRAISE_GIVEN" -> who + " appreciated a share";
      default -> who + ": " + kind.toLowerCase().replace('_', ' ');
    };
  }

  private static String depth(Share share) {
    return share == null ? "" : " (" + depth(share.depth()) + ")";
  }

  static String depth(int depth) {
    return switch (depth) {
      case 1 -> "light";
      case 2 -> "moderate";
      default -> "deep";
    };
  }

  static String style(PraiseStyle style) {
    return switch (style) {
      case APPRECIATION -> "Thank you for telling me";
      case GRATITUDE -> "Grateful for what this gives us";
      case ACTIVE_CONSTRUCTIVE -> "Tell me more";
    };
  }

  /** What a step of the method is, for its filter and for empty states. */
  static String step(int step) {
    return switch (step) {
      case 1 -> "Identify what you want";
      case 2 -> "Tell your partner what you want and why";
      case 3 -> "Create a safe space";
      case 4 -> "You go first";
      default -> "Appreciate and praise";
    };
  }

  private record Row(String name, Function<Figures, String> value, String definition) {}

  /** The dashboard's figures over 30 days, 90 days and all time. */
  static List<CouplePageResource.Figure> figures(Dashboard dashboard) {
    List<Row> rows =
        List.of(
            new Row(
                "Sessions held",
                f -> String.valueOf(f.sessionsHeld()),
                "Sessions that began, each with both of you ready."),
            new Row(
                "Average depth of shares",
                f -> number(f.averageDepth()),
                "Light 1, moderate 2, deep 3, averaged over the shares made."),
            new Row(
                "Vulnerable shares appreciated",
                f -> percent(f.praiseCoverage()),
                "Moderate and deep shares and shared needs the other partner praised."),
            new Row(
                "Warm to defensive moments",
                f ->
                    f.positiveToNegative() == null
                        ? f.positives() + " to 0"
                        : number(f.positiveToNegative()) + " to 1",
                "Praise and open questions for each defensive moment noticed."),
            new Row(
                "Needs shared",
                f -> String.valueOf(f.needsShared()),
                "Needs you told each other (step 2)."),
            new Row(
                "Needs met",
                f -> String.valueOf(f.needsMet()),
                "Shared needs the partner who heard them said were met."),
            new Row(
                "The one who asked went first",
                f -> percent(f.askerWentFirstRate()),
                "Sessions whose first share came from the partner who asked for the session."),
            new Row(
                "How safe sessions felt",
                f -> f.averageSafety() == null ? "none" : number(f.averageSafety()) + " of 5",
                "The average of your ratings after sessions, 1 to 5."));
    List<CouplePageResource.Figure> figures = new ArrayList<>();
    for (Row row : rows) {
      figures.add(
          new CouplePageResource.Figure(
              row.name(),
              row.value().apply(dashboard.last30Days()),
              row.value().apply(dashboard.last90Days()),
              row.value().apply(dashboard.allTime()),
              row.definition()));
    }
    return figures;
  }

  /** Each partner's own figures, side by side: only when both opted in. */
  static List<CouplePageResource.Comparison> comparisons(Dashboard dashboard, UUID reader) {
    List<PartnerFigures> partners = dashboard.comparisons().partners();
    if (partners == null || partners.size() != 2) {
      return List.of();
    }
    PartnerFigures you =
        partners.get(0).partnerId().equals(reader) ? partners.get(0) : partners.get(1);
    PartnerFigures other = you == partners.get(0) ? partners.get(1) : partners.get(0);
    List<CouplePageResource.Comparison> rows = new ArrayList<>();
    rows.add(row("Shares", you, other, p -> String.valueOf(p.shares())));
    rows.add(row("Average depth", you, other, p -> number(p.averageDepth())));
    rows.add(row("Went first", you, other, p -> String.valueOf(p.wentFirst())));
    rows.add(row("Praise given", you, other, p -> String.valueOf(p.praiseGiven())));
    rows.add(row("Praise received", you, other, p -> String.valueOf(p.praiseReceived())));
    rows.add(row("Open questions", you, other, p -> String.valueOf(p.questionsAsked())));
    rows.add(row("Needs shared", you, other, p -> String.valueOf(p.needsShared())));
    return rows;
  }

  private static CouplePageResource.Comparison row(
      String name, PartnerFigures you, PartnerFigures other, Function<PartnerFigures, String> f) {
    return new CouplePageResource.Comparison(name, f.apply(you), f.apply(other));
  }

  static String number(Double value) {
    return PageCharts.text(value, false);
  }

  static String percent(Double share) {
    return share == null ? "none" : PageCharts.text(share * 100, true);
  }
}
