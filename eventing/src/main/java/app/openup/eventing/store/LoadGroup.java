package app.openup.eventing.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Grouped loads: a load that finds none running is read at once, and loads that arrive while one
 * runs are read together in the next statement ({@code unnest ... with ordinality}, an index scan
 * per stream), so that many concurrent commands cost the database one query instead of one each.
 */
final class LoadGroup {

  private static final String LOAD =
      "select "
          + StoreRows.EVENT_COLUMNS
          + " from event_store where stream_id = $1 and stream_version > $2"
          + " order by stream_version";

  private static final String LOAD_MANY =
      "select e.event_id, e.stream_id, e.stream_version, e.global_position, e.event_type,"
          + " e.schema_version, e.partition_key, e.actor, e.occurred_at, e.payload::text,"
          + " e.metadata::text, q.i from unnest($1::text[], $2::bigint[]) with ordinality"
          + " as q(s, v, i) cross join lateral (select * from event_store es"
          + " where es.stream_id = q.s and es.stream_version > q.v"
          + " order by es.stream_version) e order by q.i, e.stream_version";

  /**
   * Loads read at once. One gathers the most loads into each statement; two measured no better on
   * the benchmark's command path, and reading each load on its own about a tenth slower.
   */
  private static final int MAX_LOADS_IN_FLIGHT = 1;

  private record PendingLoad(
      String streamId, long afterVersion, Caller<List<RecordedEvent>> caller) {}

  private final Pool pool;
  private final int maxGroup;
  private final Object lock = new Object();
  private final ArrayDeque<PendingLoad> queue = new ArrayDeque<>();
  private final Drain drain = new Drain();
  private int inFlight;

  LoadGroup(Pool pool, int maxGroup) {
    this.pool = pool;
    this.maxGroup = maxGroup;
  }

  Uni<List<RecordedEvent>> load(String streamId, long afterVersion) {
    return Uni.createFrom()
        .emitter(
            emitter -> {
              synchronized (lock) {
                queue.addLast(new PendingLoad(streamId, afterVersion, new Caller<>(emitter)));
              }
              drain.run(this::send);
            });
  }

  /** Sends queued loads while a slot is free. */
  void send() {
    while (true) {
      List<PendingLoad> group = new ArrayList<>();
      synchronized (lock) {
        if (inFlight >= MAX_LOADS_IN_FLIGHT || queue.isEmpty()) {
          return;
        }
        while (!queue.isEmpty() && group.size() < maxGroup) {
          group.add(queue.removeFirst());
        }
        inFlight++;
      }
      Uni.createFrom()
          .deferred(() -> read(group))
          .subscribe()
          .with(
              histories -> {
                try {
                  for (int i = 0; i < group.size(); i++) {
                    histories.get(i).deliverTo(group.get(i).caller());
                  }
                } finally {
                  done();
                }
              },
              failure -> {
                try {
                  group.forEach(p -> p.caller().fail(failure));
                } finally {
                  done();
                }
              });
    }
  }

  private void done() {
    synchronized (lock) {
      inFlight--;
    }
    drain.run(this::send);
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
        events.add(StoreRows.recorded(row));
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
  private Uni<List<History>> read(List<PendingLoad> group) {
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
}
