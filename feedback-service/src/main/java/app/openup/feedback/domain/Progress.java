package app.openup.feedback.domain;

import app.openup.feedback.domain.Facts.EngagementFact;
import app.openup.feedback.domain.Facts.NeedFact;
import app.openup.feedback.domain.Facts.PraiseFact;
import app.openup.feedback.domain.Facts.RatingFact;
import app.openup.feedback.domain.Facts.SessionFact;
import app.openup.feedback.domain.Facts.ShareFact;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The progress metrics of a couple, as pure functions of its {@link Facts}. Each is defined in
 * feedback-service's README, with the research it rests on. A window counts what happened from its
 * start to now; medians are of the events in the window; a figure with nothing to count is null
 * (never a zero that reads as failure, and no streaks).
 */
public final class Progress {

  /** The windows of the dashboard. */
  public enum Window {
    LAST_30_DAYS(Duration.ofDays(30)),
    LAST_90_DAYS(Duration.ofDays(90)),
    ALL_TIME(null);

    private final Duration length;

    Window(Duration length) {
      this.length = length;
    }

    public Instant from(Instant now) {
      return length == null ? Instant.MIN : now.minus(length);
    }
  }

  public record Figures(
      int sessionsProposed,
      int sessionsHeld,
      int sessionsStartedBothReady,
      Double softStartRate,
      Double averageDepth,
      Double depthRisePerWeek,
      int distinctTopics,
      int sessionsWithShares,
      Double reciprocity,
      Double medianMinutesToReciprocate,
      Double askerWentFirstRate,
      int vulnerableShares,
      Double praiseCoverage,
      Double medianMinutesToPraise,
      int positives,
      int negatives,
      Double positiveToNegative,
      int needsShared,
      int needsAcknowledged,
      int needsMet,
      Double medianDaysToMet,
      Double averageSafety,
      int ratedSessions) {}

  /**
   * One week of the charts (weeks start on Monday, UTC). Each figure is defined as the dashboard's
   * figure of the same name, over that week; {@code needsMet} counts the needs met that week.
   */
  public record Week(
      Instant weekOf,
      int sessionsHeld,
      int shares,
      Double averageDepth,
      int praise,
      int curiosity,
      int defensiveness,
      int sessionsStartedBothReady,
      int vulnerableShares,
      Double praiseCoverage,
      Double positiveToNegative,
      int needsShared,
      int needsMet) {}

  /** One partner's own figures (their private view, and comparisons when both opted in). */
  public record PartnerFigures(
      UUID partnerId,
      int shares,
      Double averageDepth,
      int wentFirst,
      int praiseGiven,
      int praiseReceived,
      int questionsAsked,
      int defensiveMomentsNoticed,
      int needsShared,
      Double averageSafety) {}

  private Progress() {}

  /** The couple's figures over {@code window}. */
  public static Figures figures(Facts facts, Window window, Instant now) {
    return figures(facts, Whole.of(facts), window.from(now), now);
  }

  /**
   * What the figures of every window read of the couple's whole history, worked out once for all of
   * them (a dashboard computes fifteen: three windows and twelve weeks): each session's shares in
   * order, the sessions by id, and each target's first praise and who gave it.
   */
  private record Whole(
      Map<UUID, List<ShareFact>> bySession,
      Map<UUID, SessionFact> sessions,
      Map<UUID, Instant> firstPraise,
      Map<UUID, UUID> praiser) {

    static Whole of(Facts facts) {
      Map<UUID, SessionFact> sessions = new HashMap<>();
      facts.sessions().forEach(s -> sessions.put(s.sessionId(), s));
      Map<UUID, Instant> firstPraise = new HashMap<>();
      Map<UUID, UUID> praiser = new HashMap<>();
      for (PraiseFact p : facts.praise()) {
        Instant known = firstPraise.get(p.targetId());
        if (known == null || p.givenAt().isBefore(known)) {
          firstPraise.put(p.targetId(), p.givenAt());
          praiser.put(p.targetId(), p.givenBy());
        }
      }
      return new Whole(sharesBySession(facts.shares()), sessions, firstPraise, praiser);
    }
  }

