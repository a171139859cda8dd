package app.openup.feedback.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import app.openup.feedback.domain.Facts.EngagementFact;
import app.openup.feedback.domain.Facts.NeedFact;
import app.openup.feedback.domain.Facts.PraiseFact;
import app.openup.feedback.domain.Facts.RatingFact;
import app.openup.feedback.domain.Facts.SessionFact;
import app.openup.feedback.domain.Facts.ShareFact;
import app.openup.feedback.domain.Progress.Figures;
import app.openup.feedback.domain.Progress.PartnerFigures;
import app.openup.feedback.domain.Progress.Week;
import app.openup.feedback.domain.Progress.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every metric computed from one known history, with the values worked out by hand (the working is
 * in {@link History}; the same history is published on the topics in the projection tests).
 */
class ProgressTest {

  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z"); // a Tuesday

  /**
   * The history, relative to {@code now}. Alex and Sam; times are days (d), hours (h) and minutes
   * (m) before or after.
   *
   * <pre>
   * N1  Alex's need, FINANCES, shared now-10d, acknowledged +1h, met now-8d      (2 days to met)
   * N2  Sam's need, HEALTH, shared now-100d, never met                           (outside 90 days)
   * S1  asked by Alex: proposed now-20d, started +1h, closed +2h
   *       +10m Alex LIGHT FINANCES, +20m Sam asks, +30m Alex defensive,
   *       +40m Sam DEEP INTIMACY, +50m Alex MODERATE;  ratings shared: Alex 4 soft, Sam 2 harsh
   * S2  asked by Sam: proposed now-5d, started +1h;  +5m Sam DEEP FAMILY_PLANS;
   *       +10m and +15m Alex asks
   * S3  asked by Alex: proposed now-2d, not started
   * P1  Sam on Alex's MODERATE share, S1 +60m  (10 minutes after it)
   * P2  Alex on Sam's DEEP S1 share, S1 +100m   (60 minutes)
   * P3  Sam on N1, 30 minutes after it was shared
   * </pre>
   */
  static final class History {
    final UUID alex = new UUID(0, 1);
    final UUID sam = new UUID(0, 2);
    final UUID n1 = UUID.randomUUID();
    final UUID n2 = UUID.randomUUID();
    final UUID s1 = UUID.randomUUID();
    final UUID s2 = UUID.randomUUID();
    final UUID s3 = UUID.randomUUID();
    final UUID alexModerate = UUID.randomUUID();
    final UUID samDeep = UUID.randomUUID();
    final Instant now;
    final Instant s1Start;
    final Instant s2Start;
    final Instant n1Shared;

    History(Instant now) {
      this.now = now;
      this.s1Start = now.minus(Duration.ofDays(20)).plus(Duration.ofHours(1));
      this.s2Start = now.minus(Duration.ofDays(5)).plus(Duration.ofHours(1));
      this.n1Shared = now.minus(Duration.ofDays(10));
    }

    Instant m(Instant base, int minutes) {
      return base.plus(Duration.ofMinutes(minutes));
    }

    Facts facts() {
      return new Facts(
          List.of(
              new NeedFact(
                  n1, alex, "FINANCES", n1Shared, m(n1Shared, 60), now.minus(Duration.ofDays(8))),
              new NeedFact(n2, sam, "HEALTH", now.minus(Duration.ofDays(100)), null, null)),
          List.of(
              new SessionFact(s1, alex, m(s1Start, -60), s1Start, m(s1Start, 60)),
              new SessionFact(s2, sam, m(s2Start, -60), s2Start, null),
              new SessionFact(s3, alex, now.minus(Duration.ofDays(2)), null, null)),
          List.of(
              new ShareFact(UUID.randomUUID(), s1, alex, 1, "FINANCES", m(s1Start, 10)),
              new ShareFact(samDeep, s1, sam, 3, "INTIMACY", m(s1Start, 40)),
              new ShareFact(alexModerate, s1, alex, 2, null, m(s1Start, 50)),
              new ShareFact(UUID.randomUUID(), s2, sam, 3, "FAMILY_PLANS", m(s2Start, 5))),
          List.of(
              new PraiseFact(
                  UUID.randomUUID(), sam, TargetKind.SHARE, alexModerate, m(s1Start, 60)),
              new PraiseFact(UUID.randomUUID(), alex, TargetKind.SHARE, samDeep, m(s1Start, 100)),
              new PraiseFact(UUID.randomUUID(), sam, TargetKind.NEED, n1, m(n1Shared, 30))),
          List.of(
              new EngagementFact(s1, sam, true, m(s1Start, 20)),
              new EngagementFact(s1, alex, false, m(s1Start, 30)),
              new EngagementFact(s2, alex, true, m(s2Start, 10)),
              new EngagementFact(s2, alex, true, m(s2Start, 15))),
          List.of(
              new RatingFact(s1, alex, 4, true, m(s1Start, 120)),
              new RatingFact(s1, sam, 2, false, m(s1Start, 120))));
    }
  }

  final History history = new History(NOW);

