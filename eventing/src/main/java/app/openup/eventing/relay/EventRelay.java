package app.openup.eventing.relay;

import app.openup.eventing.relay.RelaySender.InFlight;
import app.openup.eventing.relay.RelayStatements.SetAside;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Publishes a service's events from its event store to its Kafka topic, never skipping one.
 *
 * <p><b>Why not "the last position seen".</b> Positions are handed out when rows are inserted, not
 * when transactions commit: a slow transaction can commit position 7 after position 8 was already
 * visible and published, and a reader that remembers "8" never sees 7. Here every row records the
 * id of the transaction that wrote it (the database sets it; a writer cannot), and the relay reads
 * only rows written by transactions older than every transaction still running in its database
 * ({@code event_store_watermark()}, migration V0_11; PostgreSQL's own {@code pg_snapshot_xmin} is
 * the whole cluster's, where other services' stores live): those are all finished, so no row can
 * still appear among them. It publishes them in (transaction id, position) order and checkpoints on
 * that pair ({@link RelayFetch}). A long transaction holds the relay back (visible in the lag
 * metrics) but never makes it skip.
 *
 * <p><b>What order is kept.</b> Transaction-id order is not commit order, but within one stream
 * each version is written by a transaction that began after the previous version committed, so each
 * stream's events are published in version order, and so are the events of one partition key within
 * a batch of the relay. Across streams, events are published in the order their transactions began,
 * which may differ from the order they committed.
 *
 * <p><b>Delivery.</b> Sending is pipelined ({@link RelaySender}): the relay reads and sends the
 * next batch while Kafka acknowledges earlier ones (at most {@value #MAX_BATCHES_IN_FLIGHT}), and
 * the checkpoint ({@link RelayStatements}) moves only past batches that Kafka acknowledged, each
 * with every batch before it. A crash re-sends what was sent after the checkpoint: delivery is at
 * least once, and consumers deduplicate by event id. An event that can never be published is set
 * aside with its reason ({@code event_relay_dead_letter}, the metric {@code
 * openup.relay.dead.letters}) and the rest goes on; its stream then has a gap on Kafka.
 *
 * <p><b>One active relay.</b> A relay publishes only while it holds a PostgreSQL advisory lock on
 * its own connection; other instances wait in standby and take over when that connection ends.
 *
 * <p><b>Restores.</b> A database restored from a dump or moved by logical replication holds
 * transaction ids of another cluster; the relay notices (at start and whenever it is idle) and
 * re-bases its checkpoint, loudly (an error log line, {@code openup.relay.rebases}).
 *
 * <p><b>Wake-ups.</b> The event store notifies after its commits ({@link CommitListener}); the
 * relay also looks again after {@link RelayOptions#idlePoll()}, so nothing depends on receiving a
 * notification.
 */
public final class EventRelay implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EventRelay.class);

  /** Batches sent and not yet acknowledged, at most. */
  private static final int MAX_BATCHES_IN_FLIGHT = 4;

  /** How long a stopping relay waits for Kafka to acknowledge what it sent. */
  private static final Duration STOP_DRAIN = Duration.ofSeconds(10);

  /** How often the lag is measured while the relay is busy publishing. */
  private static final Duration BUSY_LAG_CHECK = Duration.ofSeconds(1);

  /** Where the relay is. */
  public enum State {
    STARTING,
    STANDBY,
    ACTIVE,
    FAILING,
    STOPPED
  }

  private final RelayOptions options;
  private final RelayFetch fetch;
  private final Clock clock;
  private final Thread thread;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Semaphore wakeUps = new Semaphore(0);
  private final CommitListener listener;
  private volatile RelaySender sender;
  private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
  private final AtomicLong lagEvents = new AtomicLong();
  private final AtomicLong lagMillis = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong setAside = new AtomicLong();
  private final AtomicLong rebases = new AtomicLong();
  private volatile Instant lastProgress;
  private volatile Instant lastTurn;
  private volatile Instant lastLagCheck = Instant.EPOCH;
  private volatile Instant failingSince;
  private Counter publishedCounter;
  private Counter setAsideCounter;
  private Counter rebasesCounter;

  /** A relay with a Vert.x instance of its own (one event loop) for its listening connection. */
  public EventRelay(RelayOptions options) {
    this(options, Clock.systemUTC(), null, RelayFetch.BELOW_WATERMARK);
  }

  /**
   * A relay whose listening connection runs on the application's Vert.x (Quarkus's, in a service);
   * the relay does not close it.
   */
  public EventRelay(RelayOptions options, Vertx vertx) {
    this(options, Clock.systemUTC(), vertx, RelayFetch.BELOW_WATERMARK);
  }

  /** Tests give another way to fetch (the naive relay that their scenarios must catch). */
  EventRelay(RelayOptions options, Clock clock, Vertx vertx, RelayFetch fetch) {
    this.options = options;
    this.fetch = fetch;
    this.clock = clock;
    this.lastProgress = clock.instant();
    this.lastTurn = clock.instant();
    this.sender = new RelaySender(options);
    this.thread = new Thread(this::run, "event-relay-" + options.name());
    this.thread.setDaemon(true);
    this.listener = new CommitListener(options, vertx, this::wakeUp);
  }

  /** Starts relaying on a thread of its own. */
  public EventRelay start() {
    listener.start();
    thread.start();
    return this;
  }

  /**
   * Registers the relay's metrics with Micrometer. Alert on {@code openup.relay.lag.seconds} (for
   * example over 60 s for 5 minutes), {@code openup.relay.dead.letters} (any increase) and {@code
   * openup.relay.rebases} (any increase); see the README's runbook.
   */
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
    Gauge.builder(
            "openup.relay.turn.age.seconds",
            this,
            r -> Duration.between(r.lastTurn, r.clock.instant()).toMillis() / 1000.0)
        .description("Time since the relay last completed a turn (read the log, or published)")
        .tag("relay", relay)
        .register(registry);
    publishedCounter =
        Counter.builder("openup.relay.events.published")
            .description("Events acknowledged by Kafka")
            .tag("relay", relay)
            .register(registry);
    setAsideCounter =
        Counter.builder("openup.relay.dead.letters")
            .description("Events the relay could not publish, set aside in event_relay_dead_letter")
            .tag("relay", relay)
            .register(registry);
    rebasesCounter =
        Counter.builder("openup.relay.rebases")
            .description("Checkpoints re-based after transaction ids of another cluster were found")
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
    return listener.isListening();
  }

  /** Events acknowledged by Kafka since this relay started (re-sends included). */
  public long publishedCount() {
    return published.get();
  }

  /** Events set aside as unpublishable since this relay started. */
  public long setAsideCount() {
    return setAside.get();
  }

  /** Checkpoint re-bases since this relay started. */
  public long rebaseCount() {
    return rebases.get();
  }

  /** Events waiting to be published, as of the last check. */
  public long lagEvents() {
    return lagEvents.get();
  }

  /**
   * Whether the relay is stuck: failing for longer than {@link RelayOptions#stuckAfter()}; active
   * with no completed turn for that long (a statement or the connection hangs); or active with
   * events waiting and none published for that long. A standby relay is not stuck: it waits for the
   * active one. Report it as a metric and a health check of its own, not as readiness: a relay held
   * back (by a long transaction anywhere in the cluster, say) must not take the service's pods out
   * of service.
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
        || (current == State.ACTIVE && lastTurn.plus(limit).isBefore(now))
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
        sender.close();
      } finally {
        listener.close();
        state.set(State.STOPPED);
      }
    }
  }

  private void run() {
    while (!stopping()) {
      try (Connection connection = RelayStatements.connect(options)) {
        relayWhileLeader(connection);
      } catch (Exception e) {
        if (stopping()) {
          break;
        }
        state.set(State.FAILING);
        if (failingSince == null) {
          failingSince = clock.instant();
        }
        LOG.warnf(
            e, "Relay %s failed; it starts again in %s", options.name(), options.retryBackoff());
        // A producer can be left unusable (fenced, closed, fatal error): start again with a new
        // one.
        sender.closeNow();
        sender = new RelaySender(options);
        pause(options.retryBackoff());
      }
    }
    state.set(State.STOPPED);
  }

  private void relayWhileLeader(Connection connection) throws Exception {
    state.set(State.STANDBY);
    while (!stopping() && !RelayStatements.tryLock(connection, options.name())) {
      // Connected and waiting for the active relay: healthy, whatever failed before.
      failingSince = null;
      lastTurn = clock.instant();
      pause(options.standbyPoll());
    }
    if (stopping()) {
      return;
    }
    state.set(State.ACTIVE);
    lastProgress = clock.instant();
    lastTurn = clock.instant();
    LOG.infof("Relay %s is active", options.name());
    try (RelayStatements statements = RelayStatements.prepare(connection, options.name(), fetch)) {
      Checkpoint start = statements.loadCheckpoint();
      Checkpoint rebased = rebaseIfForeign(statements, start);
      publish(statements, rebased != null ? rebased : start);
    }
  }

  /** Publishes from the saved checkpoint until the relay stops or this turn fails. */
  private void publish(RelayStatements statements, Checkpoint start) throws Exception {
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
      List<RelayRow> batch = statements.fetch(read, options.batchSize());
      lastTurn = clock.instant();
      if (batch.isEmpty()) {
        if (inFlight.isEmpty()) {
          failingSince = null;
          if (lagCheckDue(true)) {
            Checkpoint rebased = rebaseIfForeign(statements, saved);
            if (rebased != null) {
              saved = rebased;
              read = rebased;
              continue;
            }
            measureLag(statements, saved);
          }
        } else {
          failIfUnacknowledged(inFlight.peekFirst());
        }
        // A commit, or Kafka acknowledging a batch, wakes the relay: whichever comes first.
        awaitWakeUp(options.idlePoll());
        continue;
      }
      RelayRow last = batch.get(batch.size() - 1);
      read = new Checkpoint(last.txId(), last.position());
      inFlight.addLast(sender.send(batch, read, clock.instant(), this::acknowledged, this::wakeUp));
      if (lagCheckDue(false)) {
        measureLag(statements, saved);
      }
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
   * Moves the saved checkpoint past every batch that Kafka acknowledged, oldest first, stopping at
   * the first one still waiting, after recording the events of those batches that were set aside; a
   * batch Kafka refused ends this relay's turn (the caller starts again from the saved checkpoint,
   * re-sending).
   */
  private Checkpoint saveAcknowledged(
      RelayStatements statements, ArrayDeque<InFlight> inFlight, Checkpoint saved)
      throws Exception {
    Checkpoint upTo = saved;
    List<SetAside> aside = new ArrayList<>();
    while (!inFlight.isEmpty()
        && inFlight.peekFirst().acked().isDone()
        && !inFlight.peekFirst().acked().isCompletedExceptionally()) {
      InFlight done = inFlight.removeFirst();
      aside.addAll(done.setAside());
      upTo = done.upTo();
    }
    if (!aside.isEmpty()) {
      statements.setAside(aside);
      for (SetAside record : aside) {
        LOG.errorf(
            "Relay %s set aside event %s (position %d of stream %s): %s",
            options.name(),
            record.row().eventId(),
            record.row().position(),
            record.row().streamId(),
            record.reason());
      }
      setAside.addAndGet(aside.size());
      if (setAsideCounter != null) {
        setAsideCounter.increment(aside.size());
      }
    }
    if (upTo != saved) {
      statements.saveCheckpoint(upTo);
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

  private Checkpoint rebaseIfForeign(RelayStatements statements, Checkpoint checkpoint)
      throws Exception {
    Checkpoint rebased = statements.rebaseIfForeign(checkpoint);
    if (rebased == null) {
      return null;
    }
    LOG.errorf(
        "Relay %s found transaction ids of another cluster (a restored or moved database): its"
            + " checkpoint %s:%d is re-based to %s:%d; events after it are published again (see"
            + " the runbook)",
        options.name(),
        checkpoint.txId(),
        checkpoint.position(),
        rebased.txId(),
        rebased.position());
    rebases.incrementAndGet();
    if (rebasesCounter != null) {
      rebasesCounter.increment();
    }
    measureLag(statements, rebased);
    return rebased;
  }

  private void acknowledged(int events) {
    published.addAndGet(events);
    if (publishedCounter != null) {
      publishedCounter.increment(events);
    }
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

  private boolean lagCheckDue(boolean idle) {
    Instant now = clock.instant();
    return !lastLagCheck.plus(idle ? options.idlePoll() : BUSY_LAG_CHECK).isAfter(now);
  }

  private void measureLag(RelayStatements statements, Checkpoint checkpoint) throws Exception {
    lastLagCheck = clock.instant();
    long[] lag = statements.lag(checkpoint);
    lagEvents.set(lag[0]);
    lagMillis.set(lag[1]);
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

  /** The CloudEvents {@code source} of a service. */
  public static URI sourceOf(String service) {
    return URI.create("/openup/" + service);
  }
}