  /** The couple's figures from {@code from} to {@code now}, both included. */
  private static Figures figures(Facts facts, Whole whole, Instant from, Instant now) {
    List<SessionFact> proposed = filter(facts.sessions(), s -> in(s.proposedAt(), from, now));
    List<SessionFact> held = filter(facts.sessions(), s -> in(s.startedAt(), from, now));
    List<ShareFact> shares = filter(facts.shares(), s -> in(s.sharedAt(), from, now));
    List<NeedFact> needs = filter(facts.needs(), n -> in(n.sharedAt(), from, now));
    List<PraiseFact> praise = filter(facts.praise(), p -> in(p.givenAt(), from, now));
    List<EngagementFact> engagement = filter(facts.engagement(), e -> in(e.at(), from, now));
    List<RatingFact> ratings = filter(facts.ratings(), r -> in(r.at(), from, now));

    Set<String> topics = new HashSet<>();
    shares.stream().map(ShareFact::topic).filter(t -> t != null).forEach(topics::add);
    needs.stream().map(NeedFact::topic).filter(t -> t != null).forEach(topics::add);

    // Reciprocity and who went first, over the sessions whose first share is in the window.
    int withShares = 0;
    int bothShared = 0;
    int askerFirst = 0;
    List<Double> toReciprocate = new ArrayList<>();
    for (Map.Entry<UUID, List<ShareFact>> entry : whole.bySession().entrySet()) {
      ShareFact first = entry.getValue().get(0);
      if (!in(first.sharedAt(), from, now)) {
        continue;
      }
      withShares++;
      SessionFact session = whole.sessions().get(entry.getKey());
      if (session != null && first.author().equals(session.initiator())) {
        askerFirst++;
      }
      Optional<ShareFact> answer =
          entry.getValue().stream().filter(s -> !s.author().equals(first.author())).findFirst();
      if (answer.isPresent()) {
        bothShared++;
        toReciprocate.add(minutes(first.sharedAt(), answer.get().sharedAt()));
      }
    }

    // Praise coverage: vulnerable shares (moderate or deep) and shared needs, appreciated by the
    // other partner with a praise that stands.
    Map<UUID, Instant> firstPraise = whole.firstPraise();
    Map<UUID, UUID> praiser = whole.praiser();
    int vulnerable = 0;
    int appreciated = 0;
    List<Double> toPraise = new ArrayList<>();
    for (ShareFact share : shares) {
      if (share.depth() >= 2) {
        vulnerable++;
        Instant praisedAt = firstPraise.get(share.shareId());
        if (praisedAt != null && !share.author().equals(praiser.get(share.shareId()))) {
          appreciated++;
          toPraise.add(minutes(share.sharedAt(), praisedAt));
        }
      }
    }
    for (NeedFact need : needs) {
      vulnerable++;
      Instant praisedAt = firstPraise.get(need.needId());
      if (praisedAt != null && !need.author().equals(praiser.get(need.needId()))) {
        appreciated++;
        toPraise.add(minutes(need.sharedAt(), praisedAt));
      }
    }

    int curiosity = (int) engagement.stream().filter(EngagementFact::curiosity).count();
    int defensiveness = engagement.size() - curiosity;
    int positives = praise.size() + curiosity;

    List<Double> toMet = new ArrayList<>();
    needs.stream()
        .filter(n -> n.metAt() != null)
        .forEach(n -> toMet.add(minutes(n.sharedAt(), n.metAt()) / (60.0 * 24)));

    long soft = ratings.stream().filter(RatingFact::softStart).count();
    return new Figures(
        proposed.size(),
        held.size(),
        held.size(),
        ratings.isEmpty() ? null : round((double) soft / ratings.size()),
        averageDepth(shares),
        depthRisePerWeek(shares),
        topics.size(),
        withShares,
        withShares == 0 ? null : round((double) bothShared / withShares),
        median(toReciprocate),
        withShares == 0 ? null : round((double) askerFirst / withShares),
        vulnerable,
        vulnerable == 0 ? null : round((double) appreciated / vulnerable),
        median(toPraise),
        positives,
        defensiveness,
        defensiveness == 0 ? null : round((double) positives / defensiveness),
        needs.size(),
        (int) needs.stream().filter(n -> n.acknowledgedAt() != null).count(),
        (int) needs.stream().filter(n -> n.metAt() != null).count(),
        median(toMet),
        ratings.isEmpty()
            ? null
            : round(ratings.stream().mapToInt(RatingFact::safety).average().orElse(0)),
        (int) ratings.stream().map(RatingFact::sessionId).distinct().count());
  }

  /** The last {@code count} weeks, the current one last. */
  public static List<Week> weeks(Facts facts, int count, Instant now) {
    Instant thisWeek =
        now.atZone(ZoneOffset.UTC)
            .toLocalDate()
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
    Whole whole = Whole.of(facts);
    List<Week> weeks = new ArrayList<>();
    for (int i = count - 1; i >= 0; i--) {
      Instant start = thisWeek.minus(7L * i, ChronoUnit.DAYS);
      Instant end = start.plus(7, ChronoUnit.DAYS);
      List<ShareFact> shares = filter(facts.shares(), s -> inHalfOpen(s.sharedAt(), start, end));
      List<EngagementFact> engagement =
          filter(facts.engagement(), e -> inHalfOpen(e.at(), start, end));
      int curiosity = (int) engagement.stream().filter(EngagementFact::curiosity).count();
      Figures week = figures(facts, whole, start, end.minusNanos(1));
      weeks.add(
          new Week(
              start,
              week.sessionsHeld(),
              shares.size(),
              averageDepth(shares),
              filter(facts.praise(), p -> inHalfOpen(p.givenAt(), start, end)).size(),
              curiosity,
              engagement.size() - curiosity,
              week.sessionsStartedBothReady(),
              week.vulnerableShares(),
              week.praiseCoverage(),
              week.positiveToNegative(),
              week.needsShared(),
              filter(facts.needs(), n -> inHalfOpen(n.metAt(), start, end)).size()));
    }
    return weeks;
  }

