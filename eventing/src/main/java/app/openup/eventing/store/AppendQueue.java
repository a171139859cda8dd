package app.openup.eventing.store;

import app.openup.eventing.store.AppendOutcome.Appended;
import app.openup.eventing.store.AppendOutcome.Conflicted;
import app.openup.eventing.store.AppendOutcome.Failed;
import app.openup.eventing.store.AppendOutcome.Repeated;
import app.openup.eventing.store.AppendOutcome.Retry;
import app.openup.eventing.store.AppendRequest.StreamCondition;
import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Group commit: while a batch is being written, new appends queue up and go together in the next
 * one, so many writers share one commit and one flush of the write-ahead log. Nothing is delayed to
 * form a batch; an append that finds the store idle is written at once. The queue is bounded, and
 * an append waits in it at most {@link StoreOptions#queueTimeout()}: under overload an append fails
 * fast, unwritten, instead of waiting without end.
 *
 * <p>By default one batch is written at a time: on the benchmark machine (see {@code
 * benchmarks/README.md}) two or more batches in flight made the batches smaller and the commits
 * more, and 16 writers appended 20 to 60% fewer events per second than with one.
 */
final class AppendQueue implements AutoCloseable {

  private static final ScheduledExecutorService SWEEPER =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "event-store-queue-sweeper");
            thread.setDaemon(true);
            return thread;
          });

  private final AppendWriter writer;
  private final StoreOptions options;
  private final java.util.function.Consumer<Boolean> onAppended;
  private final Function<String, Uni<Long>> versionOf;
  private final Object lock = new Object();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final Drain drain = new Drain();
  private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
  private int batchesInFlight;
  private ScheduledFuture<?> sweeper;

  /**
   * @param onAppended told after every batch that appended something, and whether the relay still
   *     has to be notified of it
   * @param versionOf a stream's current version, for the conflicts it reports
   */
  AppendQueue(
      AppendWriter writer,
      StoreOptions options,
      java.util.function.Consumer<Boolean> onAppended,
      Function<String, Uni<Long>> versionOf) {
    this.writer = writer;
    this.options = options;
    this.onAppended = onAppended;
    this.versionOf = versionOf;
  }

  Uni<AppendResult> append(AppendRequest request) {
    return Uni.createFrom()
        .emitter(
            emitter -> {
              Caller<AppendResult> caller = new Caller<>(emitter);
              boolean queued;
              synchronized (lock) {
                queued = queue.size() < options.maxQueued();
                if (queued) {
                  queue.addLast(
                      new Pending(
                          request,
                          caller,
                          System.nanoTime() + options.queueTimeout().toNanos(),
                          0));
                  startSweeping();
                }
              }
              if (!queued) {
                caller.fail(
                    new StoreOverloaded(
                        options.maxQueued() + " appends are already waiting; try again shortly"));
                return;
              }
              drain.run(this::send);
            });
  }

  private void requeue(Pending pending) {
    synchronized (lock) {
      queue.addFirst(pending.again());
    }
    drain.run(this::send);
  }

  /** Sends queued appends while a slot is free. */
  private void send() {
    while (true) {
      List<Pending> batch;
      List<Pending> expired = new ArrayList<>();
      synchronized (lock) {
        if (batchesInFlight >= options.maxBatchesInFlight() || queue.isEmpty()) {
          return;
        }
        batch = takeBatch(expired);
        if (!batch.isEmpty()) {
          batchesInFlight++;
        }
      }
      expired.forEach(this::refuseExpired);
      if (batch.isEmpty()) {
        continue;
      }
      // The callers hear their outcomes before the next batch is taken: those woken first queue
      // their next appends in time to join it, and fewer, larger batches commit more per second
      // (measured: freeing the slot first made batches smaller and cost a fifth of the rate).
      InFlight written = new InFlight(batch, System.nanoTime() + options.batchTimeout().toNanos());
      inFlight.add(written);
      Uni.createFrom()
          .deferred(() -> writer.write(batch))
          .subscribe()
          .with(
              outcomes -> {
                if (written.settle(inFlight)) {
                  try {
                    settle(batch, outcomes);
                  } finally {
                    batchDone();
                  }
                }
              },
              failure -> {
                if (written.settle(inFlight)) {
                  try {
                    Throwable cause = AppendWriter.unwrap(failure);
                    batch.forEach(p -> p.caller().fail(cause));
                  } finally {
                    batchDone();
                  }
                }
              });
    }
  }

  /**
   * A batch being written, and when its callers stop waiting for the database: the sweeper tells
   * them the outcome is unknown ({@link AppendTimedOut}) and frees the slot. Whichever comes first,
   * the outcome or the deadline, settles it; the other is ignored.
   */
  private record InFlight(List<Pending> batch, long deadlineNanos, AtomicBoolean settled) {
    InFlight(List<Pending> batch, long deadlineNanos) {
      this(batch, deadlineNanos, new AtomicBoolean());
    }

    boolean settle(Set<InFlight> inFlight) {
      if (!settled.compareAndSet(false, true)) {
        return false;
      }
      inFlight.remove(this);
      return true;
    }
  }

  private void batchDone() {
    synchronized (lock) {
      batchesInFlight--;
    }
    drain.run(this::send);
  }

  /**
   * Takes up to a batch of appends that cannot decide on each other: at most one per stream, none
   * writing a stream that another's condition names, one per idempotency key, each event id once.
   * Appends whose time in the queue ran out go to {@code expired} instead.
   */
  private List<Pending> takeBatch(List<Pending> expired) {
    List<Pending> batch = new ArrayList<>();
    Set<String> written = new HashSet<>();
    Set<String> conditioned = new HashSet<>();
    Set<String> keys = new HashSet<>();
    Set<UUID> ids = new HashSet<>();
    long now = System.nanoTime();
    Iterator<Pending> it = queue.iterator();
    while (it.hasNext() && batch.size() < options.maxBatchSize()) {
      Pending pending = it.next();
      if (now - pending.deadlineNanos() > 0) {
        it.remove();
        expired.add(pending);
        continue;
      }
      AppendRequest request = pending.request();
      String key = request.idempotencyKey();
      if (written.contains(request.streamId())
          || conditioned.contains(request.streamId())
          || (key != null && keys.contains(key))
          || request.conditions().stream().anyMatch(c -> written.contains(c.streamId()))
          || request.events().stream().anyMatch(e -> ids.contains(e.eventId()))) {
        continue;
      }
      written.add(request.streamId());
      request.conditions().stream().map(StreamCondition::streamId).forEach(conditioned::add);
      if (key != null) {
        keys.add(key);
      }
      request.events().forEach(e -> ids.add(e.eventId()));
      batch.add(pending);
      it.remove();
    }
    // Rows in stream order: two batches (or two instances) never lock streams in opposite orders.
    batch.sort(Comparator.comparing(p -> p.request().streamId()));
    return batch;
  }

  /** Completes or fails each append of a written batch; nothing it starts waits for the slot. */
  private void settle(List<Pending> batch, Map<Pending, AppendOutcome> outcomes) {
    if (outcomes.values().stream().anyMatch(o -> o instanceof Appended)) {
      onAppended.accept(
          outcomes.values().stream()
              .anyMatch(o -> o instanceof Appended appended && !appended.announced()));
    }
    for (Pending pending : batch) {
      AppendOutcome outcome = outcomes.get(pending);
      if (outcome instanceof Appended appended) {
        pending.caller().complete(appended.result());
      } else if (outcome instanceof Repeated repeated) {
        pending.caller().complete(repeated.result());
      } else if (outcome instanceof Conflicted conflicted) {
        conflict(pending, conflicted.streamId(), conflicted.expected());
      } else if (outcome instanceof Failed failed) {
        pending.caller().fail(failed.cause());
      } else if (outcome instanceof Retry) {
        if (pending.attempt() + 1 < AppendWriter.MAX_ATTEMPTS) {
          requeue(pending);
        } else {
          conflict(pending, pending.request().streamId(), pending.request().expected());
        }
      } else {
        pending.caller().fail(new IllegalStateException("No outcome for an append"));
      }
    }
  }

  /** The conflict carries the current version, looked up without holding the batch's slot. */
  private void conflict(Pending pending, String streamId, ExpectedVersion expected) {
    versionOf
        .apply(streamId)
        .subscribe()
        .with(
            actual -> pending.caller().fail(new ConcurrencyConflict(streamId, expected, actual)),
            pending.caller()::fail);
  }

  private void refuseExpired(Pending pending) {
    pending
        .caller()
        .fail(
            new StoreOverloaded(
                "The append waited longer than "
                    + options.queueTimeout()
                    + " for the database; nothing was written"));
  }

  /**
   * Refuses appends whose time in the queue ran out while a batch was still being written, and
   * tells the callers of a batch the database has not answered in time that its outcome is unknown.
   */
  private void sweep() {
    long now = System.nanoTime();
    for (InFlight batch : inFlight) {
      if (now - batch.deadlineNanos() > 0 && batch.settle(inFlight)) {
        AppendTimedOut timedOut = new AppendTimedOut(options.batchTimeout());
        try {
          batch.batch().forEach(p -> p.caller().fail(timedOut));
        } finally {
          batchDone();
        }
      }
    }
    List<Pending> expired = new ArrayList<>();
    synchronized (lock) {
      queue.removeIf(
          pending -> {
            if (now - pending.deadlineNanos() > 0) {
              expired.add(pending);
              return true;
            }
            return false;
          });
    }
    expired.forEach(this::refuseExpired);
  }

  private void startSweeping() {
    if (sweeper == null) {
      long every = Math.max(50, Math.min(1000, options.queueTimeout().toMillis() / 4));
      sweeper = SWEEPER.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (sweeper != null) {
        sweeper.cancel(false);
      }
    }
  }
}
