package app.openup.eventing.store;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.store.AppendOutcome.Appended;
import app.openup.eventing.store.AppendOutcome.Conflicted;
import app.openup.eventing.store.AppendOutcome.Failed;
import app.openup.eventing.store.AppendOutcome.Repeated;
import app.openup.eventing.store.AppendOutcome.Retry;
import app.openup.eventing.store.AppendRequest.StreamCondition;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes a batch of appends: the common case in one statement, everything else in one transaction
 * that checks each append on its own. Every outcome it reports is what a load returns afterwards:
 * an append is written whole or not at all, an event id is stored once, and an append whose reply
 * was lost (its commit succeeded, its connection dropped) is recognised by its events and answered
 * as a repeat.
 */
final class AppendWriter {

  private static final String LOCK =
      "select case when x then pg_advisory_xact_lock(hashtextextended(s, 0))::text"
          + " else pg_advisory_xact_lock_shared(hashtextextended(s, 0))::text end"
          + " from unnest($1::text[], $2::bool[]) as t(s, x)";
  private static final String CURRENT_VERSIONS =
      "select stream_id, max(stream_version) from event_store"
          + " where stream_id = any($1) group by stream_id";
  private static final String STORED_KEYS =
      "select idempotency_key, fingerprint, outcome::text from event_idempotency"
          + " where idempotency_key = any($1) and created_at > now() - $2 * interval '1 second'";
  private static final String STORED_EVENTS =
      "select event_id, stream_id, stream_version, global_position, event_type, schema_version,"
          + " payload::text from event_store where event_id = any($1)";
  private static final String COLUMNS =
      "stream_id, stream_version, event_id, event_type, schema_version, partition_key, actor,"
          + " occurred_at, payload, metadata, published";
  private static final String ROWS =
      " select s, v, e, t, sv, c, a, o, p::json, m::json, pb from unnest($1::text[],"
          + " $2::bigint[], $3::uuid[], $4::text[], $5::int[], $6::uuid[], $7::text[],"
          + " $8::timestamptz[], $9::text[], $10::text[], $11::bool[]";
  private static final String INSERT_EVENTS =
      "insert into event_store ("
          + COLUMNS
          + ")"
          + ROWS
          + ") as x(s, v, e, t, sv, c, a, o, p, m, pb)"
          + " on conflict (stream_id, stream_version) do nothing"
          + " returning event_id, global_position";
  private static final String INSERT_IF_AT_VERSION =
      "insert into event_store ("
          + COLUMNS
          + ")"
          + ROWS
          + ", $12::bigint[]) as x(s, v, e, t, sv, c, a, o, p, m, pb, ex)"
          + " where x.ex = coalesce((select max(stream_version) from event_store es"
          + " where es.stream_id = x.s), 0)"
          + " returning event_id, global_position";

  /**
   * One event of one append, the single writer's case, with plain parameters: arrays cost the
   * client and the server their encoding and the unnest, measured at a tenth of a lone writer's
   * rate.
   */
  private static final String INSERT_ONE_IF_AT_VERSION =
      "insert into event_store ("
          + COLUMNS
          + ") select $1::text, $2::bigint, $3::uuid, $4::text, $5::int, $6::uuid, $7::text,"
          + " $8::timestamptz, $9::text::json, $10::text::json, $11::bool"
          + " where $12::bigint = coalesce((select max(stream_version) from event_store es"
          + " where es.stream_id = $1), 0)"
          + " returning event_id, global_position";

  private static final String INSERT_ONE_IF_AT_VERSION_AND_NOTIFY =
      "with inserted as ("
          + INSERT_ONE_IF_AT_VERSION
          + "), notified as (select pg_notify('"
          + EventStore.NOTIFY_CHANNEL
          + "', '')) select inserted.event_id, inserted.global_position"
          + " from inserted, notified";

  /**
   * The fast path's insert that also notifies the relay, in the same statement: one round trip per
   * batch instead of two. (A NOTIFY takes a lock at commit that orders notifying commits of the
   * database; with one batch in flight per store, only other instances' batches wait for it.)
   */
  private static final String INSERT_IF_AT_VERSION_AND_NOTIFY =
      "with inserted as ("
          + INSERT_IF_AT_VERSION
          + "), notified as (select pg_notify('"
          + EventStore.NOTIFY_CHANNEL
          + "', '')) select inserted.event_id, inserted.global_position"
          + " from inserted, notified";

