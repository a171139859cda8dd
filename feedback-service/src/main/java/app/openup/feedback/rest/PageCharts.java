package app.openup.feedback.rest;

import app.openup.feedback.domain.Progress.Week;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The couple's page charts, drawn on the server as SVG from the dashboard's weekly series: nothing
 * runs in the browser to draw them, and each carries its numbers as a table and a sentence for
 * those who do not see it.
 */
public final class PageCharts {

  /** The drawing area of every chart, in SVG units (it scales to the screen's width). */
  static final int WIDTH = 360;

  static final int HEIGHT = 160;
  private static final int LEFT = 34;
  private static final int RIGHT = 16;
  private static final int BOTTOM = 22;
  private static final int TOP = 8;
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private PageCharts() {}

  /** A chart: its words, its series' names, one column per week, and the value axis. */
  public record Chart(
      String id,
      String title,
      String explanation,
      String definition,
      String summary,
      List<String> series,
      List<Column> columns,
      List<Tick> ticks) {}

  /** One week: its label and a bar per series. */
  public record Column(
      String weekOf, String label, boolean labelled, double labelX, List<Bar> bars) {}

  /** A bar; {@code value} null draws nothing and reads "nothing to count". */
  public record Bar(
      int series, Double value, String text, double x, double y, double width, double height) {}

  public record Tick(String text, double y, double lineY) {}

  /** A series of the weeks: its name and how to read it off a week. */
  private record Series(String name, Function<Week, Double> value) {}

  static List<Chart> of(List<Week> weeks) {
    List<Chart> charts = new ArrayList<>();
    charts.add(
        chart(
            "depth",
            "How deep you share",
            "The average depth of what you shared each week: light 1, moderate 2, deep 3.",
            "Each share made in a session counts by the depth its author chose (light 1, moderate"
                + " 2, deep 3); a week's figure is their average. Weeks without shares show none.",
            weeks,
            3.0,
            false,
            new Series("Average depth", w -> w.averageDepth())));
    charts.add(
        chart(
            "ready",
            "Sessions started with both ready",
            "Each week's sessions that began with both of you calm and ready.",
            "A session starts only when both partners checked in ready (calm, not rushed, not"
                + " angry); this counts the sessions started each week.",
            weeks,
            null,
            false,
            new Series("Sessions", w -> (double) w.sessionsStartedBothReady())));
    charts.add(
        chart(
            "coverage",
            "Vulnerable shares appreciated",
            "Of the moderate and deep shares and shared needs of each week, how many the other"
                + " appreciated.",
            "Praise coverage: moderate or deep shares, and needs shared with a partner, that the"
                + " other partner praised (a praise that stands), as a share of all of them made"
                + " that week.",
            weeks,
            100.0,
            true,
            new Series(
                "Appreciated", w -> w.praiseCoverage() == null ? null : w.praiseCoverage() * 100)));
    charts.add(
        chart(
            "moments",
            "Warm moments and defensive ones",
            "Praise and open questions each week, beside the defensive moments noticed.",
            "Positive moments are praise given and open questions asked in sessions; negative"
                + " moments are defensive moments a partner noticed. The ratio is positive to"
                + " negative; research on couples suggests about five to one.",
            weeks,
            null,
            false,
            new Series("Positive", w -> (double) (w.praise() + w.curiosity())),
            new Series("Defensive", w -> (double) w.defensiveness())));
    charts.add(
        chart(
            "needs",
            "Needs shared and met",
            "The needs you told each other each week, and the needs met that week.",
            "A need counts as shared the week its author shares it with the other partner (step"
                + " 2), and as met the week the partner who heard it says it was met.",
            weeks,
            null,
            false,
            new Series("Shared", w -> (double) w.needsShared()),
            new Series("Met", w -> (double) w.needsMet())));
    return charts;
  }

  private static Chart chart(
      String id,
      String title,
      String explanation,
      String definition,
      List<Week> weeks,
      Double fixedMax,
      boolean percent,
      Series... series) {
    double max = fixedMax == null ? niceMax(weeks, series) : fixedMax;
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - BOTTOM - TOP;
    double slot = plotWidth / Math.max(1, weeks.size());
    double barWidth = (slot - 4) / series.length;
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < weeks.size(); i++) {
      Week week = weeks.get(i);
      double x0 = LEFT + i * slot + 2;
      List<Bar> bars = new ArrayList<>();
      for (int s = 0; s < series.length; s++) {
        Double value = series[s].value().apply(week);
        double height =
            value == null ? 0 : Math.max(value == 0 ? 0 : 1.5, plotHeight * value / max);
        bars.add(
            new Bar(
                s,
                value,
                text(value, percent),
                round(x0 + s * barWidth),
                round(TOP + plotHeight - height),
                round(barWidth - 1),
                round(height)));
      }
      // Every third week is labelled, the current one always: 12 labels do not fit 360 pixels.
      boolean labelled = (weeks.size() - 1 - i) % 3 == 0;
      columns.add(
          new Column(
              week.weekOf().toString().substring(0, 10),
              DAY.format(week.weekOf()),
              labelled,
              round(x0 + (slot - 4) / 2),
              bars));
    }
    List<Tick> ticks =
        List.of(
            new Tick(text(max, percent), TOP + 4, TOP),
            new Tick(
                text(max / 2, percent),
                round(TOP + plotHeight / 2 + 4),
                round(TOP + plotHeight / 2)),
            new Tick("0", TOP + plotHeight + 4, TOP + plotHeight));
    List<String> names = new ArrayList<>();
    for (Series s : series) {
      names.add(s.name());
    }
    return new Chart(
        id, title, explanation, definition, summary(weeks, percent, series), names, columns, ticks);
  }

  /** A sentence of what the chart shows, for screen readers and for a quick look. */
  private static String summary(List<Week> weeks, boolean percent, Series... series) {
    StringBuilder sentence = new StringBuilder();
    for (Series s : series) {
      Double first = null;
      Double last = null;
      int counted = 0;
      double total = 0;
      for (Week week : weeks) {
        Double value = s.value().apply(week);
        if (value != null) {
          first = first == null ? value : first;
          last = value;
          counted++;
          total += value;
        }
      }
      if (sentence.length() > 0) {
        sentence.append(' ');
      }
      sentence.append(s.name()).append(": ");
      if (counted == 0 || (total == 0 && !percent)) {
        sentence.append("nothing yet in the last ").append(weeks.size()).append(" weeks.");
      } else if (percent || series.length == 1 && s.name().startsWith("Average")) {
        sentence
            .append("from ")
            .append(text(first, percent))
            .append(" to ")
            .append(text(last, percent))
            .append(" over the weeks with something to count.");
      } else {
        sentence
            .append(text(total, false))
            .append(" in the last ")
            .append(weeks.size())
            .append(" weeks.");
      }
    }
    return sentence.toString();
  }

  private static double niceMax(List<Week> weeks, Series... series) {
    double max = 0;
    for (Week week : weeks) {
      for (Series s : series) {
        Double value = s.value().apply(week);
        if (value != null) {
          max = Math.max(max, value);
        }
      }
    }
    // An even number, so that the middle tick is a whole one too; at least 2.
    return Math.max(2, Math.ceil(max / 2) * 2);
  }

  static String text(Double value, boolean percent) {
    if (value == null) {
      return "none";
    }
    if (percent) {
      return Math.round(value) + "%";
    }
    return value == Math.rint(value)
        ? String.valueOf(value.longValue())
        : String.format(Locale.ENGLISH, "%.2f", value).replaceAll("0$", "");
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
