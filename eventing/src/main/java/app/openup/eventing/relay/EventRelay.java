package app.openup.eventing.relay;

import app.openup.eventing.store.EventMetadata;
import app.openup.eventing.store.EventStore;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventSerializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.postgresql.Driver;

/**
 * Publishes a service's events from its event store to its Kafka topic, in commit order, never
 * skipping one.
 *
 * <p><b>Why not "the last position seen".</b> Positions are handed out when rows are inserted, not
 * when transactions commit: a slow transaction can commit position 7 after position 8 was already
 * visible and published, and a reader that remembers "8" never sees 7. Here every row records the
 * id of the transaction that wrote it, and the relay reads only rows written by transactions older
 * than every transaction still running ({@code pg_snapshot_xmin}): those are all finished, so no
 * row can still appear among them. It publishes them in (transaction id, position) order and
 * checkpoints on that pair. A long transaction holds the relay back (visible in the lag metrics)
 * but never makes it skip.
 *
 * <p><b>Delivery.</b> Records are sent with an idempotent producer ({@code acks=all}), keyed by
 * couple id, as CloudEvents 1.0 in binary mode. Sending is pipelined: the relay reads and sends the
 * next batch while Kafka acknowledges the previous ones (at most {@value #MAX_BATCHES_IN_FLIGHT}
 * batches), and the idempotent producer keeps each partition in send order. The checkpoint moves
 * only past batches that Kafka acknowledged, each with every batch before it. A crash re-sends what
 * was sent after the checkpoint: delivery is at least once, and consumers deduplicate by event id.
 *
 * <p><b>One active relay.</b> A relay publishes only while it holds a PostgreSQL advisory lock on
 * its own connection; other instances wait in standby and take over when that connection ends.
 *
 * <p><b>Wake-ups.</b> The event store notifies after its commits; the relay listens (on a
 * connection of its own, see {@link #listen()}), and also looks again after {@link
 * RelayOptions#idlePoll()}, so that rows written by other writers, or waiting behind a transaction
 * that has since ended, are never left behind. Notifications only make it quicker: nothing depends
 * on receiving one.
 */
