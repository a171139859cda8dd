package app.openup.eventing.quarkus;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.projection.Commits;
import app.openup.eventing.projection.IncomingEvent;
import app.openup.eventing.projection.ProcessedEvents;
import app.openup.eventing.projection.ProjectionRebuild;
import app.openup.eventing.projection.ProjectionRebuild.Progress;
import app.openup.eventing.projection.VersionedProjection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps every {@link TopicProjection} of the service: a consumer hands each batch of events to
 * {@link #applyLive}, which applies each exactly once (the projection's set-wise writes and
 * eventing's marks in one transaction) to the active version and to the one being rebuilt; {@link
 * #rebuild} replays the topics from the beginning into the next version beside the live one, with
 * its progress as a metric, and switches queries over when it has caught up (the old version's rows
 * go ten seconds later). Reads wait for a consistency token of any service with {@link #await}.
 */
@ApplicationScoped
public class TopicProjections {

  private static final long FRESH_FOR_NANOS = Duration.ofSeconds(1).toNanos();
  private static final Duration RETIRE_AFTER = Duration.ofSeconds(10);

  private record Known(int active, long readAtNanos) {}

  private final Map<String, TopicProjection> projections = new ConcurrentHashMap<>();
  private final Map<String, VersionedProjection> versioned = new ConcurrentHashMap<>();
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  private final OneAtATime refreshes = new OneAtATime();
  private final Map<String, AtomicReference<Progress>> progress = new ConcurrentHashMap<>();
  private final Map<String, Timer> delays = new ConcurrentHashMap<>();
  private final Pool pool;
  private final Vertx vertx;
  private final EventingConfig config;
  private final String bootstrapServers;

  public TopicProjections(
      Instance<TopicProjection> all,
      Pool pool,
      Vertx vertx,
      EventingConfig config,
      MeterRegistry registry,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    this.pool = pool;
    this.vertx = vertx;
    this.config = config;
    this.bootstrapServers = bootstrapServers;
    for (TopicProjection projection : all) {
      String name = projection.name();
      projections.put(name, projection);
      versioned.put(
          name,
          new VersionedProjection(
              pool, name, (events, version) -> applyEach(projection, events, version)));
      AtomicReference<Progress> rebuilt = new AtomicReference<>();
      progress.put(name, rebuilt);
      Gauge.builder(
              "openup.projection.rebuild.progress",
              rebuilt,
              p -> p.get() == null ? 1.0 : p.get().fraction())
          .description("How far the running (or last) rebuild of a read model is, 0 to 1")
          .tag("projection", name)
          .register(registry);
      delays.put(
          name,
          Timer.builder("openup.projection.delay")
              .description("From an event's time to its being in the read model")
              .tag("projection", name)
              .register(registry));
    }
  }

  /** The projection's definition. */
  public TopicProjection projection(String name) {
    TopicProjection projection = projections.get(name);
    if (projection == null) {
      throw new IllegalArgumentException("No topic projection " + name);
    }
    return projection;
  }

  /** Applies a consumed event, exactly once, to every version that is being written. */
  public Uni<Void> applyLive(String name, IncomingEvent event) {
    projection(name);
    return versioned.get(name).applyLive(event);
  }

  /**
   * Applies consumed events, each exactly once and in order, to every version being written: one
   * transaction per version for the lot. Fails with {@link
   * app.openup.eventing.projection.PoisonEvent} if one cannot be (nothing of the batch in that
   * version; the marks make a version that took it before harmless); the caller then applies them
   * one at a time ({@link #applyLive(String, IncomingEvent)}).
   */
  public Uni<Void> applyLive(String name, List<IncomingEvent> events) {
    projection(name);
    return versioned.get(name).applyLive(events);
  }

  /**
   * Applies the events, each exactly once and in order, to one version in one transaction, set-wise
   * with the marks ({@link ProcessedEvents#applyAll}); those applied now (not seen before) feed the
   * delay metric.
   */
  private Uni<Void> applyEach(TopicProjection projection, List<IncomingEvent> events, int version) {
    String marks = versioned.get(projection.name()).marksOf(version);
    return pool.withTransaction(
            connection ->
                ProcessedEvents.applyAll(
                    connection,
                    marks,
                    events,
                    fresh -> projection.apply(connection, fresh, version)))
        .invoke(
            applied -> {
              Commits.of(marks).committed();
              applied.forEach(event -> recordDelay(projection, event));
            })
        .replaceWithVoid();
  }

  private void recordDelay(TopicProjection projection, IncomingEvent event) {
    if (event.time() != null) {
      Duration delay = Duration.between(event.time(), Instant.now());
      delays.get(projection.name()).record(delay.isNegative() ? Duration.ZERO : delay);
    }
  }

  /**
   * The version queries read: as last read, read again in the background once it is a second old;
   * read now only the first time (and after this process switched versions). A read never waits for
   * the refresh: a read holding a connection of the pool that waited for another could, with the
   * pool taken by such reads, wait for ever; and a second of many reads makes one query.
   */
  public Uni<Integer> activeVersion(String name) {
    Known now = known.get(name);
    if (now == null) {
      return readVersions(name);
    }
    if (System.nanoTime() - now.readAtNanos() >= FRESH_FOR_NANOS) {
      refreshes.start(name, () -> readVersions(name));
    }
    return Uni.createFrom().item(now.active());
  }

  private Uni<Integer> readVersions(String name) {
    return versioned
        .get(name)
        .versions()
        .map(
            versions -> {
              known.put(name, new Known(versions.active(), System.nanoTime()));
              return versions.active();
            });
  }

  /**
   * Waits, at most {@link EventingConfig#consistencyWait()}, until the active version has applied
   * the event the token names (of any service whose topic the projection reads); true if it has.
   */
  public Uni<Boolean> await(String name, Optional<ConsistencyToken> token) {
    if (token.isEmpty()) {
      return Uni.createFrom().item(true);
    }
    return activeVersion(name)
        .chain(
            version ->
                versioned
                    .get(name)
                    .processed(version)
                    .awaitProcessed(token.get(), config.consistencyWait()));
  }

  /** The running (or last) rebuild's progress, or null if there was none. */
  public Progress progress(String name) {
    return progress.get(name).get();
  }

  /**
   * Rebuilds the read model from its topics beside the live one; completes with the new active
   * version once queries read it. One at a time per projection.
   */
  public Uni<Integer> rebuild(String name, Duration atMost) {
    TopicProjection projection = projection(name);
    VersionedProjection target = versioned.get(name);
    ProjectionRebuild rebuild =
        new ProjectionRebuild(
            target,
            bootstrapServers,
            RelayRunner.kafkaClientSettings(ConfigProvider.getConfig()),
            projection.topics(),
            version -> pool.withTransaction(connection -> projection.clear(connection, version)));
    return Uni.createFrom()
        .item(
            () -> {
              int before = target.versions().await().atMost(Duration.ofSeconds(30)).active();
              int after =
                  rebuild.run(
                      now -> {
                        progress.get(name).set(now);
                        Log.infof(
                            "Rebuild of %s: %d of %d records (%.0f%%)%s",
                            name,
                            now.processed(),
                            now.total(),
                            now.fraction() * 100,
                            now.switched() ? ", switched" : "");
                      },
                      atMost);
              known.remove(name);
              vertx.setTimer(RETIRE_AFTER.toMillis(), ignored -> retire(projection, before));
              return after;
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private void retire(TopicProjection projection, int version) {
    pool.withTransaction(connection -> projection.clear(connection, version))
        .subscribe()
        .with(
            done -> Log.infof("Read model %s: version %d retired", projection.name(), version),
            failure ->
                Log.warnf(
                    failure, "Read model %s: version %d not retired", projection.name(), version));
  }
}
