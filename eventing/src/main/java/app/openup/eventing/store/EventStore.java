package app.openup.eventing.store;

import app.openup.eventing.ConsistencyToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The event store of one service, on PostgreSQL through the reactive client.
 *
 * <p>Appends are optimistic: each names the version it expects, and of concurrent appends at the
 * same version exactly one wins; the others fail with {@link ConcurrencyConflict}. Concurrent
 * appends are grouped into one transaction (group commit): while a batch is being written, new
 * appends queue up and go together in the next one, so many writers share one commit and one flush
 * of the write-ahead log. Each append stays atomic: one whose stream moved is undone inside the
 * batch's transaction and reported as a conflict, while the others commit. Nothing is delayed to
 * form a batch; an append that finds the store idle is written at once.
 *
 * <p>By default one batch is written at a time: on the benchmark machine (see {@code
 * benchmarks/README.md}) two or more batches in flight made the batches smaller and the commits
 * more, and 16 writers appended 20 to 60% fewer events per second than with one.
 */
public final class EventStore {

  /** The channel the store notifies after its commits, and the relay listens on. */
  public static final String NOTIFY_CHANNEL = "event_store";

  private static final Logger LOG = Logger.getLogger(EventStore.class);
  private static final ObjectMapper JSON = EventCatalog.json();
  private static final String NOTIFY = "select pg_notify('" + NOTIFY_CHANNEL + "', '')";

  private static final String CURRENT_VERSIONS =
      "select stream_id, max(stream_version) from event_store"
          + " where stream_id = any($1) group by stream_id";
  private static final String STORED_OUTCOMES =
      "select idempotency_key, outcome::text from event_idempotency"
          + " where idempotency_key = any($1)";
  private static final String INSERT_EVENTS =
      "insert into event_store (stream_id, stream_version, event_id, event_type, schema_version,"
          + " couple_id, actor, occurred_at, payload, metadata)"
          + " select s, v, e, t, sv, c, a, o, p::json, m::json from unnest($1::text[],"
          + " $2::bigint[], $3::uuid[], $4::text[], $5::int[], $6::uuid[], $7::text[],"
          + " $8::timestamptz[], $9::text[], $10::text[]) as x(s, v, e, t, sv, c, a, o, p, m)"
          + " on conflict do nothing returning event_id, global_position";
  private static final String INSERT_IF_AT_VERSION =
      "insert into event_store (stream_id, stream_version, event_id, event_type, schema_version,"
          + " couple_id, actor, occurred_at, payload, metadata)"
          + " select s, v, e, t, sv, c, a, o, p::json, m::json from unnest($1::text[],"
          + " $2::bigint[], $3::uuid[], $4::text[], $5::int[], $6::uuid[], $7::text[],"
          + " $8::timestamptz[], $9::text[], $10::text[], $11::bigint[])"
          + " as x(s, v, e, t, sv, c, a, o, p, m, ex)"
          + " where x.ex = coalesce((select max(stream_version) from event_store es"
          + " where es.stream_id = x.s), 0)"
          + " returning event_id, global_position";
  private static final String DELETE_EVENTS =
      "delete from event_store where global_position = any($1)";
  private static final String INSERT_OUTCOMES =
      "insert into event_idempotency (idempotency_key, stream_id, outcome)"
          + " select k, s, o::jsonb from unnest($1::text[], $2::text[], $3::text[]) as x(k, s, o)"
          + " on conflict do nothing returning idempotency_key";
  private static final String LOAD =
      "select event_id, stream_id, stream_version, global_position, event_type, schema_version,"
          + " couple_id, actor, occurred_at, payload::text, metadata::text from event_store"
          + " where stream_id = $1 and stream_version > $2 order by stream_version";