public final class EventRelay implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EventRelay.class);

  /** Batches sent and not yet acknowledged, at most. */
  private static final int MAX_BATCHES_IN_FLIGHT = 4;

  /** How long a stopping relay waits for Kafka to acknowledge what it sent. */
  private static final Duration STOP_DRAIN = Duration.ofSeconds(10);

  /** How often the lag is measured while the relay is busy publishing. */
  private static final Duration BUSY_LAG_CHECK = Duration.ofSeconds(1);

  private static final String FETCH =
      "select global_position, tx_id::text, event_id, stream_id, stream_version, event_type,"
          + " schema_version, couple_id, actor, occurred_at, payload::text, metadata::text"
          + " from event_store"
          + " where (tx_id, global_position) > (?::xid8, ?)"
          + " and tx_id < pg_snapshot_xmin(pg_current_snapshot())"
          + " order by tx_id, global_position limit ?";
  private static final String FETCH_UNSAFE =
      "select global_position, tx_id::text, event_id, stream_id, stream_version, event_type,"
          + " schema_version, couple_id, actor, occurred_at, payload::text, metadata::text"
          + " from event_store where global_position > ? order by global_position limit ?";
  private static final String LAG =
      "select count(*), coalesce(extract(epoch from now() - min(occurred_at)), 0)"
          + " from event_store where (tx_id, global_position) > (?::xid8, ?)";
  private static final String LOAD_CHECKPOINT =
      "select tx_id::text, global_position from event_relay_checkpoint where relay = ?";
  private static final String SAVE_CHECKPOINT =
      "insert into event_relay_checkpoint (relay, tx_id, global_position, updated_at)"
          + " values (?, ?::xid8, ?, now()) on conflict (relay) do update"
          + " set tx_id = excluded.tx_id, global_position = excluded.global_position,"
          + " updated_at = excluded.updated_at";

  /** Where the relay is. */
  public enum State {
    STARTING,
    STANDBY,
    ACTIVE,
    FAILING,
    STOPPED
  }

  private record Checkpoint(String txId, long position) {
    static final Checkpoint START = new Checkpoint("0", 0);
  }

  private record Row(
      long position,
      String txId,
      UUID eventId,
      String streamId,
      long streamVersion,
      String type,
      int schemaVersion,
      UUID coupleId,
      String actor,
      Instant occurredAt,
      String payloadJson,
      EventMetadata metadata) {}

  private final RelayOptions options;
  private volatile Producer<String, CloudEvent> producer;
  private final Clock clock;
  private final Thread thread;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Semaphore wakeUps = new Semaphore(0);
  private final PgConnectOptions listenerConnection;
  private final Vertx vertx;
  private final boolean ownsVertx;
  private volatile PgSubscriber subscriber;
  private volatile boolean listening;
  private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
  private final AtomicLong lagEvents = new AtomicLong();
  private final AtomicLong lagMillis = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  private volatile Instant lastProgress;
  private volatile Instant lastLagCheck = Instant.EPOCH;
  private volatile Instant failingSince;
  private Counter publishedCounter;

  /** A relay with a Vert.x instance of its own (one event loop) for its listening connection. */
  public EventRelay(RelayOptions options) {
    this(options, Clock.systemUTC(), null);
  }

  /**
   * A relay whose listening connection runs on the application's Vert.x (Quarkus's, in a service);
   * the relay does not close it.
   */
  public EventRelay(RelayOptions options, Vertx vertx) {
    this(options, Clock.systemUTC(), vertx);
  }

  EventRelay(RelayOptions options, Clock clock) {
    this(options, clock, null);
  }

  private EventRelay(RelayOptions options, Clock clock, Vertx shared) {
    this.options = options;
    this.clock = clock;
    this.lastProgress = clock.instant();
    this.producer = createProducer(options);
    this.thread = new Thread(this::run, "event-relay-" + options.name());
    this.thread.setDaemon(true);
    this.listenerConnection = listenerConnection(options);
    this.ownsVertx = shared == null;
    this.vertx =
        shared != null
            ? shared
            : Vertx.vertx(
                new VertxOptions()
                    .setEventLoopPoolSize(1)
                    .setWorkerPoolSize(1)
                    .setInternalBlockingPoolSize(1));
  }

  /** Starts relaying on a thread of its own. */
  public EventRelay start() {
    listen();
    thread.start();
    return this;
  }

  /** Registers the relay's lag and throughput with Micrometer. */
  public EventRelay bindTo(MeterRegistry registry) {
    String relay = options.name();
    Gauge.builder("openup.relay.lag.events", lagEvents, AtomicLong::get)
        .description("Events committed to the event store but not yet acknowledged by Kafka")
        .tag("relay", relay)
        .register(registry);
    Gauge.builder("openup.relay.lag.seconds", lagMillis, ms -> ms.get() / 1000.0)
        .description("Age of the oldest event not yet acknowledged by Kafka")
        .tag("relay", relay)
        .register(registry);
    Gauge.builder("openup.relay.active", state, s -> s.get() == State.ACTIVE ? 1 : 0)
        .description("1 while this instance holds the relay lock and publishes")
        .tag("relay", relay)
        .register(registry);
    publishedCounter =
        Counter.builder("openup.relay.events.published")
            .description("Events acknowledged by Kafka")
            .tag("relay", relay)
            .register(registry);
    return this;
  }

  public State state() {
    return state.get();
  }

  /**
   * Whether the relay hears the store's commit notifications now; without them it still publishes,
   * looking every {@link RelayOptions#idlePoll()}.
   */
  public boolean isListening() {
    return listening;
  }

  /** Events acknowledged by Kafka since this relay started (re-sends included). */
  public long publishedCount() {
    return published.get();
  }

  /** Events waiting to be published, as of the last check. */
  public long lagEvents() {
    return lagEvents.get();
  }

  /**
   * Whether the relay is stuck: failing for longer than {@link RelayOptions#stuckAfter()}, or
   * active with events waiting and no progress for that long. A standby relay is not stuck: it
   * waits for the active one.
   */
  public boolean isStuck() {
    Duration limit = options.stuckAfter();
    Instant now = clock.instant();
    Instant failing = failingSince;
    if (failing != null && failing.plus(limit).isBefore(now)) {
      return true;
    }
    State current = state.get();
    return current == State.STOPPED
        || (current == State.ACTIVE
            && lagEvents.get() > 0
            && lastProgress.plus(limit).isBefore(now));
  }

  @Override
  public void close() {
    stop.countDown();
    wakeUp();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        producer.close(Duration.ofSeconds(10));
      } finally {
        closeListener();
        state.set(State.STOPPED);
      }
    }
  }

  private void closeListener() {
    PgSubscriber current = subscriber;
    Future<Void> listenerClosed = current != null ? current.close() : Future.succeededFuture();
    if (!ownsVertx) {
      return;
    }
    // The listening connection closes on the event loop: stopping the loop before it has would
    // leave its last steps nowhere to run (Netty logs them as rejected). Both are awaited here,
    // off the loop: Vert.x must not be closed from a task of its own loop.
    awaitQuietly(listenerClosed);
    awaitQuietly(vertx.close());
  }

  /** Waits a bounded time for a closing step; an interrupt is kept for the caller. */
  private void awaitQuietly(Future<Void> closing) {
    try {
      closing.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debugf("Relay %s: listener not closed cleanly: %s", options.name(), e.getMessage());
    }
  }

  private void run() {
    while (!stopping()) {
      try (Connection connection = connect()) {
        relayWhileLeader(connection);
      } catch (Exception e) {
        if (stopping()) {
          break;
        }
        state.set(State.FAILING);
        if (failingSince == null) {
          failingSince = clock.instant();
        }
        LOG.warnf("Relay %s failed, retrying: %s", options.name(), e.getMessage());
        // A producer can be left unusable (fenced, closed, fatal error): start again with a new
        // one.
        producer.close(Duration.ZERO);
        producer = createProducer(options);
        pause(options.retryBackoff());
      }
    }
    state.set(State.STOPPED);
  }

  private void relayWhileLeader(Connection connection) throws Exception {
    state.set(State.STANDBY);
    while (!stopping() && !tryLock(connection)) {
      // Connected and waiting for the active relay: healthy, whatever failed before.
      failingSince = null;
      pause(options.standbyPoll());
    }
    if (stopping()) {
      return;
    }
    state.set(State.ACTIVE);
    lastProgress = clock.instant();
    LOG.infof("Relay %s is active", options.name());
    Checkpoint start = loadCheckpoint(connection);
    try (Statements statements = Statements.prepare(connection, options.unsafeLastPositionSeen())) {
      publish(statements, start);
    }
  }

  /** Publishes from the saved checkpoint until the relay stops or this turn fails. */
  private void publish(Statements statements, Checkpoint start) throws Exception {
    Checkpoint saved = start;
    Checkpoint read = saved;
    // Sent but not acknowledged when this turn ends by a failure: the next leader (this relay
    // again, with a new producer, or another instance) re-sends them from the saved checkpoint.
    ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    while (!stopping()) {
      saved = saveAcknowledged(statements, inFlight, saved);
      if (inFlight.size() >= MAX_BATCHES_IN_FLIGHT) {
        awaitOldest(inFlight, options.sendTimeout());
        continue;
      }
      List<Row> batch = fetch(statements, read);
      if (batch.isEmpty()) {
        if (inFlight.isEmpty()) {
          failingSince = null;
          measureLag(statements, saved, true);
        } else {
          failIfUnacknowledged(inFlight.peekFirst());
        }
        // A commit, or Kafka acknowledging a batch, wakes the relay: whichever comes first.
        awaitWakeUp(options.idlePoll());
        continue;
      }
      Row last = batch.get(batch.size() - 1);
      read = new Checkpoint(last.txId(), last.position());
      inFlight.addLast(send(batch, read));
      measureLag(statements, saved, false);
    }
    // Stopping: let what was sent be acknowledged, so that a restart re-sends as little as can be;
    // what is not acknowledged in time is sent again by the next leader.
    long drainUntil = System.nanoTime() + STOP_DRAIN.toNanos();
    while (!inFlight.isEmpty() && System.nanoTime() < drainUntil) {
      awaitOldest(inFlight, Duration.ofNanos(Math.max(1, drainUntil - System.nanoTime())));
      saved = saveAcknowledged(statements, inFlight, saved);
    }
  }

  /**
   * The statements the active relay runs again and again (the fetch and the checkpoint hundreds of
   * times a second at a thousand events a second), prepared once per turn on its connection.
   */
  private record Statements(
      PreparedStatement fetch, PreparedStatement lag, PreparedStatement saveCheckpoint)
      implements AutoCloseable {

    static Statements prepare(Connection connection, boolean unsafeLastPositionSeen)
        throws SQLException {
      return new Statements(
          connection.prepareStatement(unsafeLastPositionSeen ? FETCH_UNSAFE : FETCH),
          connection.prepareStatement(LAG),
          connection.prepareStatement(SAVE_CHECKPOINT));
    }

    @Override
    public void close() throws SQLException {
      try (fetch;
          lag;
          saveCheckpoint) {
        // Closed in reverse order by the try.
      }
    }
  }

  /**
   * A batch handed to the producer: acknowledged when Kafka acknowledged every one of its events,
   * and the checkpoint that this (with every batch before it) allows.
   */
  private record InFlight(Checkpoint upTo, CompletableFuture<Void> acked, Instant sentAt) {}

  /**
   * Moves the saved checkpoint past every batch that Kafka acknowledged, oldest first, stopping at
   * the first one still waiting; a batch Kafka refused ends this relay's turn (the caller starts
   * again from the saved checkpoint, re-sending).
   */
  private Checkpoint saveAcknowledged(
      Statements statements, ArrayDeque<InFlight> inFlight, Checkpoint saved) throws Exception {
    Checkpoint upTo = saved;
    while (!inFlight.isEmpty()
        && inFlight.peekFirst().acked().isDone()
        && !inFlight.peekFirst().acked().isCompletedExceptionally()) {
      upTo = inFlight.removeFirst().upTo();
    }
    if (upTo != saved) {
      saveCheckpoint(statements, upTo);
      lastProgress = clock.instant();
      failingSince = null;
    }
    // Any refused batch ends the turn at once (what was acknowledged before it is saved above), so
    // that as little as can be is sent after it.
    for (InFlight batch : inFlight) {
      if (batch.acked().isCompletedExceptionally()) {
        batch.acked().get();
      }
    }
    return upTo;
  }

  private void failIfUnacknowledged(InFlight oldest) throws TimeoutException {
    if (oldest.sentAt().plus(options.sendTimeout()).isBefore(clock.instant())) {
      throw new TimeoutException(
          "Kafka did not acknowledge a batch within " + options.sendTimeout());
    }
  }

  private void awaitOldest(ArrayDeque<InFlight> inFlight, Duration atMost) throws Exception {
    inFlight.peekFirst().acked().get(atMost.toMillis(), TimeUnit.MILLISECONDS);
  }

  private List<Row> fetch(Statements statements, Checkpoint checkpoint) throws SQLException {
    PreparedStatement query = statements.fetch();
    if (options.unsafeLastPositionSeen()) {
      query.setLong(1, checkpoint.position());
      query.setInt(2, options.batchSize());
    } else {
      query.setString(1, checkpoint.txId());
      query.setLong(2, checkpoint.position());
      query.setInt(3, options.batchSize());
    }
    List<Row> rows = new ArrayList<>();
    try (ResultSet result = query.executeQuery()) {
      while (result.next()) {
        rows.add(
            new Row(
                result.getLong(1),
                result.getString(2),
                result.getObject(3, UUID.class),
                result.getString(4),
                result.getLong(5),
                result.getString(6),
                result.getInt(7),
                result.getObject(8, UUID.class),
                result.getString(9),
                result.getObject(10, java.time.OffsetDateTime.class).toInstant(),
                result.getString(11),
                EventMetadata.fromJson(result.getString(12))));
      }
    }
    return rows;
  }

  /**
   * Hands the batch to the producer without waiting: the next batch is read and sent while Kafka
   * acknowledges this one. The idempotent producer keeps the records of each partition in the order
   * they were sent, also when it retries.
   */
  private InFlight send(List<Row> batch, Checkpoint upTo) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    AtomicInteger waiting = new AtomicInteger(batch.size());
    for (Row row : batch) {
      ProducerRecord<String, CloudEvent> record =
          new ProducerRecord<>(options.topic(), key(row), cloudEvent(row));
      if (row.metadata().traceparent() != null) {
        record
            .headers()
            .add("traceparent", row.metadata().traceparent().getBytes(StandardCharsets.UTF_8));
      }
      producer.send(
          record,
          (metadata, failure) -> {
            if (failure != null) {
              acked.completeExceptionally(failure);
              wakeUp();
            } else if (waiting.decrementAndGet() == 0) {
              acknowledged(batch.size());
              acked.complete(null);
              wakeUp();
            }
          });
    }
    return new InFlight(upTo, acked, clock.instant());
  }

  private void acknowledged(int events) {
    published.addAndGet(events);
    if (publishedCounter != null) {
      publishedCounter.increment(events);
    }
  }

  private static String key(Row row) {
    return row.coupleId() != null ? row.coupleId().toString() : row.streamId();
  }

  private CloudEvent cloudEvent(Row row) {
    CloudEventBuilder event =
        CloudEventBuilder.v1()
            .withId(row.eventId().toString())
            .withSource(options.source())
            .withType(row.type())
            .withTime(row.occurredAt().atOffset(ZoneOffset.UTC))
            .withDataContentType("application/json")
            .withData(PublicPayload.of(row.payloadJson()).getBytes(StandardCharsets.UTF_8))
            .withExtension("streamid", row.streamId())
            .withExtension("streamversion", row.streamVersion())
            .withExtension("globalposition", row.position())
            .withExtension("schemaversion", row.schemaVersion());
    if (row.coupleId() != null) {
      event.withSubject(row.coupleId().toString());
    }
    if (row.actor() != null) {
      event.withExtension("actor", row.actor());
    }
    if (row.metadata().correlationId() != null) {
      event.withExtension("correlationid", row.metadata().correlationId().toString());
    }
    if (row.metadata().causationId() != null) {
      event.withExtension("causationid", row.metadata().causationId().toString());
    }
    if (row.metadata().traceparent() != null) {
      event.withExtension("traceparent", row.metadata().traceparent());
    }
    return event.build();
  }

  private void measureLag(Statements statements, Checkpoint checkpoint, boolean idle)
      throws SQLException {
    Instant now = clock.instant();
    if (lastLagCheck.plus(idle ? options.idlePoll() : BUSY_LAG_CHECK).isAfter(now)) {
      return;
    }
    lastLagCheck = now;
    PreparedStatement query = statements.lag();
    query.setString(1, checkpoint.txId());
    query.setLong(2, checkpoint.position());
    try (ResultSet result = query.executeQuery()) {
      result.next();
      lagEvents.set(result.getLong(1));
      lagMillis.set((long) (result.getDouble(2) * 1000));
    }
  }

  private Checkpoint loadCheckpoint(Connection connection) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(LOAD_CHECKPOINT)) {
      query.setString(1, options.name());
      try (ResultSet result = query.executeQuery()) {
        return result.next()
            ? new Checkpoint(result.getString(1), result.getLong(2))
            : Checkpoint.START;
      }
    }
  }

  private void saveCheckpoint(Statements statements, Checkpoint checkpoint) throws SQLException {
    PreparedStatement update = statements.saveCheckpoint();
    update.setString(1, options.name());
    update.setString(2, checkpoint.txId());
    update.setLong(3, checkpoint.position());
    update.executeUpdate();
  }

  private boolean tryLock(Connection connection) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement("select pg_try_advisory_lock(hashtext(?))")) {
      lock.setString(1, "openup-relay:" + options.name());
      try (ResultSet result = lock.executeQuery()) {
        result.next();
        return result.getBoolean(1);
      }
    }
  }

  /** Returns on the first wake-up since the last, or after the timeout; the caller looks again. */
  private void awaitWakeUp(Duration timeout) {
    try {
      wakeUps.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
      wakeUps.drainPermits();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop.countDown();
    }
  }

  private void wakeUp() {
    if (wakeUps.availablePermits() == 0) {
      wakeUps.release();
    }
  }

  /**
   * Listens for the event store's notifications on a connection of its own, through the Vert.x
   * PostgreSQL client, which hands over each notification as it arrives. (PgJDBC's {@code
   * getNotifications(timeout)} keeps reading while notifications follow each other within a
   * millisecond, so at a steady thousand commits per second it returned tens of milliseconds late.)
   * The listener reconnects by itself; while it is down the relay still looks every {@link
   * RelayOptions#idlePoll()}.
   */
  private void listen() {
    if (stopping()) {
      return;
    }
    // A subscriber of its own per attempt: once connected it reconnects by itself, but a first
    // connection that failed is never tried again by it.
    PgSubscriber attempt =
        PgSubscriber.subscriber(vertx, listenerConnection)
            .reconnectPolicy(retries -> options.retryBackoff().toMillis());
    attempt
        .channel(EventStore.NOTIFY_CHANNEL)
        .subscribeHandler(subscribed -> listening = true)
        .handler(payload -> wakeUp());
    attempt.closeHandler(closed -> listening = false);
    subscriber = attempt;
    attempt.connect(
        connected -> {
          if (connected.failed() && !stopping()) {
            LOG.warnf(
                "Relay %s cannot listen for commits (%s); it looks every %s until it can",
                options.name(), connected.cause().getMessage(), options.idlePoll());
            attempt.close();
            vertx.setTimer(options.retryBackoff().toMillis(), timer -> listen());
          }
        });
  }

  /** The relay's database, from its JDBC URL, for the listening connection. */
  private static PgConnectOptions listenerConnection(RelayOptions options) {
    Properties url = Driver.parseURL(options.jdbcUrl(), new Properties());
    if (url == null) {
      throw new IllegalArgumentException("The relay's database URL is not a PostgreSQL JDBC URL");
    }
    String user = options.user() != null ? options.user() : url.getProperty("user");
    String password = options.password() != null ? options.password() : url.getProperty("password");
    PgConnectOptions connect =
        new PgConnectOptions()
            .setHost(url.getProperty("PGHOST").split(",")[0])
            .setPort(Integer.parseInt(url.getProperty("PGPORT").split(",")[0]))
            .setDatabase(url.getProperty("PGDBNAME"))
            .setUser(user)
            .setPassword(password == null ? "" : password)
            // It only listens: keepalives notice a connection that died without a word.
            .setTcpKeepAlive(true);
    String sslMode = url.getProperty("sslmode");
    if (sslMode != null) {
      connect.setSslMode(SslMode.of(sslMode));
    }
    return connect;
  }

  private Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", options.user());
    if (options.password() != null && !options.password().isEmpty()) {
      properties.setProperty("password", options.password());
    }
    properties.setProperty("ApplicationName", "openup-relay-" + options.name());
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("tcpKeepAlive", "true");
    Connection connection = DriverManager.getConnection(options.jdbcUrl(), properties);
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      // Only the checkpoint is written on this connection. Losing its last moves in a database
      // crash means re-sending those events (consumers deduplicate by event id), never skipping
      // one, so its commits need not wait for the disk.
      statement.execute("set synchronous_commit = off");
    }
    return connection;
  }

  private boolean stopping() {
    return stop.getCount() == 0;
  }

  private void pause(Duration duration) {
    try {
      stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop.countDown();
    }
  }

  private static Producer<String, CloudEvent> createProducer(RelayOptions options) {
    Map<String, Object> config = new HashMap<>(options.kafka());
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "openup-relay-" + options.name());
    CloudEventSerializer serializer = new CloudEventSerializer();
    serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY), false);
    return new KafkaProducer<>(config, new StringSerializer(), serializer);
  }

  /** The CloudEvents {@code source} of a service. */
  public static URI sourceOf(String service) {
    return URI.create("/openup/" + service);
  }
}
