package app.openup.benchmarks;

import app.openup.eventing.TimeOrderedIds;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Axon Framework's JDBC event storage engine on its own benchmark database, in plain Java: the
 * PostgreSQL table layout of {@link PostgresEventTableFactory}, events serialized by Jackson, and
 * each append committed on its own (no transaction manager, auto-commit), as durable as ours.
 *
 * <p>Connections come from a HikariCP pool over a {@link PGSimpleDataSource}, as in any Axon
 * deployment: without a pool every append would open a new PostgreSQL connection, and the benchmark
 * would measure connection set-up rather than Axon.
 */
final class AxonStore implements AutoCloseable {

  private static final String AGGREGATE_TYPE = "BenchAggregate";

  private final HikariDataSource dataSource;
  private final JdbcEventStorageEngine engine;
  private final EmbeddedEventStore eventStore;
  private final EventSourcingRepository<AxonBenchAggregate> repository;
  private final EventSourcingRepository<AxonBenchAggregate> cachingRepository;

  AxonStore(Postgres postgres, String database, int maxConnections) {
    PGSimpleDataSource server = new PGSimpleDataSource();
    server.setServerNames(new String[] {postgres.host()});
    server.setPortNumbers(new int[] {postgres.port()});
    server.setDatabaseName(database);
    server.setUser(postgres.user());
    server.setPassword(postgres.password());
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("axon");
    pool.setDataSource(server);
    pool.setMaximumPoolSize(maxConnections);
    dataSource = new HikariDataSource(pool);

    JacksonSerializer serializer =
        JacksonSerializer.builder().objectMapper(BenchEvent.mapper()).build();
    engine =
        JdbcEventStorageEngine.builder()
            .connectionProvider(new DataSourceConnectionProvider(dataSource))
            .transactionManager(NoTransactionManager.INSTANCE)
            .eventSerializer(serializer)
            .snapshotSerializer(serializer)
            .build();
    engine.createSchema(PostgresEventTableFactory.INSTANCE);
    eventStore = EmbeddedEventStore.builder().storageEngine(engine).build();
    repository =
        EventSourcingRepository.builder(AxonBenchAggregate.class).eventStore(eventStore).build();
    cachingRepository =
        EventSourcingRepository.builder(AxonBenchAggregate.class)
            .eventStore(eventStore)
            .cache(new WeakReferenceCache())
            .build();
  }

  /** One writer's appends, each the first event of a new aggregate. */
  ClosedLoop.Operation newAggregateAppender() {
    BenchEvent event = BenchEvent.random();
    return () ->
        engine.appendEvents(
            new GenericDomainEventMessage<>(
                AGGREGATE_TYPE, TimeOrderedIds.next().toString(), 0, event));
  }

  /**
   * One writer's commands on the storage engine itself, below Axon's aggregate repository (no
   * snapshot read, no unit of work), the analogue of {@link OpenUpStore#commandPath}: read the
   * aggregate's events, fold them into state, append the decided event at the next sequence number.
   * After {@code aggregateEvents} events the writer moves on to a new aggregate.
   */
  ClosedLoop.Operation storageEnginePath(int aggregateEvents) {
    BenchEvent event = BenchEvent.random();
    return new ClosedLoop.Operation() {
      private String aggregateId = TimeOrderedIds.next().toString();

      @Override
      public void run() {
        DomainEventStream history = engine.readEvents(aggregateId);
        int levels = 0;
        while (history.hasNext()) {
          levels += ((BenchEvent) history.next().getPayload()).level();
        }
        Long last = history.getLastSequenceNumber();
        long next = last == null ? 0 : last + 1;
        engine.appendEvents(
            new GenericDomainEventMessage<>(
                AGGREGATE_TYPE, aggregateId, next, event.decidedFrom(levels)));
        if (next + 1 >= aggregateEvents) {
          aggregateId = TimeOrderedIds.next().toString();
        }
      }
    };
  }

  /**
   * One writer's commands through Axon's aggregate repository ({@code EventSourcingRepository}),
   * each in a unit of work as a command handler runs: load the aggregate (or create it, for a new
   * one) with {@code loadOrCreate}, let it apply the decided event, commit. Without a cache the
   * repository reads the aggregate's snapshot and events on every command; with one (Axon's own
   * {@code WeakReferenceCache}) it reads them only when the aggregate is not cached. The analogue
   * of {@link OpenUpStore#repositoryPath}.
   */
  ClosedLoop.Operation repositoryPath(int aggregateEvents, boolean cached) {
    EventSourcingRepository<AxonBenchAggregate> used = cached ? cachingRepository : repository;
    BenchEvent event = BenchEvent.random();
    return new ClosedLoop.Operation() {
      private String aggregateId = TimeOrderedIds.next().toString();
      private int events;

      @Override
      public void run() throws Exception {
        String id = aggregateId;
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        ResultMessage<?> result =
            unitOfWork.executeWithResult(
                () -> {
                  used.loadOrCreate(id, () -> new AxonBenchAggregate(id))
                      .execute(a -> a.decide(event));
                  return null;
                });
        // The unit of work hands a failure back as its result: a command that failed must fail the
        // measurement, not count as a quick one.
        if (result.isExceptional()) {
          throw new IllegalStateException("An Axon command failed", result.exceptionResult());
        }
        if (++events >= aggregateEvents) {
          aggregateId = TimeOrderedIds.next().toString();
          events = 0;
        }
      }
    };
  }

  @Override
  public void close() {
    eventStore.shutDown();
    dataSource.close();
  }
}
