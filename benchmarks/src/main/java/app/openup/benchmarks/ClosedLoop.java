package app.openup.benchmarks;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs writers in a closed loop: each does one operation, waits for its outcome, and does the next.
 * A blocking writer is a thread of its own ({@link #run}); an asynchronous writer is a chain of
 * operations on a Vert.x event-loop context, each started when the last one's outcome arrives
 * ({@link #runOnEventLoops}), as a Quarkus service's request handlers call the event store.
 * Operations that complete during the warm-up are not counted.
 */
final class ClosedLoop {

  /** One blocking operation, for example one append that returns once it is committed. */
  @FunctionalInterface
  interface Operation {
    void run() throws Exception;
  }

  /** One non-blocking operation; its outcome arrives on the context that started it. */
  @FunctionalInterface
  interface AsyncOperation {
    Uni<?> start();
  }

  private ClosedLoop() {}

  /**
   * @param vertx whose event loops run the writers (writer {@code i} on the {@code i}-th new
   *     context, so they spread over the event loops as requests do)
   * @param writers how many writers run at once
   * @param writer the operation of writer {@code i}, created on the writer's own context
   */
  static Measurement runOnEventLoops(
      Vertx vertx,
      int writers,
      IntFunction<AsyncOperation> writer,
      Duration warmup,
      Duration measure)
      throws InterruptedException, ExecutionException, TimeoutException {
    long measureFrom = System.nanoTime() + warmup.toNanos();
    long measureUntil = measureFrom + measure.toNanos();
    List<CompletableFuture<Latencies>> results = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      int index = i;
      CompletableFuture<Latencies> result = new CompletableFuture<>();
      results.add(result);
      Context context = vertx.getOrCreateContext();
      context.runOnContext(
          ignored -> {
            try {
              next(writer.apply(index), new Latencies(), measureFrom, measureUntil, result);
            } catch (RuntimeException e) {
              result.completeExceptionally(e);
            }
          });
    }
    Latencies all = new Latencies();
    long deadline = warmup.plus(measure).plusMinutes(1).toNanos();
    for (CompletableFuture<Latencies> result : results) {
      all.addAll(result.get(deadline, TimeUnit.NANOSECONDS));
    }
    return Measurement.of(all, measure);
  }

  /** Starts the writer's next operation, or ends the writer once the measured time is over. */
  private static void next(
      AsyncOperation operation,
      Latencies latencies,
      long measureFrom,
      long measureUntil,
      CompletableFuture<Latencies> result) {
    long began = System.nanoTime();
    if (began >= measureUntil) {
      result.complete(latencies);
      return;
    }
    operation
        .start()
        .subscribe()
        .with(
            outcome -> {
              long done = System.nanoTime();
              if (done >= measureFrom && done < measureUntil) {
                latencies.add(done - began);
              }
              next(operation, latencies, measureFrom, measureUntil, result);
            },
            result::completeExceptionally);
  }

  /**
   * @param writers how many writers run at once
   * @param writer the operation of writer {@code i}, created on the writer's own thread
   */
  static Measurement run(
      int writers, IntFunction<Operation> writer, Duration warmup, Duration measure)
      throws InterruptedException, ExecutionException {
    ExecutorService threads = Executors.newFixedThreadPool(writers);
    try {
      long measureFrom = System.nanoTime() + warmup.toNanos();
      long measureUntil = measureFrom + measure.toNanos();
      List<Future<Latencies>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        int index = i;
        results.add(threads.submit(() -> loop(writer.apply(index), measureFrom, measureUntil)));
      }
      Latencies all = new Latencies();
      for (Future<Latencies> result : results) {
        all.addAll(result.get());
      }
      return Measurement.of(all, measure);
    } finally {
      threads.shutdownNow();
    }
  }

  private static Latencies loop(Operation operation, long measureFrom, long measureUntil)
      throws Exception {
    Latencies latencies = new Latencies();
    while (true) {
      long began = System.nanoTime();
      if (began >= measureUntil) {
        return latencies;
      }
      operation.run();
      long done = System.nanoTime();
      if (done >= measureFrom && done < measureUntil) {
        latencies.add(done - began);
      }
    }
  }
}
