package app.openup.sessions.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One safe-space session as its events made it. It holds no words (those stay sealed in the events)
 * and no readiness numbers: only whether each partner's last check-in said ready.
 *
 * @param initiator the partner who asked for it: they go first
 * @param proposedBy who made the proposal now on the table (the other one answers it)
 * @param ready each partner's last check-in: ready or not yet
 * @param firstSharer who shared first, or null before the first share
 * @param lastActivityAt the last thing that happened in it (an open session left too long is closed
 *     as abandoned)
 * @param ratings who rated it: whether they chose to share their rating, and the rating, sealed
 * @param version how many events this session has: its ETag
 */
public record Session(
    UUID id,
    UUID initiator,
    UUID proposedBy,
    SessionStatus status,
    Instant startsAt,
    Instant endsAt,
    Map<UUID, Boolean> ready,
    Instant startedAt,
    UUID firstSharer,
    int defensiveMoments,
    Instant lastActivityAt,
    Map<UUID, RatingGiven> ratings,
    long version) {

  public Session {
    ready = Map.copyOf(ready);
    ratings = Map.copyOf(ratings);
  }

  static Session proposed(UUID id, UUID by, Instant startsAt, Instant endsAt, Instant at) {
    return new Session(
        id,
        by,
        by,
        SessionStatus.PROPOSED,
        startsAt,
        endsAt,
        Map.of(),
        null,
        null,
        0,
        at,
        Map.of(),
        1);
  }

  /** The next version, moved to {@code next} at {@code at}. */
  Session moved(SessionStatus next, Instant at) {
    return new Session(
        id,
        initiator,
        proposedBy,
        next,
        startsAt,
        endsAt,
        ready,
        startedAt,
        firstSharer,
        defensiveMoments,
        at,
        ratings,
        version + 1);
  }

  Session rescheduled(UUID by, Instant from, Instant to, Instant at) {
    // A new time asks both partners afresh how they feel.
    return new Session(
        id,
        initiator,
        by,
        SessionStatus.PROPOSED,
        from,
        to,
        Map.of(),
        startedAt,
        firstSharer,
        defensiveMoments,
        at,
        ratings,
        version + 1);
  }

  Session checkedIn(UUID partner, boolean isReady, Instant at) {
    Map<UUID, Boolean> now = new HashMap<>(ready);
    now.put(partner, isReady);
    return new Session(
        id,
        initiator,
        proposedBy,
        status,
        startsAt,
        endsAt,
        now,
        startedAt,
        firstSharer,
        defensiveMoments,
        at,
        ratings,
        version + 1);
  }

  Session started(Instant at) {
    return new Session(
        id,
        initiator,
        proposedBy,
        SessionStatus.STARTED,
        startsAt,
        endsAt,
        ready,
        at,
        firstSharer,
        defensiveMoments,
        at,
        ratings,
        version + 1);
  }

  Session sharedBy(UUID author, Instant at) {
    return new Session(
        id,
        initiator,
        proposedBy,
        status,
        startsAt,
        endsAt,
        ready,
        startedAt,
        firstSharer == null ? author : firstSharer,
        defensiveMoments,
        at,
        ratings,
        version + 1);
  }

  Session noticed(Instant at) {
    return new Session(
        id,
        initiator,
        proposedBy,
        status,
        startsAt,
        endsAt,
        ready,
        startedAt,
        firstSharer,
        defensiveMoments + 1,
        at,
        ratings,
        version + 1);
  }

  Session ratedBy(UUID partner, RatingGiven rating, Instant at) {
    Map<UUID, RatingGiven> now = new HashMap<>(ratings);
    now.put(partner, rating);
    return new Session(
        id,
        initiator,
        proposedBy,
        status,
        startsAt,
        endsAt,
        ready,
        startedAt,
        firstSharer,
        defensiveMoments,
        at,
        now,
        version + 1);
  }

  /** Whether the session still holds a place in the couple's calendar. */
  public boolean isPlanned() {
    return status == SessionStatus.PROPOSED
        || status == SessionStatus.ACCEPTED
        || status == SessionStatus.STARTED;
  }

  /** The version of this session after one more event, nothing else changed. */
  Session touched(Instant at) {
    return moved(status, at);
  }

  boolean overlaps(Instant from, Instant to) {
    return isPlanned() && from.isBefore(endsAt) && startsAt.isBefore(to);
  }

  /** Both partners' last check-ins said ready. */
  public boolean bothReady(Couple couple) {
    return couple.partners().size() == 2
        && couple.partners().stream().allMatch(p -> Boolean.TRUE.equals(ready.get(p)));
  }
}
