package app.openup.benchmarks;

import app.openup.eventing.TimeOrderedIds;
import app.openup.eventing.domain.Decider;
import app.openup.eventing.store.AppendRequest;
import app.openup.eventing.store.AppendResult;
import app.openup.eventing.store.EventCatalog;
import app.openup.eventing.store.EventSourcedRepository;
import app.openup.eventing.store.EventStore;
import app.openup.eventing.store.ExpectedVersion;
import app.openup.eventing.store.RecordedEvent;
import app.openup.eventing.store.StreamCommand;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.List;
import org.flywaydb.core.Flyway;

/** Our event store on one benchmark database, as one service instance has it. */
final class OpenUpStore implements AutoCloseable {

  static final EventCatalog<BenchEvent> CATALOG =
      EventCatalog.builder(BenchEvent.class).event(BenchEvent.class, BenchEvent.TYPE, 1).build();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String ACTOR = "bench";

  /** As many streams as a service remembers by default ({@code openup.cached-streams}). */
  private static final int CACHED_STREAMS = 10_000;

  private final Vertx vertx = Vertx.vertx();
  private final Pool pool;
  private final EventStore store;
  private final EventSourcedRepository<BenchEvent, Integer, BenchEvent> repository;
  private final EventSourcedRepository<BenchEvent, Integer, BenchEvent> cachingRepository;

  /** Applies the event store's schema (the eventing jar's Flyway migrations) to the database. */
  static void migrate(Postgres postgres, String database) {
    Flyway.configure()
        .dataSource(postgres.jdbcUrl(database), postgres.user(), postgres.password())
        .locations("classpath:db/eventing")
        .load()
        .migrate();
  }

  OpenUpStore(Postgres postgres, String database, int poolSize) {
    // Planned once per connection, as needs-service configures its pool (plan_cache_mode).
    PgConnectOptions connect =
        postgres.reactive(database).addProperty("plan_cache_mode", "force_generic_plan");
    pool = PgPool.pool(vertx, connect, new PoolOptions().setMaxSize(poolSize));
    store = new EventStore(pool, "bench");
    repository = new EventSourcedRepository<>(store, CATALOG, new LevelsDecider());
    cachingRepository =
        new EventSourcedRepository<>(store, CATALOG, new LevelsDecider(), CACHED_STREAMS);
  }

  /**
   * The Vert.x instance whose event loops the store's connections (and asynchronous writers) use.
   */
  io.vertx.core.Vertx vertx() {
    return vertx.getDelegate();
  }

  /**
   * The same operation called from a blocking thread: it waits for the outcome ({@code
   * Uni.await()}), handed over from the event loop that read it.
   */
  static ClosedLoop.Operation blocking(ClosedLoop.AsyncOperation operation) {
    return () -> operation.start().await().atMost(TIMEOUT);
  }

  /** One writer's appends, each creating a new stream, as a command that creates an aggregate. */
  ClosedLoop.AsyncOperation newStreamAppender() {
    BenchEvent event = BenchEvent.random();
    return () -> append(newStreamId(), ExpectedVersion.noStream(), event);
  }

  /**
   * One writer's commands: load the stream, fold it into state, decide on an event, append it at
   * the loaded version. After {@code aggregateEvents} events the writer moves on to a new stream.
   */
  ClosedLoop.AsyncOperation commandPath(int aggregateEvents) {
    CommandWriter writer = new CommandWriter(aggregateEvents);
    return () -> store.load(writer.stream()).flatMap(writer::decideAndAppend);
  }

  /**
   * The same commands called from a blocking thread, which waits for the load and then for the
   * append (each outcome handed over from the event loop that read it).
   */
  ClosedLoop.Operation blockingCommandPath(int aggregateEvents) {
    CommandWriter writer = new CommandWriter(aggregateEvents);
    return () -> {
      List<RecordedEvent> history = store.load(writer.stream()).await().atMost(TIMEOUT);
      writer.decideAndAppend(history).await().atMost(TIMEOUT);
    };
  }

  /** One writer's stream on the command path, and its decision. */
  private final class CommandWriter {
    private final int aggregateEvents;
    private final BenchEvent event = BenchEvent.random();
    private String streamId = newStreamId();

    CommandWriter(int aggregateEvents) {
      this.aggregateEvents = aggregateEvents;
    }

    String stream() {
      return streamId;
    }

    /** Folds the loaded stream, appends the decided event at its version, moves on when full. */
    Uni<AppendResult> decideAndAppend(List<RecordedEvent> history) {
      int levels = 0;
      for (RecordedEvent recorded : history) {
        levels += CATALOG.decode(recorded).level();
      }
      long version = history.isEmpty() ? 0 : history.get(history.size() - 1).streamVersion();
      String stream = streamId;
      if (version + 1 >= aggregateEvents) {
        streamId = newStreamId();
      }
      return append(stream, ExpectedVersion.exactly(version), event.decidedFrom(levels));
    }
  }

  /**
   * One writer's commands through the repository a service uses ({@link EventSourcedRepository}):
   * the same decision as {@link #commandPath}. Without a cache it reads the stream on every
   * command; with one (as the services run it) it decides on the remembered state of the stream and
   * appends at its version, reading the stream only when that state is not there or turns out
   * stale.
   */
  ClosedLoop.AsyncOperation repositoryPath(int aggregateEvents, boolean cached) {
    EventSourcedRepository<BenchEvent, Integer, BenchEvent> used =
        cached ? cachingRepository : repository;
    BenchEvent event = BenchEvent.random();
    String[] streamId = {newStreamId()};
    return () ->
        used.handle(
                StreamCommand.of(streamId[0], event).partitionKey(event.coupleId()).actor(ACTOR))
            .invoke(
                handled -> {
                  if (handled.result().toVersion() >= aggregateEvents) {
                    streamId[0] = newStreamId();
                  }
                });
  }

  /** The benchmark's aggregate: its state is the sum of the levels, as in {@link #commandPath}. */
  private static final class LevelsDecider implements Decider<BenchEvent, Integer, BenchEvent> {
    @Override
    public Integer initialState() {
      return 0;
    }

    @Override
    public Integer evolve(Integer levels, BenchEvent event) {
      return levels + event.level();
    }

    @Override
    public List<BenchEvent> decide(BenchEvent template, Integer levels) {
      return List.of(template.decidedFrom(levels));
    }
  }

  /**
   * Appends one event to a new stream; the item is the event's global position, once it is
   * committed.
   */
  Uni<Long> appendNew(BenchEvent event) {
    return append(newStreamId(), ExpectedVersion.noStream(), event).map(AppendResult::lastPosition);
  }

  /** Appends {@code count} events, each to a new stream, at most {@code concurrency} at a time. */
  void appendMany(int count, int concurrency) {
    Multi.createFrom()
        .range(0, count)
        .onItem()
        .transformToUni(i -> appendNew(BenchEvent.random()))
        .merge(concurrency)
        .collect()
        .last()
        .await()
        .atMost(Duration.ofMinutes(5));
  }

  private Uni<AppendResult> append(String streamId, ExpectedVersion expected, BenchEvent event) {
    return store.append(
        new AppendRequest(
            streamId,
            expected,
            event.coupleId(),
            ACTOR,
            List.of(CATALOG.encode(event)),
            null,
            null));
  }

  private static String newStreamId() {
    return "bench-" + TimeOrderedIds.next();
  }

  @Override
  public void close() {
    pool.close().await().atMost(TIMEOUT);
    vertx.close().await().atMost(TIMEOUT);
  }
}