  private static final String DELETE_EVENTS =
      "delete from event_store where global_position = any($1)";
  private static final String INSERT_KEYS =
      "insert into event_idempotency (idempotency_key, stream_id, fingerprint, outcome)"
          + " select k, s, f, o::jsonb from unnest($1::text[], $2::text[], $3::text[], $4::text[])"
          + " as x(k, s, f, o) on conflict do nothing returning idempotency_key";

  /** How often an append that lost a race is queued again before it is reported as a conflict. */
  static final int MAX_ATTEMPTS = 5;

  private final Pool pool;
  private final String source;
  private final Clock clock;
  private final boolean announceInStatement;
  private final long retentionSeconds;

  AppendWriter(
      Pool pool,
      String source,
      Clock clock,
      Duration idempotencyRetention,
      boolean announceInStatement) {
    this.pool = pool;
    this.source = source;
    this.clock = clock;
    this.announceInStatement = announceInStatement;
    this.retentionSeconds = idempotencyRetention.toSeconds();
  }

  /** Writes the batch; never fails: every failure becomes an outcome of its own appends. */
  Uni<Map<Pending, AppendOutcome>> write(List<Pending> batch) {
    List<Pending> fast = new ArrayList<>();
    List<Pending> careful = new ArrayList<>();
    for (Pending pending : batch) {
      (pending.request().careful() ? careful : fast).add(pending);
    }
    if (careful.isEmpty()) {
      return writeFast(fast);
    }
    if (fast.isEmpty()) {
      return writeCarefully(careful);
    }
    return Uni.combine()
        .all()
        .unis(writeFast(fast), writeCarefully(careful))
        .with(
            (fastOutcomes, carefulOutcomes) -> {
              Map<Pending, AppendOutcome> outcomes = new IdentityHashMap<>(fastOutcomes);
              outcomes.putAll(carefulOutcomes);
              return outcomes;
            });
  }

  // --- the fast path ---

  /**
   * The common case (an exact expected version, nothing else) in one statement and one round trip:
   * rows are inserted only for appends whose stream is still at the expected version, as of the
   * statement's snapshot. An append left out is a conflict. If the statement fails (a concurrent
   * transaction took one of the versions after that snapshot, an event id is already stored, the
   * reply was lost), the whole batch goes the careful way, which tells each append apart.
   */
  private Uni<Map<Pending, AppendOutcome>> writeFast(List<Pending> batch) {
    List<Planned> planned = new ArrayList<>();
    for (Pending pending : batch) {
      long expected = ((ExpectedVersion.Exactly) pending.request().expected()).version();
      planned.add(new Planned(pending, expected + 1));
    }
    boolean one = planned.size() == 1 && batch.get(0).request().events().size() == 1;
    String statement =
        one
            ? (announceInStatement ? INSERT_ONE_IF_AT_VERSION_AND_NOTIFY : INSERT_ONE_IF_AT_VERSION)
            : (announceInStatement ? INSERT_IF_AT_VERSION_AND_NOTIFY : INSERT_IF_AT_VERSION);
    return pool.preparedQuery(statement)
        .execute(one ? oneRow(planned.get(0)) : parameters(planned, true))
        .map(
            inserted -> {
              Map<UUID, Long> positions = new HashMap<>();
              inserted.forEach(row -> positions.put(row.getUUID(0), row.getLong(1)));
              Map<Pending, AppendOutcome> outcomes = new IdentityHashMap<>();
              for (Planned plan : planned) {
                AppendRequest request = plan.pending().request();
                outcomes.put(
                    plan.pending(),
                    positions.containsKey(plan.eventIds().get(0))
                        ? new Appended(result(plan, positions), announceInStatement)
                        : new Conflicted(request.streamId(), request.expected()));
              }
              return outcomes;
            })
        .onFailure()
        .recoverWithUni(failure -> writeCarefully(batch));
  }

  // --- the careful path ---

  /** What the careful path reads before it decides each append. */
  private record Known(
      Map<String, Long> versions, Map<String, StoredKey> keys, Map<UUID, StoredEvent> events) {}

  private record StoredKey(String fingerprint, String outcome) {}

  private record StoredEvent(
      String streamId,
      long version,
      long position,
      String type,
      int schemaVersion,
      String payload) {}

  private record Planned(Pending pending, long fromVersion) {
    List<UUID> eventIds() {
      return pending.request().events().stream().map(NewEvent::eventId).toList();
    }
  }

