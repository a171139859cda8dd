package app.openup.eventing.store;

import app.openup.eventing.store.AppendRequest.Idempotency;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The event store of one service, on PostgreSQL through the reactive client.
 *
 * <p>Appends are optimistic: each names the version it expects, and of concurrent appends at the
 * same version exactly one wins; the others fail with {@link ConcurrencyConflict}. Concurrent
 * appends are written together (group commit, {@link AppendQueue}) and each stays all or nothing
 * ({@link AppendWriter}). The outcome an append reports is always what a load returns afterwards:
 * an event id is stored once ({@link DuplicateEventId}), an idempotency key answers for one request
 * only ({@link IdempotencyKeyReused}), an append whose reply was lost is answered as a repeat, an
 * event Kafka could not carry is refused at once ({@link EventTooLarge}), and under overload an
 * append fails fast, unwritten ({@link StoreOverloaded}). Loads are grouped the same way ({@link
 * LoadGroup}).
 */
public final class EventStore implements AutoCloseable {

  /**
   * The store's order, for a query that reads events in it (the relay's fetch, a read model's
   * feed): by the writing transaction's id, then the position, named with the table so that it is
   * the {@code xid8} column. PostgreSQL takes a bare name in {@code ORDER BY} to be the output
   * column of that name first; those queries select {@code tx_id::text}, and as text {@code '10'}
   * sorts before {@code '9'}, which no index serves either. Such batches, read where the ids gained
   * a digit, were published and applied out of order (benchmarks/README.md, "The platform", step
   * 18).
   */
  public static final String IN_STORE_ORDER =
      " order by event_store.tx_id, event_store.global_position";

  /**
   * The condition a query that reads events in the store's order keeps to: written by transactions
   * older than every one still running in this database ({@code event_store_watermark()}, migration
   * V0_11), so that no row can still appear among those read.
   */
  public static final String BELOW_WATERMARK = " tx_id < (select event_store_watermark())";

  /** The channel the store notifies after its commits, and the relay listens on. */
  public static final String NOTIFY_CHANNEL = "event_store";

  private static final Logger LOG = Logger.getLogger(EventStore.class);
  private static final String NOTIFY = "select pg_notify('" + NOTIFY_CHANNEL + "', '')";
  private static final String OUTCOME =
      "select fingerprint, outcome::text from event_idempotency"
          + " where idempotency_key = $1 and created_at > now() - $2 * interval '1 second'";
  private static final String PURGE_KEYS =
      "delete from event_idempotency where created_at <= now() - $1 * interval '1 second'";
  private static final String VERSION =
      "select coalesce(max(stream_version), 0) from event_store where stream_id = $1";
  private static final String PARTITIONS_OF_ACTOR =
      "select partition_key from event_store"
          + " where actor = $1 and starts_with(stream_id, $2) and partition_key is not null"
          + " group by partition_key order by min(global_position) desc";

  /** What an event's metadata adds at most: a correlation, a causation id and a traceparent. */
  private static final int METADATA_ALLOWANCE = 256;

  private final Pool pool;
  private final String source;
  private final StoreOptions options;
  private final AppendQueue appends;
  private final LoadGroup loads;
  private final java.util.List<Runnable> committedListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicBoolean announcing = new AtomicBoolean();
  private final AtomicBoolean announceAgain = new AtomicBoolean();

  /**
   * A store with the default options (batches of up to 256 appends, one at a time).
   *
   * @param pool the service's reactive PostgreSQL pool
   * @param source the service's short name, written into consistency tokens (for example {@code
   *     needs})
   */
  public EventStore(Pool pool, String source) {
    this(pool, source, StoreOptions.defaults());
  }

  public EventStore(Pool pool, String source, StoreOptions options) {
    this(pool, source, Clock.systemUTC(), options);
  }

  public EventStore(Pool pool, String source, Clock clock, StoreOptions options) {
    this.pool = pool;
    this.source = source;
    this.options = options;
    AppendWriter writer =
        new AppendWriter(
            pool, source, clock, options.idempotencyRetention(), options.announceCommits());
    this.appends = new AppendQueue(writer, options, this::committed, this::version);
    this.loads = new LoadGroup(pool, options.maxBatchSize());
  }

  /** The short name of the service this store belongs to. */
  public String source() {
    return source;
  }

  public StoreOptions options() {
    return options;
  }

