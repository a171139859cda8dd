package app.openup.eventing.quarkus;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.InTurn;
import app.openup.eventing.projection.Commits;
import app.openup.eventing.projection.StoreFeed;
import app.openup.eventing.projection.StoreFeed.Fed;
import app.openup.eventing.projection.StoreFeed.Position;
import app.openup.eventing.projection.VersionedProjection;
import app.openup.eventing.projection.VersionedProjection.Versions;
import app.openup.eventing.store.EventStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps every {@link StoreProjection} of the service up to date with its event store: after each
 * local commit at once, and every 250 ms whatever happened (commits of other instances). Each turn
 * reads a batch after the read model's position ({@link StoreFeed}) and applies it, with the
 * position, in one Panache transaction; another instance that applied the same batch first makes
 * this one roll back and read again. A rebuild ({@link #rebuild}) fills the next version from the
 * start beside the live one and switches queries to it once both stand at the same position; the
 * old version's rows are deleted ten seconds later, once no read can still be using them. Reads
 * wait for their own writes with {@link #await}.
 */
@ApplicationScoped
public class StoreProjections {

  private static final int BATCH = 200;
  private static final long LOOK_EVERY_MS = 250;

  private static final String BEGIN_REBUILD =
      "update projection_version set rebuilding_version = active_version + 1,"
          + " rebuild_prepared = false, updated_at = now()"
          + " where projection = $1 and rebuilding_version is null returning rebuilding_version";
  private static final String PREPARED =
      "update projection_version set rebuild_prepared = true, updated_at = now()"
          + " where projection = $1 and rebuilding_version = $2";
  private static final String SWITCH =
      "update projection_version set active_version = rebuilding_version,"
          + " rebuilding_version = null, rebuild_prepared = false, updated_at = now()"
          + " where projection = $1 and rebuilding_version = $2 and rebuild_prepared";

  /** The versions as last read, and when: reads use them for up to {@link #FRESH_FOR_NANOS}. */
  private record Known(Versions versions, long readAtNanos) {}

  /** A version switched away from, whose rows go once no read can still be using it. */
  private record Retiring(int version, long dueNanos) {}

  private static final long FRESH_FOR_NANOS = Duration.ofSeconds(1).toNanos();

  /** How often the lag is counted while a read model applies batches (or fails to). */
  private static final long LAG_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

  private static final long RETIRE_AFTER_NANOS = Duration.ofSeconds(10).toNanos();

  /** Another instance applied the batch first: this transaction rolls back, nothing applied. */
  static final class AppliedElsewhere extends RuntimeException {
    AppliedElsewhere() {
      super("Another instance applied these events first", null, false, false);
    }
  }

  private final Map<String, StoreProjection> projections = new ConcurrentHashMap<>();
  private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();
  private final Map<String, AtomicBoolean> again = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lagCountedAt = new ConcurrentHashMap<>();
  private final Map<String, Counter> failures = new ConcurrentHashMap<>();
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  private final OneAtATime refreshes = new OneAtATime();
  private final Map<String, Retiring> retiring = new ConcurrentHashMap<>();
  private final StoreFeed feed;
  private final Pool pool;
  private final Vertx vertx;
  private final EventStore store;
  private final EventingConfig config;
  private final MeterRegistry registry;
  private volatile long timer = -1;
  private volatile boolean stopped;

  public StoreProjections(
      Instance<StoreProjection> all,
      Pool pool,
      Vertx vertx,
      EventStore store,
      EventingConfig config,
      MeterRegistry registry) {
    all.forEach(p -> projections.put(p.name(), p));
    this.feed = new StoreFeed(pool);
    this.pool = pool;
    this.vertx = vertx;
    this.store = store;
    this.config = config;
    this.registry = registry;
  }

  void start(@Observes @Priority(200) StartupEvent startup) {
    if (projections.isEmpty()) {
      return;
    }
    for (String name : projections.keySet()) {
      running.put(name, new AtomicBoolean());
      again.put(name, new AtomicBoolean());
      AtomicLong behind = new AtomicLong();
      lag.put(name, behind);
      Gauge.builder("openup.projection.lag.events", behind, AtomicLong::get)
          .description("Events of the service's own store not yet in its read model")
          .tag("projection", name)
          .register(registry);
      lagCountedAt.put(name, new AtomicLong(System.nanoTime() - LAG_EVERY_NANOS));
      failures.put(
          name,
          Counter.builder("openup.projection.turn.failures")
              .description(
                  "Turns of a read model that failed and will be tried again; one that keeps"
                      + " failing holds the read model where it is")
              .tag("projection", name)
              .register(registry));
    }
    store.onCommitted(this::wakeAll);
    timer = vertx.setPeriodic(LOOK_EVERY_MS, ignored -> wakeAll());
  }

  void stop(@Observes ShutdownEvent shutdown) {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private void wakeAll() {
    projections.keySet().forEach(this::wake);
  }

  /** Runs a turn of the projection now, or right after the one that runs. */
  void wake(String name) {
    if (stopped) {
      return;
    }
    AtomicBoolean busy = running.get(name);
    if (!busy.compareAndSet(false, true)) {
      again.get(name).set(true);
      return;
    }
    again.get(name).set(false);
    Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
    context.runOnContext(
        ignored -> {
          // Hibernate Reactive keeps its session on this context: it is this turn's alone.
          VertxContextSafetyToggle.setCurrentContextSafe(true);
          turn(projections.get(name))
              .subscribe()
              .with(
                  moreToDo -> finished(name, moreToDo),
                  failure -> {
                    if (!(failure instanceof AppliedElsewhere)) {
                      Log.warnf(failure, "Read model %s: a turn failed; it tries again", name);
                      failures.get(name).increment();
                      countLagNowAndThen(name);
                    }
                    finished(name, false);
                  });
        });
  }

  private void finished(String name, boolean moreToDo) {
    running.get(name).set(false);
    if (moreToDo || again.get(name).getAndSet(false)) {
      wake(name);
    }
  }

  /** One batch for the active version, one for the version being rebuilt; true if more wait. */
  private Uni<Boolean> turn(StoreProjection projection) {
    Retiring due = retiring.get(projection.name());
    if (due != null && System.nanoTime() - due.dueNanos() > 0) {
      retiring.remove(projection.name());
      return Panache.withTransaction(() -> projection.clear(due.version()))
          .invoke(
              () ->
                  Log.infof("Read model %s: version %d retired", projection.name(), due.version()))
          .replaceWith(true);
    }
    return versions(projection.name())
        .flatMap(
            versions -> {
              Uni<Boolean> active = advance(projection, versions.active());
              if (versions.rebuilding() == null) {
                return active;
              }
              int next = versions.rebuilding();
              // The version being rebuilt goes on even while the active one's turns fail: a
              // rebuild is how a read model held by an event it cannot apply is mended.
              return active
                  .onItemOrFailure()
                  .transformToUni(
                      (more, failure) ->
                          advance(projection, next)
                              .flatMap(
                                  moreRebuild ->
                                      moreRebuild
                                          ? Uni.createFrom().item(true)
                                          : switchIfCaughtUp(projection, versions.active(), next)
                                              .replaceWith(failure == null && more))
                              .flatMap(
                                  result ->
                                      failure == null
                                          ? Uni.createFrom().item(result)
                                          : Uni.createFrom().<Boolean>failure(failure)));
            });
  }

  /** Applies the next batch to one version; true if there may be more. */
  private Uni<Boolean> advance(StoreProjection projection, int version) {
    String name = projection.name();
    return feed.next(name, version, BATCH)
        .flatMap(
            next -> {
              List<Fed> batch = next.events();
              if (batch.isEmpty()) {
                return measureLag(name, version).replaceWith(false);
              }
              Position to = batch.get(batch.size() - 1).position();
              return Panache.withTransaction(
                      () -> applyAll(projection, batch, version, next.from(), to))
                  .invoke(() -> commitsOf(name, version).committed())
                  .invoke(() -> countLagNowAndThen(name))
                  .replaceWith(batch.size() == BATCH);
            });
  }

  private Uni<Void> applyAll(
      StoreProjection projection, List<Fed> batch, int version, Position from, Position to) {
    return InTurn.each(batch, fed -> projection.apply(fed.event(), version))
        .chain(
            () ->
                Panache.getSession()
                    .chain(
                        session ->
                            session
                                .createNativeQuery(StoreFeed.ADVANCE)
                                .setParameter(1, projection.name())
                                .setParameter(2, version)
                                .setParameter(3, to.txId())
                                .setParameter(4, to.globalPosition())
                                .setParameter(5, from.txId())
                                .setParameter(6, from.globalPosition())
                                .executeUpdate())
                    .invoke(
                        moved -> {
                          if (moved != 1) {
                            throw new AppliedElsewhere();
                          }
                        })
                    .replaceWithVoid());
  }

  private Uni<Void> measureLag(String name, int version) {
    lagCountedAt.get(name).set(System.nanoTime());
    return feed.behind(name, version).invoke(lag.get(name)::set).replaceWithVoid();
  }

  /**
   * Counts the active version's lag in the background if it was last counted a second ago or more:
   * a read model that is catching up, or whose turns keep failing, shows how far behind it is
   * instead of the figure it had when it was last caught up.
   */
  private void countLagNowAndThen(String name) {
    AtomicLong countedAt = lagCountedAt.get(name);
    long last = countedAt.get();
    long now = System.nanoTime();
    if (now - last < LAG_EVERY_NANOS || !countedAt.compareAndSet(last, now)) {
      return;
    }
    activeVersion(name)
        .flatMap(version -> measureLag(name, version))
        .subscribe()
        .with(
            ignored -> {},
            failure -> Log.debugf(failure, "Read model %s: its lag could not be counted", name));
  }

  private Uni<Void> switchIfCaughtUp(StoreProjection projection, int active, int next) {
    String name = projection.name();
    return Uni.combine()
        .all()
        .unis(feed.position(name, active), feed.position(name, next))
        .asTuple()
        .flatMap(
            positions -> {
              // Not before the new version has applied all the active one has (a read it answers
              // must see what the old one showed); a version stuck behind is left behind.
              if (!positions.getItem2().isAtOrAfter(positions.getItem1())) {
                return Uni.createFrom().voidItem();
              }
              return pool.preparedQuery(SWITCH)
                  .execute(Tuple.of(name, next))
                  .flatMap(
                      switched -> {
                        if (switched.rowCount() == 0) {
                          return Uni.createFrom().voidItem();
                        }
                        Log.infof("Read model %s switched to version %d", name, next);
                        known.remove(name);
                        // Reads that began on the old version may still be reading it: its rows
                        // go a little later.
                        retiring.put(
                            name, new Retiring(active, System.nanoTime() + RETIRE_AFTER_NANOS));
                        return Uni.createFrom().voidItem();
                      });
            });
  }

  /** The read model's versions now (version 1 active on first use). */
  public Uni<Versions> versions(String projection) {
    return VersionedProjection.versionsOf(pool, projection)
        .invoke(versions -> known.put(projection, new Known(versions, System.nanoTime())));
  }

  /**
   * The version queries read: as last read (by the projection's turn or a refresh), read again in
   * the background once it is a second old; read now only the first time. After a switch the old
   * version's rows stay for ten seconds, so a read that still uses it finds them.
   */
  public Uni<Integer> activeVersion(String projection) {
    Known last = known.get(projection);
    if (last == null) {
      return versions(projection).map(Versions::active);
    }
    if (System.nanoTime() - last.readAtNanos() >= FRESH_FOR_NANOS) {
      // Read again in the background: a read never waits for it (a read holding a connection of
      // the pool that waited for another could, with the pool taken by such reads, wait for ever).
      refreshes.start(projection, () -> versions(projection));
    }
    return Uni.createFrom().item(last.versions().active());
  }

  /**
   * Starts a rebuild of the read model: the next version is emptied and filled from the first
   * event, beside the live one, and becomes the active one once it has caught up. Returns the new
   * version; refused while another rebuild runs. (A rebuild whose instance went away before its
   * version was prepared holds the slot until an operator clears it: {@code update
   * projection_version set rebuilding_version = null where projection = '<name>' and not
   * rebuild_prepared}.)
   */
  public Uni<Integer> rebuild(String projection) {
    StoreProjection target = projections.get(projection);
    if (target == null) {
      return Uni.createFrom().failure(new IllegalArgumentException("No read model " + projection));
    }
    return versions(projection)
        .flatMap(ignored -> pool.preparedQuery(BEGIN_REBUILD).execute(Tuple.of(projection)))
        .flatMap(
            rows -> {
              if (rows.size() == 0) {
                return Uni.createFrom()
                    .failure(
                        new IllegalStateException("A rebuild of " + projection + " is running"));
              }
              int version = rows.iterator().next().getInteger(0);
              return OwnContext.run(
                      vertx, () -> Panache.withTransaction(() -> target.clear(version)))
                  .chain(() -> feed.reset(projection, version))
                  .chain(() -> pool.preparedQuery(PREPARED).execute(Tuple.of(projection, version)))
                  .invoke(() -> wake(projection))
                  .replaceWith(version);
            });
  }

  /** Events the read model's active version has not applied yet. */
  public Uni<Long> behind(String projection) {
    return activeVersion(projection).flatMap(version -> feed.behind(projection, version));
  }

  /**
   * Waits, at most {@link EventingConfig#consistencyWait()}, until the read model has applied the
   * event the token names (a token of another service, or none, waits for nothing); true if it has,
   * false if the wait ran out and the caller answers with what it has.
   */
  public Uni<Boolean> await(String projection, Optional<ConsistencyToken> token) {
    if (token.isEmpty() || !token.get().source().equals(config.service())) {
      return Uni.createFrom().item(true);
    }
    wake(projection);
    long deadline = System.nanoTime() + config.consistencyWait().toNanos();
    return activeVersion(projection)
        .flatMap(
            version -> awaitUntil(projection, version, token.get(), deadline, Commits.FALLBACK));
  }

  private Uni<Boolean> awaitUntil(
      String projection, int version, ConsistencyToken token, long deadline, Duration pause) {
    Commits.Signal commit = commitsOf(projection, version).next();
    return feed.hasApplied(projection, version, token)
        .flatMap(
            done -> {
              long left = deadline - System.nanoTime();
              if (done || left <= 0) {
                return Uni.createFrom().item(done);
              }
              return commit
                  .orAfter(Duration.ofNanos(Math.min(left, pause.toNanos())))
                  .flatMap(
                      ignored ->
                          awaitUntil(projection, version, token, deadline, Commits.backOff(pause)));
            });
  }

  /** A version's commits in this process: a turn that applied a batch wakes the reads waiting. */
  private static Commits commitsOf(String projection, int version) {
    return Commits.of("store/" + projection + "@" + version);
  }
}