  @Test
  void theLast30Days() {
    Figures f = Progress.figures(history.facts(), Window.LAST_30_DAYS, NOW);
    assertEquals(3, f.sessionsProposed(), "S1, S2, S3");
    assertEquals(2, f.sessionsHeld(), "S1, S2 started");
    assertEquals(2, f.sessionsStartedBothReady(), "a session starts only when both are ready");
    assertEquals(0.5, f.softStartRate(), "Alex soft, Sam harsh");
    assertEquals(2.25, f.averageDepth(), "(1 + 3 + 2 + 3) / 4");
    assertEquals(0.5, f.depthRisePerWeek(), "week of Nov 9: 2.0; week of Nov 23: 3.0; 1 / 2 weeks");
    assertEquals(3, f.distinctTopics(), "FINANCES, INTIMACY, FAMILY_PLANS (N2's HEALTH is older)");
    assertEquals(2, f.sessionsWithShares());
    assertEquals(0.5, f.reciprocity(), "both shared in S1, only Sam in S2");
    assertEquals(30.0, f.medianMinutesToReciprocate(), "Alex +10m, Sam +40m in S1");
    assertEquals(1.0, f.askerWentFirstRate(), "Alex first in S1, Sam first in S2");
    assertEquals(4, f.vulnerableShares(), "Sam DEEP, Alex MODERATE, Sam DEEP, and N1");
    assertEquals(0.75, f.praiseCoverage(), "all but Sam's S2 share");
    assertEquals(30.0, f.medianMinutesToPraise(), "10, 60 and 30 minutes");
    assertEquals(6, f.positives(), "3 praise and 3 open questions");
    assertEquals(1, f.negatives(), "Alex's defensive moment");
    assertEquals(6.0, f.positiveToNegative());
    assertEquals(1, f.needsShared());
    assertEquals(1, f.needsAcknowledged());
    assertEquals(1, f.needsMet());
    assertEquals(2.0, f.medianDaysToMet());
    assertEquals(3.0, f.averageSafety(), "(4 + 2) / 2");
    assertEquals(1, f.ratedSessions());
  }

  @Test
  void allTimeAddsTheOlderNeed() {
    Figures f = Progress.figures(history.facts(), Window.ALL_TIME, NOW);
    assertEquals(2, f.needsShared());
    assertEquals(1, f.needsMet());
    assertEquals(4, f.distinctTopics(), "and HEALTH");
    assertEquals(5, f.vulnerableShares(), "and N2");
    assertEquals(0.6, f.praiseCoverage(), "3 of 5");
  }

  @Test
  void eachPartnersOwnFigures() {
    PartnerFigures alex = Progress.partner(history.facts(), history.alex, Window.LAST_90_DAYS, NOW);
    assertEquals(
        new PartnerFigures(history.alex, 2, 1.5, 1, 1, 2, 2, 1, 1, 4.0), alex, "Alex: see History");
    PartnerFigures sam = Progress.partner(history.facts(), history.sam, Window.LAST_90_DAYS, NOW);
    assertEquals(
        new PartnerFigures(history.sam, 2, 3.0, 1, 2, 1, 1, 0, 0, 2.0), sam, "Sam: N2 is older");
  }

  @Test
  void weeklySeriesForTheCharts() {
    Map<Instant, Week> weeks =
        Progress.weeks(history.facts(), 12, NOW).stream()
            .collect(Collectors.toMap(Week::weekOf, Function.identity()));
    assertEquals(12, weeks.size());
    assertEquals(
        new Week(Instant.parse("2026-11-09T00:00:00Z"), 1, 3, 2.0, 2, 1, 1, 1, 2, 1.0, 3.0, 0, 0),
        weeks.get(Instant.parse("2026-11-09T00:00:00Z")));
    assertEquals(
        new Week(Instant.parse("2026-11-16T00:00:00Z"), 0, 0, null, 1, 0, 0, 0, 1, 1.0, null, 1, 0),
        weeks.get(Instant.parse("2026-11-16T00:00:00Z")),
        "N1 shared and P3 on it on Saturday Nov 21");
    assertEquals(
        new Week(Instant.parse("2026-11-23T00:00:00Z"), 1, 1, 3.0, 0, 2, 0, 1, 1, 0.0, null, 0, 1),
        weeks.get(Instant.parse("2026-11-23T00:00:00Z")),
        "S2's DEEP share not praised; N1 met on Monday Nov 23");
    assertEquals(
        new Week(
            Instant.parse("2026-11-30T00:00:00Z"), 0, 0, null, 0, 0, 0, 0, 0, null, null, 0, 0),
        weeks.get(Instant.parse("2026-11-30T00:00:00Z")),
        "this week so far");
  }

  @Test
  void nothingToCountIsNullNeverAZeroThatReadsAsFailure() {
    Facts none = new Facts(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    Figures f = Progress.figures(none, Window.LAST_30_DAYS, NOW);
    assertNull(f.averageDepth());
    assertNull(f.reciprocity());
    assertNull(f.praiseCoverage());
    assertNull(f.positiveToNegative());
    assertNull(f.softStartRate());
    assertNull(f.averageSafety());
    assertEquals(0, f.sessionsHeld());
  }
}
