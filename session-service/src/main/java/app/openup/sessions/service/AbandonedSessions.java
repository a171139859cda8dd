package app.openup.sessions.service;

import app.openup.eventing.quarkus.StoreProjections;
import app.openup.eventing.store.EventMetadata;
import app.openup.sessions.config.SessionsConfig;
import app.openup.sessions.domain.SessionCommand.AbandonOverdue;
import app.openup.sessions.domain.SessionStatus;
import app.openup.sessions.messaging.SessionsReadModel;
import app.openup.sessions.repository.SessionRow;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Closes as abandoned the sessions left open for longer than {@code openup.sessions.abandon-after}
 * since anything happened in them, and those agreed but never started that long after their end.
 * The read model says which couples to look at; the rules decide on each couple's stream, so with
 * several replicas running the sweep at once each session is abandoned once (a second append loses
 * the race, decides again and finds nothing to do).
 */
@ApplicationScoped
public class AbandonedSessions {

  private final SessionService sessions;
  private final StoreProjections projections;
  private final SessionsConfig config;
  private final Clock clock = Clock.systemUTC();

  public AbandonedSessions(
      SessionService sessions, StoreProjections projections, SessionsConfig config) {
    this.sessions = sessions;
    this.projections = projections;
    this.config = config;
  }

  @Scheduled(
      identity = "abandoned-sessions",
      every = "${openup.sessions.abandon-check-every:5m}",
      delayed = "30s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> sweep() {
    return sweep(clock.instant())
        .onFailure()
        .invoke(failure -> Log.warnf("The abandoned-session sweep failed: %s", failure.toString()))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** Abandons what is overdue at {@code now}; how many sessions it closed. */
  public Uni<Integer> sweep(Instant now) {
    Instant cutoff = now.minus(config.abandonAfter());
    return projections
        .activeVersion(SessionsReadModel.NAME)
        .chain(
            version ->
                Panache.withSession(
                    () ->
                        SessionRow.<SessionRow>find(
                                "version = ?1 and ((status = ?2 and lastActivityAt < ?3)"
                                    + " or (status in (?4, ?5) and endsAt < ?3))"
                                    + " order by lastActivityAt",
                                version,
                                SessionStatus.STARTED.name(),
                                cutoff,
                                SessionStatus.PROPOSED.name(),
                                SessionStatus.ACCEPTED.name())
                            .range(0, 499)
                            .list()))
        .map(rows -> rows.stream().map(row -> row.coupleId).distinct().toList())
        .chain(couples -> abandon(couples, now));
  }

  private Uni<Integer> abandon(List<UUID> couples, Instant now) {
    return Multi.createFrom()
        .iterable(couples)
        .onItem()
        .transformToUniAndConcatenate(
            coupleId ->
                sessions
                    .system(
                        coupleId,
                        new AbandonOverdue(coupleId, config.abandonAfter(), now),
                        EventMetadata.none())
                    .map(done -> done.events().size()))
        .collect()
        .with(java.util.stream.Collectors.summingInt(Integer::intValue));
  }
}