  /** One partner's figures over {@code window}. */
  public static PartnerFigures partner(Facts facts, UUID partner, Window window, Instant now) {
    Instant from = window.from(now);
    List<ShareFact> shares =
        filter(facts.shares(), s -> s.author().equals(partner) && in(s.sharedAt(), from, now));
    Map<UUID, UUID> authors = new HashMap<>();
    facts.shares().forEach(s -> authors.put(s.shareId(), s.author()));
    facts.needs().forEach(n -> authors.put(n.needId(), n.author()));
    List<PraiseFact> praise = filter(facts.praise(), p -> in(p.givenAt(), from, now));
    int wentFirst = 0;
    for (Map.Entry<UUID, List<ShareFact>> entry : sharesBySession(facts.shares()).entrySet()) {
      ShareFact first = entry.getValue().get(0);
      if (first.author().equals(partner) && in(first.sharedAt(), from, now)) {
        wentFirst++;
      }
    }
    List<EngagementFact> engagement =
        filter(facts.engagement(), e -> e.by().equals(partner) && in(e.at(), from, now));
    List<RatingFact> ratings =
        filter(facts.ratings(), r -> r.partnerId().equals(partner) && in(r.at(), from, now));
    return new PartnerFigures(
        partner,
        shares.size(),
        averageDepth(shares),
        wentFirst,
        (int) praise.stream().filter(p -> p.givenBy().equals(partner)).count(),
        (int)
            praise.stream()
                .filter(
                    p -> partner.equals(authors.get(p.targetId())) && !p.givenBy().equals(partner))
                .count(),
        (int) engagement.stream().filter(EngagementFact::curiosity).count(),
        (int) engagement.stream().filter(e -> !e.curiosity()).count(),
        (int)
            facts.needs().stream()
                .filter(n -> n.author().equals(partner) && in(n.sharedAt(), from, now))
                .count(),
        ratings.isEmpty()
            ? null
            : round(ratings.stream().mapToInt(RatingFact::safety).average().orElse(0)));
  }

  /** Each session's shares, in the order they were made. */
  private static Map<UUID, List<ShareFact>> sharesBySession(List<ShareFact> shares) {
    Map<UUID, List<ShareFact>> bySession = new LinkedHashMap<>();
    shares.stream()
        .sorted(Comparator.comparing(ShareFact::sharedAt).thenComparing(ShareFact::shareId))
        .forEach(s -> bySession.computeIfAbsent(s.sessionId(), k -> new ArrayList<>()).add(s));
    return bySession;
  }

  private static Double averageDepth(List<ShareFact> shares) {
    return shares.isEmpty()
        ? null
        : round(shares.stream().mapToInt(ShareFact::depth).average().orElse(0));
  }

  /**
   * How fast depth rises: the least-squares slope of each week's average depth against the week's
   * number (weeks start on Monday, UTC), over the weeks with shares; null with fewer than two.
   */
  static Double depthRisePerWeek(List<ShareFact> shares) {
    Map<Long, List<Integer>> byWeek = new HashMap<>();
    for (ShareFact share : shares) {
      // 1970-01-05 was a Monday: day 4 of the epoch.
      long day = Math.floorDiv(share.sharedAt().getEpochSecond(), 24L * 3600);
      long week = Math.floorDiv(day - 4, 7);
      byWeek.computeIfAbsent(week, k -> new ArrayList<>()).add(share.depth());
    }
    if (byWeek.size() < 2) {
      return null;
    }
    double n = byWeek.size();
    double sumX = 0;
    double sumY = 0;
    double sumXy = 0;
    double sumXx = 0;
    for (Map.Entry<Long, List<Integer>> week : byWeek.entrySet()) {
      double x = week.getKey();
      double y = week.getValue().stream().mapToInt(Integer::intValue).average().orElse(0);
      sumX += x;
      sumY += y;
      sumXy += x * y;
      sumXx += x * x;
    }
    double slope = (n * sumXy - sumX * sumY) / (n * sumXx - sumX * sumX);
    return round(slope);
  }

  static Double median(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int middle = sorted.size() / 2;
    double median =
        sorted.size() % 2 == 1
            ? sorted.get(middle)
            : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    return round(median);
  }

  private static double minutes(Instant from, Instant to) {
    return Duration.between(from, to).toSeconds() / 60.0;
  }

  /** Two decimals: figures are for people, not for comparing float noise. */
  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static boolean in(Instant at, Instant from, Instant now) {
    return at != null && !at.isBefore(from) && !at.isAfter(now);
  }

  private static boolean inHalfOpen(Instant at, Instant from, Instant to) {
    return at != null && !at.isBefore(from) && at.isBefore(to);
  }

  private static <T> List<T> filter(List<T> items, java.util.function.Predicate<T> keep) {
    return items.stream().filter(keep).toList();
  }
}