  /**
   * In one transaction: takes the batch's stream locks, reads the streams' versions, the stored
   * keys and any stored event of the batch's ids, decides each append, inserts, undoes appends that
   * lost a race, and records idempotency keys. One append that breaks the transaction is written
   * again on its own, so it cannot fail its neighbours.
   */
  private Uni<Map<Pending, AppendOutcome>> writeCarefully(List<Pending> batch) {
    Map<Pending, AppendOutcome> outcomes = new IdentityHashMap<>();
    return pool.withTransaction(connection -> careful(connection, batch, outcomes))
        .replaceWith(outcomes)
        .onFailure()
        .recoverWithUni(
            failure -> {
              if (batch.size() == 1) {
                return resolve(batch.get(0), unwrap(failure))
                    .map(outcome -> Map.<Pending, AppendOutcome>of(batch.get(0), outcome));
              }
              return Uni.join()
                  .all(batch.stream().map(p -> writeCarefully(List.of(p))).toList())
                  .andFailFast()
                  .map(
                      each -> {
                        Map<Pending, AppendOutcome> merged = new IdentityHashMap<>();
                        each.forEach(merged::putAll);
                        return merged;
                      });
            });
  }

  private Uni<Void> careful(
      SqlConnection connection, List<Pending> batch, Map<Pending, AppendOutcome> outcomes) {
    return lock(connection, batch)
        .flatMap(ignored -> read(connection, batch))
        .flatMap(known -> insert(connection, batch, known, outcomes));
  }

  /**
   * Locks each appended stream exclusively and each stream a condition names shared, in stream
   * order (so that two batches never wait for each other in a circle), until the commit: a
   * condition read below then holds until this transaction commits, and an append to a guarded
   * stream waits for every transaction that made a decision on it.
   */
  private static Uni<Void> lock(SqlConnection connection, List<Pending> batch) {
    TreeMap<String, Boolean> locks = new TreeMap<>();
    for (Pending pending : batch) {
      for (StreamCondition condition : pending.request().conditions()) {
        locks.putIfAbsent(condition.streamId(), false);
      }
    }
    for (Pending pending : batch) {
      locks.put(pending.request().streamId(), true);
    }
    return connection
        .preparedQuery(LOCK)
        .execute(
            Tuple.of(locks.keySet().toArray(String[]::new), locks.values().toArray(Boolean[]::new)))
        .replaceWithVoid();
  }

  private Uni<Known> read(SqlConnection connection, List<Pending> batch) {
    Set<String> streams = new LinkedHashSet<>();
    List<String> keys = new ArrayList<>();
    List<UUID> ids = new ArrayList<>();
    for (Pending pending : batch) {
      AppendRequest request = pending.request();
      streams.add(request.streamId());
      request.conditions().forEach(c -> streams.add(c.streamId()));
      if (request.idempotency() != null) {
        keys.add(request.idempotency().key());
      }
      request.events().forEach(e -> ids.add(e.eventId()));
    }
    Uni<Map<String, Long>> versions =
        connection
            .preparedQuery(CURRENT_VERSIONS)
            .execute(Tuple.of((Object) streams.toArray(String[]::new)))
            .map(
                rows -> {
                  Map<String, Long> current = new HashMap<>();
                  rows.forEach(row -> current.put(row.getString(0), row.getLong(1)));
                  return current;
                });
    Uni<Map<String, StoredKey>> storedKeys =
        keys.isEmpty()
            ? Uni.createFrom().item(Map.of())
            : connection
                .preparedQuery(STORED_KEYS)
                .execute(Tuple.of(keys.toArray(String[]::new), retentionSeconds))
                .map(
                    rows -> {
                      Map<String, StoredKey> found = new HashMap<>();
                      rows.forEach(
                          row ->
                              found.put(
                                  row.getString(0),
                                  new StoredKey(row.getString(1), row.getString(2))));
                      return found;
                    });
    return Uni.combine()
        .all()
        .unis(versions, storedKeys, storedEvents(connection, ids))
        .with(Known::new);
  }

  private static Uni<Map<UUID, StoredEvent>> storedEvents(SqlClient client, List<UUID> ids) {
    return client
        .preparedQuery(STORED_EVENTS)
        .execute(Tuple.of((Object) ids.toArray(UUID[]::new)))
        .map(
            rows -> {
              Map<UUID, StoredEvent> found = new HashMap<>();
              rows.forEach(
                  row ->
                      found.put(
                          row.getUUID(0),
                          new StoredEvent(
                              row.getString(1),
                              row.getLong(2),
                              row.getLong(3),
                              row.getString(4),
                              row.getInteger(5),
                              row.getString(6))));
              return found;
            });
  }