  /** Several loads in one statement; each stream is read through its own index scan. */
  private static final String LOAD_MANY =
      "select e.event_id, e.stream_id, e.stream_version, e.global_position, e.event_type,"
          + " e.schema_version, e.couple_id, e.actor, e.occurred_at, e.payload::text,"
          + " e.metadata::text, q.i from unnest($1::text[], $2::bigint[]) with ordinality"
          + " as q(s, v, i) cross join lateral (select * from event_store es"
          + " where es.stream_id = q.s and es.stream_version > q.v"
          + " order by es.stream_version) e order by q.i, e.stream_version";

  private static final String LOAD_COUPLE =
      "select event_id, stream_id, stream_version, global_position, event_type, schema_version,"
          + " couple_id, actor, occurred_at, payload::text, metadata::text from event_store"
          + " where couple_id = $1 and starts_with(stream_id, $2) order by global_position";
  private static final String COUPLES_OF_ACTOR =
      "select couple_id from event_store"
          + " where actor = $1 and starts_with(stream_id, $2) and couple_id is not null"
          + " group by couple_id order by min(global_position) desc";
  private static final String VERSION =
      "select coalesce(max(stream_version), 0) from event_store where stream_id = $1";

  private final Pool pool;
  private final String source;
  private final Clock clock;
  private final int maxBatchSize;
  private final int maxBatchesInFlight;

  /**
   * Loads read at once. One gathers the most loads into each statement; two measured no better on
   * the benchmark's command path, and reading each load on its own about a tenth slower.
   */
  private static final int MAX_LOADS_IN_FLIGHT = 1;

  private final Object lock = new Object();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int batchesInFlight;
  private final ArrayDeque<PendingLoad> loadQueue = new ArrayDeque<>();
  private int loadsInFlight;
  private final Drain appendDrain = new Drain();
  private final Drain loadDrain = new Drain();
  private final AtomicBoolean announcing = new AtomicBoolean();
  private final AtomicBoolean announceAgain = new AtomicBoolean();

  /**
   * A store that writes batches of up to 256 appends, one batch at a time.
   *
   * @param pool the service's reactive PostgreSQL pool
   * @param source the service's short name, written into consistency tokens (for example {@code
   *     needs})
   */
  public EventStore(Pool pool, String source) {
    this(pool, source, Clock.systemUTC(), 256, 1);
  }

  public EventStore(
      Pool pool, String source, Clock clock, int maxBatchSize, int maxBatchesInFlight) {
    this.pool = pool;
    this.source = source;
    this.clock = clock;
    this.maxBatchSize = maxBatchSize;
    this.maxBatchesInFlight = maxBatchesInFlight;
  }

  /** The short name of the service this store belongs to. */
  public String source() {
    return source;
  }

  /**
   * Appends the events if the stream is at the expected version. Fails with {@link
   * ConcurrencyConflict} if it is not; returns the first outcome, appending nothing, if the
   * request's idempotency key was seen before.
   */
  public Uni<AppendResult> append(AppendRequest request) {
    return Uni.createFrom()
        .emitter(
            emitter -> {
              synchronized (lock) {
                queue.addLast(new Pending(request, new Caller<>(emitter)));
              }
              drain();
            });
  }

  /** Every event of the stream, oldest first. */
  public Uni<List<RecordedEvent>> load(String streamId) {
    return load(streamId, 0);
  }

  /**
   * The events of the stream after {@code afterVersion}, oldest first.
   *
   * <p>Loads are grouped like appends: one that finds no load running is read at once, and loads
   * that arrive while one runs are read together in the next statement, so that many concurrent
   * commands cost the database one query instead of one each.
   */
  public Uni<List<RecordedEvent>> load(String streamId, long afterVersion) {
    return Uni.createFrom()
        .emitter(
            emitter -> {
              synchronized (lock) {
                loadQueue.addLast(new PendingLoad(streamId, afterVersion, new Caller<>(emitter)));
              }
              drainLoads();
            });
  }

  /**
   * Every event of one couple in streams whose id starts with {@code streamPrefix}, in the order
   * they were appended: what a service folds to list a couple's aggregates with their latest state,
   * without a read model that could lag behind.
   */
  public Uni<List<RecordedEvent>> loadCouple(UUID coupleId, String streamPrefix) {
    return pool.preparedQuery(LOAD_COUPLE)
        .execute(Tuple.of(coupleId, streamPrefix))
        .map(EventStore::recordedAll);
  }