  /**
   * Appends the events if the stream is at the expected version (and each condition's stream at its
   * version). Fails with {@link ConcurrencyConflict} if not; returns the first outcome, appending
   * nothing, if the request's idempotency key and fingerprint were seen before.
   */
  public Uni<AppendResult> append(AppendRequest request) {
    for (NewEvent event : request.events()) {
      long bytes = size(event.payloadJson()) + METADATA_ALLOWANCE;
      if (bytes > options.maxEventBytes()) {
        return Uni.createFrom().failure(new EventTooLarge(bytes, options.maxEventBytes()));
      }
    }
    return appends.append(request);
  }

  /** Every event of the stream, oldest first. */
  public Uni<List<RecordedEvent>> load(String streamId) {
    return load(streamId, 0);
  }

  /** The events of the stream after {@code afterVersion}, oldest first. */
  public Uni<List<RecordedEvent>> load(String streamId, long afterVersion) {
    return loads.load(streamId, afterVersion);
  }

  /**
   * The partitions in whose streams (with that prefix) this actor has appended events, the one they
   * first acted in most recently first.
   */
  public Uni<List<UUID>> partitionsOf(String actor, String streamPrefix) {
    return pool.preparedQuery(PARTITIONS_OF_ACTOR)
        .execute(Tuple.of(actor, streamPrefix))
        .map(
            rows -> {
              List<UUID> partitions = new ArrayList<>();
              rows.forEach(row -> partitions.add(row.getUUID(0)));
              return partitions;
            });
  }

  /**
   * The outcome of the append that first used this idempotency key, if one did within the
   * retention; fails with {@link IdempotencyKeyReused} if it was another request.
   */
  public Uni<Optional<AppendResult>> outcomeOf(Idempotency idempotency) {
    return pool.preparedQuery(OUTCOME)
        .execute(Tuple.of(idempotency.key(), retention()))
        .map(
            rows -> {
              Iterator<Row> found = rows.iterator();
              if (!found.hasNext()) {
                return Optional.<AppendResult>empty();
              }
              Row row = found.next();
              String fingerprint = row.getString(0);
              if (fingerprint != null
                  && idempotency.fingerprint() != null
                  && !fingerprint.equals(idempotency.fingerprint())) {
                throw new IdempotencyKeyReused();
              }
              return Optional.of(StoreRows.readOutcome(row.getString(1)));
            });
  }

  /** Removes idempotency keys older than the retention; returns how many. */
  public Uni<Integer> purgeIdempotencyKeys() {
    return pool.preparedQuery(PURGE_KEYS)
        .execute(Tuple.of(retention()))
        .map(rows -> rows.rowCount());
  }

  /**
   * Calls {@code listener} after every batch that appended events, in this process (a read model of
   * the service's own events wakes up at once instead of waiting for its next look).
   */
  public void onCommitted(Runnable listener) {
    committedListeners.add(listener);
  }

  /** The stream's current version, 0 if it has no events. */
  public Uni<Long> version(String streamId) {
    return pool.preparedQuery(VERSION)
        .execute(Tuple.of(streamId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  @Override
  public void close() {
    appends.close();
  }

  private long retention() {
    return options.idempotencyRetention().toSeconds();
  }

  /** UTF-8 bytes of the text, counted only when it could be over the limit. */
  private long size(String text) {
    if ((long) text.length() * 3 <= options.maxEventBytes() / 2) {
      return text.length();
    }
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** After a batch that appended: local listeners, and the relay unless already notified. */
  private void committed(boolean announce) {
    for (Runnable listener : committedListeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.debugf(e, "A listener of the event store's commits failed");
      }
    }
    if (announce && options.announceCommits()) {
      announce();
    }
  }

  /**
   * Tells the relay that events were committed by the careful path, after the commit and off the
   * append path (the fast path's statement notifies by itself). At most one is in flight; appends
   * meanwhile are folded into one more. A notification that fails only delays the relay until its
   * next look.
   */
  private void announce() {
    if (!announcing.compareAndSet(false, true)) {
      announceAgain.set(true);
      return;
    }
    announceAgain.set(false);
    pool.query(NOTIFY)
        .execute()
        .subscribe()
        .with(
            ok -> announced(),
            failure -> {
              LOG.debugf(failure, "Could not notify the relay of a commit; it looks again soon");
              announced();
            });
  }

  private void announced() {
    announcing.set(false);
    if (announceAgain.getAndSet(false)) {
      announce();
    }
  }
}