  /** Decides each append on what was read, then writes those that stand. */
  private Uni<Void> insert(
      SqlConnection connection,
      List<Pending> batch,
      Known known,
      Map<Pending, AppendOutcome> outcomes) {
    List<Planned> planned = new ArrayList<>();
    for (Pending pending : batch) {
      AppendOutcome decided = decide(pending.request(), known);
      if (decided != null) {
        outcomes.put(pending, decided);
      } else {
        planned.add(
            new Planned(
                pending, known.versions().getOrDefault(pending.request().streamId(), 0L) + 1));
      }
    }
    if (planned.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return connection
        .preparedQuery(INSERT_EVENTS)
        .execute(parameters(planned, false))
        .flatMap(
            inserted -> {
              Map<UUID, Long> positions = new HashMap<>();
              inserted.forEach(row -> positions.put(row.getUUID(0), row.getLong(1)));
              return undoPartialAppends(connection, planned, positions, outcomes);
            });
  }

  /** The outcome an append has without being written, or null if it is to be written. */
  private AppendOutcome decide(AppendRequest request, Known known) {
    if (request.idempotency() != null) {
      StoredKey stored = known.keys().get(request.idempotency().key());
      if (stored != null) {
        return stored.fingerprint() == null
                || stored.fingerprint().equals(request.idempotency().fingerprint())
            ? new Repeated(StoreRows.readOutcome(stored.outcome()))
            : new Failed(new IdempotencyKeyReused());
      }
    }
    AppendResult repeat = repeatOf(request, known.events());
    if (repeat != null) {
      return new Repeated(repeat);
    }
    for (NewEvent event : request.events()) {
      if (known.events().containsKey(event.eventId())) {
        return new Failed(new DuplicateEventId(event.eventId()));
      }
    }
    for (StreamCondition condition : request.conditions()) {
      if (known.versions().getOrDefault(condition.streamId(), 0L) != condition.version()) {
        return new Conflicted(condition.streamId(), ExpectedVersion.exactly(condition.version()));
      }
    }
    long current = known.versions().getOrDefault(request.streamId(), 0L);
    if (request.expected() instanceof ExpectedVersion.Exactly exactly
        && exactly.version() != current) {
      return new Conflicted(request.streamId(), request.expected());
    }
    return null;
  }

  /**
   * The append as it was stored before, if every one of its events is stored, in its stream, in its
   * order, with its type and payload: a retry of an append whose answer was lost.
   */
  private AppendResult repeatOf(AppendRequest request, Map<UUID, StoredEvent> stored) {
    List<NewEvent> events = request.events();
    StoredEvent first = stored.get(events.get(0).eventId());
    if (first == null) {
      return null;
    }
    StoredEvent last = first;
    for (int i = 0; i < events.size(); i++) {
      NewEvent event = events.get(i);
      StoredEvent found = stored.get(event.eventId());
      if (found == null
          || !found.streamId().equals(request.streamId())
          || found.version() != first.version() + i
          || !found.type().equals(event.type())
          || found.schemaVersion() != event.schemaVersion()
          || !found.payload().equals(event.payloadJson())) {
        return null;
      }
      last = found;
    }
    UUID lastId = events.get(events.size() - 1).eventId();
    return new AppendResult(
        request.streamId(),
        first.version(),
        last.version(),
        last.position(),
        token(
            new ConsistencyToken(
                source, last.position(), lastId, request.streamId(), last.version()),
            request),
        true);
  }

  /**
   * After a failure that ended the transaction of a single append: looks whether its events are
   * stored anyway (the commit succeeded and its reply was lost) and answers what the store holds.
   */
  private Uni<AppendOutcome> resolve(Pending pending, Throwable failure) {
    AppendRequest request = pending.request();
    List<UUID> ids = request.events().stream().map(NewEvent::eventId).toList();
    // The lookup goes on a connection of its own; the one that failed may still be in the pool
    // for a moment, so a failed lookup is tried again before the append is reported failed.
    return storedEvents(pool, ids)
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(20))
        .atMost(3)
        .map(
            stored -> {
              AppendResult repeat = repeatOf(request, stored);
              if (repeat != null) {
                return (AppendOutcome) new Repeated(repeat);
              }
              for (UUID id : ids) {
                if (stored.containsKey(id)) {
                  return new Failed(new DuplicateEventId(id));
                }
              }
              return new Failed(failure);
            })
        .onFailure()
        .recoverWithItem(ignored -> new Failed(failure));
  }