  /**
   * The couples in whose streams (with that prefix) this actor has appended events, the one they
   * first acted in most recently first.
   */
  public Uni<List<UUID>> couplesOf(String actor, String streamPrefix) {
    return pool.preparedQuery(COUPLES_OF_ACTOR)
        .execute(Tuple.of(actor, streamPrefix))
        .map(
            rows -> {
              List<UUID> couples = new ArrayList<>();
              rows.forEach(row -> couples.add(row.getUUID(0)));
              return couples;
            });
  }

  /** The outcome of the append that first used this idempotency key, if one did. */
  public Uni<Optional<AppendResult>> outcomeOf(String idempotencyKey) {
    return pool.preparedQuery(STORED_OUTCOMES)
        .execute(Tuple.of((Object) new String[] {idempotencyKey}))
        .map(
            rows -> {
              Iterator<Row> found = rows.iterator();
              return found.hasNext()
                  ? Optional.of(readOutcome(found.next().getString(1)).asRepeat())
                  : Optional.<AppendResult>empty();
            });
  }

  /** The stream's current version, 0 if it has no events. */
  public Uni<Long> version(String streamId) {
    return pool.preparedQuery(VERSION)
        .execute(Tuple.of(streamId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * Whoever is waiting for an append or a load. Its outcome is delivered on the Vert.x context it
   * asked from (a request's own context, with its trace and logging context), not on the context of
   * whichever request's statement carried the group; an exception thrown by its continuation is
   * logged and stops nobody else's outcome.
   */
  private static final class Caller<T> {
    private final UniEmitter<? super T> emitter;
    private final Context context = Vertx.currentContext();

    Caller(UniEmitter<? super T> emitter) {
      this.emitter = emitter;
    }

    void complete(T item) {
      deliver(() -> emitter.complete(item));
    }

    void fail(Throwable failure) {
      deliver(() -> emitter.fail(failure));
    }

    private void deliver(Runnable outcome) {
      if (context != null && context != Vertx.currentContext()) {
        context.runOnContext(ignored -> run(outcome));
      } else {
        run(outcome);
      }
    }

    private static void run(Runnable outcome) {
      try {
        outcome.run();
      } catch (RuntimeException e) {
        // The class only: a message could carry what the caller was handling.
        LOG.warnf("A caller of the event store failed on its outcome: %s", e.getClass().getName());
        LOG.debug("The caller's failure", e);
      }
    }
  }

  /**
   * Runs one sending pass at a time. A call while a pass runs (another thread's append, a caller's
   * continuation that loads again, a group that failed at once) makes the running pass look once
   * more instead of nesting a second one.
   */
  private static final class Drain {
    private final AtomicInteger calls = new AtomicInteger();

    void run(Runnable pass) {
      if (calls.getAndIncrement() != 0) {
        return;
      }
      do {
        pass.run();
      } while (calls.decrementAndGet() != 0);
    }
  }

  // --- grouped loads ---

  private record PendingLoad(
      String streamId, long afterVersion, Caller<List<RecordedEvent>> caller) {}

  private void drainLoads() {
    loadDrain.run(this::sendLoads);
  }

  /** Sends queued loads while a slot is free. */
  private void sendLoads() {
    while (true) {
      List<PendingLoad> group = new ArrayList<>();
      synchronized (lock) {
        if (loadsInFlight >= MAX_LOADS_IN_FLIGHT || loadQueue.isEmpty()) {
          return;
        }
        while (!loadQueue.isEmpty() && group.size() < maxBatchSize) {
          group.add(loadQueue.removeFirst());
        }
        loadsInFlight++;
      }
      Uni.createFrom()
          .deferred(() -> readGroup(group))
          .subscribe()
          .with(
              histories -> {
                try {
                  for (int i = 0; i < group.size(); i++) {
                    histories.get(i).deliverTo(group.get(i).caller());
                  }
                } finally {
                  loadsDone();
                }
              },
              failure -> {
                try {
                  group.forEach(p -> p.caller().fail(failure));
                } finally {
                  loadsDone();
                }
              });
    }
  }

  private void loadsDone() {
    synchronized (lock) {
      loadsInFlight--;
    }
    drainLoads();
  }

  /** One load's events, or why they could not be read (one bad row fails only its own load). */
  private static final class History {
    private final List<RecordedEvent> events = new ArrayList<>();
    private RuntimeException unreadable;

    void add(Row row) {
      if (unreadable != null) {
        return;
      }
      try {
        events.add(recorded(row));
      } catch (RuntimeException e) {
        unreadable = e;
      }
    }

    void deliverTo(Caller<List<RecordedEvent>> caller) {
      if (unreadable != null) {
        caller.fail(unreadable);
      } else {
        caller.complete(events);
      }
    }
  }

  /** Each load's events, in the group's order: one load on its own, several in one statement. */
  private Uni<List<History>> readGroup(List<PendingLoad> group) {
    if (group.size() == 1) {
      PendingLoad only = group.get(0);
      return pool.preparedQuery(LOAD)
          .execute(Tuple.of(only.streamId(), only.afterVersion()))
          .map(
              rows -> {
                History history = new History();
                rows.forEach(history::add);
                return List.of(history);
              });
    }
    String[] streamIds = new String[group.size()];
    Long[] afterVersions = new Long[group.size()];
    for (int i = 0; i < group.size(); i++) {
      streamIds[i] = group.get(i).streamId();
      afterVersions[i] = group.get(i).afterVersion();
    }
    return pool.preparedQuery(LOAD_MANY)
        .execute(Tuple.of(streamIds, afterVersions))
        .map(
            rows -> {
              List<History> histories = new ArrayList<>(group.size());
              for (int i = 0; i < group.size(); i++) {
                histories.add(new History());
              }
              // ORDINALITY counts from 1.
              rows.forEach(row -> histories.get(row.getInteger(11) - 1).add(row));
              return histories;
            });
  }

  // --- group commit ---

  private record Pending(AppendRequest request, Caller<AppendResult> caller) {}

  private void drain() {
    appendDrain.run(this::sendAppends);
  }

  /** Sends queued appends while a slot is free. */
  private void sendAppends() {
    while (true) {
      List<Pending> batch;
      synchronized (lock) {
        if (batchesInFlight >= maxBatchesInFlight || queue.isEmpty()) {
          return;
        }
        batch = takeBatch();
        batchesInFlight++;
      }
      // The callers hear their outcomes before the next batch is taken: those woken first queue
      // their next appends in time to join it, and fewer, larger batches commit more per second
      // (measured: freeing the slot first made batches smaller and cost a fifth of the rate).
      Uni.createFrom()
          .deferred(() -> writeBatch(batch))
          .subscribe()
          .with(
              outcomes -> {
                try {
                  settle(batch, outcomes);
                } finally {
                  batchDone();
                }
              },
              failure -> {
                try {
                  Throwable cause = unwrap(failure);
                  batch.forEach(p -> p.caller().fail(cause));
                } finally {
                  batchDone();
                }
              });
    }
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof io.smallrye.mutiny.CompositeException composite
            && composite.getCauses().size() == 1
        ? composite.getCause()
        : failure;
  }

  private void batchDone() {
    synchronized (lock) {
      batchesInFlight--;
    }
    drain();
  }

  /** Takes up to a batch of appends, at most one per stream and per idempotency key. */
  private List<Pending> takeBatch() {
    List<Pending> batch = new ArrayList<>();
    Set<String> streams = new HashSet<>();
    Set<String> keys = new HashSet<>();
    Iterator<Pending> it = queue.iterator();
    while (it.hasNext() && batch.size() < maxBatchSize) {
      Pending pending = it.next();
      AppendRequest request = pending.request();
      String key = request.idempotencyKey();
      if (streams.contains(request.streamId()) || (key != null && keys.contains(key))) {
        continue;
      }
      streams.add(request.streamId());
      if (key != null) {
        keys.add(key);
      }
      batch.add(pending);
      it.remove();
    }
    // Rows in stream order: two batches (or two instances) never lock streams in opposite orders.
    batch.sort(java.util.Comparator.comparing(p -> p.request().streamId()));
    return batch;
  }

  /** What became of one append in a batch. */
  private sealed interface Outcome {}

  private record Appended(AppendResult result) implements Outcome {}

  private record Repeated(AppendResult result) implements Outcome {}

  private record Conflicted(ExpectedVersion expected) implements Outcome {}

  /** Lost a race: an "any version" append to retry, or a key another batch stored first. */
  private record Retry() implements Outcome {}

  /** Could not be written (for example a payload the database refused), on its own. */
  private record Failed(Throwable cause) implements Outcome {}

  private Uni<Map<Pending, Outcome>> writeBatch(List<Pending> batch) {
    List<Pending> fast = new ArrayList<>();
    List<Pending> careful = new ArrayList<>();
    for (Pending pending : batch) {
      AppendRequest request = pending.request();
      boolean simple =
          request.expected() instanceof ExpectedVersion.Exactly && request.idempotencyKey() == null;
      (simple ? fast : careful).add(pending);
    }
    if (careful.isEmpty()) {
      return writeFast(fast);
    }
    if (fast.isEmpty()) {
      return writeCarefully(careful);
    }
    // Neither side fails: each turns every failure into outcomes of its own appends.
    return Uni.combine()
        .all()
        .unis(writeFast(fast), writeCarefully(careful))
        .with(
            (fastOutcomes, carefulOutcomes) -> {
              Map<Pending, Outcome> outcomes = new IdentityHashMap<>(fastOutcomes);
              outcomes.putAll(carefulOutcomes);
              return outcomes;
            });
  }

  /**
   * The common case (an exact expected version, no idempotency key) in one statement and one round
   * trip: rows are inserted only for appends whose stream is still at the expected version, as of
   * the statement's snapshot. An append left out is a conflict. If a concurrent transaction takes
   * one of the versions after that snapshot, the statement fails on the unique key and the whole
   * batch goes the careful way, which tells each append apart.
   */
  private Uni<Map<Pending, Outcome>> writeFast(List<Pending> batch) {
    List<Planned> planned = new ArrayList<>();
    for (Pending pending : batch) {
      long expected = ((ExpectedVersion.Exactly) pending.request().expected()).version();
      planned.add(
          new Planned(
              pending,
              expected + 1,
              pending.request().events().stream().map(NewEvent::eventId).toList()));
    }
    Tuple parameters = insertParameters(planned, true);
    return pool.preparedQuery(INSERT_IF_AT_VERSION)
        .execute(parameters)
        .map(
            inserted -> {
              Map<UUID, Long> positions = new HashMap<>();
              inserted.forEach(row -> positions.put(row.getUUID(0), row.getLong(1)));
              Map<Pending, Outcome> outcomes = new IdentityHashMap<>();
              for (Planned plan : planned) {
                outcomes.put(
                    plan.pending(),
                    positions.containsKey(plan.eventIds().get(0))
                        ? new Appended(result(plan, positions))
                        : new Conflicted(plan.pending().request().expected()));
              }
              return outcomes;
            })
        .onFailure()
        .recoverWithUni(failure -> writeCarefully(batch));
  }

  /**
   * Every kind of append, in a transaction: reads the streams' versions and stored outcomes,
   * inserts, undoes appends that lost a race, and records idempotency keys.
   */
  private Uni<Map<Pending, Outcome>> writeCarefully(List<Pending> batch) {
    Map<Pending, Outcome> outcomes = new IdentityHashMap<>();
    return pool.withTransaction(connection -> write(connection, batch, outcomes))
        .replaceWith(outcomes)
        .onFailure()
        .recoverWithUni(
            failure -> {
              if (batch.size() == 1) {
                return Uni.createFrom()
                    .item(Map.<Pending, Outcome>of(batch.get(0), new Failed(unwrap(failure))));
              }
              // One bad append must not fail its neighbours: write each on its own.
              return Uni.join()
                  .all(batch.stream().map(p -> writeCarefully(List.of(p))).toList())
                  .andFailFast()
                  .map(
                      each -> {
                        Map<Pending, Outcome> merged = new IdentityHashMap<>();
                        each.forEach(merged::putAll);
                        return merged;
                      });
            });
  }

  /** Completes or fails each append of a written batch; nothing it starts waits for the slot. */
  private void settle(List<Pending> batch, Map<Pending, Outcome> outcomes) {
    if (outcomes.values().stream().anyMatch(o -> o instanceof Appended)) {
      announce();
    }
    for (Pending pending : batch) {
      Outcome outcome = outcomes.get(pending);
      AppendRequest request = pending.request();
      if (outcome instanceof Appended appended) {
        pending.caller().complete(appended.result());
      } else if (outcome instanceof Repeated repeated) {
        pending.caller().complete(repeated.result());
      } else if (outcome instanceof Conflicted conflicted) {
        // The conflict carries the current version, looked up without holding the batch's slot.
        version(request.streamId())
            .subscribe()
            .with(
                actual ->
                    pending
                        .caller()
                        .fail(
                            new ConcurrencyConflict(
                                request.streamId(), conflicted.expected(), actual)),
                pending.caller()::fail);
      } else if (outcome instanceof Failed failed) {
        pending.caller().fail(failed.cause());
      } else if (outcome instanceof Retry) {
        // Lost a race it may retry: queued again, as a new append.
        append(request).subscribe().with(pending.caller()::complete, pending.caller()::fail);
      } else {
        pending.caller().fail(new IllegalStateException("No outcome for an append"));
      }
    }
  }

  /**
   * Tells listeners (the relay) that events were committed, after the commit and off the append
   * path: a NOTIFY inside the writing transaction would serialise every commit. At most one is in
   * flight; appends meanwhile are folded into one more.
   */
  private void announce() {
    if (!announcing.compareAndSet(false, true)) {
      announceAgain.set(true);
      return;
    }
    announceAgain.set(false);
    pool.query(NOTIFY).execute().subscribe().with(ok -> announced(), failure -> announced());
  }

  private void announced() {
    announcing.set(false);
    if (announceAgain.getAndSet(false)) {
      announce();
    }
  }

  private Uni<Void> write(
      SqlConnection connection, List<Pending> batch, Map<Pending, Outcome> outcomes) {
    String[] streamIds = batch.stream().map(p -> p.request().streamId()).toArray(String[]::new);
    String[] keys =
        batch.stream()
            .map(p -> p.request().idempotencyKey())
            .filter(k -> k != null)
            .toArray(String[]::new);
    Uni<Map<String, Long>> versions =
        connection
            .preparedQuery(CURRENT_VERSIONS)
            .execute(Tuple.of(streamIds))
            .map(
                rows -> {
                  Map<String, Long> current = new HashMap<>();
                  rows.forEach(row -> current.put(row.getString(0), row.getLong(1)));
                  return current;
                });
    Uni<Map<String, String>> stored =
        keys.length == 0
            ? Uni.createFrom().item(Map.of())
            : connection
                .preparedQuery(STORED_OUTCOMES)
                .execute(Tuple.of(keys))
                .map(
                    rows -> {
                      Map<String, String> found = new HashMap<>();
                      rows.forEach(row -> found.put(row.getString(0), row.getString(1)));
                      return found;
                    });
    return Uni.combine()
        .all()
        .unis(versions, stored)
        .asTuple()
        .flatMap(known -> insert(connection, batch, known.getItem1(), known.getItem2(), outcomes));
  }

  private record Planned(Pending pending, long fromVersion, List<UUID> eventIds) {}

  private Uni<Void> insert(
      SqlConnection connection,
      List<Pending> batch,
      Map<String, Long> versions,
      Map<String, String> storedOutcomes,
      Map<Pending, Outcome> outcomes) {
    List<Planned> planned = new ArrayList<>();
    for (Pending pending : batch) {
      AppendRequest request = pending.request();
      String stored =
          request.idempotencyKey() == null ? null : storedOutcomes.get(request.idempotencyKey());
      if (stored != null) {
        outcomes.put(pending, new Repeated(readOutcome(stored).asRepeat()));
        continue;
      }
      long current = versions.getOrDefault(request.streamId(), 0L);
      if (request.expected() instanceof ExpectedVersion.Exactly exactly
          && exactly.version() != current) {
        outcomes.put(pending, new Conflicted(request.expected()));
        continue;
      }
      planned.add(
          new Planned(
              pending, current + 1, request.events().stream().map(NewEvent::eventId).toList()));
    }
    if (planned.isEmpty()) {
      return Uni.createFrom().voidItem();
    }

    Tuple parameters = insertParameters(planned, false);
    return connection
        .preparedQuery(INSERT_EVENTS)
        .execute(parameters)
        .flatMap(
            inserted -> {
              Map<UUID, Long> positions = new HashMap<>();
              inserted.forEach(row -> positions.put(row.getUUID(0), row.getLong(1)));
              return undoPartialAppends(connection, planned, positions, outcomes);
            });
  }

  /** The insert's arrays, one element per event; with the expected versions for the fast path. */
  private Tuple insertParameters(List<Planned> planned, boolean withExpected) {
    int rows = planned.stream().mapToInt(p -> p.eventIds().size()).sum();
    String[] streamIds = new String[rows];
    Long[] streamVersions = new Long[rows];
    UUID[] eventIds = new UUID[rows];
    String[] types = new String[rows];
    Integer[] schemaVersions = new Integer[rows];
    UUID[] coupleIds = new UUID[rows];
    String[] actors = new String[rows];
    OffsetDateTime[] occurredAt = new OffsetDateTime[rows];
    String[] payloads = new String[rows];
    String[] metadata = new String[rows];
    Long[] expected = new Long[rows];
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    int i = 0;
    for (Planned plan : planned) {
      AppendRequest request = plan.pending().request();
      String metadataJson = request.metadata().toJson();
      long version = plan.fromVersion();
      for (NewEvent event : request.events()) {
        streamIds[i] = request.streamId();
        streamVersions[i] = version++;
        eventIds[i] = event.eventId();
        types[i] = event.type();
        schemaVersions[i] = event.schemaVersion();
        coupleIds[i] = request.coupleId();
        actors[i] = request.actor();
        occurredAt[i] = now;
        payloads[i] = event.payloadJson();
        metadata[i] = metadataJson;
        expected[i] = plan.fromVersion() - 1;
        i++;
      }
    }
    List<Object> arrays =
        new ArrayList<>(
            List.of(
                streamIds,
                streamVersions,
                eventIds,
                types,
                schemaVersions,
                coupleIds,
                actors,
                occurredAt,
                payloads,
                metadata));
    if (withExpected) {
      arrays.add(expected);
    }
    return Tuple.tuple(arrays);
  }

  private AppendResult result(Planned plan, Map<UUID, Long> positions) {
    List<UUID> ids = plan.eventIds();
    UUID lastEvent = ids.get(ids.size() - 1);
    long lastPosition = positions.get(lastEvent);
    return new AppendResult(
        plan.pending().request().streamId(),
        plan.fromVersion(),
        plan.fromVersion() + ids.size() - 1,
        lastPosition,
        new ConsistencyToken(source, lastPosition, lastEvent),
        false);
  }

  /**
   * An append that got only some of its rows in (another transaction took one of its versions after
   * this batch read the stream) is undone, so that every append is all or nothing.
   */
  private Uni<Void> undoPartialAppends(
      SqlConnection connection,
      List<Planned> planned,
      Map<UUID, Long> positions,
      Map<Pending, Outcome> outcomes) {
    List<Long> undo = new ArrayList<>();
    List<Planned> written = new ArrayList<>();
    for (Planned plan : planned) {
      List<Long> got = plan.eventIds().stream().map(positions::get).filter(p -> p != null).toList();
      if (got.size() == plan.eventIds().size()) {
        written.add(plan);
        continue;
      }
      undo.addAll(got);
      AppendRequest request = plan.pending().request();
      outcomes.put(
          plan.pending(),
          request.expected() instanceof ExpectedVersion.Any
              ? new Retry()
              : new Conflicted(request.expected()));
    }
    Uni<Void> undone = delete(connection, undo);
    return undone.flatMap(ignored -> recordOutcomes(connection, written, positions, outcomes));
  }

  private Uni<Void> recordOutcomes(
      SqlConnection connection,
      List<Planned> written,
      Map<UUID, Long> positions,
      Map<Pending, Outcome> outcomes) {
    List<String> keys = new ArrayList<>();
    List<String> streams = new ArrayList<>();
    List<String> results = new ArrayList<>();
    Map<String, Planned> byKey = new HashMap<>();
    for (Planned plan : written) {
      AppendRequest request = plan.pending().request();
      AppendResult result = result(plan, positions);
      outcomes.put(plan.pending(), new Appended(result));
      if (request.idempotencyKey() != null) {
        keys.add(request.idempotencyKey());
        streams.add(request.streamId());
        results.add(writeOutcome(result));
        byKey.put(request.idempotencyKey(), plan);
      }
    }
    if (keys.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return connection
        .preparedQuery(INSERT_OUTCOMES)
        .execute(
            Tuple.of(
                keys.toArray(String[]::new),
                streams.toArray(String[]::new),
                results.toArray(String[]::new)))
        .flatMap(
            inserted -> {
              Set<String> recorded = new HashSet<>();
              inserted.forEach(row -> recorded.add(row.getString(0)));
              List<Long> undo = new ArrayList<>();
              byKey.forEach(
                  (key, plan) -> {
                    if (!recorded.contains(key)) {
                      // Another transaction stored this key first: ours becomes a repeat.
                      plan.eventIds().forEach(id -> undo.add(positions.get(id)));
                      outcomes.put(plan.pending(), new Retry());
                    }
                  });
              return delete(connection, undo);
            });
  }

  private static Uni<Void> delete(SqlConnection connection, List<Long> positions) {
    if (positions.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return connection
        .preparedQuery(DELETE_EVENTS)
        .execute(Tuple.of(positions.toArray(Long[]::new)))
        .replaceWithVoid();
  }

  // --- mapping ---

  private static List<RecordedEvent> recordedAll(Iterable<Row> rows) {
    List<RecordedEvent> events = new ArrayList<>();
    rows.forEach(row -> events.add(recorded(row)));
    return events;
  }

  static RecordedEvent recorded(Row row) {
    return new RecordedEvent(
        row.getUUID(0),
        row.getString(1),
        row.getLong(2),
        row.getLong(3),
        row.getString(4),
        row.getInteger(5),
        row.getUUID(6),
        row.getString(7),
        row.getOffsetDateTime(8).toInstant(),
        row.getString(9),
        EventMetadata.fromJson(row.getString(10)));
  }

  private String writeOutcome(AppendResult result) {
    ObjectNode node = JSON.createObjectNode();
    node.put("streamId", result.streamId());
    node.put("fromVersion", result.fromVersion());
    node.put("toVersion", result.toVersion());
    node.put("lastPosition", result.lastPosition());
    node.put("token", result.token().encode());
    return node.toString();
  }

  private static AppendResult readOutcome(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      return new AppendResult(
          node.get("streamId").asText(),
          node.get("fromVersion").asLong(),
          node.get("toVersion").asLong(),
          node.get("lastPosition").asLong(),
          ConsistencyToken.decode(node.get("token").asText()).orElseThrow(),
          true);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable stored outcome", e);
    }
  }
}