  /** The single event of a lone append, as plain parameters. */
  private Tuple oneRow(Planned plan) {
    AppendRequest request = plan.pending().request();
    NewEvent event = request.events().get(0);
    return Tuple.tuple(
        java.util.Arrays.asList(
            request.streamId(),
            plan.fromVersion(),
            event.eventId(),
            event.type(),
            event.schemaVersion(),
            request.partitionKey(),
            request.actor(),
            OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC),
            event.payloadJson(),
            request.metadata().toJson(),
            request.published(),
            plan.fromVersion() - 1));
  }

  /** The insert's arrays, one element per event; with the expected versions for the fast path. */
  private Tuple parameters(List<Planned> planned, boolean withExpected) {
    int rows = planned.stream().mapToInt(p -> p.pending().request().events().size()).sum();
    String[] streamIds = new String[rows];
    Long[] streamVersions = new Long[rows];
    UUID[] eventIds = new UUID[rows];
    String[] types = new String[rows];
    Integer[] schemaVersions = new Integer[rows];
    UUID[] partitionKeys = new UUID[rows];
    String[] actors = new String[rows];
    OffsetDateTime[] occurredAt = new OffsetDateTime[rows];
    String[] payloads = new String[rows];
    String[] metadata = new String[rows];
    Boolean[] published = new Boolean[rows];
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
        partitionKeys[i] = request.partitionKey();
        actors[i] = request.actor();
        occurredAt[i] = now;
        payloads[i] = event.payloadJson();
        metadata[i] = metadataJson;
        published[i] = request.published();
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
                partitionKeys,
                actors,
                occurredAt,
                payloads,
                metadata,
                published));
    if (withExpected) {
      arrays.add(expected);
    }
    return Tuple.tuple(arrays);
  }

  private AppendResult result(Planned plan, Map<UUID, Long> positions) {
    List<UUID> ids = plan.eventIds();
    UUID lastEvent = ids.get(ids.size() - 1);
    long lastPosition = positions.get(lastEvent);
    String streamId = plan.pending().request().streamId();
    long lastVersion = plan.fromVersion() + ids.size() - 1;
    return new AppendResult(
        streamId,
        plan.fromVersion(),
        lastVersion,
        lastPosition,
        token(
            new ConsistencyToken(source, lastPosition, lastEvent, streamId, lastVersion),
            plan.pending().request()),
        false);
  }

  /** An unpublished append's token says so: another service has no such event to wait for. */
  private static ConsistencyToken token(ConsistencyToken event, AppendRequest request) {
    return request.published() ? event : event.unpublished();
  }

  /**
   * An append that got only some of its rows in (a writer on the fast path took one of its versions
   * after this batch read the stream) is undone, so that every append is all or nothing.
   */
  private Uni<Void> undoPartialAppends(
      SqlConnection connection,
      List<Planned> planned,
      Map<UUID, Long> positions,
      Map<Pending, AppendOutcome> outcomes) {
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
              : new Conflicted(request.streamId(), request.expected()));
    }
    return delete(connection, undo)
        .flatMap(ignored -> recordKeys(connection, written, positions, outcomes));
  }

  /** Records the idempotency key of each written append with its outcome, in its transaction. */
  private Uni<Void> recordKeys(
      SqlConnection connection,
      List<Planned> written,
      Map<UUID, Long> positions,
      Map<Pending, AppendOutcome> outcomes) {
    List<String> keys = new ArrayList<>();
    List<String> streams = new ArrayList<>();
    List<String> fingerprints = new ArrayList<>();
    List<String> results = new ArrayList<>();
    Map<String, Planned> byKey = new HashMap<>();
    for (Planned plan : written) {
      AppendRequest request = plan.pending().request();
      AppendResult result = result(plan, positions);
      outcomes.put(plan.pending(), new Appended(result, false));
      if (request.idempotency() != null) {
        keys.add(request.idempotency().key());
        streams.add(request.streamId());
        fingerprints.add(request.idempotency().fingerprint());
        results.add(StoreRows.writeOutcome(result));
        byKey.put(request.idempotency().key(), plan);
      }
    }
    if (keys.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return connection
        .preparedQuery(INSERT_KEYS)
        .execute(
            Tuple.of(
                keys.toArray(String[]::new),
                streams.toArray(String[]::new),
                fingerprints.toArray(String[]::new),
                results.toArray(String[]::new)))
        .flatMap(
            inserted -> {
              Set<String> recorded = new HashSet<>();
              inserted.forEach(row -> recorded.add(row.getString(0)));
              List<Long> undo = new ArrayList<>();
              byKey.forEach(
                  (key, plan) -> {
                    if (!recorded.contains(key)) {
                      // Another transaction stored this key first: queued again, this append will
                      // find it and be answered as its repeat (or refused as another request).
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
        .execute(Tuple.of((Object) positions.toArray(Long[]::new)))
        .replaceWithVoid();
  }

  static Throwable unwrap(Throwable failure) {
    return failure instanceof CompositeException composite && composite.getCauses().size() == 1
        ? composite.getCause()
        : failure;
  }
}
